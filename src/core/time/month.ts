/**
 * Months are 'YYYY-MM' strings at the edges and integers (months since 1970-01) inside.
 * Police years are financial years, April to March: FY 2022 = 2022-04 .. 2023-03 ("2022/23").
 */
const MONTH_RE = /^(\d{4})-(\d{2})$/;

/** '2022-11' → months since 1970-01, or null when the text is not a real month. */
export function parseMonth(text: string): number | null {
  const m = MONTH_RE.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12 || y < 1900 || y > 2200) return null;
  return (y - 1970) * 12 + (mo - 1);
}

export function formatMonth(index: number): string {
  const y = Math.floor(index / 12) + 1970;
  const mo = index - (y - 1970) * 12 + 1;
  return `${y}-${mo < 10 ? '0' : ''}${mo}`;
}

export function addMonths(index: number, n: number): number {
  return index + n;
}

/** The financial (police) year a month falls in, named by its starting calendar year. */
export function financialYear(index: number): number {
  const y = Math.floor(index / 12) + 1970;
  const mo = index - (y - 1970) * 12 + 1;
  return mo >= 4 ? y : y - 1;
}

/** '2022/23' for FY 2022. */
export function financialYearLabel(fy: number): string {
  return `${fy}/${String((fy + 1) % 100).padStart(2, '0')}`;
}

/** First month (April) of a financial year, as a month index. */
export function financialYearStart(fy: number): number {
  return (fy - 1970) * 12 + 3;
}

/** Month index of an instant, in UTC (callers convert from Europe/London first where it matters). */
export function monthOfDate(d: Date): number {
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}
