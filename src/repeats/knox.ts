/**
 * The Knox test for near repeats, as Ratcliffe's Near Repeat Calculator lays it out: every pair of
 * crimes is counted in a distance band × time band table, and each cell is compared with what
 * random timing would give.
 *
 * Bands. Distance bands are upper edges in metres, each inclusive: with edges [100, 200] the rows are
 * "same location" (distance exactly 0), "1–100 m" (0 < d ≤ 100), "101–200 m" (100 < d ≤ 200) and
 * "beyond 200 m". Time bands are upper edges in days, inclusive: [0, 14, 28] gives "0 days",
 * "1–14 days", "15–28 days" and "beyond 28 days" (a first edge above 0 makes the first band start
 * at 0 days).
 *
 * Permutation schemes (documented in docs/repeats.md):
 * - 'times' (default, the Near Repeat Calculator's and Johnson et al.'s): the crimes' times are
 *   shuffled among the crimes' places (Fisher–Yates), so where crimes happen and when crimes happen
 *   keep their own distributions and only their link is broken. Each iteration re-bins the time gaps
 *   of the close pairs only: the pairs beyond the largest distance band are the total per time band
 *   (which no shuffle of times changes) minus the close ones.
 * - 'pairs' (R surveillance::knox's simulate.p.value): the pairs' "close in time" labels are
 *   permuted among all pairs, as if pairs were independent. Drawn here exactly, without listing all
 *   n(n−1)/2 pairs: the close pairs take time bands by sequential multivariate hypergeometric draws
 *   from the urn of all pairs' time bands. It understates the variance (pairs sharing a crime are not
 *   independent), so its p-values are smaller than the times scheme's; offered to reproduce R.
 *
 * Expected count = mean of the permuted counts; Knox ratio = observed / expected; p-value per cell =
 * (1 + permutations with a count ≥ observed) / (iterations + 1), so the smallest p possible is
 * 1 / (iterations + 1). The same is given for the cumulative cells "distance ≤ D and time ≤ T", the
 * single-threshold statistic of Knox (1964) and surveillance::knox.
 */
import { Rng } from '../core/rng.ts';
import { closePairs, type Metric } from './pairs.ts';

export type Scheme = 'times' | 'pairs';

export interface KnoxOptions {
  /** Upper edges of the distance bands, metres, increasing, all > 0. */
  distances: number[];
  /** Upper edges of the time bands, days, increasing, all ≥ 0. */
  times: number[];
  metric: Metric;
  iterations: number;
  seed: number;
  scheme: Scheme;
  /** Significance level for highlighting cells (default 0.05). */
  alpha?: number;
}

/** One table of the result: rows = distance bands (same location, bands…, beyond), columns = time bands (bands…, beyond). */
export type Table = number[][];

export interface KnoxResult {
  n: number;
  /** Every pair: n(n−1)/2. */
  pairs: number;
  /** Pairs within the largest distance band (those the permutations re-bin). */
  closePairs: number;
  distanceLabels: string[];
  timeLabels: string[];
  observed: Table;
  expected: Table;
  /** observed / expected (null when expected is 0). */
  ratio: (number | null)[][];
  p: Table;
  /** p ≤ alpha and ratio > 1, bounded cells only (not the beyond row or column). */
  significant: boolean[][];
  /**
   * Cumulative cells: cumulative.observed[a][b] = pairs with distance ≤ distances[a] and time gap ≤
   * times[b] (same location included), with the expected count and p-value of that statistic.
   */
  cumulative: { observed: Table; expected: Table; p: Table };
  metric: Metric;
  scheme: Scheme;
  iterations: number;
  seed: number;
  alpha: number;
  /** The smallest p-value the iterations allow: 1 / (iterations + 1). */
  minP: number;
}

