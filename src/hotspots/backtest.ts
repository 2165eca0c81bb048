/**
 * Honest backtests of hotspot predictions, as open_cp does them, for every force: rolling origins
 * over the data; at each origin every method predicts from the months up to the origin only, and is
 * scored on the next month only, which it never saw.
 *
 * Scores at each area coverage c (1%, 1.4%, 5% by default):
 * - hit rate: share of the test month's crimes inside the predicted cells;
 * - PAI (predictive accuracy index, Chainey 2008): hit rate / share of area;
 * - PEI (predictive efficiency index, Hunt 2016): crimes captured / the most any choice of cells of
 *   the same area could have captured that month (1 = perfect);
 * - harm hit rate: the same as hit rate, for harm.
 * Cells are taken by score, most first. Where equal scores straddle the area budget, the tied group
 * is taken in part: its crimes count in proportion to the part taken, the expected result of
 * breaking the tie at random, so a method gains nothing from the order cells happen to be stored in.
 *
 * Leakage: methods see the data through TrainingView (predict.ts), which refuses later months. On top
 * of that, each method is audited at the first origin: the caller's data for the months after the
 * origin is scrambled in place, the prediction repeated, and the data restored. A prediction that
 * changes used the future (for instance through a closure over the raw arrays): the backtest stops
 * with BeatwiseError 'hotspots.leakage' naming the method.
 */
import { BeatwiseError } from '../core/errors.ts';
import { formatMonth } from '../core/time/month.ts';
import type { StudyGrid } from './grid.ts';
import { cellAreas } from './grid.ts';
import type { Neighbours } from './model.ts';
import { type CellSeries, type PredictMethod, TrainingView } from './predict.ts';

export const DEFAULT_COVERAGES = [0.01, 0.014, 0.05] as const;

export interface CoverageScore {
  hitRate: number;
  pai: number;
  pei: number;
  harmHitRate: number;
}

/** NaN scores rank last, with −∞. */
function key(v: number): number {
  return Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
}

/** Cells by score, highest first, ties in cell order. */
export function rankDesc(v: Float64Array): Int32Array {
  const keys = new Float64Array(v.length);
  for (let k = 0; k < v.length; k++) keys[k] = key(v[k]);
  const order = new Int32Array(v.length);
  for (let k = 0; k < v.length; k++) order[k] = k;
  return order.sort((a, b) => keys[b] - keys[a] || a - b);
}

/**
 * What the cells with the highest `score`, up to `coverage` of the area, capture of `actual`, with
 * tied groups at the budget taken in proportion (see above). Returns captured crimes and harm.
 */
export function captured(
  score: Float64Array,
  area: Float64Array,
  coverage: number,
  actual: Float64Array,
  actualHarm?: Float64Array,
  order: Int32Array = rankDesc(score),
): { count: number; harm: number; area: number } {
  let total = 0;
  for (let k = 0; k < area.length; k++) total += area[k];
  let budget = coverage * total;
  let count = 0;
  let harm = 0;
  let used = 0;
  let r = 0;
  const n = order.length;
  while (r < n && budget > 1e-9 * total) {
    let e = r;
    let ga = 0;
    let gc = 0;
    let gh = 0;
    const s = key(score[order[r]]);
    // Scores equal to 1e-9 (relative) are ties: sums of the same weights in another order differ in the last bits.
    const floor = s - Math.abs(s) * 1e-9;
    while (e < n && (key(score[order[e]]) === s || key(score[order[e]]) >= floor)) {
      const k = order[e];
      ga += area[k];
      gc += actual[k];
      if (actualHarm) gh += actualHarm[k];
      e++;
    }
    const f = ga <= budget ? 1 : budget / ga;
    count += f * gc;
    harm += f * gh;
    used += f * ga;
    budget -= f * ga;
    r = e;
  }
  return { count, harm, area: used / total };
}

