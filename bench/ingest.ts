/**
 * Crime import benchmark: police.uk street-level CSV → SQLite store, end to end (parse, validate,
 * project to BNG, assign LSOA and ward, insert, update the cube), against DuckDB's read_csv on the
 * same files.
 *
 *   npm run bench:ingest -- [--rows 1000000] [--seed 42] [--out bench/out] [--regen]
 *
 * Phases (each can be run alone with --phase, e.g. to profile one):
 *   gen     write the synthetic monthly files (reused when rows, seed and generator match)
 *   setup   build a template store: force west-midlands + bundled LSOA and ward boundaries
 *   ours    copy the template store, import every file with importCrimeFiles and close the store
 *           (its WAL checkpointed into the database file), time both
 *   read    the import's read side alone (bench/lib/read-alone.ts), its writer faked: not part of all
 *   duckdb  CREATE TABLE … AS SELECT * FROM read_csv([...]) into a fresh DuckDB file
 *   all     (default) gen in this process, then setup, ours and duckdb each in its own child
 *           process, so each peak RSS (VmHWM) is its own; then the summary.
 */
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { sql } from 'kysely';
import type * as OpenModule from '../src/core/store/open.ts';
import { openStore } from '../src/core/store/open.ts';
import type * as ImportModule from '../src/crime/import.ts';
import { addCounts, type ImportCounts, zeroCounts } from '../src/crime/import.ts';
import { ensureForce, importBoundaryFile } from '../src/force/index.ts';
import { MB, PeakRss, vmHwmBytes } from './lib/memory.ts';
import { type GeneratedFile, loadLsoas, MapPoints, writePoliceUkFiles } from './lib/police-uk.ts';
import { Rng } from './lib/rng.ts';

const FORCE_SLUG = 'west-midlands';
const FORCE_NAME = 'West Midlands Police';
const FROM = '2020-01';
const TO = '2022-12';
/** Bump when the generator's output for a given seed changes, so old files are not reused. */
const GENERATOR_VERSION = 1;
const TARGET_ROWS_PER_S = 300_000;
const TARGET_RSS_BYTES = 1_000_000_000;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BOUNDARIES = join(ROOT, 'data/boundaries/west-midlands');

type Phase = 'all' | 'gen' | 'setup' | 'ours' | 'read' | 'duckdb';
const PHASES: readonly Phase[] = ['all', 'gen', 'setup', 'ours', 'read', 'duckdb'];

interface Args {
  rows: number;
  seed: number;
  out: string;
  phase: Phase;
  regen: boolean;
  /** The importer to time: the TypeScript sources under tsx, or the tsc build (built first). */
  code: 'src' | 'dist';
  /** Internal (--phase all → ours): the parent has just built the template store. */
  setupDone: boolean;
}

interface Paths {
  out: string;
  csvDir: string;
  manifest: string;
  setupDb: string;
  ingestDb: string;
  rejectsDir: string;
  duckDb: string;
}

interface Manifest {
  generator: number;
  rows: number;
  seed: number;
  from: string;
  to: string;
  mapPoints: number;
  files: GeneratedFile[];
}

interface GenResult {
  reused: boolean;
  seconds: number;
  manifest: Manifest;
}

interface SetupResult {
  phase: 'setup';
  seconds: number;
  lsoas: number;
  wards: number;
}

interface OursResult {
  phase: 'ours';
  files: number;
  bytes: number;
  seconds: number;
  /** CPU time of the import (user + system), which other load on the machine does not inflate. */
  cpuSeconds: number;
  counts: ImportCounts;
  failedFiles: number;
  sampledPeakBytes: number;
  samples: number;
  vmHwmBytes: number | null;
  rssBeforeBytes: number;
  lsoaAgreement: number;
}

interface DuckResult {
  phase: 'duckdb';
  seconds: number;
  /** The same load with DuckDB limited to one thread (our import uses one). */
  oneThreadSeconds: number;
  rows: number;
  threads: string;
  vmHwmBytes: number | null;
}

type ChildResult = SetupResult | OursResult | DuckResult;

// ---------------------------------------------------------------------------------------------

