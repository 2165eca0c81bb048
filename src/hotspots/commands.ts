/**
 * `beatwise hotspots grid|concentration|gistar|kde|classify|backtest|predict|times`: one family of
 * commands with the same selection options (sfhotspot's lesson), defaults chosen from the data and
 * reported back, and the caveats printed with every result.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BeatwiseError } from '../core/errors.ts';
import { withStore } from '../core/store/with-store.ts';
import { NO_LIMITS } from './bounds.ts';
import { cellOrDefault } from './cell-routes.ts';
import type { Measure } from './concentration.ts';
import { type Cell, num, pct, table, toCsv, toGeoJson } from './format.ts';
import type { KdeMode } from './kde.ts';
import {
  backtestResult,
  classifyResult,
  concentrationResult,
  GRID_COLUMNS,
  type GridRow,
  gistarResult,
  gridResult,
  type Header,
  kdeResult,
  type LabContext,
  type LabSelection,
  predictResult,
  prepare,
  timesResult,
} from './lab.ts';
import { METHODS, type MethodName } from './predict.ts';
import { DEFAULT_CELL_M } from './summary.ts';

type Format = 'table' | 'csv' | 'geojson' | 'json';

interface CommonOptions extends Omit<LabSelection, 'limits' | 'cell'> {
  /** Metres, or 'auto' for the sfhotspot rule (~50 cells across the study area). */
  cell?: number | 'auto';
  format: Format;
  out?: string;
  /** False with --no-limits. */
  limits: boolean;
}

function number(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0)
      throw new BeatwiseError('hotspots.bad_number', `${name} must be a positive number, got "${v}"`, {
        field: name,
      });
    return n;
  };
}

/** '1,1.4,5' (per cent) → [0.01, 0.014, 0.05]. */
function percents(name: string) {
  return (v: string): number[] =>
    v.split(',').map((p) => {
      const n = Number(p.trim().replace(/%$/, ''));
      if (!(n > 0 && n <= 100))
        throw new BeatwiseError('hotspots.bad_percent', `${name}: "${p}" is not a percentage in (0, 100]`, {
          field: name,
        });
      return n / 100;
    });
}

function measure(v: string): Measure {
  if (v !== 'count' && v !== 'harm')
    throw new BeatwiseError('hotspots.bad_measure', `expected count or harm, got "${v}"`);
  return v;
}

function common(cmd: Command, formats: readonly Format[]): Command {
  return cmd
    .option('--force <slug>', 'force (default: the only force in the store)')
    .option(
      '--area <area>',
      'study area: LEVEL:CODE (unit:LE, team:E02…, ward:E05…) or a code or name (default: whole force)',
    )
    .option(
      '--cell <metres|auto>',
      `square cell size in metres (default: ${DEFAULT_CELL_M} m, a micro-place as in the UK hot-spot trials; auto: ~50 cells across the study area's shorter side)`,
      (v: string) => (v === 'auto' ? 'auto' : number('--cell')(v)),
    )
    .option('--h3 <resolution>', 'H3 hexagons of resolution 8, 9 or 10 instead of squares', number('--h3'))
    .option('--from <YYYY-MM>', 'first month')
    .option('--to <YYYY-MM>', 'last month')
    .option(
      '--types <selection>',
      'all-crime (default), serious-youth-violence, neighbourhood-crime, asb, or categories, comma-separated',
    )
    .option('--weights <set>', "harm weight set (default: the force's own; see `beatwise weights`)")
    .option(
      '--offences <codes>',
      'Home Office offence codes, comma-separated; 5* = every code of class 5 (extracts)',
    )
    .option('--victim-age <a-b>', 'victim age band, e.g. 0-24 (force extracts)')
    .option('--hours <list>', 'local hours of occurrence, e.g. 18-23 or 22-2 (force extracts)')
    .option('--days <list>', 'days of occurrence, e.g. fri-sun (force extracts)')
    .option('--format <format>', `output: ${formats.join('|')}`, 'table')
    .option('--out <file>', 'write the output to a file instead of the screen')
    .option(
      '--no-limits',
      'lift the bounds on cells, H3 cells and KDE work (BEATWISE_MAX_CELLS, BEATWISE_MAX_H3_CELLS, BEATWISE_MAX_KDE_WORK)',
    );
}

function checkFormat(f: string, allowed: readonly Format[]): Format {
  if (!(allowed as readonly string[]).includes(f))
    throw new BeatwiseError('hotspots.bad_format', `--format must be ${allowed.join(', ')}; got "${f}"`, {
      field: '--format',
    });
  return f as Format;
}

