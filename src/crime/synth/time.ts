/**
 * Wall-clock time for the generator: minutes since 1970-01-01 00:00 on the Europe/London clock
 * ("local minutes"), written as 'YYYY-MM-DD HH:MM', the force extract's timestamp format.
 *
 * The extract reads timestamps as London wall-clock time. One local hour a year does not exist (the
 * last Sunday of March, 01:00–02:00); the reader would move such a time an hour later, which could
 * put an `occurred_to` before its `occurred_from`. So times in that hour are written as 02:00: the
 * mapping from local minutes to instants then never decreases, and order is kept. (Times in the
 * repeated autumn hour are read as the first of the two, which keeps order too.)
 */

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 10080;

const HM: string[] = Array.from(
  { length: MINUTES_PER_DAY },
  (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
);
const dayText = new Map<number, string>();
const springDays = new Map<number, number>();

/** 'YYYY-MM-DD' of a day number (days since 1970-01-01). */
export function dayString(day: number): string {
  let s = dayText.get(day);
  if (s === undefined) {
    s = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dayText.set(day, s);
  }
  return s;
}

/** Day number of the last Sunday of March in `year` (the spring clock change). */
export function springForwardDay(year: number): number {
  let d = springDays.get(year);
  if (d === undefined) {
    const lastOfMarch = Date.UTC(year, 3, 0) / 86_400_000;
    d = lastOfMarch - ((lastOfMarch + 3 + 1) % 7); // (day + 3) % 7 is Monday = 0 … Sunday = 6
    springDays.set(year, d);
  }
  return d;
}

/** Monday = 0 … Sunday = 6. */
export function dayOfWeek(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Local minutes as 'YYYY-MM-DD HH:MM' (the spring gap hour written as 02:00). */
export function formatLocal(t: number): string {
  const day = Math.floor(t / MINUTES_PER_DAY);
  let m = t - day * MINUTES_PER_DAY;
  if (m >= 60 && m < 120) {
    const ds = dayString(day);
    if (
      ds.charCodeAt(5) === 48 &&
      ds.charCodeAt(6) === 51 &&
      springForwardDay(Number(ds.slice(0, 4))) === day
    )
      m = 120;
  }
  return `${dayString(day)} ${HM[m]}`;
}

/** First day number and number of days of a month index (months since 1970-01). */
export function monthDays(month: number): { first: number; days: number } {
  const y = 1970 + Math.floor(month / 12);
  const mo = month - (y - 1970) * 12;
  const first = Date.UTC(y, mo, 1) / 86_400_000;
  const next = Date.UTC(y, mo + 1, 1) / 86_400_000;
  return { first, days: next - first };
}
