import { addMonths } from '../../format.ts';

/** A period a person picks instead of two months: the last month, 3 or 12 months, or all. */
export interface PeriodPreset {
  value: string;
  label: string;
  from?: string;
  to?: string;
}

/**
 * The presets the data allows: the last month, the last 3 and 12 months when the data holds that
 * many, and all months. (Police.uk data is monthly, so "the last 28 days" cannot be cut from it.)
 */
export function periodPresets(months: readonly string[]): PeriodPreset[] {
  if (months.length === 0) return [];
  const last = months[months.length - 1];
  const out: PeriodPreset[] = [{ value: 'all', label: `All months (${months.length})` }];
  for (const n of [1, 3, 12])
    if (months.length > n)
      out.push({
        value: `last-${n}`,
        label: n === 1 ? 'Last month' : `Last ${n} months`,
        from: n === 1 ? last : addMonths(last, 1 - n),
        to: undefined,
      });
  return out;
}

/** Which preset a from/to pair is, or 'custom'. `to` absent means the last month. */
export function presetOf(months: readonly string[], from?: string, to?: string): string {
  const last = months[months.length - 1];
  if ((to ?? last) !== last) return 'custom';
  const hit = periodPresets(months).find((p) => (p.from ?? months[0]) === (from ?? months[0]));
  return hit?.value ?? 'custom';
}
