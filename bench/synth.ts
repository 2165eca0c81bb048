/**
 * Synthetic force extract benchmark: generate 3,000,000 West Midlands crimes over 10 years
 * (2013-04..2023-03) with `beatwise synth`'s generator and write them as one force extract CSV.
 * Prints rows/s, MB/s and peak RSS, the concentration of the output, and DuckDB's read_csv of the
 * same file as a check that another reader takes it (and as a reference speed for the bytes).
 *
 *   npm run bench:synth -- [--rows 3000000] [--seed 42] [--out bench/out/synth] [--gz] [--no-duckdb]
 *
 * The file (bench/out/synth/west-midlands-SYNTHETIC-<rows>-seed<seed>.csv, with a manifest beside it)
 * is the input for later benchmarks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { concentration } from '../src/crime/synth/concentration.ts';
import { writeExtract } from '../src/crime/synth/csv.ts';
import { buildModel } from '../src/crime/synth/model.ts';
import { SYNTH_VERSION, synthTruth } from '../src/crime/synth/truth.ts';
import { MB, PeakRss, vmHwmBytes } from './lib/memory.ts';

const FROM = '2013-04';
const TO = '2023-03';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const int = (n: number) => Math.round(n).toLocaleString('en-GB');
const secs = (s: number) => `${s.toFixed(2)} s`;
const mb = (b: number | null) => (b === null ? 'n/a' : `${int(b / MB)} MB`);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function fail(message: string): never {
  console.error(`bench:synth: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      rows: { type: 'string', default: '3000000' },
      seed: { type: 'string', default: '42' },
      out: { type: 'string' },
      gz: { type: 'boolean', default: false },
      'no-duckdb': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('usage: npm run bench:synth -- [--rows N] [--seed S] [--out DIR] [--gz] [--no-duckdb]');
    return;
  }
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  if (!Number.isInteger(rows) || rows < 1) fail(`--rows must be a positive integer, got ${values.rows}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) fail(`--seed must be 0..4294967295`);
  const dir = values.out === undefined ? join(ROOT, 'bench/out/synth') : resolve(values.out);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `west-midlands-SYNTHETIC-${rows}-seed${seed}.csv${values.gz ? '.gz' : ''}`);

  const sampler = new PeakRss(50).start();
  const t0 = performance.now();
  const model = await buildModel({ from: FROM, to: TO, seed, rows });
  const modelSeconds = (performance.now() - t0) / 1000;
  const rssModel = process.memoryUsage.rss();

  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const result = await writeExtract(model, file);
  const seconds = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sampled = sampler.stop();
  const hwm = vmHwmBytes();

  const conc = concentration(result.cells, model.geography.forceCells(100));
  const truth = synthTruth(model);
  writeFileSync(
    `${file}.manifest.json`,
    `${JSON.stringify({ generator: SYNTH_VERSION, from: FROM, to: TO, seed, rows: result.rows, bytes: result.bytes, file: relative(ROOT, file) }, null, 1)}\n`,
  );

  console.log(`== bench:synth (rows ${int(rows)}, ${FROM}..${TO}, seed ${seed}, node ${process.version}) ==`);
  console.log(
    `model: calibration, 1,680 LSOA polygons, ${int(truth.hotspots.length)} micro-places, pickers in ${secs(modelSeconds)} (RSS after: ${mb(rssModel)})`,
  );
  console.log(
    `generate + write: ${int(result.rows)} rows, ${result.months} months → ${relative(process.cwd(), file)} ` +
      `(${mb(result.bytes)}${values.gz ? ', gzip level 6' : ''})`,
  );
  console.log(
    `  time ${secs(seconds)} = ${int(result.rows / seconds)} rows/s, ${(result.bytes / MB / seconds).toFixed(1)} MB/s written; ` +
      `CPU ${secs((cpu.user + cpu.system) / 1e6)}`,
  );
  console.log(
    `  end to end (model + write): ${secs(modelSeconds + seconds)} = ${int(result.rows / (modelSeconds + seconds))} rows/s`,
  );
  console.log(
    `  peak RSS: VmHWM ${mb(hwm)} (authoritative), sampled ${mb(sampled.peakBytes)} (${int(sampled.samples)} samples)`,
  );
  console.log(
    `concentration: busiest 5% of ${int(conc.cells)} cells of 100 m hold ${pct(conc.levels[1].crimeShare)} ` +
      `(1%: ${pct(conc.levels[0].crimeShare)}); half of crime in ${pct(conc.cellShareForHalf)} of cells; ` +
      `truth: ${pct(truth.hotShare)} of rows drawn at micro-places`,
  );

  if (!values['no-duckdb']) {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const t2 = performance.now();
    const read = await conn.runAndReadAll(
      `SELECT count(*), count(DISTINCT crime_reference), sum(CASE WHEN synthetic = 'Y' THEN 1 ELSE 0 END) FROM read_csv('${file.replace(/'/g, "''")}', header = true)`,
    );
    const duckSeconds = (performance.now() - t2) / 1000;
    const [n, distinct, labelled] = read.getRows()[0].map(Number);
    conn.closeSync();
    instance.closeSync();
    console.log(
      `peer check: DuckDB read_csv counts ${int(n)} rows (${int(distinct)} distinct references, ${int(labelled)} synthetic=Y) ` +
        `in ${secs(duckSeconds)} = ${int(n / duckSeconds)} rows/s` +
        (n === result.rows && distinct === n && labelled === n ? '' : '  MISMATCH'),
    );
  }
}

await main();