function selection(o: CommonOptions): LabSelection {
  const { format: _f, out: _o, limits, cell: given, ...rest } = o;
  if (given !== undefined && rest.h3 !== undefined)
    throw new BeatwiseError('hotspots.cell_or_h3', 'give --cell or --h3, not both', { field: '--h3' });
  // The same default as the web app and the API: 150 m cells unless H3 or auto is asked for.
  const cell = given === 'auto' ? undefined : cellOrDefault({ cell: given, h3: rest.h3 });
  const sel: LabSelection = { ...rest, cell };
  return limits === false ? { ...sel, limits: NO_LIMITS } : sel;
}

function emit(o: CommonOptions, text: string, caveats: string[] = []): void {
  if (o.out) {
    writeFileSync(o.out, text);
    if (o.format === 'csv' && caveats.length) {
      writeFileSync(`${o.out}.README.txt`, `${caveats.map((c) => `- ${c}`).join('\n')}\n`);
      process.stderr.write(`wrote ${o.out} (caveats in ${o.out}.README.txt)\n`);
    } else process.stderr.write(`wrote ${o.out}\n`);
  } else process.stdout.write(text);
  if (o.format === 'csv' && caveats.length && !o.out)
    process.stderr.write(caveats.map((c) => `caveat: ${c}\n`).join(''));
}

/** The lines every table starts with: what was selected, the grid, harm, caveats and warnings. */
function preamble(h: Header): string {
  const g = h.grid;
  const gridLine =
    g.kind === 'square'
      ? `grid: ${g.cells.toLocaleString('en-GB')} square cells of ${g.cellSizeM} m${g.cellSizeChosen ? ' (size chosen automatically: ~50 cells across the shorter side, --cell auto)' : ''}, ${num(g.areaKm2, 1)} km²`
      : `grid: ${g.cells.toLocaleString('en-GB')} H3 cells, resolution ${g.h3Resolution} (edge ~${g.cellSizeM} m), ${num(g.areaKm2, 1)} km²`;
  const lines = [h.selection, gridLine, `harm: ${h.harm}`];
  for (const c of h.caveats) lines.push(`caveat: ${c}`);
  for (const w of h.warnings) lines.push(`warning: ${w.message}`);
  return `${lines.join('\n')}\n`;
}

function gridOut(
  o: CommonOptions,
  ctx: LabContext,
  h: Header,
  rows: GridRow[],
  indexes: ArrayLike<number>,
): string {
  if (o.format === 'csv') return toCsv(GRID_COLUMNS, rows as unknown as Record<string, Cell>[]);
  return toGeoJson(ctx.grid, indexes, rows as unknown as Record<string, Cell>[], {
    selection: h.selection,
    caveats: h.caveats,
    warnings: h.warnings.map((w) => w.message),
  });
}

const allCells = (ctx: LabContext) => Array.from({ length: ctx.grid.n }, (_, k) => k);

function topRows<T extends { count: number; harm: number; cell_id: string }>(
  rows: T[],
  key: (r: T) => number,
  n = 10,
): T[] {
  return [...rows].sort((a, b) => key(b) - key(a) || b.count - a.count).slice(0, n);
}

async function run(cmd: Command, o: CommonOptions, fn: (ctx: LabContext) => void): Promise<void> {
  await withStore(cmd, async (store) => {
    const ctx = await prepare(store, selection(o));
    fn(ctx);
  });
}

