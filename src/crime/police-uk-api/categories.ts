/**
 * police.uk's crime category ids and names (crime-categories), in police.uk's order, and the
 * Beatwise category each stands for. Violence and sexual offences is "violent-crime" and criminal
 * damage and arson "criminal-damage-arson" at police.uk: its ids, not our slugs.
 */
import { CATEGORIES, type Category } from '../categories.ts';

export interface PoliceUkCategory {
  url: string;
  name: string;
}

const BY_CATEGORY: Record<Category, string> = {
  'Anti-social behaviour': 'anti-social-behaviour',
  'Bicycle theft': 'bicycle-theft',
  Burglary: 'burglary',
  'Criminal damage and arson': 'criminal-damage-arson',
  Drugs: 'drugs',
  'Other theft': 'other-theft',
  'Possession of weapons': 'possession-of-weapons',
  'Public order': 'public-order',
  Robbery: 'robbery',
  Shoplifting: 'shoplifting',
  'Theft from the person': 'theft-from-the-person',
  'Vehicle crime': 'vehicle-crime',
  'Violence and sexual offences': 'violent-crime',
  'Other crime': 'other-crime',
};

/** police.uk's list, "all-crime" first, in its order. */
export const POLICE_UK_CATEGORIES: readonly PoliceUkCategory[] = [
  { url: 'all-crime', name: 'All crime' },
  ...(Object.entries(BY_CATEGORY) as [Category, string][]).map(([name, url]) => ({ url, name })),
];

/** police.uk id of a stored category index (CATEGORIES order). */
export function policeUkCategoryId(index: number): string {
  const c = CATEGORIES[index];
  return c ? BY_CATEGORY[c] : 'other-crime';
}

/** Stored category indexes a police.uk category id selects; null for an unknown id. */
export function categoryIndexesFor(id: string): number[] | null {
  if (id === 'all-crime') return CATEGORIES.map((_, i) => i);
  const i = CATEGORIES.findIndex((c) => BY_CATEGORY[c] === id);
  return i < 0 ? null : [i];
}

/** police.uk outcome codes for the outcome names it publishes (others: the name as a slug). */
const OUTCOME_CODES: Record<string, string> = {
  'Investigation complete; no suspect identified': 'no-further-action',
  'Unable to prosecute suspect': 'unable-to-prosecute',
  'Local resolution': 'local-resolution',
  'Offender given a caution': 'cautioned',
  'Offender given penalty notice': 'penalty-notice-issued',
  'Offender given a drugs possession warning': 'drugs-possession-warning',
  'Formal action is not in the public interest': 'formal-action-not-in-public-interest',
  'Further investigation is not in the public interest': 'further-investigation-not-in-public-interest',
  'Further action is not in the public interest': 'further-action-not-in-public-interest',
  'Action to be taken by another organisation': 'action-taken-by-another-organisation',
  'Suspect charged as part of another case': 'suspect-charged-part-of-another-case',
  'Awaiting court outcome': 'awaiting-court-result',
  'Court result unavailable': 'court-result-unavailable',
  'Under investigation': 'under-investigation',
  'Status update unavailable': 'status-update-unavailable',
};

export function outcomeCode(name: string): string {
  return (
    OUTCOME_CODES[name] ??
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
  );
}
