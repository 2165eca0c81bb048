/**
 * One evaluation from a design and its place-day panel (pure): the crossover's intention-to-treat
 * rate ratios with permutation p-values, or the matched difference-in-differences; displacement and
 * diffusion in the rings with the weighted displacement quotient; the smallest detectable effects;
 * and the words.
 */
import { BeatwiseError } from '../../core/errors.ts';
import { allocateCrossover } from '../allocation.ts';
import { type CrossoverResult, evaluateCrossover } from './crossover.ts';
import { type DidResult, evaluateDid } from './did.ts';
import { type Wdq, wdq } from './displacement.ts';
import type { Design } from './model.ts';
import type { PlaceDayPanel } from './panel.ts';
import { ALPHA, POWER, type RateRatio } from './rate-ratio.ts';

export interface Allocation {
  /** Flags day-major: flags[day × hotspots + h]. */
  flags: Uint8Array;
  patrolShare: number;
  /** The seed when the allocation was drawn from one (else null: flags given). */
  seed: number | null;
}

/** The crossover allocation of a design: drawn from its seed, or its flags checked and flattened. */
export function designAllocation(d: Design): Allocation | null {
  const a = d.allocation;
  if (!a) return null;
  const H = d.hotspots.length;
  if ('seed' in a)
    return {
      flags: allocateCrossover({ hotspots: H, days: d.days, patrolShare: a.patrolShare, seed: a.seed }),
      patrolShare: a.patrolShare,
      seed: a.seed,
    };
  if (a.flags.length !== d.days)
    throw new BeatwiseError(
      'patrols.bad_design',
      `allocation.flags has ${a.flags.length} days but the design runs ${d.days} days`,
      { field: 'allocation.flags' },
    );
  const flags = new Uint8Array(d.days * H);
  let perDay = -1;
  a.flags.forEach((row, day) => {
    if (row.length !== H)
      throw new BeatwiseError(
        'patrols.bad_design',
        `allocation.flags day ${day + 1} has ${row.length} flags but the design has ${H} hotspots`,
        { field: `allocation.flags.${day}` },
      );
    const k = row.reduce<number>((s, v) => s + v, 0);
    if (perDay >= 0 && k !== perDay)
      throw new BeatwiseError(
        'patrols.bad_design',
        `allocation.flags day ${day + 1} patrols ${k} hotspots but day 1 patrols ${perDay}: a crossover patrols the same number each day, so the permutation test can redraw it the same way`,
        { field: `allocation.flags.${day}` },
      );
    perDay = k;
    row.forEach((v, h) => {
      flags[day * H + h] = v;
    });
  });
  if (perDay < 1 || perDay >= H)
    throw new BeatwiseError(
      'patrols.bad_design',
      'allocation.flags must patrol at least one hotspot and leave at least one unpatrolled each day',
      { field: 'allocation.flags' },
    );
  return { flags, patrolShare: perDay / H, seed: null };
}

/** The patrolled set of a non-randomised design as flags per hotspot (unknown ids are an error). */
export function designPatrolled(d: Design): Uint8Array {
  const H = d.hotspots.length;
  const out = new Uint8Array(H);
  if (!d.patrolled) return out.fill(1);
  const index = new Map(d.hotspots.map((h, i) => [h.id, i]));
  for (const id of d.patrolled) {
    const i = index.get(id);
    if (i === undefined)
      throw new BeatwiseError(
        'patrols.bad_design',
        `patrolled names "${id}", which is not a hotspot of the design`,
        {
          field: 'patrolled',
        },
      );
    out[i] = 1;
  }
  return out;
}

/** A quotient read against a hotspot change that is not detectable says so. */
function qualify(q: Wdq, hotspot: RateRatio): Wdq {
  if (q.value === null || !hotspot.noDetectableEffect) return q;
  return {
    ...q,
    reading: `${q.reading} But the change in the hotspots themselves is not detectable (${hotspot.outcome}), so the quotient divides by noise and should not be read as displacement or diffusion.`,
  };
}

export interface Displacement {
  crimes: Wdq;
  harm: Wdq;
}

