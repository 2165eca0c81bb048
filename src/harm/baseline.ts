/**
 * The baseline year a trend compares with when none is asked for: the earliest financial year the
 * data covers in full (April to March), else the earliest it touches; and the check that a month
 * asked for is in the data at all (outside it, the answer is where the data ends, not zeros).
 */
import { BeatwiseError } from '../core/errors.ts';
import { financialYear, financialYearLabel, financialYearStart, formatMonth } from '../core/time/month.ts';

/** The earliest financial year wholly inside [first, last] (month indexes), or null. */
export function earliestFullYear(first: number, last: number): number | null {
  let fy = financialYear(first);
  if (financialYearStart(fy) < first) fy++;
  return financialYearStart(fy) + 11 <= last ? fy : null;
}

/** The baseline to use, and a sentence saying how it was chosen. */
export function chooseBaseline(range: [number, number], asked?: number): { fy: number; note: string } {
  if (asked !== undefined) return { fy: asked, note: `baseline ${financialYearLabel(asked)}, as asked` };
  const full = earliestFullYear(range[0], range[1]);
  if (full !== null)
    return {
      fy: full,
      note: `baseline ${financialYearLabel(full)}: the earliest financial year the data covers in full`,
    };
  const fy = financialYear(range[0]);
  return {
    fy,
    note: `baseline ${financialYearLabel(fy)}: the data covers no financial year in full, so this is the earliest it touches`,
  };
}

/** Refuses a month outside the data, saying where the data starts and ends. */
export function checkInData(month: number, range: [number, number], field: string): void {
  if (month >= range[0] && month <= range[1]) return;
  throw new BeatwiseError(
    'harm.outside_data',
    `${formatMonth(month)} is outside the data, which holds ${formatMonth(range[0])} to ${formatMonth(range[1])}: choose a month in it`,
    { field },
  );
}
