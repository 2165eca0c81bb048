/**
 * When to patrol a hotspot: the week profile of its crimes and harm (Europe/London wall-clock time)
 * and the best windows of at most 60 minutes, for force extracts that carry occurred_from/_to.
 *
 * A crime known only to have happened between two times (a burglary found in the morning) is spread
 * evenly over that span (aoristic analysis, Ratcliffe 2002), in 10-minute bins; spans of a week or
 * more carry no time-of-week information and are spread over the whole week. Police.uk open data
 * carries the month only: no profile can be derived from it.
 */
import { londonOffsetMs } from '../core/time/london.ts';

export const BIN_MINUTES = 10;
export const BINS_PER_DAY = (24 * 60) / BIN_MINUTES;
export const BINS_PER_WEEK = 7 * BINS_PER_DAY;
const BIN_MS = BIN_MINUTES * 60_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The 10-minute bin of the London week (Monday 00:00 = 0) holding an instant. */
export function weekBin(utcMs: number): number {
  const local = utcMs + londonOffsetMs(utcMs);
  const days = Math.floor(local / DAY_MS);
  const weekday = (((days + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const minuteBin = Math.floor((local - days * DAY_MS) / BIN_MS);
  return weekday * BINS_PER_DAY + minuteBin;
}

export interface WeekProfile {
  /** Crimes (and harm) per 10-minute bin of the week, Monday 00:00 first. */
  count: Float64Array;
  harm: Float64Array;
  /** Crimes with a time, and those without (left out). */
  timed: number;
  untimed: number;
  /** Crimes whose span was over 24 hours (spread thin: little time information). */
  wide: number;
}

/** Aoristic week profile of the crimes `rows` (indexes into the arrays). */
export function weekProfile(
  from: Float64Array,
  to: Float64Array,
  harm: Float64Array,
  rows: ArrayLike<number>,
): WeekProfile {
  const count = new Float64Array(BINS_PER_WEEK);
  const h = new Float64Array(BINS_PER_WEEK);
  let timed = 0;
  let untimed = 0;
  let wide = 0;
  for (let q = 0; q < rows.length; q++) {
    const k = rows[q];
    const f = from[k];
    if (!Number.isFinite(f)) {
      untimed++;
      continue;
    }
    timed++;
    const t = to[k];
    const hk = harm[k];
    if (!Number.isFinite(t) || t <= f) {
      const b = weekBin(f);
      count[b] += 1;
      h[b] += hk;
      continue;
    }
    const span = t - f;
    if (span > DAY_MS) wide++;
    if (span >= WEEK_MS) {
      for (let b = 0; b < BINS_PER_WEEK; b++) {
        count[b] += 1 / BINS_PER_WEEK;
        h[b] += hk / BINS_PER_WEEK;
      }
      continue;
    }
    // Walk the span bin by bin (bin edges are whole 10 minutes in UTC and in London time alike).
    let a = f;
    while (a < t) {
      const edge = (Math.floor(a / BIN_MS) + 1) * BIN_MS;
      const b = Math.min(edge, t);
      const share = (b - a) / span;
      const bin = weekBin(a);
      count[bin] += share;
      h[bin] += share * hk;
      a = b;
    }
  }
  return { count, harm: h, timed, untimed, wide };
}

/** Hour × weekday matrix (index day·24 + hour, Monday first) from a week profile's bins. */
export function hourByWeekday(bins: Float64Array): Float64Array {
  const out = new Float64Array(7 * 24);
  const perHour = 60 / BIN_MINUTES;
  for (let b = 0; b < bins.length; b++) out[Math.floor(b / perHour)] += bins[b];
  return out;
}

export interface TimeWindow {
  /** Start bin in the week (Monday 00:00 = 0) and length in minutes. */
  start: number;
  minutes: number;
  value: number;
  /** Share of the hotspot's total that falls in the window. */
  share: number;
  label: string;
}

function clock(bin: number): string {
  const m = (bin % BINS_PER_DAY) * BIN_MINUTES;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** 'Fri 22:10–23:10' (a window may run past midnight into the next day). */
export function windowLabel(start: number, minutes: number): string {
  const end = (start + minutes / BIN_MINUTES) % BINS_PER_WEEK;
  return `${WEEKDAYS[Math.floor(start / BINS_PER_DAY)]} ${clock(start)}–${clock(end)}`;
}

/**
 * The best `top` non-overlapping windows of `minutes` (≤ 60 for a Targeted Guardian Patrol) over
 * the week, by the binned values, wrapping Sunday night into Monday morning. Each window is then
 * trimmed to the bins that hold crime, so it can be shorter than `minutes`.
 */
export function topWindows(bins: Float64Array, minutes = 60, top = 3): TimeWindow[] {
  const w = Math.max(1, Math.round(minutes / BIN_MINUTES));
  const n = bins.length;
  let total = 0;
  for (let b = 0; b < n; b++) total += bins[b];
  const sums = new Float64Array(n);
  let s = 0;
  for (let b = 0; b < w; b++) s += bins[b % n];
  for (let b = 0; b < n; b++) {
    sums[b] = s;
    s += bins[(b + w) % n] - bins[b];
  }
  const taken: number[] = [];
  const out: TimeWindow[] = [];
  while (out.length < top) {
    let best = -1;
    for (let b = 0; b < n; b++) {
      if (sums[b] <= 1e-12) continue;
      if (taken.some((t) => Math.min((b - t + n) % n, (t - b + n) % n) < w)) continue;
      if (best < 0 || sums[b] > sums[best] + 1e-12) best = b;
    }
    if (best < 0) break;
    taken.push(best);
    // Trim empty bins at either end: the window shrinks to the span that holds the crime.
    let a = best;
    let len = w;
    while (len > 1 && bins[a % n] <= 1e-12) {
      a++;
      len--;
    }
    while (len > 1 && bins[(a + len - 1) % n] <= 1e-12) len--;
    out.push({
      start: a % n,
      minutes: len * BIN_MINUTES,
      value: sums[best],
      share: total > 0 ? sums[best] / total : 0,
      label: windowLabel(a % n, len * BIN_MINUTES),
    });
  }
  return out;
}
