/**
 * PostgreSQL ingest benchmark: the 1,000,000-row police.uk input of bench/ingest.ts (same generator,
 * seed and months) imported into a PostgreSQL store end to end (parse, validate, place, COPY into the
 * staging table, set-based insert, cube, month blocks), against `psql \copy` of the same CSV files
 * into a bare table of text columns: the limit of loading those bytes into this server at all.
 *
 *   npm run bench:pg -- [--rows N] [--seed S] [--url postgres://…]
 *
 * Without --url a throw-away database is made on BEATWISE_TEST_PG (default the local server) and
 * dropped after. Prints its figures against the target (≥ 150,000 rows/s).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PostgresStore } from '../src/core/store/postgres.ts';
import { addCounts, importCrimeFiles, zeroCounts } from '../src/crime/import.ts';
import { ensureForce, importBoundaryFile } from '../src/force/index.ts';
import { throwAwayDatabase } from '../test/support/pg.ts';
import { MB, PeakRss } from './lib/memory.ts';
import { type GeneratedFile, loadLsoas, MapPoints, writePoliceUkFiles } from './lib/police-uk.ts';
import { Rng } from './lib/rng.ts';

const TARGET_ROWS_PER_S = 150_000;
const FORCE_SLUG = 'west-midlands';
const FORCE_NAME = 'West Midlands Police';
const FROM = '2020-01';
const TO = '2022-12';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BOUNDARIES = join(ROOT, 'data/boundaries/west-midlands');

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    url: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/out-pg') },
  },
});
const rows = Number(values.rows);
const seed = Number(values.seed);
const out = values.out as string;
const int = (n: number) => Math.round(n).toLocaleString('en-GB');
const secs = (s: number) => `${s.toFixed(2)} s`;

function boundaryFiles(level: 'lsoa' | 'ward'): string[] {
  const dir = join(BOUNDARIES, level);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.gz'))
    .sort()
    .map((f) => join(dir, f));
}

/** The input files: made once per rows and seed (as bench/ingest.ts makes them), then reused. */
async function input(): Promise<GeneratedFile[]> {
  const manifest = join(out, 'csv', 'manifest.json');
  if (existsSync(manifest)) {
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as {
      rows: number;
      seed: number;
      files: GeneratedFile[];
    };
    if (
      m.rows === rows &&
      m.seed === seed &&
      m.files.every((f) => existsSync(f.path) && statSync(f.path).size === f.bytes)
    ) {
      console.log(`input: reused ${m.files.length} files, ${int(rows)} rows`);
      return m.files;
    }
  }
  const t0 = performance.now();
  rmSync(join(out, 'csv'), { recursive: true, force: true });
  mkdirSync(join(out, 'csv'), { recursive: true });
  const rng = new Rng(seed);
  const points = new MapPoints(await loadLsoas(boundaryFiles('lsoa')), rng);
  const files = writePoliceUkFiles(rng, points, {
    rows,
    outDir: join(out, 'csv'),
    forceName: FORCE_NAME,
    forceSlug: FORCE_SLUG,
    from: FROM,
    to: TO,
  });
  writeFileSync(manifest, JSON.stringify({ rows, seed, files }));
  console.log(
    `input: generated ${files.length} files, ${int(rows)} rows in ${secs((performance.now() - t0) / 1000)}`,
  );
  return files;
}

function psql(url: string, command: string): { ok: boolean; text: string } {
  const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', command], { encoding: 'utf8' });
  return { ok: r.status === 0, text: `${r.stdout}${r.stderr}`.trim() };
}

const files = await input();
const bytes = files.reduce((s, f) => s + f.bytes, 0);
const made = values.url ? null : await throwAwayDatabase('bench');
const url = values.url ?? (made?.url as string);
try {
  // Setup (not timed): the force and its LSOA and ward boundaries.
  let store = await PostgresStore.open(url);
  const force = await ensureForce(store.db, FORCE_SLUG, FORCE_NAME);
  for (const f of boundaryFiles('lsoa')) await importBoundaryFile(store, force.id, 'lsoa', f);
  for (const f of boundaryFiles('ward')) await importBoundaryFile(store, force.id, 'ward', f);
  await store.close();

  // Ours: open, import every file, close.
  const peak = new PeakRss(50).start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  store = await PostgresStore.open(url);
  const results = await importCrimeFiles(
    store,
    files.map((f) => f.path),
    {
      force: FORCE_SLUG,
      rejectsDir: join(out, 'rejects'),
    },
  );
  await store.close();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const counts = zeroCounts();
  for (const r of results) addCounts(counts, r.counts);
  const rate = counts.rows / seconds;
  console.log(
    `ours:  ${int(counts.rows)} rows (${int(counts.loaded)} loaded, ${int(counts.duplicates)} duplicates, ` +
      `${int(counts.rejected)} rejected, ${int(counts.unlocated)} unlocated, ${int(counts.outside)} outside) ` +
      `from ${int(bytes / MB)} MB in ${secs(seconds)}: ${int(rate)} rows/s; this process's CPU ` +
      `${secs((cpu.user + cpu.system) / 1e6)}; peak RSS ${int(peak.stop().peakBytes / MB)} MB`,
  );

  // Peer: psql \copy of the same files into a bare table of text columns.
  const cols =
    'crime_id text, month text, reported_by text, falls_within text, longitude text, latitude text, location text, lsoa_code text, lsoa_name text, crime_type text, outcome text, context text';
  const made2 = psql(url, `CREATE UNLOGGED TABLE IF NOT EXISTS bare (${cols}); TRUNCATE bare`);
  if (!made2.ok) throw new Error(made2.text);
  const p0 = performance.now();
  for (const f of files) {
    const r = psql(url, `\\copy bare FROM '${f.path}' WITH (FORMAT csv, HEADER true)`);
    if (!r.ok) throw new Error(`psql \\copy ${f.path}: ${r.text}`);
  }
  const peerSeconds = (performance.now() - p0) / 1000;
  const bare = Number(psql(url, 'SELECT count(*) FROM bare').text);
  console.log(
    `peer:  psql \\copy of the same ${files.length} files into an unlogged bare table: ${int(bare)} rows in ` +
      `${secs(peerSeconds)}: ${int(bare / peerSeconds)} rows/s`,
  );
  const met = rate >= TARGET_ROWS_PER_S && counts.rows === rows;
  console.log(
    `target: ≥ ${int(TARGET_ROWS_PER_S)} rows/s end to end: ${met ? 'MET' : 'NOT MET'} (${int(rate)} rows/s, ` +
      `${((rate / (bare / peerSeconds)) * 100).toFixed(0)}% of psql \\copy)`,
  );
} finally {
  await made?.drop();
}
