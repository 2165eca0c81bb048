/**
 * The permutation (randomisation) test of a crossover: the allocation is drawn again with the same
 * function that made it (allocation.ts allocateCrossover) from new seeds, and the Poisson
 * fixed-effects log rate ratio is recomputed for each draw. The p-value is the share of draws (the
 * observed one counted in) whose |log rate ratio| is at least the observed one: it rests only on how
 * days were really assigned, not on a count model being right.
 *
 * The statistic is fitted in O(places) per Newton step: with place fixed effects and one binary
 * treatment, the place effects profile out (α_g = log(Y_g / (n0_g + n1_g e^β))), leaving the score
 * Σ_g Y1_g − Y_g n1_g e^β / (n0_g + n1_g e^β) in β alone. It equals glm's estimate.
 */
import { Rng } from '../../core/rng.ts';
import { allocateCrossover } from '../allocation.ts';

/** Poisson fixed-effects log rate ratio of a binary treatment, from per-place sums. */
export function profileLogRatio(
  places: number,
  place: Int32Array,
  y: Float64Array,
  treat: Uint8Array,
  scratch?: Float64Array,
): number {
  const s = scratch ?? new Float64Array(places * 4);
  s.fill(0);
  for (let i = 0; i < y.length; i++) {
    const g = place[i] * 4;
    const t = treat[i];
    s[g] += y[i];
    s[g + 1] += t ? y[i] : 0;
    s[g + 2] += t ? 0 : 1;
    s[g + 3] += t;
  }
  let sumY1 = 0;
  let sumY0 = 0;
  for (let g = 0; g < places; g++) {
    const Y = s[g * 4];
    const n0 = s[g * 4 + 2];
    const n1 = s[g * 4 + 3];
    if (n0 > 0 && n1 > 0) {
      sumY1 += s[g * 4 + 1];
      sumY0 += Y - s[g * 4 + 1];
    }
  }
  if (sumY1 === 0 && sumY0 === 0) return Number.NaN;
  if (sumY1 === 0) return Number.NEGATIVE_INFINITY;
  if (sumY0 === 0) return Number.POSITIVE_INFINITY;
  let b = 0;
  for (let it = 0; it < 100; it++) {
    const e = Math.exp(b);
    let score = 0;
    let info = 0;
    for (let g = 0; g < places; g++) {
      const Y = s[g * 4];
      const n0 = s[g * 4 + 2];
      const n1 = s[g * 4 + 3];
      if (Y === 0 || n0 === 0 || n1 === 0) continue;
      const den = n0 + n1 * e;
      score += s[g * 4 + 1] - (Y * n1 * e) / den;
      info += (Y * n0 * n1 * e) / (den * den);
    }
    const step = score / info;
    b += Math.max(-5, Math.min(5, step));
    if (Math.abs(step) < 1e-12) break;
  }
  return b;
}

export interface PermutationResult {
  /** Two-sided p-value per outcome, in the order given. */
  p: number[];
  permutations: number;
  /** The seed the permutation seeds were drawn from (reported so the test can be re-run). */
  seed: number;
}

/**
 * Draws `permutations` allocations like the real one (same hotspots, days and patrolled share; seeds
 * from `seed`) and tests every outcome column at once. Rows are day-major: row = day × places + place.
 */
export function crossoverPermutationTest(o: {
  places: number;
  days: number;
  patrolShare: number;
  place: Int32Array;
  treat: Uint8Array;
  outcomes: Float64Array[];
  permutations: number;
  seed: number;
}): PermutationResult {
  const scratch = new Float64Array(o.places * 4);
  const observed = o.outcomes.map((y) => Math.abs(profileLogRatio(o.places, o.place, y, o.treat, scratch)));
  const atLeast = o.outcomes.map(() => 1);
  const rng = new Rng(o.seed);
  for (let b = 0; b < o.permutations; b++) {
    const alloc = allocateCrossover({
      hotspots: o.places,
      days: o.days,
      patrolShare: o.patrolShare,
      seed: rng.uint32(),
    });
    o.outcomes.forEach((y, j) => {
      const t = Math.abs(profileLogRatio(o.places, o.place, y, alloc, scratch));
      // A relative tolerance, so a draw equal to the observed one in exact arithmetic counts.
      if (t >= observed[j] * (1 - 1e-9) || Number.isNaN(observed[j])) atLeast[j]++;
    });
  }
  return { p: atLeast.map((a) => a / (o.permutations + 1)), permutations: o.permutations, seed: o.seed };
}
