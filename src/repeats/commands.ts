/**
 * `beatwise repeats knox|classify|alerts|cocooning|settings`: near-repeat analysis and the daily
 * cocooning work it leads to.
 */
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { BeatwiseError } from '../core/errors.ts';
import { withStore } from '../core/store/with-store.ts';
import {
  alertsFor,
  classifyAnalysis,
  cocooningAnalysis,
  knoxAnalysis,
  markCocooning,
  setRisk,
} from './api.ts';
import {
  alertsHtml,
  alertsText,
  classifyCsv,
  classifyText,
  cocooningText,
  knoxCsv,
  knoxText,
} from './format.ts';
import type { Metric } from './pairs.ts';

function list(name: string) {
  return (v: string): number[] =>
    v.split(',').map((p) => {
      const n = Number(p.trim());
      if (!Number.isFinite(n) || n < 0)
        throw new BeatwiseError('repeats.bad_list', `${name}: "${p}" is not a number ≥ 0`, { field: name });
      return n;
    });
}

function positive(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0)
      throw new BeatwiseError('repeats.bad_number', `${name} must be a positive number, got "${v}"`, {
        field: name,
      });
    return n;
  };
}

function emit(out: string | undefined, text: string): void {
  if (out) {
    writeFileSync(out, text);
    process.stderr.write(`wrote ${out}\n`);
  } else process.stdout.write(text);
}

const selection = (cmd: Command) =>
  cmd
    .option('--force <slug>', 'force (default: the only force in the store)')
    .option('--area <area>', 'LEVEL:CODE (unit:…, team:…, ward:…) or a code or name (default: whole force)')
    .option('--from <YYYY-MM>', 'first month')
    .option('--to <YYYY-MM>', 'last month');

const metricOption = () =>
  new Option('--metric <metric>', 'distance').choices(['euclidean', 'manhattan']).default('euclidean');
const riskOptions = (cmd: Command) =>
  cmd
    .option(
      '--radius <metres>',
      "near-repeat radius (default: the force's saved setting, else 400)",
      positive('--radius'),
    )
    .option(
      '--days <days>',
      "near-repeat days (default: the force's saved setting, else 28)",
      positive('--days'),
    );

