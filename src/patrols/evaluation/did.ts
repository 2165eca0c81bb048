/**
 * Plans that were not randomised: difference-in-differences of the patrolled hotspots against
 * comparison places matched on the period before patrols began.
 *
 * Matching: every candidate place (a hotspot of the design that was not patrolled) is described by
 * three figures of the period before — its crimes, its harm, and its trend (crimes in the second half
 * minus the first half). Each figure is standardised across all places, and each patrolled hotspot
 * (most harmful first) takes the nearest unused candidate (Euclidean distance, without replacement).
 *
 * Estimate: each place's crimes (or harm) summed over the period before and the period during, and a
 * quasi-Poisson model log E[y] = α_place + γ·during + β·(patrolled × during) on those 2 × places
 * totals; exp(β) is the ratio by which patrolled places changed relative to their comparisons. Summing
 * over days first keeps day-to-day correlation within a place out of the standard error, and the
 * Pearson dispersion (with places − 2 degrees of freedom, hence a t interval) takes in whatever extra
 * variation the places show.
 *
 * The assumption (PARALLEL_TRENDS) cannot be tested from the data after the start: it is stated with
 * every result, with the matched balance so a reader can judge it.
 */
import { fitPoissonFe } from './glm-fe.ts';
import type { PlaceDayPanel } from './panel.ts';
import { guarded, type RateRatio, rateRatio } from './rate-ratio.ts';

export const PARALLEL_TRENDS =
  'This comparison assumes parallel trends: that without patrols, crime in the patrolled hotspots would ' +
  'have changed by the same proportion as in the comparison places matched to them on the period before. ' +
  'Nothing in the data after the start can confirm that; if the patrolled places were chosen because ' +
  'crime there had just peaked, part of any fall is a return to normal, not the patrols.';

export interface MatchedPair {
  patrolled: string;
  comparison: string;
  /** Standardised distance between them on (crimes, harm, trend) before. */
  distance: number;
}

export interface PrePeriodProfile {
  crimes: number;
  harm: number;
  trend: number;
}

export interface Balance {
  patrolled: PrePeriodProfile;
  comparison: PrePeriodProfile;
}

export interface DidResult {
  pairs: MatchedPair[];
  unmatched: string[];
  balance: Balance;
  crimes: RateRatio;
  harm: RateRatio;
  ringCrimes: RateRatio;
  ringHarm: RateRatio;
  assumption: string;
  /** Totals by group and period, for the displacement quotient and the record. */
  totals: DidTotals;
}

/** Sums by group (patrolled, comparison) and period (before, during). */
export interface DidTotals {
  crimes: { patrolled: [number, number]; comparison: [number, number] };
  harm: { patrolled: [number, number]; comparison: [number, number] };
  ringCrimes: { patrolled: [number, number]; comparison: [number, number] };
  ringHarm: { patrolled: [number, number]; comparison: [number, number] };
}

/** Pre-period profile of every place. */
export function preProfiles(panel: PlaceDayPanel): PrePeriodProfile[] {
  const P = panel.placeIds.length;
  const pre = -panel.firstDay;
  const out = Array.from({ length: P }, () => ({ crimes: 0, harm: 0, trend: 0 }));
  for (let i = 0; i < panel.n; i++) {
    const d = panel.day[i];
    if (d >= 0) continue;
    const o = out[panel.place[i]];
    o.crimes += panel.crimes[i];
    o.harm += panel.harm[i];
    // Second half counts +1, first half −1 (the middle day of an odd period counts 0).
    const k = d + pre;
    o.trend += 2 * k + 1 > pre ? panel.crimes[i] : 2 * k + 1 < pre ? -panel.crimes[i] : 0;
  }
  return out;
}

