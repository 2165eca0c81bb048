/**
 * How concentrated crime and harm are across the cells of a study grid: the smallest set of cells
 * holding p% of crime (or harm), what share of crime and of harm the top x% of the area holds, the
 * Lorenz curve and the Gini coefficient. Zero cells count: they are most of the area.
 *
 * Cells are ranked by the chosen measure, most first; ties are broken by the other measure, then by
 * cell order, so results are reproducible. With sparse data (fewer crimes than cells) many cells tie
 * on 1 crime and the cut through a tie is arbitrary: the report says how many cells tied at the cut.
 */

export type Measure = 'count' | 'harm';

export interface Concentration {
  cells: number;
  totalCount: number;
  totalHarm: number;
  totalArea: number;
  by: Measure;
  /** Cells ranked by `by`, most first. */
  order: Int32Array;
  /** Cumulative shares (0..1) along `order`: entry k covers the top k+1 cells. */
  cumArea: Float64Array;
  cumCount: Float64Array;
  cumHarm: Float64Array;
  gini: { count: number; harm: number };
}

export interface ShareAt {
  cells: number;
  areaShare: number;
  countShare: number;
  harmShare: number;
  /** Cells with the same value as the last cell taken that were left out (the arbitrary part of the cut). */
  tiedLeftOut: number;
}

/** Ranks the cells and accumulates shares. `area` defaults to equal cells. */
export function concentration(
  count: Float64Array,
  harm: Float64Array,
  area?: Float64Array,
  by: Measure = 'count',
): Concentration {
  const n = count.length;
  const primary = by === 'count' ? count : harm;
  const secondary = by === 'count' ? harm : count;
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => primary[b] - primary[a] || secondary[b] - secondary[a] || a - b);
  let totalCount = 0;
  let totalHarm = 0;
  let totalArea = 0;
  for (let k = 0; k < n; k++) {
    totalCount += count[k];
    totalHarm += harm[k];
    totalArea += area ? area[k] : 1;
  }
  const cumArea = new Float64Array(n);
  const cumCount = new Float64Array(n);
  const cumHarm = new Float64Array(n);
  let a = 0;
  let c = 0;
  let h = 0;
  for (let r = 0; r < n; r++) {
    const k = order[r];
    a += area ? area[k] : 1;
    c += count[k];
    h += harm[k];
    cumArea[r] = a / totalArea;
    cumCount[r] = totalCount > 0 ? c / totalCount : 0;
    cumHarm[r] = totalHarm > 0 ? h / totalHarm : 0;
  }
  return {
    cells: n,
    totalCount,
    totalHarm,
    totalArea,
    by,
    order,
    cumArea,
    cumCount,
    cumHarm,
    gini: { count: gini(count, area), harm: gini(harm, area) },
  };
}

function shareOfTop(c: Concentration, k: number, primary: Float64Array): ShareAt {
  if (k <= 0) return { cells: 0, areaShare: 0, countShare: 0, harmShare: 0, tiedLeftOut: 0 };
  const last = primary[c.order[k - 1]];
  let tied = 0;
  for (let r = k; r < c.cells && primary[c.order[r]] === last; r++) tied++;
  return {
    cells: k,
    areaShare: c.cumArea[k - 1],
    countShare: c.cumCount[k - 1],
    harmShare: c.cumHarm[k - 1],
    tiedLeftOut: last > 0 ? tied : 0,
  };
}

/**
 * The top cells covering at most `areaShare` (0..1) of the area: "x% of the area holds y% of crime
 * and z% of harm". Whole cells only, so the area taken can fall a little short of x.
 */
export function sharesAtArea(c: Concentration, areaShare: number, primary: Float64Array): ShareAt {
  let k = 0;
  const limit = areaShare * (1 + 1e-12);
  while (k < c.cells && c.cumArea[k] <= limit) k++;
  return shareOfTop(c, k, primary);
}

/** The smallest set of top cells holding at least `share` (0..1) of the ranked measure. */
export function cellsForShare(c: Concentration, share: number, primary: Float64Array): ShareAt {
  const cum = c.by === 'count' ? c.cumCount : c.cumHarm;
  const target = share * (1 - 1e-12);
  let k = 0;
  while (k < c.cells && (k === 0 || cum[k - 1] < target)) k++;
  return shareOfTop(c, k, primary);
}

/**
 * The Lorenz curve of values over cells: cells sorted from least to most, cumulative area share
 * (x) against cumulative value share (y), starting at (0, 0).
 */
export function lorenz(values: Float64Array, area?: Float64Array): { x: Float64Array; y: Float64Array } {
  const n = values.length;
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => values[a] - values[b] || a - b);
  let tv = 0;
  let ta = 0;
  for (let k = 0; k < n; k++) {
    tv += values[k];
    ta += area ? area[k] : 1;
  }
  const x = new Float64Array(n + 1);
  const y = new Float64Array(n + 1);
  let v = 0;
  let a = 0;
  for (let r = 0; r < n; r++) {
    const k = order[r];
    v += values[k];
    a += area ? area[k] : 1;
    x[r + 1] = ta > 0 ? a / ta : 0;
    y[r + 1] = tv > 0 ? v / tv : 0;
  }
  return { x, y };
}

/**
 * Gini coefficient: 1 − 2 × (area under the Lorenz curve), trapezoids between its vertices. With
 * equal cells this is the usual (2 Σ i·x_(i)) / (n Σ x) − (n + 1) / n. 0 = spread evenly; close to 1 =
 * all in one cell. NaN when there is nothing to spread.
 */
export function gini(values: Float64Array, area?: Float64Array): number {
  const { x, y } = lorenz(values, area);
  if (y[y.length - 1] === 0) return Number.NaN;
  let s = 0;
  for (let k = 1; k < x.length; k++) s += (x[k] - x[k - 1]) * (y[k] + y[k - 1]);
  return 1 - s;
}

/** Up to `points` vertices of a curve, evenly spaced in x, for printing and small exports. */
export function sampleCurve(
  curve: { x: Float64Array; y: Float64Array },
  points = 21,
): { x: number[]; y: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  let k = 0;
  for (let s = 0; s < points; s++) {
    const target = s / (points - 1);
    while (k < curve.x.length - 1 && curve.x[k + 1] <= target) k++;
    // Interpolate between vertex k and k+1.
    if (k >= curve.x.length - 1 || curve.x[k + 1] === curve.x[k]) {
      xs.push(target);
      ys.push(curve.y[k]);
    } else {
      const t = (target - curve.x[k]) / (curve.x[k + 1] - curve.x[k]);
      xs.push(target);
      ys.push(curve.y[k] + t * (curve.y[k + 1] - curve.y[k]));
    }
  }
  return { x: xs, y: ys };
}
