/**
 * The evaluation design: what a patrol plan (or an analyst) hands to `patrols evaluate` and to
 * POST /api/forces/:force/patrol-evaluations. A crossover gives its allocation (the stored seed and
 * patrolled share, or the flags themselves); a plan that was not randomised gives its patrolled set.
 */
import { z } from 'zod';

const dateText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date as YYYY-MM-DD');

export const hotspotSchema = z.object({
  id: z.string().min(1).max(80),
  easting: z.number().min(0).max(800_000),
  northing: z.number().min(0).max(1_400_000),
  radiusM: z.number().positive().max(2000).default(150),
});

export const allocationSchema = z.union([
  z.object({
    /** The seed allocateCrossover drew the plan's allocation from. */
    seed: z.number().int().min(0).max(4294967295),
    /** The share of hotspots patrolled each day. */
    patrolShare: z.number().gt(0).lt(1),
  }),
  z.object({
    /** Flags per day (rows) × hotspot (columns, in `hotspots` order): 1 = to be patrolled. */
    flags: z.array(z.array(z.union([z.literal(0), z.literal(1)]))).min(1),
  }),
]);

export const designSchema = z
  .object({
    force: z.string().min(1),
    hotspots: z.array(hotspotSchema).min(2).max(500),
    startDate: dateText,
    days: z.number().int().min(1).max(731),
    allocation: allocationSchema.optional(),
    /** Non-randomised: the ids of the hotspots that were patrolled (the others are comparison candidates). */
    patrolled: z.array(z.string()).optional(),
    /** Non-randomised: days before the start to match on and compare with (default: as many as `days`). */
    preDays: z.number().int().min(7).max(731).optional(),
    ringWidthM: z.number().positive().max(2000).default(100),
    permutations: z.number().int().min(0).max(99_999).default(999),
    permutationSeed: z.number().int().min(0).max(4294967295).default(1),
    /** A crime selection (as harm and hotspots use): a named selection or categories; default all crime. */
    selection: z.string().optional(),
  })
  .refine((d) => (d.allocation === undefined) !== (d.patrolled === undefined), {
    message: 'give either allocation (a randomised crossover) or patrolled (a plan that was not randomised)',
    path: ['allocation'],
  });

export type DesignInput = z.input<typeof designSchema>;
export type Design = z.output<typeof designSchema>;
export type Hotspot = z.output<typeof hotspotSchema>;
