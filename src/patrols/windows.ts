/**
 * When to patrol each hotspot: the riskiest windows of the week from its crimes' times (the hotspot
 * lab's aoristic week profile, times.ts), or, where the crimes carry the month only (police.uk open
 * data), the force's default shift pattern, said as such.
 */

import { BIN_MINUTES, BINS_PER_DAY, topWindows, WEEKDAYS, weekProfile } from '../hotspots/index.ts';
import { londonOffsetCached } from './days.ts';
import type { PatrolWindow } from './model.ts';

/** The default shift pattern: two hour-long windows of the late turn, every day. */
export const DEFAULT_SHIFT_WINDOWS: readonly PatrolWindow[] = [
  { weekday: null, startMinute: 15 * 60, minutes: 60, label: 'every day 15:00–16:00', share: null },
  { weekday: null, startMinute: 20 * 60, minutes: 60, label: 'every day 20:00–21:00', share: null },
];

function hhmm(minute: number): string {
  const m = ((minute % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function windowText(w: Pick<PatrolWindow, 'weekday' | 'startMinute' | 'minutes'>): string {
  const day = w.weekday === null ? 'every day' : WEEKDAYS[w.weekday];
  return `${day} ${hhmm(w.startMinute)}–${hhmm(w.startMinute + w.minutes)}`;
}

export interface WindowChoice {
  windows: PatrolWindow[];
  source: 'crime times' | 'default shift';
  timed: number;
}

/**
 * The best `count` windows (each at least `visitMinutes`, at most 60) of the crimes `rows`, weighted
 * by harm (by count when the rows hold no harm). Falls back to the default shift pattern when none
 * of the rows has a time.
 */
export function hotspotWindows(
  from: Float64Array,
  to: Float64Array,
  harm: Float64Array,
  rows: readonly number[],
  count: number,
  visitMinutes: number,
): WindowChoice {
  const prof = weekProfile(from, to, harm, rows);
  if (prof.timed === 0)
    return {
      windows: [...DEFAULT_SHIFT_WINDOWS].slice(0, Math.max(1, count)),
      source: 'default shift',
      timed: 0,
    };
  let harmTotal = 0;
  for (let b = 0; b < prof.harm.length; b++) harmTotal += prof.harm[b];
  const bins = harmTotal > 0 ? prof.harm : prof.count;
  const windows = topWindows(bins, 60, count).map((t): PatrolWindow => {
    const weekday = Math.floor(t.start / BINS_PER_DAY);
    const startMinute = (t.start % BINS_PER_DAY) * BIN_MINUTES;
    const minutes = Math.min(60, Math.max(visitMinutes, t.minutes));
    const w = { weekday, startMinute, minutes };
    return { ...w, label: windowText(w), share: t.share };
  });
  return { windows, source: 'crime times', timed: prof.timed };
}

/** Whether an instant falls in any of the windows (Europe/London wall-clock time). */
export function inWindow(windows: readonly PatrolWindow[], utcMs: number): boolean {
  if (windows.length === 0) return true;
  // As weekBin (hotspots/times.ts) reads the weekday, with the offset looked up once.
  const local = utcMs + londonOffsetCached(utcMs);
  const days = Math.floor(local / 86_400_000);
  const weekday = (((days + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const minute = Math.floor((local - days * 86_400_000) / 60_000);
  const yesterdayOf = (weekday + 6) % 7;
  for (let k = 0; k < windows.length; k++) {
    const w = windows[k];
    const end = w.startMinute + w.minutes;
    // A window may run past midnight: then the minutes after midnight belong to the next weekday.
    const today = w.weekday === null || w.weekday === weekday;
    const yesterday = w.weekday === null || w.weekday === yesterdayOf;
    if (today && minute >= w.startMinute && minute < Math.min(end, 1440)) return true;
    if (yesterday && end > 1440 && minute < end - 1440) return true;
  }
  return false;
}
