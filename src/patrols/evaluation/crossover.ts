/**
 * Intention-to-treat evaluation of a randomised crossover: every place-day counts under the
 * allocation it was given, patrolled or not (what was delivered does not enter), compared within
 * place (place fixed effects).
 *
 * Crime counts: Poisson regression log E[y] = α_place + β·treat. Its Pearson dispersion is checked;
 * when the counts vary more than Poisson allows (one-sided 5% test of Pearson χ² against its degrees
 * of freedom, normal approximation (χ² − df)/√(2 df) > 1.645), the model is negative binomial with θ
 * by maximum likelihood (as MASS::glm.nb), whose interval stays honest under extra variation.
 * Harm (crimes weighted by harm, not counts): quasi-Poisson with the same mean model, its standard
 * error scaled by the Pearson dispersion (R: family = quasipoisson) — harm is a weighted sum whose
 * variance is far above its mean, which the dispersion absorbs without a distribution for weights.
 * Both get a permutation p-value from redrawing the allocation (permutation.ts).
 */
import { fitNegBinFe, fitPoissonFe } from './glm-fe.ts';
import type { PlaceDayPanel } from './panel.ts';
import { crossoverPermutationTest } from './permutation.ts';
import { guarded, notEstimable, type RateRatio, rateRatio } from './rate-ratio.ts';

export interface DispersionCheck {
  /** Poisson Pearson χ² / df. */
  dispersion: number;
  /** (χ² − df)/√(2 df). */
  z: number;
  overdispersed: boolean;
}

export function dispersionCheck(pearson: number, df: number): DispersionCheck {
  const z = (pearson - df) / Math.sqrt(2 * df);
  return { dispersion: pearson / df, z, overdispersed: z > 1.645 };
}

/** The count model for one outcome: Poisson, or negative binomial when overdispersed. */
export function countRateRatio(
  places: number,
  place: Int32Array,
  y: Float64Array,
  treat: Uint8Array,
  outcome: string,
  contrast: string,
  permutationP: number | null,
): { rr: RateRatio; check: DispersionCheck } {
  const x = [Float64Array.from(treat)];
  const data = { y, place, places, x };
  let pois: ReturnType<typeof fitPoissonFe>;
  try {
    pois = fitPoissonFe(data);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return {
      rr: notEstimable(
        outcome,
        'poisson',
        'too few crimes to compare (none in places observed on both sides)',
      ),
      check: { dispersion: Number.NaN, z: Number.NaN, overdispersed: false },
    };
  }
  const check = dispersionCheck(pois.pearson, pois.dfResidual);
  if (check.overdispersed) {
    const nb = fitNegBinFe(data);
    if (nb.theta !== undefined && Number.isFinite(nb.theta))
      return {
        rr: guarded(outcome, 'negative-binomial', () =>
          rateRatio({
            outcome,
            contrast,
            model: 'negative-binomial',
            logRatio: nb.beta[0],
            se: nb.se[0],
            permutationP,
            theta: nb.theta,
            dispersion: nb.dispersion,
          }),
        ),
        check,
      };
  }
  const p = pois;
  return {
    rr: guarded(outcome, 'poisson', () =>
      rateRatio({
        outcome,
        contrast,
        model: 'poisson',
        logRatio: p.beta[0],
        se: p.se[0],
        permutationP,
        dispersion: p.dispersion,
      }),
    ),
    check,
  };
}

/** Harm: quasi-Poisson with place fixed effects. */
export function harmRateRatio(
  places: number,
  place: Int32Array,
  y: Float64Array,
  treat: Uint8Array,
  outcome: string,
  contrast: string,
  permutationP: number | null,
): RateRatio {
  return guarded(outcome, 'quasi-poisson', () => {
    const fit = fitPoissonFe({ y, place, places, x: [Float64Array.from(treat)] }, { quasi: true });
    return rateRatio({
      outcome,
      contrast,
      model: 'quasi-poisson',
      logRatio: fit.beta[0],
      se: fit.se[0],
      permutationP,
      dispersion: fit.dispersion,
    });
  });
}

export interface CrossoverResult {
  crimes: RateRatio;
  harm: RateRatio;
  ringCrimes: RateRatio;
  ringHarm: RateRatio;
  dispersion: { crimes: DispersionCheck; ringCrimes: DispersionCheck };
  permutation: { permutations: number; seed: number; patrolledPerDay: number };
  /** Crimes and harm per place-day on patrol and other days, hotspot and ring. */
  means: {
    patrolDays: number;
    otherDays: number;
    crimes: [number, number];
    harm: [number, number];
    ringCrimes: [number, number];
    ringHarm: [number, number];
  };
}

/** Evaluates a crossover panel (rows day-major from day 0, as buildPanel makes them). */
export function evaluateCrossover(
  panel: PlaceDayPanel,
  o: { permutations: number; seed: number },
): CrossoverResult {
  const P = panel.placeIds.length;
  const D = panel.n / P;
  let k = 0;
  for (let h = 0; h < P; h++) k += panel.treat[h];
  const perm = crossoverPermutationTest({
    places: P,
    days: D,
    patrolShare: k / P,
    place: panel.place,
    treat: panel.treat,
    outcomes: [panel.crimes, panel.harm, panel.ringCrimes, panel.ringHarm],
    permutations: o.permutations,
    seed: o.seed,
  });
  const on = 'on patrol days than on other days';
  const ring = 'around hotspots on their patrol days than on other days';
  const c = countRateRatio(
    P,
    panel.place,
    panel.crimes,
    panel.treat,
    'crimes in the hotspots',
    on,
    perm.p[0],
  );
  const rc = countRateRatio(
    P,
    panel.place,
    panel.ringCrimes,
    panel.treat,
    'crimes in the rings',
    ring,
    perm.p[2],
  );
  return {
    crimes: c.rr,
    harm: harmRateRatio(P, panel.place, panel.harm, panel.treat, 'harm in the hotspots', on, perm.p[1]),
    ringCrimes: rc.rr,
    ringHarm: harmRateRatio(
      P,
      panel.place,
      panel.ringHarm,
      panel.treat,
      'harm in the rings',
      ring,
      perm.p[3],
    ),
    dispersion: { crimes: c.check, ringCrimes: rc.check },
    permutation: { permutations: perm.permutations, seed: perm.seed, patrolledPerDay: k },
    means: groupMeans(panel),
  };
}

function groupMeans(panel: PlaceDayPanel): CrossoverResult['means'] {
  const n = [0, 0];
  const s = [new Float64Array(2), new Float64Array(2), new Float64Array(2), new Float64Array(2)];
  for (let i = 0; i < panel.n; i++) {
    if (panel.day[i] < 0) continue;
    const t = panel.treat[i] ? 0 : 1;
    n[t]++;
    s[0][t] += panel.crimes[i];
    s[1][t] += panel.harm[i];
    s[2][t] += panel.ringCrimes[i];
    s[3][t] += panel.ringHarm[i];
  }
  const m = (a: Float64Array): [number, number] => [a[0] / (n[0] || 1), a[1] / (n[1] || 1)];
  return {
    patrolDays: n[0],
    otherDays: n[1],
    crimes: m(s[0]),
    harm: m(s[1]),
    ringCrimes: m(s[2]),
    ringHarm: m(s[3]),
  };
}
