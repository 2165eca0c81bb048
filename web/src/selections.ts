import { CATEGORIES, categorySlug } from '../../src/crime/categories.ts';
import type { Option } from './components/controls.tsx';

/** The named selections of src/crime/selections.ts. */
export const NAMED_SELECTIONS: Option[] = [
  { value: 'all-crime', label: 'All crime (excluding anti-social behaviour)' },
  { value: 'neighbourhood-crime', label: 'Neighbourhood crime' },
  { value: 'serious-youth-violence', label: 'Serious youth violence (force extracts only)' },
  { value: 'asb', label: 'Anti-social behaviour' },
];

/** One option per police.uk category (the API takes its slug), anti-social behaviour aside. */
export const CATEGORY_SELECTIONS: Option[] = CATEGORIES.filter((c) => c !== 'Anti-social behaviour').map(
  (c) => ({ value: categorySlug(c), label: c }),
);

/** Named selections then categories; a value not in the lists (typed in the URL) is kept as it is. */
export function selectionOptions(current: string): Option[] {
  const all = [...NAMED_SELECTIONS, ...CATEGORY_SELECTIONS];
  return all.some((o) => o.value === current) ? all : [...all, { value: current, label: current }];
}