/** Greedy nearest-neighbour matching without replacement on standardised pre-period profiles. */
export function matchComparisons(panel: PlaceDayPanel): { pairs: MatchedPair[]; unmatched: string[] } {
  const prof = preProfiles(panel);
  const keys: (keyof PrePeriodProfile)[] = ['crimes', 'harm', 'trend'];
  const z = prof.map(() => new Float64Array(3));
  keys.forEach((key, j) => {
    const v = prof.map((p) => p[key]);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1)) || 1;
    v.forEach((x, i) => {
      z[i][j] = (x - mean) / sd;
    });
  });
  const treated = panel.placeIds.map((_, i) => i).filter((i) => panel.treatedPlace[i]);
  treated.sort((a, b) => prof[b].harm - prof[a].harm || a - b);
  const used = new Uint8Array(panel.placeIds.length);
  const pairs: MatchedPair[] = [];
  const unmatched: string[] = [];
  for (const t of treated) {
    let best = -1;
    let bestD = Infinity;
    for (let c = 0; c < panel.placeIds.length; c++) {
      if (panel.treatedPlace[c] || used[c]) continue;
      let d = 0;
      for (let j = 0; j < 3; j++) d += (z[t][j] - z[c][j]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    if (best < 0) unmatched.push(panel.placeIds[t]);
    else {
      used[best] = 1;
      pairs.push({
        patrolled: panel.placeIds[t],
        comparison: panel.placeIds[best],
        distance: Math.sqrt(bestD),
      });
    }
  }
  return { pairs, unmatched };
}

/** Difference-in-differences of matched pairs (see the file comment). */
export function evaluateDid(panel: PlaceDayPanel): DidResult {
  if (panel.firstDay >= 0)
    throw new RangeError('a difference-in-differences needs days before the start (preDays > 0)');
  const { pairs, unmatched } = matchComparisons(panel);
  if (pairs.length < 2)
    throw new RangeError(
      'a difference-in-differences needs at least 2 patrolled hotspots each matched to an unpatrolled one',
    );
  const index = new Map(panel.placeIds.map((id, i) => [id, i]));
  // Place order in the model: the pairs' patrolled places, then their comparisons.
  const member = new Int32Array(panel.placeIds.length).fill(-1);
  pairs.forEach((p, k) => {
    member[index.get(p.patrolled) ?? -1] = k;
    member[index.get(p.comparison) ?? -1] = pairs.length + k;
  });
  const M = 2 * pairs.length;
  const sums = (col: Float64Array) => {
    const y = new Float64Array(2 * M);
    for (let i = 0; i < panel.n; i++) {
      const m = member[panel.place[i]];
      if (m < 0) continue;
      y[m * 2 + (panel.day[i] >= 0 ? 1 : 0)] += col[i];
    }
    return y;
  };
  const place = new Int32Array(2 * M);
  const during = new Float64Array(2 * M);
  const did = new Float64Array(2 * M);
  for (let m = 0; m < M; m++)
    for (let t = 0; t < 2; t++) {
      place[m * 2 + t] = m;
      during[m * 2 + t] = t;
      did[m * 2 + t] = m < pairs.length && t === 1 ? 1 : 0;
    }
  const estimate = (col: Float64Array, outcome: string, contrast: string): RateRatio =>
    guarded(outcome, 'quasi-poisson', () => estimateOne(col, outcome, contrast));
  const estimateOne = (col: Float64Array, outcome: string, contrast: string): RateRatio => {
    const y = sums(col);
    const fit = fitPoissonFe({ y, place, places: M, x: [during, did] }, { quasi: true });
    return rateRatio({
      outcome,
      contrast,
      model: 'quasi-poisson',
      logRatio: fit.beta[1],
      se: fit.se[1],
      dispersion: fit.dispersion,
      df: Math.max(1, fit.dfResidual),
    });
  };
  const totalsOf = (col: Float64Array) => {
    const y = sums(col);
    const out = { patrolled: [0, 0] as [number, number], comparison: [0, 0] as [number, number] };
    for (let m = 0; m < M; m++) {
      const g = m < pairs.length ? out.patrolled : out.comparison;
      g[0] += y[m * 2];
      g[1] += y[m * 2 + 1];
    }
    return out;
  };
  const prof = preProfiles(panel);
  const mean = (ids: string[]): PrePeriodProfile => {
    const n = ids.length || 1;
    const s = { crimes: 0, harm: 0, trend: 0 };
    for (const id of ids) {
      const p = prof[index.get(id) ?? 0];
      s.crimes += p.crimes / n;
      s.harm += p.harm / n;
      s.trend += p.trend / n;
    }
    return s;
  };
  const contrast = 'in patrolled hotspots than in their matched comparisons, after the start';
  const ring = 'around patrolled hotspots than around their comparisons, after the start';
  return {
    pairs,
    unmatched,
    balance: {
      patrolled: mean(pairs.map((p) => p.patrolled)),
      comparison: mean(pairs.map((p) => p.comparison)),
    },
    crimes: estimate(panel.crimes, 'crimes in the hotspots', contrast),
    harm: estimate(panel.harm, 'harm in the hotspots', contrast),
    ringCrimes: estimate(panel.ringCrimes, 'crimes in the rings', ring),
    ringHarm: estimate(panel.ringHarm, 'harm in the rings', ring),
    assumption: PARALLEL_TRENDS,
    totals: {
      crimes: totalsOf(panel.crimes),
      harm: totalsOf(panel.harm),
      ringCrimes: totalsOf(panel.ringCrimes),
      ringHarm: totalsOf(panel.ringHarm),
    },
  };
}
