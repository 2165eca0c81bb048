/**
 * Ingest benchmark on real police.uk files: the 29 bundled Leicestershire months
 * (data/samples/leicestershire/crimes, 2019-12..2022-04, one gzipped street-level file a month,
 * ~242,000 rows), imported into a fresh store holding the Leicestershire structure and boundaries.
 * Many small files, unlike bench:ingest's one million generated rows: the per-file costs (a
 * transaction, the reader's start-up, the month blocks written when the import ends) show here.
 *
 *   npm run bench:ingest-real -- [--out bench/out/ingest-real] [--runs 1]
 *
 * The setup (force, boundaries) is not timed and runs in the parent; each timed import runs in its
 * own child process, so its peak RSS (VmHWM) holds the import only.
 */
import { fork } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dataDir } from '../src/core/data-dir.ts';
import { SqliteStore } from '../src/core/store/sqlite.ts';
import { expandCrimeFiles, importCrimeFiles } from '../src/crime/import.ts';
import { loadForce, readForceSpec } from '../src/force/index.ts';
import { MB, PeakRss, vmHwmBytes } from './lib/memory.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(ROOT, 'bench', 'out', 'ingest-real') },
    runs: { type: 'string', default: '1' },
    child: { type: 'boolean', default: false },
  },
});
const out = values.out as string;
const crimesDir = join(dataDir(), 'samples', 'leicestershire', 'crimes');

interface RunResult {
  files: number;
  rows: number;
  loaded: number;
  seconds: number;
  cpuSeconds: number;
  sampledPeakBytes: number;
  vmHwmBytes: number | null;
}

async function child(): Promise<void> {
  const db = join(out, 'ingest.db');
  rmSync(db, { force: true });
  for (const suffix of ['-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
  copyFileSync(join(out, 'template.db'), db);
  const files = expandCrimeFiles([crimesDir]);
  const sampler = new PeakRss(50).start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const store = await SqliteStore.open(db);
  const results = await importCrimeFiles(store, files, {
    force: 'leicestershire',
    rejectsDir: join(out, 'rejects'),
  });
  await store.close();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const peak = sampler.stop();
  const result: RunResult = {
    files: files.length,
    rows: results.reduce((s, r) => s + r.counts.rows, 0),
    loaded: results.reduce((s, r) => s + r.counts.loaded, 0),
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    sampledPeakBytes: peak.peakBytes,
    vmHwmBytes: vmHwmBytes(),
  };
  process.send?.(result);
}

function runChild(): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(import.meta.url), ['--child', '--out', out], {
      execArgv: ['--import', 'tsx'],
    });
    let result: RunResult | null = null;
    c.on('message', (m) => {
      result = m as RunResult;
    });
    c.on('error', reject);
    c.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the import exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Setup, not timed: the store with Leicestershire's structure and boundaries.
  const store = await SqliteStore.open(join(out, 'template.db'));
  const forceFile = join(dataDir(), 'forces', 'leicestershire.json');
  await loadForce(store, readForceSpec(forceFile), forceFile);
  await store.close();
  const runs = Math.max(1, Number(values.runs));
  const all: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runChild();
    all.push(r);
    const peak = r.vmHwmBytes ?? r.sampledPeakBytes;
    console.log(
      `ingest-real: ${r.files} police.uk files (Leicestershire 2019-12..2022-04), ${r.rows.toLocaleString('en-GB')} rows (${r.loaded.toLocaleString('en-GB')} loaded) in ${r.seconds.toFixed(2)} s = ${Math.round(r.rows / r.seconds).toLocaleString('en-GB')} rows/s, CPU ${r.cpuSeconds.toFixed(2)} s, peak RSS ${Math.round(peak / MB)} MB (VmHWM ${r.vmHwmBytes === null ? 'n/a' : Math.round(r.vmHwmBytes / MB)}, sampled ${Math.round(r.sampledPeakBytes / MB)})`,
    );
  }
  if (runs > 1) {
    const secs = all.map((r) => r.seconds).sort((a, b) => a - b);
    console.log(`median of ${runs}: ${secs[Math.floor(runs / 2)].toFixed(2)} s`);
  }
}

if (values.child) await child();
else await main();
