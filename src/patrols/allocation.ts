/**
 * The randomised crossover design of a patrol plan: for each day, which hotspots are patrolled
 * and which are left as controls (as in Bedfordshire's Op Rowan: 7 of 21 areas patrolled each
 * day). Every day patrols the same number of hotspots, chosen afresh from a stored seed, so the
 * allocation can be redrawn exactly, and a permutation test can draw others the same way.
 */
import { Rng } from '../core/rng.ts';

export interface CrossoverDesign {
  /** How many hotspots the plan has. */
  hotspots: number;
  /** How many days the plan runs. */
  days: number;
  /** The share of hotspots patrolled each day, in (0, 1). */
  patrolShare: number;
  /** The seed the allocation is drawn from; stored with the plan. */
  seed: number;
}

/** How many hotspots are patrolled each day: at least one, and at least one left as control. */
export function patrolledPerDay(d: Pick<CrossoverDesign, 'hotspots' | 'patrolShare'>): number {
  if (d.hotspots < 2) throw new RangeError('a crossover design needs at least 2 hotspots');
  if (!(d.patrolShare > 0 && d.patrolShare < 1)) throw new RangeError('patrolShare must lie between 0 and 1');
  return Math.min(d.hotspots - 1, Math.max(1, Math.round(d.patrolShare * d.hotspots)));
}

/**
 * The allocation: `days × hotspots` flags, day after day (`a[day * hotspots + h]` is 1 when hotspot
 * h is patrolled on that day). Each day is a partial Fisher–Yates shuffle of the hotspots.
 */
export function allocateCrossover(d: CrossoverDesign): Uint8Array {
  const k = patrolledPerDay(d);
  const rng = new Rng(d.seed);
  const out = new Uint8Array(d.days * d.hotspots);
  const order = new Int32Array(d.hotspots);
  for (let day = 0; day < d.days; day++) {
    for (let h = 0; h < d.hotspots; h++) order[h] = h;
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(d.hotspots - i);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
      out[day * d.hotspots + order[i]] = 1;
    }
  }
  return out;
}

/** The days of an allocation that are released (visible to teams) by `releasedDays`: whole weeks. */
export function releasedThrough(planDays: number, daysElapsed: number, weekLength = 7): number {
  const weeks = Math.floor(Math.max(0, daysElapsed) / weekLength) + 1;
  return Math.min(planDays, weeks * weekLength);
}
