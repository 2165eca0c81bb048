import type { Command } from 'commander';
import { BeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import { withStore } from '../core/store/with-store.ts';
import { csvTable, parseFormat, textTable } from '../core/table-format.ts';
import { rebuildForceCube } from '../crime/index.ts';
import { findForce, listForces } from '../force/index.ts';
import { harmReport, trendsReport } from './reports.ts';
import type { StatusRule } from './status.ts';
import type { TrendReport } from './trends.ts';

const HARM_COLUMNS = [
  'level',
  'area_code',
  'area_name',
  'month',
  'count',
  'harm',
  'rolling_count',
  'rolling_harm',
  'pct_change',
  'status',
] as const;

function format(text: string | undefined) {
  try {
    return parseFormat(text);
  } catch (e) {
    throw new BeatwiseError('cli.format', (e as Error).message, { field: 'format' });
  }
}

/** The status rule from the command line, refusing values that make no sense. */
function statusRule(minChange: string, minVolume: string, months: string): StatusRule {
  const rule = {
    minPercent: Number(minChange),
    minVolume: Number(minVolume),
    months: Number(months),
    minCrimes: 0,
  };
  if (!(rule.minPercent >= 0) || !(rule.minVolume >= 0)) {
    throw new BeatwiseError('cli.rule', '--min-change and --min-volume must be numbers ≥ 0');
  }
  if (!Number.isInteger(rule.months) || rule.months < 1) {
    throw new BeatwiseError('cli.rule', `--status-months must be a whole number ≥ 1; got "${months}"`);
  }
  return rule;
}

/** The --force given, else the store's only force. */
async function defaultForce(given: string | undefined, store: Store): Promise<string> {
  if (given) return given;
  const all = await listForces(store.db);
  if (all.length === 1) return all[0].slug;
  throw new BeatwiseError(
    'cli.force',
    all.length
      ? `give --force: the store holds ${all.map((f) => f.slug).join(', ')}`
      : 'the store holds no forces yet',
  );
}

export function registerHarmCommands(program: Command): void {
  program
    .command('harm')
    .description('rolling harm per area and month: % change and status (the paper’s Table 3, for any level)')
    .option('--force <slug>', 'force (default: the only one in the store)')
    .requiredOption('--level <level>', 'lsoa|msoa|ward|district|team|unit|impact-area|force')
    .option('--area <codes...>', 'only these area codes')
    .option('--from <YYYY-MM>', 'first month to show')
    .option('--to <YYYY-MM>', 'last month to show')
    .option('--window <months>', 'rolling window in months', '12')
    .option('--weights <name>', 'a category weight set instead of the force’s (npx beatwise weights list)')
    .option(
      '--selection <name>',
      'all-crime (default), asb, neighbourhood-crime, or categories (burglary,robbery)',
    )
    .option('--min-change <pct>', 'a month moving less than this % counts as no change', '0')
    .option('--min-volume <harm>', 'a month moving less than this much harm counts as no change', '0')
    .option('--status-months <n>', 'consecutive months for Outstanding / Poor (paper: 3)', '3')
    .option('--format <format>', 'table|csv|json', 'table')
    .action(async (o: Record<string, string | string[] | undefined>, cmd: Command) => {
      const fmt = format(o.format as string);
      await withStore(cmd, async (store) => {
        const r = await harmReport(store, {
          force: await defaultForce(o.force as string | undefined, store),
          level: o.level as string,
          areaCodes: o.area as string[] | undefined,
          from: o.from as string | undefined,
          to: o.to as string | undefined,
          window: Number(o.window),
          weights: o.weights as string | undefined,
          selection: o.selection as string | undefined,
          rule: statusRule(o.minChange as string, o.minVolume as string, o.statusMonths as string),
        });
        if (fmt === 'json') return console.log(JSON.stringify(r, null, 2));
        const rows = r.rows.map((x) => [
          x.level,
          x.area_code,
          x.area_name,
          x.month,
          x.count,
          x.harm,
          x.rolling_count,
          x.rolling_harm,
          x.pct_change === null ? null : x.pct_change.toFixed(2),
          x.status,
        ]);
        if (fmt === 'csv') {
          // The CSV keeps its documented columns; its caveats (e.g. SYNTHETIC) go to stderr.
          for (const c of r.caveats) process.stderr.write(`note: ${c}\n`);
          return console.log(csvTable([...HARM_COLUMNS], rows));
        }
        console.log(
          `${r.force}: rolling ${r.window}-month harm by ${r.level}; weights ${r.weights}; ${r.selection}`,
        );
        for (const c of r.caveats) console.log(`note: ${c}`);
        if (!r.rows.length) return console.log('no rows: import crimes first (npx beatwise demo)');
        console.log(
          textTable(
            [
              'area',
              'name',
              'month',
              'count',
              'harm',
              `${r.window}m count`,
              `${r.window}m harm`,
              '% change',
              'status',
            ],
            rows.map((x) => [
              x[1],
              x[2],
              x[3],
              x[4],
              oneDp(x[5]),
              x[6],
              oneDp(x[7]),
              x[8] === null ? '' : `${x[8]}%`,
              x[9] ?? '—',
            ]),
          ),
        );
      });
    });

  program
    .command('trends')
    .description(
      'year to date against last year and a baseline year, month on month, and what drove the change',
    )
    .option('--force <slug>', 'force (default: the only one in the store)')
    .requiredOption(
      '--selection <name>',
      'all-crime, asb, neighbourhood-crime, serious-youth-violence, or categories',
    )
    .option('--level <level>', 'level to find the driving areas at', 'unit')
    .option('--area <code>', 'one area of that level: its own totals and categories')
    .option('--to <YYYY-MM>', 'last month of the year to date (default: the latest month)')
    .option('--baseline <year>', 'baseline financial year (2019 = 2019/20)', '2019')
    .option('--top <n>', 'drivers to print', '5')
    .option('--format <format>', 'table|json', 'table')
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const fmt = format(o.format);
      await withStore(cmd, async (store) => {
        const r = await trendsReport(store, {
          force: await defaultForce(o.force, store),
          selection: o.selection as string,
          level: o.level as string,
          area: o.area,
          to: o.to,
          baseline: Number(o.baseline),
        });
        if (fmt === 'json') return console.log(JSON.stringify(r, null, 2));
        console.log(formatTrends(r, Number(o.top ?? 5), fmt === 'csv'));
      });
    });

  const cube = program.command('cube').description('the monthly cube (area × month × category: count, harm)');
  cube
    .command('rebuild')
    .description('recompute the cube from the stored crimes (it must equal the incrementally kept one)')
    .option('--force <slug>', 'one force (default: all)')
    .action(async (o: { force?: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const forces = o.force ? [await findForce(store.db, o.force)] : await listForces(store.db);
        for (const f of forces) {
          if (!f) throw new BeatwiseError('force.unknown', `the store has no force "${o.force}"`);
          const n = await rebuildForceCube(store, f.id);
          console.log(`${f.slug}: cube rebuilt from ${n} crimes`);
        }
      });
    });
}

