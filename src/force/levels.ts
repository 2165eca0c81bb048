/**
 * Area levels, without the schemas (model.ts builds its zod schemas on these): what the import's
 * reader thread needs, so that it starts without loading zod.
 */

/** Area levels Beatwise knows, census geographies first (finest to coarsest), then the force's own. */
export const LEVELS = ['lsoa', 'msoa', 'ward', 'district', 'team', 'unit', 'impact-area', 'force'] as const;
export type Level = (typeof LEVELS)[number];

/** Levels whose areas a crime gets one column for (crimes.<level>_id). */
export const ASSIGNED_LEVELS = ['lsoa', 'msoa', 'ward', 'district', 'team', 'unit'] as const;
export type AssignedLevel = (typeof ASSIGNED_LEVELS)[number];
