/**
 * The evaluation design of a stored patrol plan: its hotspots in rank order, its days, and its
 * crossover allocation (seed and patrolled share, redrawn by allocateCrossover exactly as the plan
 * released it). A plan that was not randomised has no comparison places of its own, so it is
 * evaluated from a design file that names them (`--design`), not from its id.
 */
import { BeatwiseError } from '../../core/errors.ts';
import type { PlanVersion } from '../model.ts';
import type { DesignInput } from './model.ts';

export function designFromPlan(
  plan: PlanVersion,
  extra: Pick<DesignInput, 'ringWidthM' | 'permutations' | 'permutationSeed'> = {},
): DesignInput {
  if (!plan.allocation)
    throw new BeatwiseError(
      'patrols.not_randomised',
      `patrol plan ${plan.planId} was not randomised, so it has no control days: evaluate it with a design file that names comparison places (patrols evaluate --design)`,
      { field: 'plan' },
    );
  const hotspots = [...plan.hotspots].sort((a, b) => a.rank - b.rank);
  return {
    force: plan.force,
    hotspots: hotspots.map((h) => ({ id: `H${h.rank}`, easting: h.x, northing: h.y, radiusM: h.radiusM })),
    startDate: plan.startDate,
    days: plan.allocation.days,
    allocation: { seed: plan.allocation.seed, patrolShare: plan.allocation.patrolShare },
    selection: plan.params.types,
    ...extra,
  };
}
