/**
 * Harm engine benchmark.
 *
 *   npm run bench:harm -- [--rows 3000000] [--seed 7] [--out bench/out/harm]
 *
 * 1. Generates `rows` police.uk-format crimes over 10 years (2013-01..2022-12) across the bundled
 *    West Midlands LSOAs from a seeded RNG (bench/lib/police-uk.ts), and imports them into a fresh
 *    store holding the West Midlands force (NPUs, ward teams, Impact Areas). Setup, not timed here.
 * 2. (a) cube build: `rebuildForceCube` from the stored crimes, timed.
 *    (b) rolling 12-month harm, % change and status for every area at every level and every month,
 *        from the cube: reading the series (SQL) and the computation on typed arrays are timed apart;
 *        the target (< 100 ms) is for the computation.
 *    (c) the same rolling sums as one SQL window query, on the SQLite store and on DuckDB (the cube
 *        copied into it), each timed; printed as ratios to ours.
 * Peak RSS (VmHWM) at the end.
 */
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { sql } from 'kysely';
import { dataDir } from '../src/core/data-dir.ts';
import { SqliteStore } from '../src/core/store/sqlite.ts';
import { importCrimeFiles, rebuildForceCube } from '../src/crime/index.ts';
import { loadForce, readForceSpec } from '../src/force/index.ts';
import { loadSeries } from '../src/harm/series.ts';
import { PAPER_RULE } from '../src/harm/status.ts';
import { computeRolling } from '../src/harm/table.ts';
import { MB, vmHwmBytes } from './lib/memory.ts';
import { loadLsoas, MapPoints, writePoliceUkFiles } from './lib/police-uk.ts';
import { Rng } from './lib/rng.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '3000000' },
    seed: { type: 'string', default: '7' },
    out: { type: 'string', default: join(ROOT, 'bench', 'out', 'harm') },
  },
});
const rows = Number(values.rows);
const out = values.out as string;
const LEVELS = ['lsoa', 'msoa', 'ward', 'district', 'team', 'unit', 'impact-area', 'force'];
const fmt = (n: number) => n.toLocaleString('en-GB');
const ms = (t: number) => `${t.toFixed(1)} ms`;

async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const data = dataDir();
const lsoaFiles = ['25', '26', '27', '28', '29', '30', '31'].map((d) =>
  join(data, 'boundaries', 'west-midlands', 'lsoa', `lsoa_2011_E080000${d}.geojson.gz`),
);
const rng = new Rng(Number(values.seed));
const points = new MapPoints(await loadLsoas(lsoaFiles), rng);
const [files, genMs] = await time(() =>
  writePoliceUkFiles(rng, points, {
    rows,
    outDir: join(out, 'csv'),
    forceName: 'West Midlands Police',
    forceSlug: 'west-midlands',
    from: '2013-01',
    to: '2022-12',
  }),
);
console.log(`generated ${fmt(rows)} rows in ${files.length} monthly files (${(genMs / 1000).toFixed(1)} s)`);

const store = await SqliteStore.open(join(out, 'harm.db'));
const forceFile = join(data, 'forces', 'west-midlands.json');
await loadForce(store, readForceSpec(forceFile), forceFile);
const [, importMs] = await time(() =>
  importCrimeFiles(
    store,
    files.map((f) => f.path),
    { force: 'west-midlands', rejectsDir: join(out, 'rejects') },
  ),
);
console.log(
  `imported in ${(importMs / 1000).toFixed(1)} s (${fmt(Math.round(rows / (importMs / 1000)))} rows/s, cube kept incrementally)`,
);
const force = await store.db
  .selectFrom('forces')
  .select('id')
  .where('slug', '=', 'west-midlands')
  .executeTakeFirstOrThrow();

// (a) cube build from scratch
const [, cubeMs] = await time(() => rebuildForceCube(store, force.id));
const cells = await store.db
  .selectFrom('cube')
  .select(sql<number>`count(*)`.as('n'))
  .executeTakeFirstOrThrow();

