/**
 * Predicting next month's hotspots from the months up to an origin, five ways:
 *
 * - naive:       crimes per cell over the last `window` months (the baseline to beat);
 * - harm:        harm per cell over the same window;
 * - kde:         quartic KDE of the window's crimes (kde.ts), bandwidth by rule of thumb or set;
 * - prospective: Bowers, Johnson & Pease (2004): each recent crime adds 1 / ((1 + d)(1 + t)) to cells
 *                within `radius` metres, d in cell widths, t in months before the origin (0 = the
 *                origin month), for the last `prospectiveMonths` months. Police.uk data carries the month
 *                only, so t counts months where the original counted weeks;
 * - gistar:      the Gi* z-score of the window's counts.
 *
 * A method sees the data only through a TrainingView, which holds copies of the months up to the
 * origin and refuses (BeatwiseError 'hotspots.leakage') any later month.
 */
import { BeatwiseError } from '../core/errors.ts';
import { formatMonth } from '../core/time/month.ts';
import { giStar } from './gistar.ts';
import type { StudyGrid } from './grid.ts';
import { smoothCells } from './grid.ts';
import { quarticKde } from './kde.ts';
import type { Neighbours } from './model.ts';

/**
 * Crime per cell per month, and the crimes themselves (for KDE), over consecutive months
 * month0 .. month0 + months − 1. count and harm are laid out month by month: [t·n + cell].
 */
export interface CellSeries {
  n: number;
  month0: number;
  months: number;
  count: Float64Array;
  harm: Float64Array;
  px: Float64Array;
  py: Float64Array;
  pmonth: Int32Array;
  pharm: Float64Array;
}

/** Builds the series from points already assigned to cells (cell −1 and months out of range are left out). */
export function buildCellSeries(
  n: number,
  cells: Int32Array,
  month: Int32Array,
  harm: Float64Array,
  x: Float64Array,
  y: Float64Array,
  month0: number,
  months: number,
): CellSeries {
  const count = new Float64Array(n * months);
  const h = new Float64Array(n * months);
  let m = 0;
  for (let k = 0; k < cells.length; k++) {
    const t = month[k] - month0;
    if (t < 0 || t >= months) continue;
    m++;
    if (cells[k] < 0) continue;
    count[t * n + cells[k]] += 1;
    h[t * n + cells[k]] += harm[k];
  }
  const px = new Float64Array(m);
  const py = new Float64Array(m);
  const pmonth = new Int32Array(m);
  const pharm = new Float64Array(m);
  let q = 0;
  for (let k = 0; k < cells.length; k++) {
    const t = month[k] - month0;
    if (t < 0 || t >= months) continue;
    px[q] = x[k];
    py[q] = y[k];
    pmonth[q] = month[k];
    pharm[q] = harm[k];
    q++;
  }
  return { n, month0, months, count, harm: h, px, py, pmonth, pharm };
}

/** What a prediction method may see: the months up to and including the origin, copied. */
export class TrainingView {
  readonly n: number;
  readonly firstMonth: number;
  /** The last month the method may use. */
  readonly origin: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly month: Int32Array;
  readonly pointHarm: Float64Array;
  private readonly counts: Float64Array;
  private readonly harms: Float64Array;

  constructor(
    series: CellSeries,
    origin: number,
    readonly grid: StudyGrid,
    readonly neighbours: Neighbours,
  ) {
    const upto = origin - series.month0 + 1;
    if (upto < 1 || upto > series.months)
      throw new BeatwiseError(
        'hotspots.bad_origin',
        `origin ${formatMonth(origin)} is outside the data (${formatMonth(series.month0)}..${formatMonth(series.month0 + series.months - 1)})`,
      );
    this.n = series.n;
    this.firstMonth = series.month0;
    this.origin = origin;
    this.counts = series.count.slice(0, upto * series.n);
    this.harms = series.harm.slice(0, upto * series.n);
    let m = 0;
    for (let k = 0; k < series.pmonth.length; k++) if (series.pmonth[k] <= origin) m++;
    this.x = new Float64Array(m);
    this.y = new Float64Array(m);
    this.month = new Int32Array(m);
    this.pointHarm = new Float64Array(m);
    let q = 0;
    for (let k = 0; k < series.pmonth.length; k++) {
      if (series.pmonth[k] > origin) continue;
      this.x[q] = series.px[k];
      this.y[q] = series.py[k];
      this.month[q] = series.pmonth[k];
      this.pointHarm[q] = series.pharm[k];
      q++;
    }
  }

  private check(month: number): number {
    if (month > this.origin)
      throw new BeatwiseError(
        'hotspots.leakage',
        `a prediction for after ${formatMonth(this.origin)} asked for ${formatMonth(month)}: a method may use months up to its origin only`,
      );
    return month - this.firstMonth;
  }