export function registerHotspotCommands(program: Command): void {
  const hs = program
    .command('hotspots')
    .description(
      'micro-place hotspots: grids, concentration, Gi*, KDE, classes over time, backtests, predictions, patrol times',
    );

  common(hs.command('grid').description('crimes and harm per cell of the study grid (zeros included)'), [
    'table',
    'csv',
    'geojson',
    'json',
  ]).action(async (o: CommonOptions, cmd: Command) => {
    o.format = checkFormat(o.format, ['table', 'csv', 'geojson', 'json']);
    await run(cmd, o, (ctx) => {
      const r = gridResult(ctx);
      if (o.format === 'json') return emit(o, `${JSON.stringify(r, null, 2)}\n`);
      if (o.format !== 'table') return emit(o, gridOut(o, ctx, r, r.rows, allCells(ctx)), r.caveats);
      const top = topRows(r.rows, (x) => x.count);
      emit(
        o,
        `${preamble(r)}${r.crimes.toLocaleString('en-GB')} crimes in ${r.cellsWithCrime.toLocaleString('en-GB')} of ${ctx.grid.n.toLocaleString('en-GB')} cells\n\n` +
          `busiest cells:\n${table(
            ['cell_id', 'x_min', 'y_min', 'count', 'harm'],
            top.map((x) => [x.cell_id, num(x.x_min, 0), num(x.y_min, 0), x.count, num(x.harm, 1)]),
          )}\n`,
      );
    });
  });

  common(
    hs
      .command('concentration')
      .description('how concentrated crime and harm are: x% of area holds y% of crime and z% of harm'),
    ['table', 'csv', 'json'],
  )
    .option('--area-share <pcts>', 'shares of the area to report, per cent', percents('--area-share'))
    .option(
      '--share <pcts>',
      'find the smallest set of cells holding these shares of crime, per cent',
      percents('--share'),
    )
    .option('--by <measure>', 'rank cells by count or harm', measure, 'count')
    .action(
      async (o: CommonOptions & { areaShare?: number[]; share?: number[]; by: Measure }, cmd: Command) => {
        o.format = checkFormat(o.format, ['table', 'csv', 'json']);
        await run(cmd, o, (ctx) => {
          const r = concentrationResult(ctx, { areaShares: o.areaShare, shares: o.share, by: o.by });
          if (o.format === 'json') return emit(o, `${JSON.stringify(r, null, 2)}\n`);
          if (o.format === 'csv')
            return emit(
              o,
              toCsv(
                ['area_share', 'share'],
                r.lorenz.areaShare.map((x, i) => ({ area_share: x, share: r.lorenz.share[i] })),
              ),
              r.caveats,
            );
          const what = o.by === 'harm' ? 'harm' : 'crime';
          const lines = r.atArea.map(
            (a) =>
              `${pct(a.areaShareAsked, 1)} of the area (top ${a.cells} cells = ${pct(a.areaShare, 2)}${a.tiedLeftOut ? `; ${a.tiedLeftOut} more cells tied at the cut` : ''}) holds ${pct(a.countShare)} of crime and ${pct(a.harmShare)} of harm`,
          );
          const sets = r.forShare.map(
            (s) =>
              `the smallest set holding ${pct(s.shareAsked, 0)} of ${what}: ${s.cells} cells, ${pct(s.areaShare, 2)} of the area (${pct(s.countShare)} of crime, ${pct(s.harmShare)} of harm)`,
          );
          emit(
            o,
            `${preamble(r)}\n${lines.join('\n')}\n${sets.join('\n')}\n` +
              `Gini: crime ${num(r.gini.count, 3)}, harm ${num(r.gini.harm, 3)} (0 = even, 1 = all in one cell)\n\n` +
              `Lorenz curve (cells from least to most ${what}):\n${table(
                ['area share', `${what} share`],
                r.lorenz.areaShare.map((x, i) => [pct(x, 0), pct(r.lorenz.share[i])]),
              )}\n`,
          );
        });
      },
    );

  common(
    hs
      .command('gistar')
      .description('Getis-Ord Gi* per cell: z, two-sided p, Benjamini-Hochberg q and Gi_Bin classes'),
    ['table', 'csv', 'geojson', 'json'],
  )
    .option(
      '--distance <metres>',
      'neighbour distance (default cell × √2: the 8 around; H3: 1 ring)',
      number('--distance'),
    )
    .option(
      '--bin-on <p|q>',
      'Gi_Bin classes from BH q-values (default, controls false discoveries) or raw p',
      'q',
    )
    .option('--on <measure>', 'statistic on count or harm', measure, 'count')
    .action(async (o: CommonOptions & { distance?: number; binOn: string; on: Measure }, cmd: Command) => {
      o.format = checkFormat(o.format, ['table', 'csv', 'geojson', 'json']);
      if (o.binOn !== 'p' && o.binOn !== 'q')
        throw new BeatwiseError('hotspots.bad_bin_on', '--bin-on must be p or q', { field: '--bin-on' });
      await run(cmd, o, (ctx) => {
        const r = gistarResult(ctx, { distance: o.distance, binOn: o.binOn as 'p' | 'q', on: o.on });
        if (o.format === 'json') return emit(o, `${JSON.stringify(r, null, 2)}\n`);
        if (o.format !== 'table') return emit(o, gridOut(o, ctx, r, r.rows, allCells(ctx)), r.caveats);
        const top = topRows(r.rows, (x) => x.gi_z ?? Number.NEGATIVE_INFINITY);
        emit(
          o,
          `${preamble(r)}neighbours: ${r.neighbours}; classes from ${r.binsOn === 'q' ? 'BH q-values' : 'raw p-values'}\n\n` +
            `${table(
              ['class', 'cells'],
              Object.entries(r.bins).map(([k, v]) => [k, v]),
            )}\n\nhottest cells:\n${table(
              ['cell_id', 'count', 'harm', 'gi_z', 'gi_p', 'gi_q', 'gi_bin'],
              top.map((x) => [
                x.cell_id,
                x.count,
                num(x.harm, 1),
                num(x.gi_z ?? Number.NaN),
                sci(x.gi_p),
                sci(x.gi_q),
                x.gi_bin,
              ]),
            )}\n`,
        );
      });
    });

  common(hs.command('kde').description('quartic kernel density per cell (crimes or harm per km²)'), [
    'table',
    'csv',
    'geojson',
    'json',
  ])
    .option('--bandwidth <metres>', 'kernel radius (default: rule of thumb, reported)', number('--bandwidth'))
    .option('--mode <mode>', 'exact (points where they are) or binned (spatstat convention)', 'exact')
    .option('--weight <measure>', 'count or harm', measure, 'count')
    .action(
      async (o: CommonOptions & { bandwidth?: number; mode: string; weight: Measure }, cmd: Command) => {
        o.format = checkFormat(o.format, ['table', 'csv', 'geojson', 'json']);
        if (o.mode !== 'exact' && o.mode !== 'binned')
          throw new BeatwiseError('hotspots.bad_mode', '--mode must be exact or binned', { field: '--mode' });
        await run(cmd, o, (ctx) => {
          const r = kdeResult(ctx, { bandwidth: o.bandwidth, mode: o.mode as KdeMode, weight: o.weight });
          if (o.format === 'json') return emit(o, `${JSON.stringify(r, null, 2)}\n`);
          const cols = ['cell_id', 'x_min', 'y_min', 'size_m', 'count', 'harm', 'density_per_km2'];
          if (o.format === 'csv') return emit(o, toCsv(cols, r.rows), r.caveats);
          if (o.format === 'geojson')
            return emit(
              o,
              toGeoJson(ctx.grid, allCells(ctx), r.rows, {
                selection: r.selection,
                bandwidthM: r.bandwidthM,
                caveats: r.caveats,
                warnings: r.warnings.map((w) => w.message),
              }),
            );
          const top = topRows(r.rows, (x) => x.density_per_km2);
          emit(
            o,
            `${preamble({ ...r })}kernel: ${r.kernel}, bandwidth ${Math.round(r.bandwidthM)} m${r.bandwidthChosen ? ' (rule of thumb; set --bandwidth to change)' : ''}, cells ${r.cellSizeM} m, ${r.mode}, weighted by ${r.weightedBy}\n\n` +
              `densest cells:\n${table(
                ['cell_id', 'count', 'harm', 'per km²'],
                top.map((x) => [x.cell_id, x.count, num(x.harm, 1), num(x.density_per_km2, 1)]),
              )}\n`,
          );
        });
      },
    );

  common(
    hs
      .command('classify')
      .description('hotspot classes over time (sfhotspot hotspot_classify): persistent, emerging, former…'),
    ['table', 'csv', 'geojson', 'json'],
  )
    .option(
      '--period <months>',
      'months per period (default 1 for up to 2 years of data, else 3)',
      number('--period'),
    )
    .option('--distance <metres>', 'Gi* neighbour distance', number('--distance'))
    .action(async (o: CommonOptions & { period?: number; distance?: number }, cmd: Command) => {
      o.format = checkFormat(o.format, ['table', 'csv', 'geojson', 'json']);
      await run(cmd, o, (ctx) => {
        const r = classifyResult(ctx, { periodMonths: o.period, distance: o.distance });
        if (o.format === 'json') return emit(o, `${JSON.stringify(r, null, 2)}\n`);
        const cols = [
          'cell_id',
          'x_min',
          'y_min',
          'size_m',
          'count',
          'harm',
          'class',
          'hot_periods',
          'cold_periods',
        ];
        if (o.format === 'csv') return emit(o, toCsv(cols, r.rows), r.caveats);
        if (o.format === 'geojson')
          return emit(
            o,
            toGeoJson(ctx.grid, allCells(ctx), r.rows, { selection: r.selection, caveats: r.caveats }),
          );
        emit(
          o,
          `${preamble(r)}periods: ${r.periods.length} of ${r.periodMonths} month${r.periodMonths === 1 ? '' : 's'}${r.periodChosen ? ' (chosen automatically; set --period)' : ''}, the last ${r.recentPeriods} recent; ` +
            `thresholds: hotspot ${r.params.hotspotProp}, persistent ${r.params.persistentProp}, recent ${r.params.recentProp}, p < ${r.params.criticalP} (${r.params.pAdjust} across each cell's periods)\n\n` +
            `${table(
              ['class', 'cells'],
              Object.entries(r.classes)
                .sort((a, b) => b[1] - a[1])
                .map(([k, v]) => [k, v]),
            )}\n`,
        );
      });
    });

  common(
    hs
      .command('backtest')
      .description(
        'score hotspot predictions on held-out months: hit rate, PAI, PEI at 1%, 1.4%, 5% of area',
      ),
    ['table', 'csv', 'json'],
  )
    .option('--methods <list>', `methods to compare (naive always first): ${METHODS.join(',')}`)
    .option('--coverage <pcts>', 'area coverages, per cent (default 1,1.4,5)', percents('--coverage'))
    .option('--window <months>', 'months of history the methods use (default 12)', number('--window'))
    .option(
      '--min-train <months>',
      'months before the first origin (default = window)',
      number('--min-train'),
    )
    .option('--bandwidth <metres>', 'KDE bandwidth (default: rule of thumb)', number('--bandwidth'))
    .action(
      async (
        o: CommonOptions & {
          methods?: string;
          coverage?: number[];
          window?: number;
          minTrain?: number;
          bandwidth?: number;
        },
        cmd: Command,
      ) => {
        o.format = checkFormat(o.format, ['table', 'csv', 'json']);
        await run(cmd, o, (ctx) => {
          const r = backtestResult(ctx, {
            methods: o.methods ? methodList(o.methods) : undefined,
            coverages: o.coverage,
            window: o.window,
            minTrainMonths: o.minTrain,
            bandwidth: o.bandwidth,
          });
          if (o.format === 'json') return emit(o, `${JSON.stringify(r, null, 2)}\n`);
          const rows = r.summary.map((s) => ({
            method: s.method,
            coverage: s.coverage,
            origins: s.origins,
            hit_rate: s.hitRate,
            pai: s.pai,
            pei: s.pei,
            harm_hit_rate: s.harmHitRate,
            better_than_naive: s.vsBaseline.better,
            same_as_naive: s.vsBaseline.same,
            worse_than_naive: s.vsBaseline.worse,
          }));
          if (o.format === 'csv')
            return emit(o, toCsv(Object.keys(rows[0] ?? { method: 1 }), rows), r.caveats);
          emit(
            o,
            `${preamble(r)}origins: ${r.origins.length} (${r.origins[0]}..${r.origins[r.origins.length - 1]}), each scored on the next month only (held out); leakage audit ${r.leakageAudit}\n\n` +
              `${table(
                ['method', 'coverage', 'hit rate', 'PAI', 'PEI', 'harm hit', 'vs naive (better/same/worse)'],
                r.summary.map((s) => [
                  s.method,
                  pct(s.coverage, 1),
                  pct(s.hitRate),
                  num(s.pai, 1),
                  num(s.pei, 2),
                  pct(s.harmHitRate),
                  s.method === 'naive'
                    ? 'baseline'
                    : `${s.vsBaseline.better}/${s.vsBaseline.same}/${s.vsBaseline.worse}`,
                ]),
              )}\n\n${r.methods.map((m) => `${m.name}: ${m.label}`).join('\n')}\n` +
              'A method beats naive only where it wins on most held-out months; means over few origins are noisy.\n',
          );
        });
      },
    );

  common(
    hs.command('predict').description('the cells to patrol next month, from data up to --train-to only'),
    ['table', 'csv', 'geojson', 'json'],
  )
    .requiredOption('--train-to <YYYY-MM>', 'last month the prediction may use; it predicts the month after')
    .option('--method <method>', `${METHODS.join('|')}`, 'naive')
    .option('--coverage <pct>', 'share of the area to cover, per cent (default 1.4)', percents('--coverage'))
    .option('--window <months>', 'months of history (default 12)', number('--window'))
    .option('--bandwidth <metres>', 'KDE bandwidth (default: rule of thumb)', number('--bandwidth'))
    .action(
      async (
        o: CommonOptions & {
          trainTo: string;
          method: string;
          coverage?: number[];
          window?: number;
          bandwidth?: number;
        },
        cmd: Command,
      ) => {
        o.format = checkFormat(o.format, ['table', 'csv', 'geojson', 'json']);
        const method = methodList(o.method)[0];
        // Nothing after --train-to is even loaded.
        await run(cmd, { ...o, to: o.to && o.to < o.trainTo ? o.to : o.trainTo }, (ctx) => {
          const r = predictResult(ctx, {
            method,
            trainTo: o.trainTo,
            coverage: o.coverage?.[0],
            window: o.window,
            bandwidth: o.bandwidth,
          });
          if (o.format === 'json') return emit(o, `${JSON.stringify(r, null, 2)}\n`);
          const idx = r.rows.map((row) => cellIndexById(ctx, row.cell_id));
          if (o.format !== 'table') return emit(o, gridOut(o, ctx, r, r.rows, idx), r.caveats);
          emit(
            o,
            `${preamble(r)}method: ${r.method}; trained on data to ${r.trainedTo}; predicts ${r.predicts}; ${r.rows.length} cells = ${pct(r.coverage, 1)} of the area\n` +
              `${r.countsAre}\n\n${table(
                ['cell_id', 'x_min', 'y_min', 'count', 'harm', 'score'],
                r.rows.map((x, i) => [
                  x.cell_id,
                  num(x.x_min, 0),
                  num(x.y_min, 0),
                  x.count,
                  num(x.harm, 1),
                  num(r.scores[i], 3),
                ]),
              )}\n`,
          );
        });
      },
    );

  common(
    hs
      .command('times')
      .description('when to patrol: hour × weekday of crime and harm per hotspot, best ≤ 60-minute windows'),
    ['table', 'json'],
  )
    .option('--top <n>', 'hotspots to profile (default 10)', number('--top'))
    .option('--by <measure>', 'choose hotspots and windows by harm (default) or count', measure, 'harm')
    .option('--window <minutes>', 'patrol window, at most 60 minutes (default 60)', number('--window'))
    .action(async (o: CommonOptions & { top?: number; by: Measure; window?: number }, cmd: Command) => {
      o.format = checkFormat(o.format, ['table', 'json']);
      await run(cmd, o, (ctx) => {
        const r = timesResult(ctx, { top: o.top, by: o.by, windowMinutes: o.window });
        if (o.format === 'json') return emit(o, `${JSON.stringify(r, null, 2)}\n`);
        if (!r.available) return emit(o, `${preamble(r)}\n${r.reason}\n`);
        const blocks = r.hotspots.map((h) => {
          const busiest = h.hourByWeekday[o.by === 'harm' ? 'harm' : 'count']
            .map((v, i) => ({ v, i }))
            .sort((a, b) => b.v - a.v)
            .slice(0, 3)
            .map(
              ({ v, i }) =>
                `${h.hourByWeekday.days[Math.floor(i / 24)]} ${String(i % 24).padStart(2, '0')}:00 (${num(v, 1)})`,
            );
          return (
            `${h.cell_id}: ${h.count} crimes, harm ${num(h.harm, 1)}, ${h.timed} with times${h.wideSpans ? `, ${h.wideSpans} spread over > 24 h` : ''}\n` +
            `  best ${r.windowMinutes}-minute windows: ${h.windows.map((w) => `${w.label} (${pct(w.share)})`).join('; ')}\n` +
            `  busiest hours: ${busiest.join('; ')}`
          );
        });
        emit(o, `${preamble(r)}${r.method}\n\n${blocks.join('\n')}\n`);
      });
    });
}

function sci(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '–';
  return v < 0.001 ? v.toExponential(1) : v.toFixed(3);
}

function methodList(text: string): MethodName[] {
  return text.split(',').map((m) => {
    const t = m.trim();
    if (!(METHODS as readonly string[]).includes(t))
      throw new BeatwiseError('hotspots.bad_method', `unknown method "${t}" (known: ${METHODS.join(', ')})`, {
        field: '--method',
      });
    return t as MethodName;
  });
}

function cellIndexById(ctx: LabContext, id: string): number {
  const g = ctx.grid;
  if (g.kind === 'h3') return g.indexOf(id);
  const [, i, j] = /^[\d.]+m_(-?\d+)_(-?\d+)$/.exec(id) ?? [];
  return g.lookup[(Number(j) - g.j0) * g.width + (Number(i) - g.i0)];
}