// (b) rolling harm + status for every area at every level and month
const categories = Array.from({ length: 14 }, (_, i) => i).filter((i) => i !== 0);
let readMs = 0;
const series = [];
for (const level of LEVELS) {
  const [s, t] = await time(() => loadSeries(store.db, { forceId: force.id, level, categories }));
  readMs += t;
  if (s) series.push(s);
}
const areaMonths = series.reduce((n, s) => n + s.areas.length * s.months, 0);
const runs: number[] = [];
let checksum = 0;
for (let k = 0; k < 7; k++) {
  const t0 = performance.now();
  for (const s of series) {
    const r = computeRolling(s, 12, PAPER_RULE);
    checksum += r.status[r.status.length - 1];
  }
  runs.push(performance.now() - t0);
}
runs.sort((a, b) => a - b);
const computeMs = runs[Math.floor(runs.length / 2)];

// (c) one SQL window query: rolling 12-month harm per area over the cube (RANGE copes with gaps)
const windowSql = `
  WITH m AS (
    SELECT level, area_id, month, SUM(harm_milli) AS h FROM cube
    WHERE force_id = ${force.id} AND category <> 0 GROUP BY level, area_id, month
  )
  SELECT level, area_id, month,
    SUM(h) OVER (PARTITION BY level, area_id ORDER BY month RANGE BETWEEN 11 PRECEDING AND CURRENT ROW) AS rolling
  FROM m`;
const [sqliteRows, sqliteMs] = await time(() => store.raw.prepare(windowSql).all());
const cubeCsv = join(out, 'cube.csv');
{
  const fd = openSync(cubeCsv, 'w');
  writeSync(fd, 'force_id,level,area_id,month,category,count,harm_milli,unweighted\n');
  let buf = '';
  for (const c of store.raw.prepare('SELECT * FROM cube').iterate() as Iterable<Record<string, unknown>>) {
    buf += `${c.force_id},${c.level},${c.area_id},${c.month},${c.category},${c.count},${c.harm_milli},${c.unweighted}\n`;
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
}
await store.close();

const duck = await DuckDBInstance.create(join(out, 'harm.duckdb'));
const conn = await duck.connect();
let duckMs = Number.NaN;
let duckRows = 0;
try {
  // The same cube, handed to DuckDB as CSV (its sqlite extension would need a download).
  await conn.run(`CREATE TABLE cube AS SELECT * FROM read_csv('${cubeCsv}', header = true)`);
  const [reader, t] = await time(() => conn.runAndReadAll(windowSql));
  duckMs = t;
  duckRows = reader.currentRowCount;
} catch (e) {
  console.log(`duckdb peer skipped: ${(e as Error).message.split('\n')[0]}`);
}

const hwm = vmHwmBytes();
console.log('');
console.log(
  `harm bench: ${fmt(rows)} crimes over 10 years, West Midlands structure (${series.length} levels)`,
);
console.log(
  `(a) cube build from crimes:           ${(cubeMs / 1000).toFixed(2)} s → ${fmt(Number(cells.n))} cells`,
);
console.log(
  `(b) rolling 12m harm + % + status:    ${ms(computeMs)} median of 7 for ${fmt(areaMonths)} area-months ` +
    `(${series.map((s) => `${s.level} ${s.areas.length}`).join(', ')}); target < 100 ms: ${computeMs < 100 ? 'MET' : 'NOT MET'}`,
);
console.log(`    reading the series from the cube: ${ms(readMs)}`);
console.log(
  `(c) SQL window query, SQLite:          ${ms(sqliteMs)} (${fmt(sqliteRows.length)} rows) → ours is ${(sqliteMs / computeMs).toFixed(1)}× faster`,
);
console.log(
  Number.isNaN(duckMs)
    ? '    DuckDB: not run'
    : `    SQL window query, DuckDB:          ${ms(duckMs)} (${fmt(duckRows)} rows) → ours is ${(duckMs / computeMs).toFixed(1)}× faster`,
);
console.log(
  `peak RSS (VmHWM): ${hwm === null ? 'n/a' : `${Math.round(hwm / MB)} MB`}   [checksum ${checksum}]`,
);