export interface Evaluation {
  kind: 'crossover' | 'difference-in-differences';
  /** The four rate ratios, in the order shown: hotspot crimes, hotspot harm, ring crimes, ring harm. */
  estimates: RateRatio[];
  displacement: Displacement;
  crossover: CrossoverResult | null;
  did: DidResult | null;
  power: { alpha: number; power: number; note: string };
  /** What each model assumes, in words. */
  methods: string[];
  /** The headline: the first estimate's words. */
  summary: string;
}

export const CROSSOVER_METHODS = [
  'Intention to treat: every place-day counts under the allocation it was given, whether or not a patrol was delivered.',
  'Crimes: Poisson regression with a fixed effect per hotspot and a patrol-day indicator; when the counts vary more than Poisson allows (Pearson χ² test, one-sided 5%), negative binomial with θ by maximum likelihood (as MASS::glm.nb). Intervals are 95% Wald intervals.',
  'Harm: quasi-Poisson with the same fixed effects (the Poisson estimate, its standard error scaled by the Pearson dispersion), since harm is a weighted sum of crimes.',
  'Permutation p-values: the allocation is redrawn with the same seeded daily draw that made it (same hotspots, days and number patrolled per day), from seeds drawn from the permutation seed reported; the statistic is the Poisson fixed-effects log rate ratio.',
];

export const DID_METHODS = [
  'Each patrolled hotspot is matched, without replacement, to the unpatrolled hotspot nearest on its crimes, harm and trend in the period before (standardised).',
  'Difference-in-differences: quasi-Poisson on each place’s totals before and during, with a fixed effect per place and a during indicator; the rate ratio is the patrolled places’ change relative to their comparisons, with a 95% t interval (places − 2 degrees of freedom).',
];

export function evaluate(d: Design, panel: PlaceDayPanel): Evaluation {
  const power = {
    alpha: ALPHA,
    power: POWER,
    note: `Detectable effects are the smallest changes the design would find with ${POWER * 100}% power at two-sided α = ${ALPHA}, from the standard error of each estimate.`,
  };
  if (d.allocation) {
    const c = evaluateCrossover(panel, { permutations: d.permutations, seed: d.permutationSeed });
    const m = c.means;
    const displacement = {
      crimes: qualify(
        wdq({ Ra: m.crimes[0], Rb: m.crimes[1], Da: m.ringCrimes[0], Db: m.ringCrimes[1] }),
        c.crimes,
      ),
      harm: qualify(wdq({ Ra: m.harm[0], Rb: m.harm[1], Da: m.ringHarm[0], Db: m.ringHarm[1] }), c.harm),
    };
    return {
      kind: 'crossover',
      estimates: [c.crimes, c.harm, c.ringCrimes, c.ringHarm],
      displacement,
      crossover: c,
      did: null,
      power,
      methods: CROSSOVER_METHODS,
      summary: c.crimes.wording,
    };
  }
  let r: DidResult;
  try {
    r = evaluateDid(panel);
  } catch (e) {
    if (e instanceof RangeError)
      throw new BeatwiseError('patrols.bad_design', e.message, { field: 'patrolled' });
    throw e;
  }
  const t = r.totals;
  const displacement = {
    crimes: qualify(
      wdq({
        Ra: t.crimes.patrolled[1],
        Rb: t.crimes.patrolled[0],
        Da: t.ringCrimes.patrolled[1],
        Db: t.ringCrimes.patrolled[0],
        Ca: t.crimes.comparison[1],
        Cb: t.crimes.comparison[0],
      }),
      r.crimes,
    ),
    harm: qualify(
      wdq({
        Ra: t.harm.patrolled[1],
        Rb: t.harm.patrolled[0],
        Da: t.ringHarm.patrolled[1],
        Db: t.ringHarm.patrolled[0],
        Ca: t.harm.comparison[1],
        Cb: t.harm.comparison[0],
      }),
      r.harm,
    ),
  };
  return {
    kind: 'difference-in-differences',
    estimates: [r.crimes, r.harm, r.ringCrimes, r.ringHarm],
    displacement,
    crossover: null,
    did: r,
    power,
    methods: [...DID_METHODS, r.assumption],
    summary: `${r.crimes.wording} ${r.assumption}`,
  };
}
