/**
 * A rate ratio with its 95% Wald interval, the smallest effect the design could detect, and the plain
 * words a team reads: when the interval includes 1 the words say "no detectable effect", never a
 * bare percentage.
 */
import { twoSidedP } from '../../hotspots/index.ts';
import { studentCdf, studentQuantile } from './special.ts';

/** Two-sided significance level and power of every interval and detectable effect. */
export const ALPHA = 0.05;
export const POWER = 0.8;

export type ModelName = 'poisson' | 'negative-binomial' | 'quasi-poisson';

export interface RateRatio {
  /** What is compared, e.g. 'crimes in the hotspot'. */
  outcome: string;
  /** False when the data cannot give an estimate (too few crimes, or all on one side): numbers are NaN. */
  estimable: boolean;
  model: ModelName;
  estimate: number;
  lower: number;
  upper: number;
  /** log rate ratio and its standard error. */
  logRatio: number;
  se: number;
  /** Two-sided p-value of the Wald test, and of the permutation test when one was run. */
  waldP: number;
  permutationP: number | null;
  /**
   * The smallest change the design could detect with 80% power at two-sided α = 0.05, as rate ratios
   * (a fall and a rise): exp(∓(z₀.₉₇₅ + z₀.₈₀) · se).
   */
  detectableFall: number;
  detectableRise: number;
  /** The interval includes 1 (no change), or the permutation test does not confirm the change (p ≥ α). */
  noDetectableEffect: boolean;
  /** Degrees of freedom of the t reference distribution, or null for the normal. */
  df: number | null;
  /** Negative binomial θ, or the quasi-Poisson / Poisson Pearson dispersion. */
  theta: number | null;
  dispersion: number;
  /** The plain statement. */
  wording: string;
}

const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
const rr = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : String(v));

/** Builds a RateRatio from a log ratio and its standard error (normal quantiles, as confint.default). */
export function rateRatio(o: {
  outcome: string;
  model: ModelName;
  logRatio: number;
  se: number;
  permutationP?: number | null;
  theta?: number | null;
  dispersion: number;
  /** What the comparison is, for the words: e.g. 'on patrol days than on other days'. */
  contrast: string;
  /** Degrees of freedom of a t reference distribution (quasi-Poisson on few places); none = normal. */
  df?: number;
}): RateRatio {
  const df = o.df ?? Number.POSITIVE_INFINITY;
  const z = studentQuantile(1 - ALPHA / 2, df);
  const zPower = studentQuantile(POWER, df);
  const estimate = Math.exp(o.logRatio);
  const lower = Math.exp(o.logRatio - z * o.se);
  const upper = Math.exp(o.logRatio + z * o.se);
  const detectableFall = Math.exp(-(z + zPower) * o.se);
  const detectableRise = Math.exp((z + zPower) * o.se);
  const includesOne = !(upper < 1 || lower > 1);
  const perm = o.permutationP ?? null;
  // A randomised design's permutation test rests on nothing but the allocation: an interval that
  // excludes 1 is not called an effect unless the permutation test agrees.
  const permutationDisagrees = !includesOne && perm !== null && perm >= ALPHA;
  const noDetectableEffect = includesOne || permutationDisagrees;
  const waldP = Number.isFinite(df)
    ? 2 * (1 - studentCdf(Math.abs(o.logRatio / o.se), df))
    : twoSidedP(o.logRatio / o.se);
  const permText = perm === null ? '' : `; permutation p = ${perm.toFixed(3)}`;
  const interval = `rate ratio ${rr(estimate)}, 95% interval ${rr(lower)} to ${rr(upper)}`;
  let wording: string;
  if (permutationDisagrees)
    wording =
      `No detectable effect on ${o.outcome}: the model's ${interval} excludes no change, but the permutation test ` +
      `does not confirm it (p = ${perm.toFixed(3)}), so the model's interval is too narrow for these data. ` +
      `This design could have detected a fall to ${rr(detectableFall)} times the rate or more, with ${POWER * 100}% power at two-sided α = ${ALPHA}.`;
  else if (noDetectableEffect)
    wording =
      `No detectable effect on ${o.outcome}: the ${interval} includes no change${permText}. ` +
      `This design could have detected a fall to ${rr(detectableFall)} times the rate (a fall of ${pct(1 - detectableFall)}) ` +
      `or more, with ${POWER * 100}% power at two-sided α = ${ALPHA}.`;
  else if (upper < 1)
    wording =
      `${cap(o.outcome)} fell: ${pct(1 - estimate)} lower ${o.contrast} ` +
      `(${interval}, i.e. a fall of between ${pct(1 - upper)} and ${pct(1 - lower)}${permText}).`;
  else
    wording =
      `${cap(o.outcome)} rose: ${pct(estimate - 1)} higher ${o.contrast} ` +
      `(${interval}, i.e. a rise of between ${pct(lower - 1)} and ${pct(upper - 1)}${permText}).`;
  return {
    outcome: o.outcome,
    estimable: true,
    model: o.model,
    estimate,
    lower,
    upper,
    logRatio: o.logRatio,
    se: o.se,
    waldP,
    permutationP: perm,
    detectableFall,
    detectableRise,
    noDetectableEffect,
    df: Number.isFinite(df) ? df : null,
    theta: o.theta ?? null,
    dispersion: o.dispersion,
    wording,
  };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** An outcome the data cannot estimate, with the reason in the words. */
export function notEstimable(outcome: string, model: ModelName, reason: string): RateRatio {
  return {
    outcome,
    estimable: false,
    model,
    estimate: Number.NaN,
    lower: Number.NaN,
    upper: Number.NaN,
    logRatio: Number.NaN,
    se: Number.NaN,
    waldP: Number.NaN,
    permutationP: null,
    detectableFall: Number.NaN,
    detectableRise: Number.NaN,
    noDetectableEffect: true,
    df: null,
    theta: null,
    dispersion: Number.NaN,
    wording: `No estimate for ${outcome}: ${reason}.`,
  };
}

/**
 * Runs a model fit, turning a fit the data cannot support into notEstimable: collinear (no crimes in
 * places that have both patrol and other days) or every crime on one side (the estimate runs off to 0 or
 * infinity).
 */
export function guarded(outcome: string, model: ModelName, fit: () => RateRatio): RateRatio {
  try {
    const r = fit();
    if (!Number.isFinite(r.se) || !Number.isFinite(r.logRatio) || Math.abs(r.logRatio) > 15)
      return notEstimable(outcome, model, 'every crime fell on one side of the comparison');
    return r;
  } catch (e) {
    if (e instanceof RangeError)
      return notEstimable(
        outcome,
        model,
        'too few crimes to compare (none in places observed on both sides)',
      );
    throw e;
  }
}