/** Hit rate, PAI, PEI and harm hit rate of one prediction against one month. */
export function scoreAtCoverage(
  score: Float64Array,
  area: Float64Array,
  coverage: number,
  actual: Float64Array,
  actualHarm: Float64Array,
  order?: Int32Array,
  bestOrder?: Int32Array,
): CoverageScore {
  let totalCount = 0;
  let totalHarm = 0;
  for (let k = 0; k < actual.length; k++) {
    totalCount += actual[k];
    totalHarm += actualHarm[k];
  }
  const got = captured(score, area, coverage, actual, actualHarm, order);
  // The best possible: cells ranked by the month's own crimes per unit area.
  const density = new Float64Array(actual.length);
  for (let k = 0; k < actual.length; k++) density[k] = actual[k] / area[k];
  const best = captured(density, area, coverage, actual, undefined, bestOrder ?? rankDesc(density));
  const hitRate = totalCount > 0 ? got.count / totalCount : Number.NaN;
  return {
    hitRate,
    pai: got.area > 0 ? hitRate / got.area : Number.NaN,
    pei: best.count > 0 ? got.count / best.count : Number.NaN,
    harmHitRate: totalHarm > 0 ? got.harm / totalHarm : Number.NaN,
  };
}

export interface BacktestOptions {
  coverages?: readonly number[];
  /** Months of data before the first origin may predict (default 12). */
  minTrainMonths?: number;
  /** Run the leakage audit (default true). */
  audit?: boolean;
}

export interface MethodSummary {
  method: string;
  label: string;
  coverage: number;
  origins: number;
  hitRate: number;
  pai: number;
  pei: number;
  harmHitRate: number;
  /** Origins where this method's hit rate beat / tied / fell below naive's (the first method). */
  vsBaseline: { better: number; same: number; worse: number };
}

export interface BacktestResult {
  /** Origins (months since 1970-01); each is scored on origin + 1. */
  origins: number[];
  methods: { name: string; label: string }[];
  coverages: number[];
  /** scores[method][coverage][origin]. */
  scores: CoverageScore[][][];
  summary: MethodSummary[];
  audited: boolean;
}

/** Scrambles the months after `origin` in place; returns a function that puts them back. */
function scrambleFuture(series: CellSeries, origin: number): () => void {
  const from = (origin - series.month0 + 1) * series.n;
  const savedCount = series.count.slice(from);
  const savedHarm = series.harm.slice(from);
  const n = series.n;
  for (let q = from; q < series.count.length; q++) {
    const t = Math.floor(q / n);
    const k = q - t * n;
    series.count[q] = savedCount[t * n + (n - 1 - k) - from] + 1 + (k % 3);
    series.harm[q] = savedHarm[t * n + (n - 1 - k) - from] * 2 + 1;
  }
  const future: number[] = [];
  for (let k = 0; k < series.pmonth.length; k++) if (series.pmonth[k] > origin) future.push(k);
  const saved = future.map((k) => [series.px[k], series.py[k], series.pharm[k]]);
  for (const k of future) {
    series.px[k] += 1234.5;
    series.py[k] -= 987.25;
    series.pharm[k] = series.pharm[k] * 3 + 1;
  }
  return () => {
    series.count.set(savedCount, from);
    series.harm.set(savedHarm, from);
    future.forEach((k, i) => {
      series.px[k] = saved[i][0];
      series.py[k] = saved[i][1];
      series.pharm[k] = saved[i][2];
    });
  };
}

function sameArrays(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++)
    if (a[k] !== b[k] && !(Number.isNaN(a[k]) && Number.isNaN(b[k]))) return false;
  return true;
}

/**
 * Runs a method at an origin twice, the second time with every later month scrambled; throws
 * 'hotspots.leakage' when the two predictions differ. The data is always restored.
 */
export function auditLeakage(
  series: CellSeries,
  method: PredictMethod,
  origin: number,
  grid: StudyGrid,
  nb: Neighbours,
): void {
  if (origin >= series.month0 + series.months - 1) return; // nothing after the origin to leak
  const first = method.predict(new TrainingView(series, origin, grid, nb));
  const restore = scrambleFuture(series, origin);
  let second: Float64Array;
  try {
    second = method.predict(new TrainingView(series, origin, grid, nb));
  } finally {
    restore();
  }
  if (!sameArrays(first, second))
    throw new BeatwiseError(
      'hotspots.leakage',
      `method "${method.name}" changed its prediction for ${formatMonth(origin + 1)} when months after its origin ` +
        `(${formatMonth(origin)}) were altered: it uses data it must not see, so its backtest scores would be false`,
      {},
      { method: method.name, origin: formatMonth(origin) },
    );
}

