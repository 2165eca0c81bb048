/**
 * Simulated patrol worlds, for showing that the evaluation works (bench/patrol-evaluation.ts and the
 * tests): places with baseline daily crime rates (log-normal across places), extra-Poisson variation
 * (a gamma frailty per place-day, i.e. negative binomial counts with a known θ), a crossover allocation
 * drawn with allocateCrossover, and patrols that multiply the rate by a known ratio on patrol days.
 * Each crime has a harm weight drawn from a skewed set of weights (most crimes light, a few heavy).
 * Everything comes from one seeded Rng (core/rng.ts), so a world is reproduced from its seed.
 */
import { Rng } from '../../core/rng.ts';
import { allocateCrossover } from '../allocation.ts';
import { evaluateCrossover } from './crossover.ts';
import type { PlaceDayPanel } from './panel.ts';

/** A Poisson draw: inversion for small means, sums of small-mean draws for large ones (exact). */
export function poissonDraw(rng: Rng, lambda: number): number {
  let k = 0;
  let left = lambda;
  while (left > 0) {
    const l = Math.min(left, 20);
    left -= l;
    let p = Math.exp(-l);
    let s = p;
    const u = rng.float();
    let j = 0;
    while (u > s && j < 1000) {
      j++;
      p *= l / j;
      s += p;
    }
    k += j;
  }
  return k;
}