export function registerRepeatCommands(program: Command): void {
  const rp = program
    .command('repeats')
    .description('near repeats: the Knox test, repeat classification, alerts and cocooning visit lists');

  selection(
    rp
      .command('knox')
      .description('Knox test of burglaries: pairs by distance band × time band against permuted times'),
  )
    .option(
      '--distances <metres>',
      'upper edges of the distance bands, e.g. 100,200,300,400 (default: suggested for the data)',
      list('--distances'),
    )
    .option(
      '--times <days>',
      'upper edges of the time bands in days, e.g. 7,14,28,56 (default: suggested for the data)',
      list('--times'),
    )
    .addOption(metricOption())
    .option(
      '--iterations <n>',
      'permutations (99, 999, 9999: the smallest p is 1/(n+1))',
      positive('--iterations'),
      999,
    )
    .option('--seed <n>', 'random seed (default: drawn and reported)', positive('--seed'))
    .addOption(
      new Option('--scheme <scheme>', "permute crimes' times (NRC) or pairs' labels (R surveillance)")
        .choices(['times', 'pairs'])
        .default('times'),
    )
    .option('--save', "save the risk radius and days the result supports as the force's setting for alerts")
    .addOption(new Option('--format <format>', 'output').choices(['table', 'csv', 'json']).default('table'))
    .option('--out <file>', 'write to a file')
    .action(
      async (
        o: {
          force?: string;
          area?: string;
          from?: string;
          to?: string;
          distances?: number[];
          times?: number[];
          metric: Metric;
          iterations: number;
          seed?: number;
          scheme: 'times' | 'pairs';
          save?: boolean;
          format: string;
          out?: string;
        },
        cmd: Command,
      ) => {
        await withStore(cmd, async (store) => {
          const seed = o.seed ?? randomInt(1, 2 ** 31 - 1);
          const a = await knoxAnalysis(store, {
            ...o,
            seed,
            iterations: Number(o.iterations),
            save: o.save === true,
          });
          emit(
            o.out,
            o.format === 'json'
              ? `${JSON.stringify(a, null, 2)}\n`
              : o.format === 'csv'
                ? knoxCsv(a)
                : knoxText(a),
          );
        });
      },
    );

  riskOptions(
    selection(
      rp
        .command('classify')
        .description(
          'each burglary as isolated, originator, repeat or near repeat; counts per area and month',
        ),
    ),
  )
    .addOption(metricOption())
    .addOption(new Option('--by <level>', 'count per').choices(['team', 'ward', 'unit']).default('team'))
    .addOption(new Option('--format <format>', 'output').choices(['table', 'csv', 'json']).default('table'))
    .option('--out <file>', 'write to a file')
    .action(
      async (
        o: {
          force?: string;
          area?: string;
          from?: string;
          to?: string;
          radius?: number;
          days?: number;
          metric: Metric;
          by: 'team' | 'ward' | 'unit';
          format: string;
          out?: string;
        },
        cmd: Command,
      ) => {
        await withStore(cmd, async (store) => {
          const a = await classifyAnalysis(store, { ...o, radiusM: o.radius });
          emit(
            o.out,
            o.format === 'json'
              ? `${JSON.stringify(a, null, 2)}\n`
              : o.format === 'csv'
                ? classifyCsv(a)
                : classifyText(a),
          );
        });
      },
    );

  riskOptions(
    rp
      .command('alerts')
      .description(
        'daily: the area at raised risk after each burglary since a date, with cocooning visit lists per team',
      ),
  )
    .requiredOption('--since <date>', 'burglaries on or after YYYY-MM-DD (police.uk: YYYY-MM)')
    .option('--force <slug>', 'force (default: the only force in the store)')
    .option('--area <area>', 'only burglaries in this area (LEVEL:CODE)')
    .addOption(metricOption())
    .addOption(
      new Option('--format <format>', 'output (html: printable visit lists)')
        .choices(['table', 'html', 'json'])
        .default('table'),
    )
    .option('--out <file>', 'write to a file')
    .action(
      async (
        o: {
          since: string;
          force?: string;
          area?: string;
          radius?: number;
          days?: number;
          metric: Metric;
          format: string;
          out?: string;
        },
        cmd: Command,
      ) => {
        await withStore(cmd, async (store) => {
          const a = await alertsFor(store, { ...o, radiusM: o.radius });
          emit(
            o.out,
            o.format === 'json'
              ? `${JSON.stringify(a, null, 2)}\n`
              : o.format === 'html'
                ? alertsHtml(a)
                : alertsText(a),
          );
        });
      },
    );

  riskOptions(
    selection(
      rp
        .command('cocooning')
        .description(
          'whether cocooning worked: near-repeat burglaries after cocooned and not cocooned burglaries; --done marks one',
        ),
    ),
  )
    .addOption(metricOption())
    .option('--done <crimeId>', "mark this burglary's neighbourhood cocooned", positive('--done'))
    .option('--planned <crimeId>', 'mark cocooning planned for this burglary', positive('--planned'))
    .option('--by <name>', 'who did the visits')
    .option('--visits <n>', 'doors knocked or leaflets left', positive('--visits'))
    .option('--note <text>', 'what was said or left')
    .addOption(new Option('--format <format>', 'output').choices(['table', 'json']).default('table'))
    .action(
      async (
        o: {
          force?: string;
          area?: string;
          from?: string;
          to?: string;
          radius?: number;
          days?: number;
          metric: Metric;
          done?: number;
          planned?: number;
          by?: string;
          visits?: number;
          note?: string;
          format: string;
        },
        cmd: Command,
      ) => {
        await withStore(cmd, async (store) => {
          const id = o.done ?? o.planned;
          if (id !== undefined) {
            await markCocooning(store, o.force, {
              crimeId: id,
              status: o.done !== undefined ? 'done' : 'planned',
              doneAt: o.done !== undefined ? new Date().toISOString() : null,
              doneBy: o.by ?? null,
              visits: o.visits ?? null,
              note: o.note ?? null,
            });
            process.stdout.write(`burglary ${id}: cocooning ${o.done !== undefined ? 'done' : 'planned'}\n`);
            return;
          }
          const a = await cocooningAnalysis(store, { ...o, radiusM: o.radius });
          emit(
            undefined,
            o.format === 'json' ? `${JSON.stringify(a, null, 2)}\n` : cocooningText(a.header, a.evaluation),
          );
        });
      },
    );

  rp.command('settings')
    .description(
      "set the force's near-repeat radius and days by hand (alerts, classification and cocooning use them)",
    )
    .option('--force <slug>', 'force (default: the only force in the store)')
    .requiredOption('--radius <metres>', 'radius', positive('--radius'))
    .requiredOption('--days <days>', 'days', positive('--days'))
    .action(async (o: { force?: string; radius: number; days: number }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        await setRisk(store, o.force, o.radius, o.days);
        process.stdout.write(`near-repeat risk set: ${o.radius} m for ${o.days} days\n`);
      });
    });
}
