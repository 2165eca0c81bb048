/**
 * Building a plan from the hotspot lab: prepare the selection (force, area, months, crime types),
 * rank cells by a `hotspots predict` method trained on the selection (the months it reads; by default
 * the method with the best harm hit rate in a back-test on the area's last 18 months of data before
 * the plan starts, and the plan says so with the window),
 * merge the best cells into patrollable circles (merge-hotspots.ts), find each one's windows
 * (windows.ts) and its team, and write the paper's sentence for this plan.
 */
import { BeatwiseError } from '../core/errors.ts';
import { toWGS84 } from '../core/geo/bng.ts';
import type { Store } from '../core/store/store.ts';
import { formatMonth, parseMonth } from '../core/time/month.ts';
import { Assigner } from '../force/index.ts';
import {
  backtest,
  buildCellSeries,
  cellCentres,
  gridNeighbours,
  type LabContext,
  METHOD_DEFAULTS,
  METHODS,
  type MethodName,
  makeMethod,
  type PredictMethod,
  prepare,
  quarticKde,
  ruleOfThumbBandwidth,
  TrainingView,
} from '../hotspots/index.ts';
import { planDays } from './days.ts';
import { mergeHotspots } from './merge-hotspots.ts';
import {
  PLAN_DEFAULTS,
  type PlanBody,
  type PlanHotspot,
  type PlanParams,
  type PlanSummary,
} from './model.ts';
import { hotspotWindows } from './windows.ts';

/** How many months a default back-test scores (the last ones of its window), to keep plan building quick. */
export const BACKTEST_ORIGINS = 6;
/**
 * How many months of data a default back-test reads: the last ones before the plan's start, enough
 * for each of the BACKTEST_ORIGINS scored months to see the methods' full window (12 months). The
 * methods read no further back, so each month scores as in a back-test over all the data; the work
 * no longer grows with every year of history in the store.
 */
export const BACKTEST_WINDOW_MONTHS = METHOD_DEFAULTS.window + BACKTEST_ORIGINS;

/**
 * KDE as the back-test scores it: the same quartic kernel and rule-of-thumb bandwidth h (from the
 * window's crimes, as the KDE method computes it), but the crimes are first pooled to a lattice of
 * side max(cell, h/8), each lattice square's crimes scattered from their centroid with their count
 * as weight. The exact KDE scatters every crime over every cell within h (at force scale h is a few
 * kilometres): it would take most of a force-wide plan's time, every scored month. A crime moves at
 * most h/8 × √2/2 (to its square's centroid, usually much less), small against a kernel of radius h;
 * the plan itself, when KDE is chosen, ranks with the exact KDE.
 */
function pooledKde(view: TrainingView, window: number): Float64Array {
  let n = 0;
  for (let k = 0; k < view.month.length; k++) if (view.month[k] > view.origin - window) n++;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let q = 0;
  for (let k = 0; k < view.month.length; k++)
    if (view.month[k] > view.origin - window) {
      x[q] = view.x[k];
      y[q] = view.y[k];
      q++;
    }
  const cellSize = view.grid.kind === 'square' ? view.grid.size : view.grid.edge;
  let h = ruleOfThumbBandwidth(x, y);
  if (!(h > 0)) h = cellSize * 4; // as quarticKde does
  const side = Math.max(cellSize, h / 8);
  const squares = new Map<number, number>();
  const sx: number[] = [];
  const sy: number[] = [];
  const sw: number[] = [];
  for (let k = 0; k < n; k++) {
    const key = Math.floor(x[k] / side) * 1_000_003 + Math.floor(y[k] / side);
    let s = squares.get(key);
    if (s === undefined) {
      s = sw.length;
      squares.set(key, s);
      sx.push(0);
      sy.push(0);
      sw.push(0);
    }
    sx[s] += x[k];
    sy[s] += y[k];
    sw[s] += 1;
  }
  const px = Float64Array.from(sx, (v, s) => v / sw[s]);
  const py = Float64Array.from(sy, (v, s) => v / sw[s]);
  return quarticKde(view.grid, px, py, Float64Array.from(sw), { bandwidth: h }).density;
}

/** The methods as the back-test scores them: as `makeMethod`, but KDE pooled (pooledKde). */
function backtestMethods(): PredictMethod[] {
  return (['naive', ...METHODS.filter((m) => m !== 'naive')] as MethodName[]).map((m): PredictMethod => {
    const method = makeMethod(m);
    if (m !== 'kde') return method;
    return {
      name: method.name,
      label: `${method.label}, crimes pooled`,
      predict: (v) => pooledKde(v, METHOD_DEFAULTS.window),
    };
  });
}

export interface PlanDraft {
  params: PlanParams;
  summary: PlanSummary;
  hotspots: PlanHotspot[];
  area: { forceId: number; level: string; code: string; name: string; unit: string; team: string };
  synthetic: boolean;
}