function parseCli(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '42' },
      out: { type: 'string' },
      phase: { type: 'string', default: 'all' },
      regen: { type: 'boolean', default: false },
      code: { type: 'string', default: 'src' },
      'setup-done': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      'usage: npm run bench:ingest -- [--rows N] [--seed S] [--out DIR] [--phase all|gen|setup|ours|read|duckdb] [--regen] [--code src|dist]',
    );
    process.exit(0);
  }
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  if (!Number.isInteger(rows) || rows < 1) fail(`--rows must be a positive integer, got ${values.rows}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    fail(`--seed must be an integer in 0..4294967295, got ${values.seed}`);
  const phase = values.phase as Phase;
  if (!PHASES.includes(phase)) fail(`--phase must be one of ${PHASES.join(', ')}, got ${values.phase}`);
  const out = values.out === undefined ? join(ROOT, 'bench/out') : resolve(values.out);
  if (values.code !== 'src' && values.code !== 'dist') fail(`--code must be src or dist, got ${values.code}`);
  return { rows, seed, out, phase, regen: values.regen, code: values.code, setupDone: values['setup-done'] };
}

function fail(message: string): never {
  console.error(`bench:ingest: ${message}`);
  process.exit(2);
}

function pathsFor(out: string): Paths {
  const ingestDb = join(out, 'ingest.db');
  return {
    out,
    csvDir: join(out, 'csv'),
    manifest: join(out, 'csv', 'manifest.json'),
    setupDb: join(out, 'setup.db'),
    ingestDb,
    rejectsDir: `${ingestDb}.rejects`,
    duckDb: join(out, 'duckdb.db'),
  };
}

const int = (n: number) => Math.round(n).toLocaleString('en-GB');
const secs = (s: number) => `${s.toFixed(2)} s`;
const mb = (b: number | null) => (b === null ? 'n/a' : `${int(b / MB)} MB`);
const rel = (p: string) => relative(process.cwd(), p) || '.';

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '.wal']) rmSync(`${path}${suffix}`, { force: true });
}

function boundaryFiles(level: 'lsoa' | 'ward'): string[] {
  const dir = join(BOUNDARIES, level);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.gz'))
    .sort()
    .map((f) => join(dir, f));
}

// ---------------------------------------------------------------------------------------------
// gen

function readManifest(p: Paths): Manifest | null {
  try {
    return JSON.parse(readFileSync(p.manifest, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

function manifestMatches(m: Manifest | null, args: Args): m is Manifest {
  if (!m || m.generator !== GENERATOR_VERSION || m.rows !== args.rows || m.seed !== args.seed) return false;
  if (m.from !== FROM || m.to !== TO) return false;
  return m.files.every((f) => existsSync(f.path) && statSync(f.path).size === f.bytes);
}

async function generate(args: Args, p: Paths): Promise<GenResult> {
  const old = readManifest(p);
  if (!args.regen && manifestMatches(old, args)) return { reused: true, seconds: 0, manifest: old };
  const t0 = performance.now();
  rmSync(p.csvDir, { recursive: true, force: true });
  const rng = new Rng(args.seed);
  const lsoas = await loadLsoas(boundaryFiles('lsoa'));
  const points = new MapPoints(lsoas, rng);
  const files = writePoliceUkFiles(rng, points, {
    rows: args.rows,
    outDir: p.csvDir,
    forceName: FORCE_NAME,
    forceSlug: FORCE_SLUG,
    from: FROM,
    to: TO,
  });
  const manifest: Manifest = {
    generator: GENERATOR_VERSION,
    rows: args.rows,
    seed: args.seed,
    from: FROM,
    to: TO,
    mapPoints: points.count,
    files,
  };
  writeFileSync(p.manifest, `${JSON.stringify(manifest, null, 1)}\n`);
  return { reused: false, seconds: (performance.now() - t0) / 1000, manifest };
}

function describeGen(g: GenResult): string {
  const m = g.manifest;
  const bytes = m.files.reduce((s, f) => s + f.bytes, 0);
  const what = `${m.files.length} monthly files ${m.from}..${m.to}, ${int(m.rows)} rows, ${mb(bytes)}, ${int(m.mapPoints)} map points, seed ${m.seed}`;
  return g.reused ? `generate: reused ${what}` : `generate: ${what} in ${secs(g.seconds)}`;
}

// ---------------------------------------------------------------------------------------------
// setup

async function setup(p: Paths): Promise<SetupResult> {
  const t0 = performance.now();
  removeDb(p.setupDb);
  const store = await openStore({ db: p.setupDb });
  let lsoas = 0;
  let wards = 0;
  try {
    const force = await ensureForce(store.db, FORCE_SLUG, FORCE_NAME);
    for (const f of boundaryFiles('lsoa'))
      lsoas += (await importBoundaryFile(store, force.id, 'lsoa', f)).features;
    for (const f of boundaryFiles('ward'))
      wards += (await importBoundaryFile(store, force.id, 'ward', f)).features;
  } finally {
    await store.close(); // checkpoints the WAL, so the .db file alone is the template
  }
  return { phase: 'setup', seconds: (performance.now() - t0) / 1000, lsoas, wards };
}

// ---------------------------------------------------------------------------------------------
// ours

async function ours(m: Manifest, p: Paths, args: Args): Promise<OursResult> {
  removeDb(p.ingestDb);
  rmSync(p.rejectsDir, { recursive: true, force: true });
  copyFileSync(p.setupDb, p.ingestDb);
  // The code under test: the TypeScript sources (run through tsx, as `npx beatwise` does) or the
  // tsc build in dist/ (as `npm start` runs it).
  const code = args.code === 'dist' ? '../dist' : '../src';
  const ext = args.code === 'dist' ? 'js' : 'ts';
  const { importCrimeFiles } = (await import(`${code}/crime/import.${ext}`)) as typeof ImportModule;
  const { openStore } = (await import(`${code}/core/store/open.${ext}`)) as typeof OpenModule;
  const store = await openStore({ db: p.ingestDb });
  const files = m.files.map((f) => f.path);
  const bytes = m.files.reduce((s, f) => s + f.bytes, 0);
  console.log(
    `ours: importing ${files.length} files (${int(m.rows)} rows, ${mb(bytes)}) into ${rel(p.ingestDb)} with the ${args.code === 'dist' ? 'tsc build (dist/)' : 'TypeScript sources (tsx)'}`,
  );
  const rssBefore = process.memoryUsage.rss();
  const sampler = new PeakRss(50).start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let firstStored = 0; // when the first batch of rows was stored: the import's start-up
  const results = await importCrimeFiles(store, files, {
    force: FORCE_SLUG,
    rejectsDir: p.rejectsDir,
    onProgress: () => {
      if (firstStored === 0) firstStored = performance.now();
    },
  });
  const imported = performance.now();
  // Timed too: closing checkpoints what is still in the WAL, so the rows are in the database file.
  await store.close();
  const seconds = (performance.now() - t0) / 1000;
  const closeSeconds = (performance.now() - imported) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sampled = sampler.stop();
  const hwm = vmHwmBytes();

  const counts = zeroCounts();
  let failedFiles = 0;
  for (const r of results) {
    addCounts(counts, r.counts);
    if (r.error) {
      failedFiles++;
      console.log(`  file failed: ${rel(r.file)}: ${r.error.code}: ${r.error.message}`);
    }
  }
  // Not timed: does the importer's LSOA agree with the LSOA code the file gives?
  const check = await openStore({ db: p.ingestDb });
  const agree = await sql<{ agree: number; located: number }>`
    SELECT sum(CASE WHEN a.code = l.text THEN 1 ELSE 0 END) AS agree, count(*) AS located
    FROM crimes c JOIN labels l ON l.id = c.lsoa_given LEFT JOIN areas a ON a.id = c.lsoa_id
    WHERE l.text <> ''`.execute(check.db);
  const row = agree.rows[0];
  await check.close();

  const rate = counts.rows / seconds;
  console.log(
    `  rows ${int(counts.rows)}  loaded ${int(counts.loaded)}  duplicates ${int(counts.duplicates)}  ` +
      `rejected ${int(counts.rejected)}  unlocated ${int(counts.unlocated)}  outside ${int(counts.outside)}`,
  );
  console.log(
    `  time ${secs(seconds)} = ${int(rate)} rows/s (${(bytes / MB / seconds).toFixed(1)} MB/s of CSV); ` +
      `CPU user ${secs(cpu.user / 1e6)} + system ${secs(cpu.system / 1e6)}`,
  );
  console.log(
    `  peak RSS: sampled ${mb(sampled.peakBytes)} (${int(sampled.samples)} samples, every 50 ms), ` +
      `VmHWM ${mb(hwm)} (authoritative); RSS before import ${mb(rssBefore)}`,
  );
  const lsoaAgreement = row && row.located > 0 ? row.agree / row.located : 0;
  console.log(
    `  check: assigned LSOA = file's LSOA code for ${(100 * lsoaAgreement).toFixed(2)}% of located rows ` +
      `(the rest are map points scattered around their LSOA); of the time, closing the store (WAL checkpoint) took ${secs(closeSeconds)}`,
  );
  console.log(`  start-up: the first rows were stored ${secs((firstStored - t0) / 1000)} after the start`);
  return {
    phase: 'ours',
    files: files.length,
    bytes,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    counts,
    failedFiles,
    sampledPeakBytes: sampled.peakBytes,
    samples: sampled.samples,
    vmHwmBytes: hwm,
    rssBeforeBytes: rssBefore,
    lsoaAgreement,
  };
}

