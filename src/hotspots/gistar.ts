/**
 * Getis-Ord local statistics on a study grid, as R's `spdep::localG` computes them with binary
 * weights (`nb2listw(nb, style = "B")`):
 *
 *   Gi*(i) = (Σ_j w_ij x_j − W_i x̄) / ( s · sqrt((n·S1_i − W_i²) / (n − 1)) )
 *
 * with W_i = Σ_j w_ij, S1_i = Σ_j w_ij², x̄ the mean over all n cells and s² = Σ (x − x̄)² / n
 * (self included: Gi*). Without self (Gi), x̄ and s² leave cell i out and the variance uses n − 1
 * and n − 2 as spdep does. The value is already a z-score; its two-sided p-value is 2·Φ(−|z|).
 * Classes follow ArcGIS's Gi_Bin: ±3 at 99%, ±2 at 95%, ±1 at 90% confidence, 0 otherwise.
 */
import { bhAdjust } from './bh.ts';
import type { Neighbours } from './model.ts';

export interface GiStarResult {
  /** z-score per cell (NaN when every cell has the same value, so there is no variance). */
  z: Float64Array;
  /** Two-sided p-value per cell. */
  p: Float64Array;
}

/** Getis-Ord Gi* (self included in `nb`) or Gi (not included) of the values x over the cells. */
export function giStar(x: Float64Array, nb: Neighbours): GiStarResult {
  const n = x.length;
  if (nb.start.length !== n + 1)
    throw new RangeError(`neighbours are for ${nb.start.length - 1} cells, values for ${n}`);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    sum += x[i];
    sumSq += x[i] * x[i];
  }
  const mean = sum / n;
  // Two-pass variance (as R's scale() then sum of squares): no cancellation for large counts.
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    ss += d * d;
  }
  const { start, index } = nb;
  if (nb.selfIncluded) {
    const c = ss / n / (n - 1);
    for (let i = 0; i < n; i++) {
      const a = start[i];
      const b = start[i + 1];
      let lag = 0;
      for (let k = a; k < b; k++) lag += x[index[k]];
      const w = b - a; // binary weights: W_i = S1_i = number of neighbours
      const v = c * (n * w - w * w);
      z[i] = v > 0 ? (lag - w * mean) / Math.sqrt(v) : Number.NaN;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const a = start[i];
      const b = start[i + 1];
      let lag = 0;
      for (let k = a; k < b; k++) lag += x[index[k]];
      const w = b - a;
      const xbar = (sum - x[i]) / (n - 1);
      const si2 = (sumSq - x[i] * x[i]) / (n - 1) - xbar * xbar;
      const v = (si2 * ((n - 1) * w - w * w)) / (n - 2);
      z[i] = v > 0 ? (lag - w * xbar) / Math.sqrt(v) : Number.NaN;
    }
  }
  for (let i = 0; i < n; i++) p[i] = twoSidedP(z[i]);
  return { z, p };
}

/** Gi* with p, Benjamini–Hochberg q and Gi_Bin classes in one call. */
export function giStarFull(
  x: Float64Array,
  nb: Neighbours,
  binOn: 'p' | 'q' = 'q',
): GiStarResult & { q: Float64Array; bin: Int8Array } {
  const r = giStar(x, nb);
  const q = bhAdjust(r.p);
  return { ...r, q, bin: giBins(r.z, binOn === 'q' ? q : r.p) };
}

/**
 * ArcGIS Gi_Bin classes from z and a p- (or q-) value: +3/−3 hot/cold at 99% confidence (p < 0.01),
 * ±2 at 95% (p < 0.05), ±1 at 90% (p < 0.10), 0 not significant.
 */
export function giBins(z: Float64Array, p: Float64Array): Int8Array {
  const out = new Int8Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const pi = p[i];
    if (!(pi < 0.1)) continue;
    const level = pi < 0.01 ? 3 : pi < 0.05 ? 2 : 1;
    out[i] = z[i] > 0 ? level : z[i] < 0 ? -level : 0;
  }
  return out;
}

export const GI_BIN_LABELS: Record<number, string> = {
  3: 'hot spot, 99% confidence',
  2: 'hot spot, 95% confidence',
  1: 'hot spot, 90% confidence',
  0: 'not significant',
  [-1]: 'cold spot, 90% confidence',
  [-2]: 'cold spot, 95% confidence',
  [-3]: 'cold spot, 99% confidence',
};

// W. J. Cody's rational Chebyshev approximations for the normal tail (Math. Comp. 23, 1969; ACM TOMS
// Algorithm 715, 1993): the algorithm R's pnorm() uses, with the same coefficients and the same
// splitting of exp(−x²/2) that keeps relative accuracy far into the tail. Within 1e-15 (relative) of
// R's pnorm from z = 0 to 37.5.
const CA = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745,
];
const CB = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const CC = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const CD = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
const CP = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934,
  0.000029112874951168793, 0.023073441764940174,
];
const CQ = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 0.00007297515550839662,
];
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_32 = Math.sqrt(32);

/** Upper tail Φ(−z) = P(Z > z) of the standard normal. */
export function upperTail(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const y = Math.abs(z);
  if (y <= 0.67448975) {
    let num = 0;
    let den = 0;
    if (y > 5.551115123125783e-17) {
      const sq = z * z;
      num = CA[4] * sq;
      den = sq;
      for (let i = 0; i < 3; i++) {
        num = (num + CA[i]) * sq;
        den = (den + CB[i]) * sq;
      }
    }
    return 0.5 - (z * (num + CA[3])) / (den + CB[3]);
  }
  let r: number;
  if (y <= SQRT_32) {
    let num = CC[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + CC[i]) * y;
      den = (den + CD[i]) * y;
    }
    r = (num + CC[7]) / (den + CD[7]);
  } else if (y < 37.5193) {
    const sq = 1 / (z * z);
    let num = CP[5] * sq;
    let den = sq;
    for (let i = 0; i < 4; i++) {
      num = (num + CP[i]) * sq;
      den = (den + CQ[i]) * sq;
    }
    r = (INV_SQRT_2PI - (sq * (num + CP[4])) / (den + CQ[4])) / y;
  } else return z > 0 ? 0 : 1;
  // exp(−y²/2) as exp(−a²/2)·exp(−(y−a)(y+a)/2) with a = y rounded down to 1/16: no lost digits.
  const a = Math.trunc(y * 16) / 16;
  const tail = Math.exp(-a * a * 0.5) * Math.exp(-(y - a) * (y + a) * 0.5) * r;
  return z > 0 ? tail : 1 - tail;
}

/** Two-sided p-value of a standard normal z: 2·Φ(−|z|). NaN stays NaN. */
export function twoSidedP(z: number): number {
  return 2 * upperTail(Math.abs(z));
}