export function checkBands(distances: number[], times: number[]): void {
  if (distances.length === 0 || times.length === 0)
    throw new RangeError('give at least one distance and one time band');
  for (let k = 0; k < distances.length; k++)
    if (!(distances[k] > 0) || (k > 0 && !(distances[k] > distances[k - 1])))
      throw new RangeError('distance bands must be increasing and above 0 m');
  for (let k = 0; k < times.length; k++)
    if (!(times[k] >= 0) || (k > 0 && !(times[k] > times[k - 1])))
      throw new RangeError('time bands must be increasing and at least 0 days');
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

export function distanceLabels(edges: number[]): string[] {
  const out = ['same location'];
  edges.forEach((e, k) => {
    out.push(
      k === 0
        ? `up to ${fmt(e)} m`
        : `${fmt(edges[k - 1] + (Number.isInteger(edges[k - 1]) ? 1 : 0))}–${fmt(e)} m`,
    );
  });
  out.push(`beyond ${fmt(edges[edges.length - 1])} m`);
  return out;
}

export function timeLabels(edges: number[]): string[] {
  const out: string[] = [];
  edges.forEach((e, k) => {
    const lo = k === 0 ? 0 : edges[k - 1] + (Number.isInteger(edges[k - 1]) ? 1 : 0);
    out.push(lo === e ? `${fmt(e)} days` : `${fmt(lo)}–${fmt(e)} days`);
  });
  out.push(`beyond ${fmt(edges[edges.length - 1])} days`);
  return out;
}

/** Band of a value against inclusive upper edges: 0..edges.length (the last = beyond). */
function bandOf(v: number, edges: Float64Array): number {
  let b = 0;
  while (b < edges.length && v > edges[b]) b++;
  return b;
}

/** Pairs per time band over all n(n−1)/2 pairs (sorted times, two pointers per edge). */
export function pairsPerTimeBand(t: Float64Array, edges: number[]): Float64Array {
  const n = t.length;
  const s = Float64Array.from(t).sort();
  const within = edges.map((e) => {
    let total = 0;
    let hi = 0;
    for (let a = 0; a < n; a++) {
      if (hi < a) hi = a;
      while (hi + 1 < n && s[hi + 1] - s[a] <= e) hi++;
      total += hi - a;
    }
    return total;
  });
  const out = new Float64Array(edges.length + 1);
  let prev = 0;
  for (let k = 0; k < edges.length; k++) {
    out[k] = within[k] - prev;
    prev = within[k];
  }
  out[edges.length] = (n * (n - 1)) / 2 - prev;
  return out;
}

/**
 * The Knox table of crimes at (x, y) metres and times t (days; whole days make each permutation a
 * table look-up). Pure: the same input and seed give the same result.
 */
export function knox(x0: Float64Array, y0: Float64Array, t0: Float64Array, o: KnoxOptions): KnoxResult {
  checkBands(o.distances, o.times);
  // Crimes in order of their grid square (side = the largest distance), so that a crime's close
  // pairs are near it in memory and each permutation's look-ups stay in cache.
  const { x, y, t } = spatialOrder(x0, y0, t0, o.distances[o.distances.length - 1]);
  if (!(o.iterations >= 1 && Number.isInteger(o.iterations)))
    throw new RangeError('iterations must be a whole number ≥ 1');
  const n = t.length;
  const alpha = o.alpha ?? 0.05;
  const nd = o.distances.length + 2; // same location, bands, beyond
  const nt = o.times.length + 1; // bands, beyond
  const cells = nd * nt;
  const dEdges = Float64Array.from(o.distances);
  const tEdges = Float64Array.from(o.times);
  const pairs = closePairs(x, y, o.distances[o.distances.length - 1], o.metric);
  const m = pairs.n;
  // Distance row of each close pair (0 = same location).
  const row = new Uint8Array(m);
  for (let k = 0; k < m; k++) row[k] = pairs.d[k] === 0 ? 0 : 1 + bandOf(pairs.d[k], dEdges);
  const totals = pairsPerTimeBand(t, o.times);
  const allPairs = (n * (n - 1)) / 2;

  // Time band of a gap: a look-up table when times are whole days within a sane range.
  let whole = true;
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let k = 0; k < n; k++) {
    if (!Number.isInteger(t[k])) whole = false;
    if (t[k] < tMin) tMin = t[k];
    if (t[k] > tMax) tMax = t[k];
  }
  const span = n ? tMax - tMin : 0;
  // Indexed by the signed gap + span: no absolute value, so no unpredictable branch per pair.
  const lut = whole && span <= 5_000_000 ? new Uint8Array(2 * span + 1) : null;
  if (lut) for (let g = -span; g <= span; g++) lut[g + span] = bandOf(Math.abs(g), tEdges);

  /** Bins the close pairs' gaps under times `tt` into `out` (close rows only), then fills the beyond row. */
  // The fast path (whole days, ≤ 16 distance rows, n < 2^27): close pairs as compressed rows, pair
  // k of crime a packed as (b << 4) | row in one Int32, so a permutation streams 4 bytes a pair.
  const packedOk = lut !== null && nd <= 16 && n < 2 ** 27;
  const start = new Int32Array(n + 1);
  const packed = new Int32Array(packedOk ? m : 0);
  if (packedOk) {
    for (let k = 0; k < m; k++) {
      start[pairs.i[k] + 1]++;
      packed[k] = (pairs.j[k] << 4) | row[k];
    }
    for (let a = 0; a < n; a++) start[a + 1] += start[a];
  }
  const counts = new Int32Array(cells);
  const ti = new Int32Array(n);
  const binTimes = (tt: Float64Array, out: Float64Array) => {
    counts.fill(0);
    if (lut && packedOk) {
      for (let k = 0; k < n; k++) ti[k] = tt[k] - tMin;
      for (let a = 0; a < n; a++) {
        const ta = ti[a] + span;
        const end = start[a + 1];
        for (let k = start[a]; k < end; k++) {
          const p = packed[k];
          counts[(p & 15) * nt + lut[ta - ti[p >>> 4]]]++;
        }
      }
    } else {
      const pi = pairs.i;
      const pj = pairs.j;
      for (let k = 0; k < m; k++) counts[row[k] * nt + bandOf(Math.abs(tt[pi[k]] - tt[pj[k]]), tEdges)]++;
    }
    for (let c = 0; c < cells; c++) out[c] = counts[c];
    fillBeyond(out);
  };
  const fillBeyond = (out: Float64Array) => {
    const base = (nd - 1) * nt;
    for (let c = 0; c < nt; c++) {
      let close = 0;
      for (let r = 0; r < nd - 1; r++) close += out[r * nt + c];
      out[base + c] = totals[c] - close;
    }
  };

  const observed = new Float64Array(cells);
  binTimes(t, observed);
  const obsCum = cumulate(observed, nd, nt);

  const sum = new Float64Array(cells);
  const atLeast = new Float64Array(cells);
  const sumCum = new Float64Array(obsCum.length);
  const atLeastCum = new Float64Array(obsCum.length);
  const sim = new Float64Array(cells);
  const rng = new Rng(o.seed);
  const tt = Float64Array.from(t);
  const urn = new Float64Array(nt);
  for (let it = 0; it < o.iterations; it++) {
    if (o.scheme === 'times') {
      for (let k = n - 1; k > 0; k--) {
        const r = rng.int(k + 1);
        const v = tt[k];
        tt[k] = tt[r];
        tt[r] = v;
      }
      binTimes(tt, sim);
    } else {
      sim.fill(0);
      urn.set(totals);
      let left = allPairs;
      for (let k = 0; k < m; k++) {
        let u = Math.floor(rng.float() * left);
        let b = 0;
        while (u >= urn[b]) {
          u -= urn[b];
          b++;
        }
        urn[b]--;
        left--;
        sim[row[k] * nt + b]++;
      }
      fillBeyond(sim);
    }
    for (let c = 0; c < cells; c++) {
      sum[c] += sim[c];
      if (sim[c] >= observed[c]) atLeast[c]++;
    }
    const cum = cumulate(sim, nd, nt);
    for (let c = 0; c < cum.length; c++) {
      sumCum[c] += cum[c];
      if (cum[c] >= obsCum[c]) atLeastCum[c]++;
    }
  }
  const B = o.iterations;
  const table = (f: (c: number) => number): Table =>
    Array.from({ length: nd }, (_, r) => Array.from({ length: nt }, (_, c) => f(r * nt + c)));
  const expected = table((c) => sum[c] / B);
  const ratio = table((c) => observed[c] / (sum[c] / B)).map((r, ri) =>
    r.map((v, ci) => (expected[ri][ci] > 0 ? v : null)),
  );
  const p = table((c) => (1 + atLeast[c]) / (B + 1));
  // Only bounded cells are highlighted: the beyond row and column are the remainder, not a finding.
  const significant = p.map((r, ri) =>
    r.map((v, ci) => ri < nd - 1 && ci < nt - 1 && v <= alpha && (ratio[ri][ci] ?? 0) > 1),
  );
  const nc = o.distances.length;
  const ntc = o.times.length;
  const cumTable = (f: (c: number) => number): Table =>
    Array.from({ length: nc }, (_, a) => Array.from({ length: ntc }, (_, b) => f(a * ntc + b)));
  return {
    n,
    pairs: allPairs,
    closePairs: m,
    distanceLabels: distanceLabels(o.distances),
    timeLabels: timeLabels(o.times),
    observed: table((c) => observed[c]),
    expected,
    ratio,
    p,
    significant,
    cumulative: {
      observed: cumTable((c) => obsCum[c]),
      expected: cumTable((c) => sumCum[c] / B),
      p: cumTable((c) => (1 + atLeastCum[c]) / (B + 1)),
    },
    metric: o.metric,
    scheme: o.scheme,
    iterations: B,
    seed: o.seed,
    alpha,
    minP: 1 / (B + 1),
  };
}

