/**
 * The police.uk crime categories ("Crime type" column), as police.uk writes them.
 * Anti-social behaviour is an incident type, not a crime: it is counted apart and has no harm.
 */
export const CATEGORIES = [
  'Anti-social behaviour',
  'Bicycle theft',
  'Burglary',
  'Criminal damage and arson',
  'Drugs',
  'Other crime',
  'Other theft',
  'Possession of weapons',
  'Public order',
  'Robbery',
  'Shoplifting',
  'Theft from the person',
  'Vehicle crime',
  'Violence and sexual offences',
] as const;

export type Category = (typeof CATEGORIES)[number];

export const ASB: Category = 'Anti-social behaviour';

const BY_LOWER = new Map<string, Category>(CATEGORIES.map((c) => [c.toLowerCase(), c]));

/** Categories police.uk used before May 2013, mapped to their successors. */
const LEGACY = new Map<string, Category>([
  ['violent crime', 'Violence and sexual offences'],
  ['violence and sexual offences', 'Violence and sexual offences'],
  ['public disorder and weapons', 'Public order'],
]);

/** The canonical category for a name as written in a file (case-insensitive), or null. */
export function toCategory(name: string): Category | null {
  const k = name.trim().toLowerCase();
  return BY_LOWER.get(k) ?? LEGACY.get(k) ?? null;
}

/** A short stable code for a category, used in the store and URLs: 'violence-and-sexual-offences'. */
export function categorySlug(c: Category): string {
  return c.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
