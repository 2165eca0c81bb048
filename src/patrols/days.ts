/**
 * Plan days: a plan runs from its start date to its end date (Europe/London calendar dates,
 * inclusive); day 0 is the start date. Instants map to the London date they fall on.
 */
import { BeatwiseError } from '../core/errors.ts';
import { londonLocalToUtc, londonOffsetMs } from '../core/time/london.ts';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date, or null when it is not a real date. */
export function dateNumber(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  if (
    d.getUTCFullYear() !== Number(m[1]) ||
    d.getUTCMonth() + 1 !== Number(m[2]) ||
    d.getUTCDate() !== Number(m[3])
  )
    return null;
  return ms / DAY_MS;
}

export function dateText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The London offset of an instant, cached by UTC hour: the clocks change on the hour (01:00 UTC), so
 * every instant of a UTC hour has its offset. Dosage asks this twice per patrol (its day, its window) (tens of thousands),
 * mostly for a few hundred hours: one Map lookup instead of a Date per call.
 */
const HOUR_MS = 3_600_000;
const offsetByHour = new Map<number, number>();
export function londonOffsetCached(utcMs: number): number {
  const hour = Math.floor(utcMs / HOUR_MS);
  let o = offsetByHour.get(hour);
  if (o === undefined) {
    if (offsetByHour.size > 100_000) offsetByHour.clear();
    o = londonOffsetMs(hour * HOUR_MS);
    offsetByHour.set(hour, o);
  }
  return o;
}

/** The London calendar day (days since 1970-01-01) of an instant. */
export function londonDay(utcMs: number): number {
  return Math.floor((utcMs + londonOffsetCached(utcMs)) / DAY_MS);
}

/** The plan's length in days; throws naming the field when the dates are not a valid range. */
export function planDays(startDate: string, endDate: string): number {
  const a = dateNumber(startDate);
  const b = dateNumber(endDate);
  if (a === null)
    throw new BeatwiseError('patrols.bad_date', `startDate "${startDate}" is not a date YYYY-MM-DD`, {
      field: 'startDate',
    });
  if (b === null)
    throw new BeatwiseError('patrols.bad_date', `endDate "${endDate}" is not a date YYYY-MM-DD`, {
      field: 'endDate',
    });
  if (b < a)
    throw new BeatwiseError('patrols.bad_dates', `endDate ${endDate} is before startDate ${startDate}`, {
      field: 'endDate',
    });
  if (b - a + 1 > 366)
    throw new BeatwiseError('patrols.bad_dates', `a plan runs at most 366 days (this one ${b - a + 1})`, {
      field: 'endDate',
    });
  return b - a + 1;
}

/** Plan day of an instant (may be < 0 or ≥ days: outside the plan). */
export function planDayOf(startDate: string, utcMs: number): number {
  const a = dateNumber(startDate);
  if (a === null)
    throw new BeatwiseError('patrols.bad_date', `startDate "${startDate}" is not a date`, {
      field: 'startDate',
    });
  return londonDay(utcMs) - a;
}

/** The UTC instant of local midnight starting a plan day. */
export function planDayStart(startDate: string, day: number): number {
  const a = dateNumber(startDate);
  if (a === null)
    throw new BeatwiseError('patrols.bad_date', `startDate "${startDate}" is not a date`, {
      field: 'startDate',
    });
  const d = new Date((a + day) * DAY_MS);
  return londonLocalToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0);
}