/**
 * Cumulative counts from a band table: out[a·T + b] = pairs with distance ≤ edge a (same location and
 * bands 1..a+1) and time band ≤ b, for the bounded bands only.
 */
function cumulate(cells: Float64Array, nd: number, nt: number): Float64Array {
  const nc = nd - 2;
  const ntc = nt - 1;
  const out = new Float64Array(nc * ntc);
  for (let b = 0; b < ntc; b++) {
    let acc = 0;
    // Rows 0..a+1 (same location plus bands up to a), columns 0..b.
    for (let r = 0; r < nd - 1; r++) {
      for (let c = 0; c <= b; c++) acc += cells[r * nt + c];
      if (r >= 1) out[(r - 1) * ntc + b] = acc;
      else if (nc === 0) break;
    }
  }
  return out;
}

/** The points sorted by the row-major grid square (of side `size`) they fall in. */
function spatialOrder(x: Float64Array, y: Float64Array, t: Float64Array, size: number) {
  const n = x.length;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  for (let k = 0; k < n; k++) {
    if (x[k] < minX) minX = x[k];
    if (y[k] < minY) minY = y[k];
    if (x[k] > maxX) maxX = x[k];
  }
  const cols = Math.floor((maxX - minX) / size) + 1;
  const key = new Float64Array(n);
  for (let k = 0; k < n; k++)
    key[k] = Math.floor((y[k] - minY) / size) * cols + Math.floor((x[k] - minX) / size);
  const order = Uint32Array.from({ length: n }, (_, k) => k).sort((a, b) => key[a] - key[b] || a - b);
  return {
    x: Float64Array.from(order, (k) => x[k]),
    y: Float64Array.from(order, (k) => y[k]),
    t: Float64Array.from(order, (k) => t[k]),
  };
}