  /** Crimes per cell in one month (zeros before the data starts). */
  count(month: number): Float64Array {
    const t = this.check(month);
    if (t < 0) return new Float64Array(this.n);
    return this.counts.subarray(t * this.n, (t + 1) * this.n);
  }

  harm(month: number): Float64Array {
    const t = this.check(month);
    if (t < 0) return new Float64Array(this.n);
    return this.harms.subarray(t * this.n, (t + 1) * this.n);
  }

  /** Sum of counts (or harm) per cell over the `window` months ending at the origin. */
  windowSum(window: number, what: 'count' | 'harm' = 'count'): Float64Array {
    const out = new Float64Array(this.n);
    // Months before the data add nothing: start at the first (a window of 1e9 months is all the data).
    for (let m = Math.max(this.origin - window + 1, this.firstMonth); m <= this.origin; m++) {
      const v = what === 'count' ? this.count(m) : this.harm(m);
      for (let k = 0; k < this.n; k++) out[k] += v[k];
    }
    return out;
  }
}

export const METHODS = ['naive', 'harm', 'kde', 'prospective', 'gistar'] as const;
export type MethodName = (typeof METHODS)[number];

export interface MethodOptions {
  /** Months of history the counting methods, KDE and Gi* use (default 12). */
  window: number;
  /** KDE bandwidth in metres (default: rule of thumb on the window's crimes). */
  bandwidth?: number;
  /** Prospective hotspotting: distance band (metres, default 400) and months (default 2). */
  prospectiveRadius: number;
  prospectiveMonths: number;
}

export const METHOD_DEFAULTS: MethodOptions = { window: 12, prospectiveRadius: 400, prospectiveMonths: 2 };

export interface PredictMethod {
  name: string;
  label: string;
  /** A score per cell: higher = more likely to hold next month's crime. */
  predict(view: TrainingView): Float64Array;
}

export function makeMethod(name: MethodName, options: Partial<MethodOptions> = {}): PredictMethod {
  const o: MethodOptions = { ...METHOD_DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) Object.assign(o, { [k]: v });
  const w = o.window;
  switch (name) {
    case 'naive':
      return { name, label: `crimes in the last ${w} months`, predict: (v) => v.windowSum(w) };
    case 'harm':
      return { name, label: `harm in the last ${w} months`, predict: (v) => v.windowSum(w, 'harm') };
    case 'kde':
      return {
        name,
        label: `quartic KDE of the last ${w} months (${o.bandwidth ? `${o.bandwidth} m` : 'rule-of-thumb'} bandwidth)`,
        predict: (v) => {
          const keep: number[] = [];
          for (let k = 0; k < v.month.length; k++) if (v.month[k] > v.origin - w) keep.push(k);
          const x = Float64Array.from(keep, (k) => v.x[k]);
          const y = Float64Array.from(keep, (k) => v.y[k]);
          return quarticKde(v.grid, x, y, undefined, { bandwidth: o.bandwidth }).density;
        },
      };
    case 'prospective':
      return {
        name,
        label: `prospective (1/((1+d)(1+t)), ${o.prospectiveRadius} m, ${o.prospectiveMonths} months)`,
        predict: (v) => {
          const agg = new Float64Array(v.n);
          for (let t = 0; t < o.prospectiveMonths; t++) {
            const c = v.count(v.origin - t);
            for (let k = 0; k < v.n; k++) agg[k] += c[k] / (1 + t);
          }
          const unit = v.grid.kind === 'square' ? v.grid.size : Math.sqrt(3) * v.grid.edge;
          return smoothCells(v.grid, agg, o.prospectiveRadius, (d) => 1 / (1 + d / unit));
        },
      };
    case 'gistar':
      return {
        name,
        label: `Gi* z of the last ${w} months`,
        predict: (v) => {
          const z = giStar(v.windowSum(w), v.neighbours).z;
          for (let k = 0; k < z.length; k++) if (Number.isNaN(z[k])) z[k] = Number.NEGATIVE_INFINITY;
          return z;
        },
      };
  }
}

/**
 * The cells to patrol: the top cells by score covering `coverage` (0..1) of the area, whole cells,
 * ties at the cut broken by cell order. Returns cell indexes, best first.
 */
export function topCells(score: Float64Array, area: Float64Array, coverage: number): Int32Array {
  const n = score.length;
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => score[b] - score[a] || a - b);
  let total = 0;
  for (let k = 0; k < n; k++) total += area[k];
  const budget = coverage * total * (1 + 1e-12);
  let used = 0;
  let m = 0;
  while (m < n && used + area[order[m]] <= budget) used += area[order[m++]];
  return order.slice(0, m);
}