function targetLine(r: OursResult): string {
  const rate = r.counts.rows / r.seconds;
  const peak = r.vmHwmBytes ?? r.sampledPeakBytes;
  const met = rate >= TARGET_ROWS_PER_S && peak < TARGET_RSS_BYTES && r.failedFiles === 0;
  return `target: ≥300,000 rows/s, peak RSS < 1 GB: ${met ? 'MET' : 'NOT MET'}`;
}

// ---------------------------------------------------------------------------------------------
// duckdb

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function duck(m: Manifest, p: Paths): Promise<DuckResult> {
  removeDb(p.duckDb);
  const instance = await DuckDBInstance.create(p.duckDb);
  const conn = await instance.connect();
  const threads = String((await conn.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0]);
  const list = m.files.map((f) => sqlString(f.path)).join(', ');
  console.log(`duckdb: read_csv of ${m.files.length} files into ${rel(p.duckDb)} (${threads} threads)`);
  const t0 = performance.now();
  await conn.run(`CREATE TABLE crimes AS SELECT * FROM read_csv([${list}], header = true)`);
  const seconds = (performance.now() - t0) / 1000;
  const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM crimes')).getRows()[0][0]);
  const hwm = vmHwmBytes();
  console.log(`  rows ${int(rows)}  time ${secs(seconds)} = ${int(rows / seconds)} rows/s  VmHWM ${mb(hwm)}`);
  // Our importer runs on one thread: the same load on one DuckDB thread is the like-for-like figure.
  await conn.run('SET threads = 1');
  const t1 = performance.now();
  await conn.run(`CREATE TABLE crimes_1t AS SELECT * FROM read_csv([${list}], header = true)`);
  const oneThreadSeconds = (performance.now() - t1) / 1000;
  console.log(`  same on 1 thread: ${secs(oneThreadSeconds)} = ${int(rows / oneThreadSeconds)} rows/s`);
  conn.closeSync();
  instance.closeSync();
  return { phase: 'duckdb', seconds, oneThreadSeconds, rows, threads, vmHwmBytes: hwm };
}

