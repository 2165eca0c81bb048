/**
 * The latest month a crime file may hold. A month after it is a typing error or hostile input (a
 * row dated 2199-12 became the overview's "current month"), so such rows are rejected. The limit
 * is the earlier of the import's latest month (today's month in Europe/London from the clock passed
 * in, or a month the caller gives) and, for a police.uk file named `YYYY-MM-<force>-street.csv`,
 * the month in its name.
 */
import { BeatwiseError } from '../core/errors.ts';
import { londonOffsetMs } from '../core/time/london.ts';
import { formatMonth, monthOfDate, parseMonth } from '../core/time/month.ts';

/** The latest month of an import, and what it comes from (for the reject reason). */
export interface LatestMonth {
  month: number;
  /** e.g. "today's month" or "the latest month allowed (--latest-month)". */
  why: string;
}

/** The month an instant falls in, in Europe/London. */
export function londonMonthOf(now: Date): number {
  const ms = now.getTime();
  return monthOfDate(new Date(ms + londonOffsetMs(ms)));
}

/** The import's latest month: `given` ('YYYY-MM') when set, else the month of `now`. */
export function latestMonth(now: Date, given?: string): LatestMonth {
  if (given === undefined || given === '') return { month: londonMonthOf(now), why: "today's month" };
  const month = parseMonth(given.trim());
  if (month === null) {
    throw new BeatwiseError('import.latest_month', `latest month "${given}" is not a month (YYYY-MM)`, {
      field: 'latestMonth',
    });
  }
  return { month, why: 'the latest month allowed' };
}

const STREET_FILE = /^(\d{4}-\d{2})-.+-street\.csv(\.gz)?$/i;

/** The month in a police.uk file's name (`2023-04-avon-and-somerset-street.csv`), or null. */
export function fileMonthOf(name: string): number | null {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const m = STREET_FILE.exec(base);
  return m ? parseMonth(m[1]) : null;
}

/** The limit for one file: the earlier of the import's latest month and the file name's month. */
export function fileLimit(latest: LatestMonth, name: string): LatestMonth {
  const own = fileMonthOf(name);
  if (own !== null && own < latest.month) return { month: own, why: "the file's own month (its name)" };
  return latest;
}

/** The reject reason for a row of `month` past `limit`. */
export function futureMonthReason(field: string, month: number, limit: LatestMonth): string {
  return `${field} ${formatMonth(month)} is after ${limit.why}, ${formatMonth(limit.month)}`;
}
