/**
 * `beatwise patrols evaluate --design design.json [--format table|csv|json] [--panel out.csv]`:
 * registered on the `patrols` command by whoever creates it (registerEvaluateCommand(patrols)).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { BeatwiseError } from '../../core/errors.ts';
import { withStore } from '../../core/store/with-store.ts';
import { loadPlan } from '../store.ts';
import { estimatesCsv, formatRun, runJson } from './format.ts';
import { designFromPlan } from './from-plan.ts';
import { evaluateDesign, runPanelCsv } from './store.ts';

/** Reads a design file as JSON, naming the file in any error. */
export function readDesignFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BeatwiseError('patrols.unknown_design', `cannot read ${path}: ${(e as Error).message}`, {
      file: path,
    });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BeatwiseError('patrols.bad_design', `${path} is not JSON: ${(e as Error).message}`, {
      file: path,
    });
  }
}

interface EvaluateOptions {
  design?: string;
  plan?: string;
  version?: string;
  force?: string;
  format: 'table' | 'csv' | 'json';
  panel?: string;
}

function positive(text: string | undefined, field: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new BeatwiseError('patrols.bad_design', `${field} must be a whole number, got "${text}"`, {
      field,
    });
  return n;
}

export function registerEvaluateCommand(patrols: Command): void {
  patrols
    .command('evaluate')
    .description(
      'evaluate a patrol design: crossover intention-to-treat rate ratios with a permutation test, or matched difference-in-differences; displacement; detectable effects',
    )
    .option(
      '--design <file>',
      'the design as JSON (force, hotspots, startDate, days, allocation or patrolled)',
    )
    .option(
      '--plan <id>',
      'a stored randomised patrol plan (with --force): its hotspots, days and allocation',
    )
    .option('--version <n>', 'with --plan: the plan version (default the latest)')
    .option('--force <slug>', 'with --plan: the force')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
    )
    .option('--panel <file>', 'also write the place-day panel as CSV to this file')
    .action(async (o: EvaluateOptions, cmd: Command) => {
      if ((o.design === undefined) === (o.plan === undefined))
        throw new BeatwiseError('patrols.bad_design', 'give --design FILE or --plan ID (with --force)', {
          field: '--design',
        });
      if (o.plan !== undefined && !o.force)
        throw new BeatwiseError('patrols.bad_design', '--plan needs --force', { field: '--force' });
      await withStore(cmd, async (store) => {
        const input =
          o.design !== undefined
            ? readDesignFile(o.design)
            : designFromPlan(
                await loadPlan(
                  store,
                  o.force as string,
                  positive(o.plan, '--plan'),
                  o.version ? positive(o.version, '--version') : undefined,
                ),
              );
        const run = await evaluateDesign(store.db, input);
        if (o.panel) {
          writeFileSync(o.panel, runPanelCsv(run));
          process.stderr.write(`panel: ${run.panel.n} place-days written to ${o.panel}\n`);
        }
        if (o.format === 'json') console.log(JSON.stringify(runJson(run, { panel: false }), null, 2));
        else if (o.format === 'csv') console.log(estimatesCsv(run));
        else console.log(formatRun(run));
      });
    });
}