/** A gamma(shape, scale 1) draw (Marsaglia and Tsang; shape < 1 by the boost u^(1/shape)). */
export function gammaDraw(rng: Rng, shape: number): number {
  if (shape < 1) return gammaDraw(rng, shape + 1) * rng.float() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.float();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Harm weights of simulated crimes (days of imprisonment) and how often each occurs. */
const HARM_WEIGHTS = [1, 2, 5, 20, 60, 365];
const HARM_SHARES = [0.35, 0.25, 0.2, 0.12, 0.06, 0.02];

export interface WorldOptions {
  seed: number;
  places: number;
  days: number;
  patrolShare: number;
  /** The true rate ratio on patrol days (1 = patrols do nothing). */
  effect: number;
  /** Median baseline crimes per place-day. */
  medianRate?: number;
  /** Log-sd of the baseline rate across places. */
  rateSpread?: number;
  /** Negative binomial θ of the day-to-day variation (Infinity = Poisson). */
  theta?: number;
  /** The rate ratio in the ring on patrol days (displacement > 1, diffusion < 1); default 1. */
  ringEffect?: number;
}

export interface World {
  panel: PlaceDayPanel;
  allocationSeed: number;
  patrolShare: number;
}

/** One simulated crossover world as a place-day panel. */
export function simulateWorld(o: WorldOptions): World {
  const rng = new Rng(o.seed);
  const P = o.places;
  const D = o.days;
  const allocationSeed = rng.uint32();
  const alloc = allocateCrossover({ hotspots: P, days: D, patrolShare: o.patrolShare, seed: allocationSeed });
  const base = Float64Array.from(
    { length: P },
    () => (o.medianRate ?? 0.5) * Math.exp((o.rateSpread ?? 0.6) * rng.normal()),
  );
  const theta = o.theta ?? 2;
  const cum: number[] = [];
  HARM_SHARES.reduce((s, v, i) => {
    cum[i] = s + v;
    return s + v;
  }, 0);
  const harmOne = () => {
    const u = rng.float() * cum[cum.length - 1];
    let j = 0;
    while (u > cum[j]) j++;
    return HARM_WEIGHTS[j];
  };
  const n = P * D;
  const panel: PlaceDayPanel = {
    placeIds: Array.from({ length: P }, (_, h) => `H${String(h + 1).padStart(2, '0')}`),
    treatedPlace: new Uint8Array(P).fill(1),
    startDate: '2026-01-05',
    dates: Array.from({ length: D }, (_, d) => new Date(Date.UTC(2026, 0, 5 + d)).toISOString().slice(0, 10)),
    firstDay: 0,
    n,
    place: new Int32Array(n),
    day: new Int32Array(n),
    treat: new Uint8Array(n),
    crimes: new Float64Array(n),
    harm: new Float64Array(n),
    ringCrimes: new Float64Array(n),
    ringHarm: new Float64Array(n),
  };
  const draw = (mean: number) =>
    Number.isFinite(theta)
      ? poissonDraw(rng, (mean * gammaDraw(rng, theta)) / theta)
      : poissonDraw(rng, mean);
  for (let d = 0; d < D; d++) {
    for (let h = 0; h < P; h++) {
      const i = d * P + h;
      const t = alloc[i];
      panel.place[i] = h;
      panel.day[i] = d;
      panel.treat[i] = t;
      const c = draw(base[h] * (t ? o.effect : 1));
      panel.crimes[i] = c;
      for (let j = 0; j < c; j++) panel.harm[i] += harmOne();
      const rc = draw(base[h] * 1.5 * (t ? (o.ringEffect ?? 1) : 1));
      panel.ringCrimes[i] = rc;
      for (let j = 0; j < rc; j++) panel.ringHarm[i] += harmOne();
    }
  }
  return { panel, allocationSeed, patrolShare: o.patrolShare };
}

export interface CoverageRun {
  worlds: number;
  effect: number;
  /** Worlds whose 95% interval for crimes contains the true effect. */
  covered: number;
  /** Worlds whose 95% interval for crimes excludes 1. */
  claimed: number;
  /** Worlds whose permutation p-value is below 0.05. */
  claimedByPermutation: number;
  /** Worlds where the dispersion check chose the negative binomial model. */
  negativeBinomial: number;
  /** Harm (quasi-Poisson): worlds whose interval excludes 1. */
  harmIntervalExcludesOne: number;
  /** Harm: worlds whose permutation p-value is below 0.05. */
  harmClaimedByPermutation: number;
  /** Harm: worlds where the evaluation reports an effect (interval excludes 1 and permutation agrees). */
  harmClaimed: number;
}

/**
 * Runs the crossover evaluation on `worlds` simulated worlds (seeds seed, seed + 1, …) with a known
 * effect and counts how often the 95% interval covers it and how often an effect is claimed.
 */
export function coverageRun(o: {
  worlds: number;
  seed: number;
  effect: number;
  places: number;
  days: number;
  patrolShare: number;
  permutations: number;
  medianRate?: number;
  theta?: number;
}): CoverageRun {
  const out: CoverageRun = {
    worlds: o.worlds,
    effect: o.effect,
    covered: 0,
    claimed: 0,
    claimedByPermutation: 0,
    negativeBinomial: 0,
    harmIntervalExcludesOne: 0,
    harmClaimedByPermutation: 0,
    harmClaimed: 0,
  };
  for (let w = 0; w < o.worlds; w++) {
    const world = simulateWorld({
      seed: o.seed + w,
      places: o.places,
      days: o.days,
      patrolShare: o.patrolShare,
      effect: o.effect,
      medianRate: o.medianRate,
      theta: o.theta,
    });
    const r = evaluateCrossover(world.panel, { permutations: o.permutations, seed: o.seed + w });
    const c = r.crimes;
    if (c.lower <= o.effect && o.effect <= c.upper) out.covered++;
    if (c.upper < 1 || c.lower > 1) out.claimed++;
    if (c.permutationP !== null && c.permutationP < 0.05) out.claimedByPermutation++;
    if (c.model === 'negative-binomial') out.negativeBinomial++;
    const h = r.harm;
    if (h.upper < 1 || h.lower > 1) out.harmIntervalExcludesOne++;
    if (h.permutationP !== null && h.permutationP < 0.05) out.harmClaimedByPermutation++;
    if (!h.noDetectableEffect) out.harmClaimed++;
  }
  return out;
}
