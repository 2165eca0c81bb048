import { z } from 'zod';
import { LEVELS } from './levels.ts';
import { teamPublicSchema } from './police-uk-api/public-info.ts';
import { FORCE_SLUG_MAX, FORCE_SLUG_PATTERN } from './slug.ts';

export { ASSIGNED_LEVELS, type AssignedLevel, LEVELS, type Level } from './levels.ts';
export const levelSchema = z.enum(LEVELS);

/** A force slug (slug.ts): lower-case words joined by hyphens, at most 64 characters. */
export function forceSlugSchema() {
  return z
    .string()
    .max(FORCE_SLUG_MAX, `at most ${FORCE_SLUG_MAX} characters`)
    .regex(FORCE_SLUG_PATTERN, 'lower-case words joined by hyphens, e.g. "west-midlands"');
}

const code = z.string().trim().min(1, 'must not be empty');
const lat = z.number().min(49.8).max(60.95);
const lon = z.number().min(-8.7).max(1.9);

/** "the areas that make it up": codes of areas at one level, e.g. the MSOAs a team covers. */
const areaRefs = z.object({ level: levelSchema, codes: z.array(code).min(1) }).strict();

const geometry = z
  .object({
    type: z.enum(['Polygon', 'MultiPolygon']),
    coordinates: z.array(z.unknown()),
  })
  .strict();

const boundarySource = z
  .object({
    level: levelSchema,
    /** Paths relative to the force file; `*` in the file name matches any characters. */
    files: z.array(z.string().min(1)).min(1),
    codeField: z.string().optional(),
    nameField: z.string().optional(),
  })
  .strict();

export const forceSpecSchema = z
  .object({
    slug: forceSlugSchema(),
    name: z.string().min(1),
    /** Caveats a reader must see, e.g. that a derived structure is not the force's real one. */
    notes: z.array(z.string()).default([]),
    boundaries: z.array(boundarySource).default([]),
    /** Districts made of other areas, for a force whose district boundaries are not loaded. */
    districts: z.array(z.object({ code, name: z.string().min(1), areas: areaRefs }).strict()).default([]),
    units: z
      .array(z.object({ code, name: z.string().min(1), areas: areaRefs.optional() }).strict())
      .default([]),
    teams: z
      .array(
        z
          .object({
            code,
            name: z.string().min(1),
            unit: code,
            areas: areaRefs,
            /** What the team publishes (src/force/police-uk-api/public-info.ts). */
            public: teamPublicSchema.optional(),
          })
          .strict(),
      )
      .default([]),
    stations: z
      .array(z.object({ name: z.string().min(1), lat, lon, unit: code.optional() }).strict())
      .default([]),
    impactAreas: z
      .array(
        z
          .object({
            code: code.optional(),
            name: z.string().min(1),
            unit: code,
            areas: areaRefs.optional(),
            geometry: geometry.optional(),
            approximate: z.boolean().default(false),
            note: z.string().optional(),
          })
          .strict()
          .refine((ia) => ia.areas || ia.geometry, { message: 'an Impact Area needs "areas" or "geometry"' }),
      )
      .default([]),
    departments: z.array(z.object({ code, name: z.string().min(1) }).strict()).default([]),
  })
  .strict();

export type ForceSpec = z.infer<typeof forceSpecSchema>;
export type AreaRefs = z.infer<typeof areaRefs>;

/** Impact Area code: the one given, else the name as a slug. */
export function impactAreaCode(ia: { code?: string; name: string }): string {
  return ia.code ?? slugify(ia.name);
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The slug police.uk uses for a force, from the "Falls within" name: "Leicestershire Police" →
 * "leicestershire", "City of London Police" → "city-of-london".
 */
export function forceSlugFromName(name: string): string {
  const n = name.trim();
  const special: Record<string, string> = {
    'metropolitan police service': 'metropolitan',
    'british transport police': 'btp',
    'police service of northern ireland': 'northern-ireland',
  };
  const s = Object.hasOwn(special, n.toLowerCase()) ? special[n.toLowerCase()] : undefined;
  if (s) return s;
  return slugify(n.replace(/\s+(police service|constabulary|police)$/i, ''));
}