// ---------------------------------------------------------------------------------------------
// processes

/** Node flags for a child phase: ours, without --cpu-prof* (profile a phase by running it directly). */
function childExecArgv(): string[] {
  const out: string[] = [];
  const a = process.execArgv;
  for (let i = 0; i < a.length; i++) {
    if (!a[i].startsWith('--cpu-prof')) out.push(a[i]);
    else if (/^--cpu-prof-(dir|name|interval)$/.test(a[i])) i++; // skip its value too
  }
  return out;
}

/** Runs this script again with `--phase <phase>` in a child process and waits for its result. */
function runChild<T extends ChildResult>(phase: T['phase'], args: Args, extra: string[] = []): Promise<T> {
  const argv = [
    '--phase',
    phase,
    '--rows',
    String(args.rows),
    '--seed',
    String(args.seed),
    '--out',
    args.out,
    '--code',
    args.code,
  ];
  argv.push(...extra);
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = fork(fileURLToPath(import.meta.url), argv, {
      execArgv: childExecArgv(),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: T | null = null;
    child.on('message', (msg: unknown) => {
      if (typeof msg === 'object' && msg !== null && (msg as ChildResult).phase === phase) result = msg as T;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result) resolvePromise(result);
      else reject(new Error(`phase ${phase} exited with ${signal ?? code} and no result`));
    });
  });
}

/** Compiles the sources to dist/ (tsc, as `npm run build` does before the web app). */
function buildDist(): void {
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) fail('tsc -p tsconfig.build.json failed');
  console.log(`build: tsc -p tsconfig.build.json in ${secs((performance.now() - t0) / 1000)} (not counted)`);
}

