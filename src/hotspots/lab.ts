/**
 * The hotspot lab as JSON-ready functions (for the CLI now, the API later): prepare a selection
 * (force, area, grid, months, crime types…) once, then run any analysis on it. Every result carries
 * its caveats and warnings.
 */

import { dataDir } from '../core/data-dir.ts';
import { BeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import { formatMonth, parseMonth } from '../core/time/month.ts';
import { forceWeights, resolveSelection } from '../crime/index.ts';
import { backtest, DEFAULT_COVERAGES } from './backtest.ts';
import {
  checkBuiltGrid,
  checkGridWork,
  checkKdeWork,
  checkNeighbourWork,
  kdeRequest,
  type WorkLimits,
  workLimits,
} from './bounds.ts';
import { CLASS_LABELS, type ClassifyParams, classifyHotspots } from './classify.ts';
import {
  cellsForShare,
  concentration,
  gini,
  lorenz,
  type Measure,
  sampleCurve,
  sharesAtArea,
} from './concentration.ts';
import { GI_BIN_LABELS, giStarFull } from './gistar.ts';
import {
  assignCells,
  binCells,
  buildSquareGrid,
  cellAreas,
  cellCorner,
  cellId,
  gridNeighbours,
  type StudyGrid,
} from './grid.ts';
import { buildH3Grid } from './h3.ts';
import { type KdeMode, quarticKde } from './kde.ts';
import {
  CAVEAT_NO_HARM,
  CAVEATS,
  type CrimePoints,
  type DataKind,
  type HotspotWarning,
  subsetPoints,
} from './model.ts';
import {
  buildCellSeries,
  METHODS,
  type MethodName,
  type MethodOptions,
  makeMethod,
  TrainingView,
  topCells,
} from './predict.ts';
import { filterPoints, parseDays, parseHours, parseRange } from './select.ts';
import {
  areaGeometry,
  describeMonths,
  type HarmSource,
  loadCrimePoints,
  type ResolvedArea,
  resolveArea,
} from './store.ts';
import { hourByWeekday, topWindows, WEEKDAYS, weekProfile } from './times.ts';

export interface LabSelection {
  force?: string;
  area?: string;
  /** Square cell size in metres (default by the sfhotspot rule). */
  cell?: number;
  /** H3 resolution 8–10 instead of squares. */
  h3?: number;
  from?: string;
  to?: string;
  /** A named selection (crime/selections.ts: all-crime, serious-youth-violence…) or categories, comma-separated. */
  types?: string;
  /** Harm weight set to use instead of the force's own (see `beatwise weights`). */
  weights?: string;
  /** Home Office offence codes, comma-separated ('8N,5*'). */
  offences?: string;
  /** Victim age band, e.g. '0-24' (force extracts). */
  victimAge?: string;
  /** Local hours, e.g. '18-23' (force extracts). */
  hours?: string;
  /** Weekdays, e.g. 'fri-sun' (force extracts). */
  days?: string;
  /** Bounds on the work a request may imply (default: workLimits() from the environment). */
  limits?: WorkLimits;
}

export interface LabContext {
  area: ResolvedArea;
  selection: LabSelection;
  /** One line saying what was selected. */
  describe: string;
  grid: StudyGrid;
  gridSummary: GridSummary;
  points: CrimePoints;
  /** Study cell of each point (−1 never happens for the area's crimes, but is allowed). */
  cells: Int32Array;
  count: Float64Array;
  harm: Float64Array;
  kinds: DataKind[];
  months: [number, number] | null;
  harmLabel: string;
  caveats: string[];
  warnings: HotspotWarning[];
}

export interface GridSummary {
  kind: 'square' | 'h3';
  cells: number;
  /** Square: the cell size in metres; H3: the resolution and mean edge. */
  cellSizeM: number;
  cellSizeChosen: boolean;
  h3Resolution: number | null;
  areaKm2: number;
  cellsInsideArea: number;
}

/**
 * Loads and grids a selection: the common first step of every analysis. Harm uses the force's
 * weights (crime/weights-store.ts) unless a HarmSource is given.
 */
export async function prepare(store: Store, sel: LabSelection, harmSource?: HarmSource): Promise<LabContext> {
  const area = await resolveArea(store.db, sel.force, sel.area);
  const from = sel.from ? monthOf(sel.from, '--from') : undefined;
  const to = sel.to ? monthOf(sel.to, '--to') : undefined;
  if (from !== undefined && to !== undefined && from > to)
    throw new BeatwiseError('hotspots.bad_months', `--from ${sel.from} is after --to ${sel.to}`, {
      field: '--from',
    });
  const selection = resolveSelection(sel.types ?? 'all-crime');
  const offenceCodes = sel.offences
    ? sel.offences.split(',').map((c) =>
        c
          .trim()
          .toUpperCase()
          .replace(/^0+(?=\d)/, ''),
      )
    : undefined;
  const weights = harmSource ?? (await forceWeights(store.db, area.forceId, dataDir(), sel.weights));
  const loaded = await loadCrimePoints(
    store.db,
    area,
    { from, to, categories: selection.categories, offenceCodes, test: selection.test },
    weights,
  );
  let points = loaded.points;
  const victimAge = sel.victimAge ? parseRange(sel.victimAge, '--victim-age', 0, 120) : undefined;
  const hours = sel.hours ? parseHours(sel.hours) : undefined;
  const weekdays = sel.days ? parseDays(sel.days) : undefined;
  const hasExtract = loaded.kinds.includes('extract');
  if (!hasExtract && (selection.needs || offenceCodes || victimAge || hours || weekdays))
    throw new BeatwiseError(
      'hotspots.needs_extract',
      `${selection.needs ? `${selection.label} needs ${selection.needs}` : 'offence codes, victim age, hours and days need a force extract: police.uk open data carries the month only, no offence code and no victim details'}. ` +
        'Import the force extract (or a synthetic one), or choose categories instead.',
      { field: '--types' },
    );
  if (victimAge || hours || weekdays)
    points = subsetPoints(points, filterPoints(points, { victimAge, hours, weekdays }));
  const geometry = await areaGeometry(store.db, area);
  const limits = sel.limits ?? workLimits();
  checkGridWork({ cell: sel.cell, h3: sel.h3, polygons: geometry.bng, x: points.x, y: points.y }, limits);
  const built =
    sel.h3 !== undefined
      ? buildH3Grid({ polygons: geometry.wgs84, lon: points.lon, lat: points.lat, resolution: sel.h3 })
      : buildSquareGrid({ polygons: geometry.bng, x: points.x, y: points.y, size: sel.cell });
  const grid = built.grid;
  checkBuiltGrid(grid, limits);
  const cells = assignCells(grid, points);
  const count = binCells(cells, grid.n);
  const harm = binCells(cells, grid.n, points.harm);
  const warnings = [...built.warnings];
  if (geometry.bng.length === 0)
    warnings.push({
      code: 'no_points',
      message: `${area.name} has no boundary in the store: the grid covers only cells holding its crimes`,
    });
  if (points.n > 0 && points.n < grid.n)
    warnings.push({
      code: 'sparse',
      message:
        `fewer crimes (${points.n.toLocaleString('en-GB')}) than cells (${grid.n.toLocaleString('en-GB')}): most cells ` +
        'are empty whatever the pattern, so shares of area and the Gini partly measure sparsity (Bernasco & Steenbeek 2017)',
    });
  const caveats = loaded.kinds.map((k) => CAVEATS[k]);
  if (!loaded.harm) caveats.push(CAVEAT_NO_HARM);
  else if (loaded.unweighted)
    caveats.push(`${loaded.unweighted} crimes have no harm weight in ${loaded.harm}: they count 0 harm`);
  if (loaded.unlocated)
    caveats.push(`${loaded.unlocated} crimes of the selection have no location and are not on the grid`);
  const areas = cellAreas(grid);
  let areaM2 = 0;
  let inside = 0;
  for (let k = 0; k < grid.n; k++) {
    areaM2 += areas[k];
    inside += grid.inside[k];
  }
  const months = points.n ? loaded.months : null;
  const what = [
    selection.label,
    sel.offences ? `offence codes ${sel.offences}` : '',
    victimAge ? `victims aged ${victimAge[0]}–${victimAge[1]}` : '',
    hours ? `hours ${sel.hours}` : '',
    weekdays ? `days ${sel.days}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const synthetic = loaded.kinds.includes('synthetic') ? 'SYNTHETIC ' : '';
  return {
    area,
    selection: sel,
    describe: `${synthetic}${area.forceName}, ${area.level === 'force' ? 'whole force' : `${area.level} ${area.name}`}: ${what}, ${describeMonths(months)} (${points.n.toLocaleString('en-GB')} located crimes)`,
    grid,
    gridSummary: {
      kind: grid.kind,
      cells: grid.n,
      cellSizeM: grid.kind === 'square' ? grid.size : Math.round(grid.edge),
      cellSizeChosen: built.sizeChosen,
      h3Resolution: grid.kind === 'h3' ? grid.resolution : null,
      areaKm2: areaM2 / 1e6,
      cellsInsideArea: inside,
    },
    points,
    cells,
    count,
    harm,
    kinds: loaded.kinds,
    months,
    harmLabel: loaded.harm ?? 'count (no harm weights)',
    caveats,
    warnings,
  };
}

function monthOf(text: string, field: string): number {
  const m = parseMonth(text);
  if (m === null)
    throw new BeatwiseError('hotspots.bad_month', `${field} "${text}" is not a month like 2022-11`, {
      field,
    });
  return m;
}

/** One row of the grid/gistar CSV. */
export interface GridRow {
  cell_id: string;
  x_min: number;
  y_min: number;
  size_m: number;
  count: number;
  harm: number;
  gi_z: number | null;
  gi_p: number | null;
  gi_q: number | null;
  gi_bin: number | null;
}

export const GRID_COLUMNS = [
  'cell_id',
  'x_min',
  'y_min',
  'size_m',
  'count',
  'harm',
  'gi_z',
  'gi_p',
  'gi_q',
  'gi_bin',
] as const;

/** Grid rows for the given cells (default all), with Gi* columns when given. */
export function gridRows(
  ctx: LabContext,
  gi?: { z: Float64Array; p: Float64Array; q: Float64Array; bin: Int8Array },
  only?: ArrayLike<number>,
  values?: { count: Float64Array; harm: Float64Array },
): GridRow[] {
  const g = ctx.grid;
  const count = values?.count ?? ctx.count;
  const harm = values?.harm ?? ctx.harm;
  const idx = only ?? Array.from({ length: g.n }, (_, k) => k);
  const out: GridRow[] = [];
  for (let q = 0; q < idx.length; q++) {
    const k = idx[q];
    const c = cellCorner(g, k);
    out.push({
      cell_id: cellId(g, k),
      x_min: c.xMin,
      y_min: c.yMin,
      size_m: c.sizeM,
      count: count[k],
      harm: harm[k],
      gi_z: gi ? gi.z[k] : null,
      gi_p: gi ? gi.p[k] : null,
      gi_q: gi ? gi.q[k] : null,
      gi_bin: gi ? gi.bin[k] : null,
    });
  }
  return out;
}

function header(ctx: LabContext) {
  return {
    selection: ctx.describe,
    force: ctx.area.forceSlug,
    area: { level: ctx.area.level, code: ctx.area.code, name: ctx.area.name },
    months: ctx.months ? { from: formatMonth(ctx.months[0]), to: formatMonth(ctx.months[1]) } : null,
    grid: ctx.gridSummary,
    harm: ctx.harmLabel,
    caveats: ctx.caveats,
    warnings: ctx.warnings,
  };
}

export type Header = ReturnType<typeof header>;

/** Counts and harm per cell. */
export function gridResult(ctx: LabContext) {
  let crimes = 0;
  let withCrime = 0;
  for (let k = 0; k < ctx.grid.n; k++) {
    crimes += ctx.count[k];
    if (ctx.count[k] > 0) withCrime++;
  }
  return { ...header(ctx), crimes, cellsWithCrime: withCrime, rows: gridRows(ctx) };
}

export interface ConcentrationOptions {
  /** Area shares to report, as fractions (default 1%, 1.4%, 5%). */
  areaShares?: number[];
  /** Shares of crime to find the smallest cell set for (default 50%). */
  shares?: number[];
  by?: Measure;
}

/** "x% of the area holds y% of crime and z% of harm", smallest sets, Lorenz and Gini. */
export function concentrationResult(ctx: LabContext, o: ConcentrationOptions = {}) {
  const by = o.by ?? 'count';
  const areas = cellAreas(ctx.grid);
  const c = concentration(ctx.count, ctx.harm, areas, by);
  const primary = by === 'count' ? ctx.count : ctx.harm;
  const atArea = (o.areaShares ?? [0.01, 0.014, 0.05]).map((x) => ({
    areaShareAsked: x,
    ...sharesAtArea(c, x, primary),
  }));
  const forShare = (o.shares ?? [0.5]).map((p) => ({ shareAsked: p, ...cellsForShare(c, p, primary) }));
  const curve = sampleCurve(lorenz(primary, areas), 21);
  return {
    ...header(ctx),
    rankedBy: by,
    totals: { crimes: c.totalCount, harm: c.totalHarm, cells: c.cells, areaKm2: c.totalArea / 1e6 },
    atArea,
    forShare,
    gini: { count: gini(ctx.count, areas), harm: gini(ctx.harm, areas) },
    lorenz: { areaShare: curve.x, share: curve.y, of: by },
  };
}

export interface GiStarOptions {
  /** Neighbour distance in metres (default cell × √2; H3: 1 ring). */
  distance?: number;
  /** Gi_Bin on BH q-values (default) or raw p-values. */
  binOn?: 'p' | 'q';
  /** Gi* on harm instead of counts. */
  on?: Measure;
}

export function gistarResult(ctx: LabContext, o: GiStarOptions = {}) {
  checkNeighbourWork(ctx.grid, o.distance, ctx.selection.limits ?? workLimits());
  const nb = gridNeighbours(ctx.grid, o.distance, true);
  const values = o.on === 'harm' ? ctx.harm : ctx.count;
  const gi = giStarFull(values, nb, o.binOn ?? 'q');
  const bins: Record<string, number> = {};
  for (let k = 0; k < ctx.grid.n; k++) {
    const label = GI_BIN_LABELS[gi.bin[k]];
    bins[label] = (bins[label] ?? 0) + 1;
  }
  return {
    ...header(ctx),
    neighbours: nb.description,
    statisticOn: o.on ?? 'count',
    binsOn: o.binOn ?? 'q',
    bins,
    rows: gridRows(ctx, gi),
  };
}

export interface KdeRunOptions {
  bandwidth?: number;
  mode?: KdeMode;
  weight?: Measure;
}

export function kdeResult(ctx: LabContext, o: KdeRunOptions = {}) {
  checkKdeWork(kdeRequest(ctx, o.bandwidth, o.mode), ctx.selection.limits ?? workLimits());
  const w = o.weight === 'harm' ? ctx.points.harm : undefined;
  const r = quarticKde(ctx.grid, ctx.points.x, ctx.points.y, w, { bandwidth: o.bandwidth, mode: o.mode });
  const rows = gridRows(ctx).map((row, k) => ({
    cell_id: row.cell_id,
    x_min: row.x_min,
    y_min: row.y_min,
    size_m: row.size_m,
    count: row.count,
    harm: row.harm,
    density_per_km2: r.density[k],
  }));
  return {
    ...header(ctx),
    warnings: [...ctx.warnings, ...r.warnings],
    kernel: 'quartic 3/(πh²)(1−d²/h²)²',
    bandwidthM: r.bandwidth,
    bandwidthChosen: r.bandwidthChosen,
    cellSizeM: r.cellSize,
    mode: r.mode,
    weightedBy: o.weight ?? 'count',
    rows,
  };
}

/**
 * Splits the selection's months into whole periods of `months` months counted back from the last
 * month, so the recent periods (which decide emerging and former) are always full; months before the
 * first whole period are left out, and said so.
 */
function periodCounts(
  ctx: LabContext,
  months: number,
): { periods: { label: string; count: Float64Array }[]; leftOut: number } {
  if (!ctx.months) return { periods: [], leftOut: 0 };
  const [m0, m1] = ctx.months;
  const whole = Math.floor((m1 - m0 + 1) / months);
  const first = m1 - whole * months + 1;
  const out: { label: string; count: Float64Array }[] = [];
  for (let s = first; s <= m1; s += months) {
    const e = s + months - 1;
    const keep = new Uint8Array(ctx.points.n);
    for (let k = 0; k < ctx.points.n; k++)
      keep[k] = ctx.points.month[k] >= s && ctx.points.month[k] <= e ? 1 : 0;
    out.push({
      label: s === e ? formatMonth(s) : `${formatMonth(s)}..${formatMonth(e)}`,
      count: binCells(ctx.cells, ctx.grid.n, undefined, keep),
    });
  }
  return { periods: out, leftOut: first - m0 };
}

export interface ClassifyRunOptions extends Partial<ClassifyParams> {
  /** Months per period; default as sfhotspot chooses: 1 for up to 2 years of data, else 3. */
  periodMonths?: number;
  distance?: number;
}

export function classifyResult(ctx: LabContext, o: ClassifyRunOptions = {}) {
  const span = ctx.months ? ctx.months[1] - ctx.months[0] + 1 : 0;
  const periodChosen = o.periodMonths === undefined;
  const periodMonths = o.periodMonths ?? (span <= 24 ? 1 : 3);
  checkNeighbourWork(ctx.grid, o.distance, ctx.selection.limits ?? workLimits());
  const { periods, leftOut } = periodCounts(ctx, periodMonths);
  const nb = gridNeighbours(ctx.grid, o.distance, true);
  const r = classifyHotspots(
    periods.map((p) => p.count),
    nb,
    o,
  );
  const tally: Record<string, number> = {};
  for (let k = 0; k < ctx.grid.n; k++) {
    const l = CLASS_LABELS[r.classes[k]];
    tally[l] = (tally[l] ?? 0) + 1;
  }
  const rows = gridRows(ctx).map((row, k) => ({
    cell_id: row.cell_id,
    x_min: row.x_min,
    y_min: row.y_min,
    size_m: row.size_m,
    count: row.count,
    harm: row.harm,
    class: CLASS_LABELS[r.classes[k]],
    hot_periods: r.hotPeriods[k],
    cold_periods: r.coldPeriods[k],
  }));
  return {
    ...header(ctx),
    warnings: [
      ...ctx.warnings,
      ...(leftOut
        ? [
            {
              code: 'empty_period' as const,
              message: `the first ${leftOut} month${leftOut === 1 ? '' : 's'} (from ${formatMonth(ctx.months![0])}) do not fill a ${periodMonths}-month period and are left out: periods are counted back from the last month`,
            },
          ]
        : []),
      ...r.warnings,
    ],
    periodMonths,
    periodChosen,
    periods: r.periodsUsed.map((t) => periods[t].label),
    recentPeriods: r.recentPeriods,
    params: r.params,
    neighbours: nb.description,
    classes: tally,
    rows,
  };
}

export interface BacktestRunOptions extends Partial<MethodOptions> {
  methods?: MethodName[];
  coverages?: number[];
  minTrainMonths?: number;
}

function series(ctx: LabContext) {
  if (!ctx.months) throw new BeatwiseError('hotspots.no_crimes', `no located crimes match: ${ctx.describe}`);
  const [m0, m1] = ctx.months;
  const p = ctx.points;
  return buildCellSeries(ctx.grid.n, ctx.cells, p.month, p.harm, p.x, p.y, m0, m1 - m0 + 1);
}

export function backtestResult(ctx: LabContext, o: BacktestRunOptions = {}) {
  const names = o.methods ?? [...METHODS];
  // Each origin's KDE covers at most every crime of the selection: bound one such run.
  if (names.includes('kde')) checkKdeWork(kdeRequest(ctx, o.bandwidth), ctx.selection.limits ?? workLimits());
  const ordered: MethodName[] = ['naive', ...names.filter((m) => m !== 'naive')];
  const methods = ordered.map((m) => makeMethod(m, o));
  const nb = gridNeighbours(ctx.grid, undefined, true);
  const s = series(ctx);
  const r = backtest(s, ctx.grid, nb, methods, {
    coverages: o.coverages ?? [...DEFAULT_COVERAGES],
    minTrainMonths: o.minTrainMonths ?? o.window ?? 12,
  });
  return {
    ...header(ctx),
    origins: r.origins.map(formatMonth),
    testMonths: r.origins.map((m) => formatMonth(m + 1)),
    heldOut: 'each origin is scored on the month after it only, which no method saw',
    leakageAudit: r.audited ? 'passed: no prediction changed when later months were altered' : 'not run',
    methods: r.methods,
    coverages: r.coverages,
    summary: r.summary,
    perOrigin: r.scores,
  };
}

export interface PredictRunOptions extends Partial<MethodOptions> {
  method: MethodName;
  trainTo: string;
  /** Share of area to cover, 0..1 (default 1.4%). */
  coverage?: number;
}

export function predictResult(ctx: LabContext, o: PredictRunOptions) {
  const origin = monthOf(o.trainTo, '--train-to');
  if (o.method === 'kde') checkKdeWork(kdeRequest(ctx, o.bandwidth), ctx.selection.limits ?? workLimits());
  if (!ctx.months || origin < ctx.months[0])
    throw new BeatwiseError(
      'hotspots.no_training',
      `no crimes up to ${o.trainTo} to train on: ${ctx.describe}`,
      {
        field: '--train-to',
      },
    );
  if (origin > ctx.months[1])
    throw new BeatwiseError(
      'hotspots.no_training',
      `the data ends at ${formatMonth(ctx.months[1])}: --train-to must be that month or earlier`,
      { field: '--train-to' },
    );
  const s = series(ctx);
  const nb = gridNeighbours(ctx.grid, undefined, true);
  const method = makeMethod(o.method, o);
  // Only months up to --train-to reach the method: the view copies those and refuses later ones.
  const view = new TrainingView(s, origin, ctx.grid, nb);
  const score = method.predict(view);
  const coverage = o.coverage ?? 0.014;
  const chosen = topCells(score, cellAreas(ctx.grid), coverage);
  const window = o.window ?? 12;
  const trainCount = view.windowSum(window);
  const trainHarm = view.windowSum(window, 'harm');
  let gi: { z: Float64Array; p: Float64Array; q: Float64Array; bin: Int8Array } | undefined;
  if (o.method === 'gistar') gi = giStarFull(trainCount, nb);
  return {
    ...header(ctx),
    method: method.label,
    trainedTo: formatMonth(origin),
    predicts: formatMonth(origin + 1),
    coverage,
    countsAre: `crimes and harm per cell in the ${window} months to ${formatMonth(origin)}`,
    rows: gridRows(ctx, gi, chosen, { count: trainCount, harm: trainHarm }),
    scores: Array.from(chosen, (k) => score[k]),
  };
}

export interface TimesRunOptions {
  /** Hotspots to profile (default 10): the cells with most harm (or count). */
  top?: number;
  by?: Measure;
  windowMinutes?: number;
}

export function timesResult(ctx: LabContext, o: TimesRunOptions = {}) {
  const p = ctx.points;
  let timed = 0;
  for (let k = 0; k < p.n; k++) if (Number.isFinite(p.occurredFrom[k])) timed++;
  if (timed === 0)
    return {
      ...header(ctx),
      available: false as const,
      reason:
        'times of day cannot be derived: these crimes carry the month only (police.uk open data has no date or ' +
        'time). Import the force extract, with occurred_from/occurred_to, to profile patrol times.',
      hotspots: [],
    };
  const by = o.by ?? 'harm';
  const primary = by === 'harm' ? ctx.harm : ctx.count;
  const top = Math.min(o.top ?? 10, ctx.grid.n);
  const order = Array.from({ length: ctx.grid.n }, (_, k) => k)
    .sort((a, b) => primary[b] - primary[a] || ctx.count[b] - ctx.count[a] || a - b)
    .slice(0, top)
    .filter((k) => primary[k] > 0);
  const rowsOf = new Map<number, number[]>();
  for (let k = 0; k < p.n; k++) {
    const c = ctx.cells[k];
    if (c < 0) continue;
    const list = rowsOf.get(c);
    if (list) list.push(k);
    else rowsOf.set(c, [k]);
  }
  const minutes = Math.min(60, o.windowMinutes ?? 60);
  const hotspots = order.map((k) => {
    const prof = weekProfile(p.occurredFrom, p.occurredTo, p.harm, rowsOf.get(k) ?? []);
    const c = cellCorner(ctx.grid, k);
    return {
      cell_id: cellId(ctx.grid, k),
      x_min: c.xMin,
      y_min: c.yMin,
      size_m: c.sizeM,
      count: ctx.count[k],
      harm: ctx.harm[k],
      timed: prof.timed,
      untimed: prof.untimed,
      wideSpans: prof.wide,
      hourByWeekday: {
        days: [...WEEKDAYS],
        count: Array.from(hourByWeekday(prof.count)),
        harm: Array.from(hourByWeekday(prof.harm)),
      },
      windows: topWindows(by === 'harm' ? prof.harm : prof.count, minutes, 3),
    };
  });
  return {
    ...header(ctx),
    available: true as const,
    rankedBy: by,
    windowMinutes: minutes,
    method:
      'aoristic: a crime known to lie between two times is spread evenly over them, in 10-minute bins, Europe/London time',
    hotspots,
  };
}
