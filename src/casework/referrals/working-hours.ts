import { londonOffsetMs } from '../../core/time/london.ts';
import type { WorkingHours } from './model.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Working hours between two instants (ms, UTC), counting only the configured weekdays and hours of
 * the day in Europe/London local time. Pure; steps a local day at a time.
 */
export function workingHoursBetween(fromMs: number, toMs: number, wh: WorkingHours): number {
  if (toMs <= fromMs) return 0;
  let total = 0;
  // Work in London local time (as if UTC): the clock change shifts at most an hour at 01:00–02:00.
  const from = fromMs + londonOffsetMs(fromMs);
  const to = toMs + londonOffsetMs(toMs);
  let day = Math.floor(from / DAY) * DAY;
  for (; day < to; day += DAY) {
    const weekday = ((new Date(day).getUTCDay() + 6) % 7) + 1;
    if (!wh.days.includes(weekday)) continue;
    const start = Math.max(from, day + wh.startHour * HOUR);
    const end = Math.min(to, day + wh.endHour * HOUR);
    if (end > start) total += end - start;
  }
  return total / HOUR;
}