function pct(v: number): string {
  const p = v * 100;
  return `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/**
 * Chooses the method: the one given, else the best harm hit rate in a back-test over a bounded
 * recent window: the last BACKTEST_WINDOW_MONTHS months of data before `beforeMonth` (the plan's
 * first month; all the data when not given), scoring its last BACKTEST_ORIGINS months. The reason
 * says which window was used.
 */
export function chooseMethod(
  ctx: LabContext,
  given: MethodName | undefined,
  coverage: number,
  beforeMonth?: number,
): { method: MethodName; reason: string } {
  if (given) return { method: given, reason: `${given}: chosen by the planner` };
  if (!ctx.months) throw new BeatwiseError('patrols.no_crimes', `no located crimes match: ${ctx.describe}`);
  // The window: up to the month before the plan starts (or the last month of data, if earlier).
  const last = beforeMonth === undefined ? ctx.months[1] : Math.min(ctx.months[1], beforeMonth - 1);
  const first = Math.max(ctx.months[0], last - BACKTEST_WINDOW_MONTHS + 1);
  const months = last - first + 1;
  if (months < 3)
    return {
      method: 'harm',
      reason: `harm: the default, as ${Math.max(0, months)} month(s) of data before the plan are too few to back-test the methods`,
    };
  const window = first === last ? formatMonth(first) : `${formatMonth(first)} to ${formatMonth(last)}`;
  const p = ctx.points;
  const series = buildCellSeries(ctx.grid.n, ctx.cells, p.month, p.harm, p.x, p.y, first, months);
  const nb = gridNeighbours(ctx.grid, undefined, true);
  const r = backtest(series, ctx.grid, nb, backtestMethods(), {
    coverages: [coverage],
    minTrainMonths: Math.max(1, months - BACKTEST_ORIGINS),
    audit: false,
  });
  const ok = r.summary.filter((s) => Number.isFinite(s.harmHitRate));
  if (ok.length === 0)
    return { method: 'harm', reason: `harm: the default (the back-test on ${window} scored no month)` };
  ok.sort((a, b) => b.harmHitRate - a.harmHitRate || b.hitRate - a.hitRate);
  const best = ok[0];
  const others = ok
    .slice(1)
    .map((s) => `${s.method} ${pct(s.harmHitRate)}`)
    .join(', ');
  return {
    method: best.method as MethodName,
    reason:
      `${best.method}: best harm hit rate in a back-test on the area's data of ${window} (${months} months before the plan; ` +
      `${pct(best.harmHitRate)} of next month's harm in the top ${pct(coverage)} of the area, mean of the last ${best.origins} months; ${others})`,
  };
}

