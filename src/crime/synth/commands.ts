import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BeatwiseError } from '../../core/errors.ts';
import { Progress } from '../../core/progress.ts';
import { CRIME_CATEGORIES } from './calibration.ts';
import { concentration } from './concentration.ts';
import { writeExtract } from './csv.ts';
import { buildModel, DEFAULT_SEED } from './model.ts';
import { synthTruth } from './truth.ts';

const FORCES = ['west-midlands'];

interface SynthCliOptions {
  force: string;
  from: string;
  to: string;
  seed: string;
  out: string;
  fraction?: string;
  rows?: string;
  truth?: string;
  json?: boolean;
}

function number(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n))
    throw new BeatwiseError('synth.options', `${flag} "${text}" is not a number`, { field: flag });
  return n;
}

export function registerSynthCommands(program: Command): void {
  program
    .command('synth')
    .description(
      'write a SYNTHETIC force extract CSV calibrated on real West Midlands counts (reproducible for a seed)',
    )
    .requiredOption('--force <slug>', `force to imitate (${FORCES.join(', ')})`)
    .requiredOption('--from <YYYY-MM>', 'first recorded month')
    .requiredOption('--to <YYYY-MM>', 'last recorded month')
    .option('--seed <n>', 'random seed: the same seed and options give the same bytes', String(DEFAULT_SEED))
    .requiredOption('--out <file>', 'output file, .csv or .csv.gz')
    .option('--fraction <f>', 'share of the real monthly volume to generate (default 1)')
    .option(
      '--rows <n>',
      'exact number of rows instead of --fraction, spread over the months like the real volume',
    )
    .option('--truth <file.json>', "also write the generator's truth: its hotspots and their expected counts")
    .option('--json', 'print the summary as JSON')
    .action(async (o: SynthCliOptions) => {
      if (!FORCES.includes(o.force))
        throw new BeatwiseError(
          'synth.options',
          `cannot synthesise force "${o.force}": only ${FORCES.join(', ')} is calibrated`,
          { field: '--force' },
        );
      if (!/\.csv(\.gz)?$/i.test(o.out))
        throw new BeatwiseError('synth.options', `--out must end in .csv or .csv.gz, got "${o.out}"`, {
          field: '--out',
        });
      if (o.fraction !== undefined && o.rows !== undefined)
        throw new BeatwiseError('synth.options', 'give --fraction or --rows, not both', { field: '--rows' });
      const model = await buildModel({
        from: o.from,
        to: o.to,
        seed: number(o.seed, '--seed'),
        fraction: o.fraction === undefined ? undefined : number(o.fraction, '--fraction'),
        rows: o.rows === undefined ? undefined : number(o.rows, '--rows'),
      });
      const progress = new Progress('synth', Boolean(o.json));
      progress.start(model.counts.length);
      const t0 = performance.now();
      const result = await writeExtract(model, o.out, (done, _total, rows) =>
        progress.update(done, `months, ${rows} rows`),
      );
      progress.stop();
      const seconds = (performance.now() - t0) / 1000;
      const conc = concentration(result.cells, model.geography.forceCells(100));
      const truth = synthTruth(model);
      if (o.truth) writeFileSync(o.truth, `${JSON.stringify(roundTruth(truth), null, 1)}\n`);
      const summary = {
        synthetic: true,
        file: o.out,
        force: o.force,
        from: model.options.from,
        to: model.options.to,
        seed: model.options.seed,
        fraction: model.options.rows === null ? model.options.fraction : null,
        rows: result.rows,
        bytes: result.bytes,
        seconds: Math.round(seconds * 100) / 100,
        perCategory: Object.fromEntries(CRIME_CATEGORIES.map((c, i) => [c, result.perCategory[i]])),
        concentration: conc,
        hotShare: truth.hotShare,
        places: truth.hotspots.length,
        truth: o.truth ?? null,
      };
      if (o.json) return console.log(JSON.stringify(summary, null, 2));
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      const [top1, top5] = conc.levels;
      console.log(
        `SYNTHETIC force extract for ${o.force}, ${summary.from} to ${summary.to}, seed ${summary.seed}` +
          (summary.fraction !== null ? `, ${summary.fraction} of the real volume` : '') +
          `: ${result.rows} rows → ${o.out} (${(result.bytes / 1e6).toFixed(1)} MB, ${seconds.toFixed(1)} s)`,
      );
      const width = Math.max(...CRIME_CATEGORIES.map((c) => c.length));
      for (const [c, n] of Object.entries(summary.perCategory))
        console.log(`  ${c.padEnd(width)}  ${String(n).padStart(9)}`);
      console.log(
        `concentration: the busiest 5% of the force area's ${conc.cells} cells of 100 m hold ${pct(top5.crimeShare)} of crimes ` +
          `(1%: ${pct(top1.crimeShare)}); half of all crimes lie in ${pct(conc.cellShareForHalf)} of cells`,
      );
      console.log(
        `truth: ${truth.hotspots.length} micro-places, expected to hold ${pct(truth.hotShare)} of rows` +
          (o.truth ? `; written to ${o.truth}` : ' (--truth FILE.json writes them)'),
      );
      console.log('every row has synthetic=Y; keep the word SYNTHETIC in the file name');
    });
}

function roundTruth<T>(value: T): T {
  if (typeof value === 'number') return (Number.isInteger(value) ? value : Number(value.toPrecision(6))) as T;
  if (Array.isArray(value)) return value.map(roundTruth) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundTruth(v)])) as T;
  return value;
}