/**
 * Every method's prediction from the months up to `origin`, scored on origin + 1 only:
 * result[method][coverage].
 */
export function scoreOrigin(
  series: CellSeries,
  origin: number,
  grid: StudyGrid,
  nb: Neighbours,
  methods: readonly PredictMethod[],
  coverages: readonly number[],
  area: Float64Array = cellAreas(grid),
): CoverageScore[][] {
  const t = origin + 1 - series.month0;
  if (t < 1 || t >= series.months)
    throw new BeatwiseError(
      'hotspots.bad_origin',
      `no month after ${formatMonth(origin)} in the data to score on`,
    );
  const view = new TrainingView(series, origin, grid, nb);
  const actual = series.count.subarray(t * series.n, (t + 1) * series.n);
  const actualHarm = series.harm.subarray(t * series.n, (t + 1) * series.n);
  const density = new Float64Array(series.n);
  for (let k = 0; k < series.n; k++) density[k] = actual[k] / area[k];
  const bestOrder = rankDesc(density);
  return methods.map((m) => {
    const score = m.predict(view);
    const order = rankDesc(score);
    return coverages.map((c) => scoreAtCoverage(score, area, c, actual, actualHarm, order, bestOrder));
  });
}

/**
 * Rolling-origin backtest. Origins run from month0 + minTrainMonths − 1 to the month before the last;
 * at each, every method predicts origin + 1 from months ≤ origin and is scored on origin + 1 only.
 * Put the naive baseline first: the summary compares every method with the first.
 */
export function backtest(
  series: CellSeries,
  grid: StudyGrid,
  nb: Neighbours,
  methods: readonly PredictMethod[],
  options: BacktestOptions = {},
): BacktestResult {
  const coverages = [...(options.coverages ?? DEFAULT_COVERAGES)];
  const minTrain = options.minTrainMonths ?? 12;
  const first = series.month0 + minTrain - 1;
  const last = series.month0 + series.months - 2;
  if (first > last)
    throw new BeatwiseError(
      'hotspots.too_few_months',
      `a backtest needs at least ${minTrain + 1} months (${minTrain} to train, 1 to test); the data has ${series.months}. ` +
        'Widen --from/--to or lower --min-train.',
    );
  const area = cellAreas(grid);
  const origins: number[] = [];
  for (let o = first; o <= last; o++) origins.push(o);
  const audit = options.audit ?? true;
  if (audit) for (const m of methods) auditLeakage(series, m, origins[0], grid, nb);
  const scores: CoverageScore[][][] = methods.map(() => coverages.map(() => []));
  for (const origin of origins) {
    const at = scoreOrigin(series, origin, grid, nb, methods, coverages, area);
    at.forEach((perCoverage, mi) => {
      perCoverage.forEach((sc, ci) => {
        scores[mi][ci].push(sc);
      });
    });
  }
  const summary: MethodSummary[] = [];
  methods.forEach((m, mi) => {
    coverages.forEach((c, ci) => {
      const s = scores[mi][ci];
      const base = scores[0][ci];
      const vs = { better: 0, same: 0, worse: 0 };
      s.forEach((x, oi) => {
        const b = base[oi].hitRate;
        if (Number.isNaN(x.hitRate) || Number.isNaN(b)) return;
        if (Math.abs(x.hitRate - b) < 1e-12) vs.same++;
        else if (x.hitRate > b) vs.better++;
        else vs.worse++;
      });
      summary.push({
        method: m.name,
        label: m.label,
        coverage: c,
        origins: s.length,
        hitRate: mean(s.map((x) => x.hitRate)),
        pai: mean(s.map((x) => x.pai)),
        pei: mean(s.map((x) => x.pei)),
        harmHitRate: mean(s.map((x) => x.harmHitRate)),
        vsBaseline: vs,
      });
    });
  });
  return {
    origins,
    methods: methods.map((m) => ({ name: m.name, label: m.label })),
    coverages,
    scores,
    summary,
    audited: audit,
  };
}

function mean(v: number[]): number {
  let s = 0;
  let n = 0;
  for (const x of v)
    if (!Number.isNaN(x)) {
      s += x;
      n++;
    }
  return n ? s / n : Number.NaN;
}
