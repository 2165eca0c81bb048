/**
 * `beatwise patrols evaluate --design design.json [--format table|csv|json] [--panel out.csv]`:
 * registered on the `patrols` command by whoever creates it (registerEvaluateCommand(patrols)).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { BeatwiseError } from '../../core/errors.ts';
import { withStore } from '../../core/store/with-store.ts';
import { estimatesCsv, formatRun, runJson } from './format.ts';
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

export function registerEvaluateCommand(patrols: Command): void {
  patrols
    .command('evaluate')
    .description(
      'evaluate a patrol design: crossover intention-to-treat rate ratios with a permutation test, or matched difference-in-differences; displacement; detectable effects',
    )
    .requiredOption(
      '--design <file>',
      'the design as JSON (force, hotspots, startDate, days, allocation or patrolled)',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
    )
    .option('--panel <file>', 'also write the place-day panel as CSV to this file')
    .action(async (o: { design: string; format: 'table' | 'csv' | 'json'; panel?: string }, cmd: Command) => {
      const input = readDesignFile(o.design);
      await withStore(cmd, async (store) => {
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
