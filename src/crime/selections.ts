import { BeatwiseError } from '../core/errors.ts';
import { ASB, CATEGORIES, type Category, categorySlug, toCategory } from './categories.ts';
import {
  normaliseOffenceCode,
  RESIDENTIAL_BURGLARY_CODES,
  VIOLENCE_WITH_INJURY_CODES,
} from './offence-codes.ts';

/**
 * A selection of crimes to total: categories, and optionally a test on a crime's offence code and
 * victim age (which only force extracts carry). A selection with no row test can be answered from
 * the cube; one with a test must read the crimes.
 */
export interface Selection {
  name: string;
  label: string;
  /** Category indexes included. */
  categories: number[];
  /** Row test for crime-level selections; absent = every crime of the categories. */
  test?: (category: number, offenceCode: string | null, victimAge: number | null) => boolean;
  /** What the selection needs from the data, said where the data lacks it. */
  needs?: string;
}

const idx = (c: Category) => CATEGORIES.indexOf(c);
const VWI = new Set(VIOLENCE_WITH_INJURY_CODES);
const DWELLING = new Set(RESIDENTIAL_BURGLARY_CODES);

export const NAMED_SELECTIONS: Record<string, Selection> = {
  'all-crime': {
    name: 'all-crime',
    label: 'All crime (excluding anti-social behaviour)',
    categories: CATEGORIES.filter((c) => c !== ASB).map(idx),
  },
  asb: { name: 'asb', label: 'Anti-social behaviour', categories: [idx(ASB)] },
  'neighbourhood-crime': {
    name: 'neighbourhood-crime',
    label:
      'Neighbourhood crime (burglary (dwelling where known), robbery, theft from the person, vehicle crime)',
    categories: (['Burglary', 'Robbery', 'Theft from the person', 'Vehicle crime'] as Category[]).map(idx),
    // Burglary rows with an offence code count only when residential; rows without one all count.
    test: (category, code) =>
      category !== idx('Burglary') || code === null || DWELLING.has(normaliseOffenceCode(code)),
  },
  'serious-youth-violence': {
    name: 'serious-youth-violence',
    label: 'Serious youth violence (violence with injury, victim under 25)',
    categories: [idx('Violence and sexual offences')],
    test: (_category, code, age) =>
      code !== null && age !== null && age < 25 && VWI.has(normaliseOffenceCode(code)),
    needs: 'victim age and Home Office offence code (force extracts); police.uk open data has neither',
  },
};

/** A named selection, or a comma-separated list of category names or slugs ("burglary,robbery"). */
export function resolveSelection(text: string): Selection {
  // Own keys only: "__proto__" or "constructor" is not a selection.
  if (Object.hasOwn(NAMED_SELECTIONS, text)) return NAMED_SELECTIONS[text];
  const cats: number[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const c = toCategory(part) ?? CATEGORIES.find((x) => categorySlug(x) === part.toLowerCase()) ?? null;
    if (!c) {
      throw new BeatwiseError(
        'selection.unknown',
        `"${part}" is not a selection or category; selections: ${Object.keys(NAMED_SELECTIONS).join(', ')}; categories: ${CATEGORIES.map(categorySlug).join(', ')}`,
        { field: 'selection' },
      );
    }
    cats.push(idx(c));
  }
  if (!cats.length)
    throw new BeatwiseError('selection.empty', 'the selection names no categories', { field: 'selection' });
  return { name: text, label: cats.map((c) => CATEGORIES[c]).join(', '), categories: [...new Set(cats)] };
}