/** Builds a plan draft (nothing stored). `force` is the force slug. */
export async function buildPlan(store: Store, force: string, body: PlanBody): Promise<PlanDraft> {
  planDays(body.startDate, body.endDate);
  const radiusM = body.radius ?? PLAN_DEFAULTS.radiusM;
  const minSeparationM = body.minSeparation ?? PLAN_DEFAULTS.minSeparationM;
  const visitMinutes = body.visitMinutes ?? PLAN_DEFAULTS.visitMinutes;
  const capMinutes = body.capMinutes ?? PLAN_DEFAULTS.capMinutes;
  if (visitMinutes > capMinutes)
    throw new BeatwiseError(
      'patrols.bad_visit',
      `visitMinutes ${visitMinutes} is over the cap of ${capMinutes} minutes`,
      {
        field: 'visitMinutes',
      },
    );
  const visitsPerDay = body.visitsPerDay ?? PLAN_DEFAULTS.visitsPerDay;
  const cellM = body.cell ?? PLAN_DEFAULTS.cellM;
  const ctx = await prepare(store, {
    force,
    area: body.area,
    cell: cellM,
    from: body.from,
    to: body.to,
    types: body.types,
  });
  if (!ctx.months || ctx.points.n === 0)
    throw new BeatwiseError('patrols.no_crimes', `no located crimes to plan from: ${ctx.describe}`, {
      field: 'types',
    });
  const coverage = body.coverage ?? 0.014;
  const chosen = chooseMethod(
    ctx,
    body.method,
    coverage,
    parseMonth(body.startDate.slice(0, 7)) ?? undefined,
  );
  const method = makeMethod(chosen.method);
  const p = ctx.points;
  // The methods read the last METHOD_DEFAULTS.window months only (windowSum, KDE's points, Gi*'s
  // window, prospective's two months): the series holds those, not every month of the store.
  const seriesFrom = Math.max(ctx.months[0], ctx.months[1] - METHOD_DEFAULTS.window + 1);
  const series = buildCellSeries(
    ctx.grid.n,
    ctx.cells,
    p.month,
    p.harm,
    p.x,
    p.y,
    seriesFrom,
    ctx.months[1] - seriesFrom + 1,
  );
  const view = new TrainingView(series, ctx.months[1], ctx.grid, gridNeighbours(ctx.grid, undefined, true));
  const score = method.predict(view);
  const { cx, cy } = cellCentres(ctx.grid);
  const areaM2 = ctx.gridSummary.areaKm2 * 1e6;
  // With a share of area instead of a count: as many circles as that share of the area holds.
  const count = body.coverage
    ? Math.max(1, Math.round((body.coverage * areaM2) / (Math.PI * radiusM * radiusM)))
    : (body.hotspots ?? PLAN_DEFAULTS.hotspots);
  const merged = mergeHotspots(
    { cx, cy, score, px: p.x, py: p.y, pharm: p.harm, areaM2 },
    { count, radiusM, minSeparationM },
  );
  const assigner = await Assigner.load(store.db, ctx.area.forceId);
  const teams = await store.db
    .selectFrom('areas')
    .select(['id', 'code'])
    .where('force_id', '=', ctx.area.forceId)
    .where('level', 'in', ['team', 'unit'])
    .execute();
  const codeOf = new Map(teams.map((t) => [t.id, t.code]));
  const placement = Assigner.emptyPlacement();
  let timedAny = false;
  const hotspots = merged.hotspots.map((h, i): PlanHotspot => {
    const [lon, lat] = toWGS84(h.x, h.y);
    const w = hotspotWindows(p.occurredFrom, p.occurredTo, p.harm, h.rows, visitsPerDay, visitMinutes);
    if (w.source === 'crime times') timedAny = true;
    assigner.place(h.x, h.y, placement);
    return {
      rank: i + 1,
      label: `H${i + 1}`,
      x: Math.round(h.x),
      y: Math.round(h.y),
      lon: Number(lon.toFixed(6)),
      lat: Number(lat.toFixed(6)),
      radiusM,
      polygon: null,
      teamCode: codeOf.get(placement.ids.team) ?? '',
      crimes: h.crimes,
      harm: h.harm,
      crimeShare: merged.totalCrimes ? h.crimes / merged.totalCrimes : 0,
      harmShare: merged.totalHarm ? h.harm / merged.totalHarm : 0,
      areaShare: areaM2 > 0 ? (Math.PI * radiusM * radiusM) / areaM2 : 0,
      windows: w.windows,
      windowSource: w.source,
    };
  });
  const where = ctx.area.level === 'force' ? ctx.area.forceName : ctx.area.name;
  const span = `${formatMonth(ctx.months[0])} to ${formatMonth(ctx.months[1])}`;
  const sentence =
    `${hotspots.length} hotspots of ${radiusM} m radius, at least ${minSeparationM} m apart, cover ${pct(merged.areaShare)} of ` +
    `${where}'s area and held ${pct(merged.crimeShare)} of its crime and ${pct(merged.harmShare)} of its harm (${span}).`;
  const windowsFrom = timedAny
    ? 'the riskiest hours and weekdays of each hotspot’s crimes (aoristic, Europe/London time)'
    : 'the force’s default shift pattern: these crimes carry the month only (police.uk open data has no date or time), so no hotspot’s riskiest hours can be derived';
  const warnings = ctx.warnings.map((w) => w.message);
  if (hotspots.length < count)
    warnings.push(
      `only ${hotspots.length} of the ${count} hotspots asked for fit ${minSeparationM} m apart among the best-ranked cells`,
    );
  const synthetic = ctx.kinds.includes('synthetic');
  const areaRow = await store.db
    .selectFrom('areas')
    .select(['parent_id'])
    .where('id', '=', ctx.area.areaId)
    .executeTakeFirst();
  let unit = '';
  let team = '';
  if (ctx.area.level === 'unit') unit = ctx.area.code;
  if (ctx.area.level === 'team') {
    team = ctx.area.code;
    unit = areaRow?.parent_id ? (codeOf.get(areaRow.parent_id) ?? '') : '';
  }
  return {
    params: {
      force: ctx.area.forceSlug,
      area: body.area ?? null,
      from: body.from ?? null,
      to: body.to ?? null,
      types: body.types ?? 'all-crime',
      method: body.method ?? null,
      hotspots: count,
      coverage: body.coverage ?? null,
      cellM,
      radiusM,
      minSeparationM,
      visitMinutes,
      visitsPerDay,
      capMinutes,
      startDate: body.startDate,
      endDate: body.endDate,
      randomise: body.randomise ?? false,
      patrolShare: body.patrolShare ?? PLAN_DEFAULTS.patrolShare,
      seed: body.seed ?? null,
    },
    summary: {
      sentence,
      areaShare: merged.areaShare,
      crimeShare: merged.crimeShare,
      harmShare: merged.harmShare,
      method: chosen.method,
      methodLabel: method.label,
      methodReason: chosen.reason,
      describe: ctx.describe,
      months: [formatMonth(ctx.months[0]), formatMonth(ctx.months[1])],
      windowsFrom,
      caveats: ctx.caveats,
      warnings,
      synthetic,
    },
    hotspots,
    area: {
      forceId: ctx.area.forceId,
      level: ctx.area.level,
      code: ctx.area.code,
      name: ctx.area.name,
      unit,
      team,
    },
    synthetic,
  };
}