const oneDp = (x: string | number | null) => (typeof x === 'number' ? x.toFixed(1) : x);

const pct = (x: number | null) => (x === null ? 'n/a' : `${x > 0 ? '+' : ''}${x.toFixed(1)}%`);

/** The trends report as text, with the drivers in words ("X was the overall driver"). */
export function formatTrends(r: TrendReport, top: number, csv: boolean): string {
  if (csv) {
    return csvTable(
      ['period', 'from', 'to', 'count', 'harm'],
      [r.current, r.lastYear, r.baseline].map((p) => [p.label, p.from, p.to, p.count, p.harm]),
    );
  }
  const where = r.area ? `${r.area.name} (${r.area.level} ${r.area.code})` : `drivers by ${r.level}`;
  const lines = [`${r.selection.label}, ${r.financialYear} to ${r.to} (${where})`];
  for (const c of r.caveats) lines.push(`note: ${c}`);
  lines.push(
    textTable(
      ['period', 'months', 'count', 'harm'],
      [r.current, r.lastYear, r.baseline, r.month.current, r.month.previous].map((p) => [
        p.label,
        `${p.from}..${p.to}`,
        p.count,
        p.harm,
      ]),
    ),
  );
  lines.push(
    `year to date: ${pct(r.vsLastYear.countPct)} on last year (${r.vsLastYear.count >= 0 ? '+' : ''}${r.vsLastYear.count}), ` +
      `${pct(r.vsBaseline.countPct)} on ${r.baseline.label.split(' ')[0]}; harm ${pct(r.vsLastYear.harmPct)} on last year; ` +
      `month on month ${pct(r.month.change.countPct)}`,
  );
  const d = r.drivers.byArea.slice(0, top);
  if (d.length && r.vsLastYear.count !== 0) {
    lines.push(
      `${d[0].name} was the overall driver (${d[0].change.count >= 0 ? '+' : ''}${d[0].change.count} of ${r.vsLastYear.count}).`,
    );
    lines.push(
      textTable(
        ['area', 'name', 'this year', 'last year', 'change', 'share'],
        d.map((x) => [
          x.code,
          x.name,
          x.current.count,
          x.previous.count,
          x.change.count,
          pct(x.shareOfChange),
        ]),
      ),
    );
  }
  if (r.drivers.byCategory.length) {
    lines.push(
      textTable(
        ['category', 'this year', 'last year', 'change'],
        r.drivers.byCategory
          .slice(0, top)
          .map((x) => [x.name, x.current.count, x.previous.count, x.change.count]),
      ),
    );
  }
  return lines.join('\n');
}