/** Sends a phase's result to the parent process, when there is one. */
function report(r: ChildResult): void {
  if (process.send) process.send(r);
}

async function needManifest(args: Args, p: Paths): Promise<Manifest> {
  const g = await generate(args, p);
  if (!g.reused) console.log(describeGen(g));
  return g.manifest;
}

async function main(): Promise<void> {
  const args = parseCli(process.argv.slice(2));
  const p = pathsFor(args.out);
  switch (args.phase) {
    case 'gen': {
      console.log(describeGen(await generate(args, p)));
      return;
    }
    case 'setup': {
      const r = await setup(p);
      console.log(
        `setup: force ${FORCE_SLUG}, ${int(r.lsoas)} LSOAs, ${int(r.wards)} wards in ${secs(r.seconds)}`,
      );
      report(r);
      return;
    }
    case 'ours': {
      const m = await needManifest(args, p);
      // Always a fresh template (a child process, so its memory is not ours): an old one may predate
      // a schema change.
      if (!args.setupDone) await runChild<SetupResult>('setup', args);
      if (args.code === 'dist' && !args.setupDone) buildDist();
      const r = await ours(m, p, args);
      console.log(`  ${targetLine(r)}`);
      report(r);
      return;
    }
    case 'read': {
      const m = await needManifest(args, p);
      if (!args.setupDone) await runChild<SetupResult>('setup', args);
      const { readAlone } = await import('./lib/read-alone.ts');
      const r = await readAlone(
        m.files.map((f) => f.path),
        p.setupDb,
        FORCE_SLUG,
        p.rejectsDir,
      );
      console.log(
        `read side alone (sources under tsx, no store): ${int(r.rows)} rows in ${secs(r.seconds)} = ` +
          `${int(r.rows / r.seconds)} rows/s, CPU ${secs(r.cpuSeconds)}`,
      );
      return;
    }
    case 'duckdb': {
      report(await duck(await needManifest(args, p), p));
      return;
    }
    case 'all': {
      const g = await generate(args, p);
      console.log(describeGen(g));
      const s = await runChild<SetupResult>('setup', args);
      if (args.code === 'dist') buildDist();
      const o = await runChild<OursResult>('ours', args, ['--setup-done']);
      const d = await runChild<DuckResult>('duckdb', args);
      const rate = o.counts.rows / o.seconds;
      const peak = o.vmHwmBytes ?? o.sampledPeakBytes;
      console.log('');
      console.log(`== bench:ingest (rows ${int(args.rows)}, seed ${args.seed}, node ${process.version}) ==`);
      console.log(describeGen(g));
      console.log(
        `setup (not counted): force + ${int(s.lsoas)} LSOAs + ${int(s.wards)} wards in ${secs(s.seconds)}`,
      );
      console.log(
        `counts: rows ${int(o.counts.rows)}, loaded ${int(o.counts.loaded)}, duplicates ${int(o.counts.duplicates)}, ` +
          `rejected ${int(o.counts.rejected)}, unlocated ${int(o.counts.unlocated)}, outside ${int(o.counts.outside)}` +
          (o.failedFiles ? `, FAILED FILES ${o.failedFiles}` : ''),
      );
      console.log(
        `CPU (ours): ${secs(o.cpuSeconds)} for ${secs(o.seconds)} wall; peak RSS (ours): VmHWM ${mb(o.vmHwmBytes)}, sampled ${mb(o.sampledPeakBytes)}; duckdb VmHWM ${mb(d.vmHwmBytes)}`,
      );
      if (d.rows !== o.counts.rows)
        console.log(`WARNING: duckdb read ${int(d.rows)} rows, ours ${int(o.counts.rows)}`);
      console.log(
        `ingest: ${int(o.counts.rows)} rows in ${secs(o.seconds)} = ${int(rate)} rows/s, peak RSS ${mb(peak)} | ` +
          `duckdb read_csv: ${secs(d.seconds)} (${d.threads} threads) | ratio ${(o.seconds / d.seconds).toFixed(1)}×`,
      );
      console.log(
        `duckdb read_csv on 1 thread: ${secs(d.oneThreadSeconds)} | ratio ${(o.seconds / d.oneThreadSeconds).toFixed(1)}×`,
      );
      console.log(targetLine(o));
      return;
    }
  }
}

await main();
