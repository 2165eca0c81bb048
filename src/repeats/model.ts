/**
 * Near repeats: the shapes the repeats functions share, the defaults, and what each kind of data
 * allows (police.uk open data: month only, snapped map points).
 */

import type { Scheme } from './knox.ts';
import type { Metric } from './pairs.ts';

/** Burglaries as parallel arrays: BNG metres, time in whole days since 1970-01-01 (UTC). */
export interface Burglaries {
  n: number;
  /** crime_records id. */
  id: Float64Array;
  x: Float64Array;
  y: Float64Array;
  day: Float64Array;
  /** Months since 1970-01. */
  month: Int32Array;
  /** The place (map point) id; areas of the place (-1 none). */
  place: Int32Array;
  team: Int32Array;
  ward: Int32Array;
  unit: Int32Array;
  /** 1 when the row has a recorded date (force extract), 0 month only (police.uk). */
  dated: Uint8Array;
}

export function emptyBurglaries(n: number): Burglaries {
  return {
    n,
    id: new Float64Array(n),
    x: new Float64Array(n),
    y: new Float64Array(n),
    day: new Float64Array(n),
    month: new Int32Array(n),
    place: new Int32Array(n).fill(-1),
    team: new Int32Array(n).fill(-1),
    ward: new Int32Array(n).fill(-1),
    unit: new Int32Array(n).fill(-1),
    dated: new Uint8Array(n),
  };
}

/** Day number (since 1970-01-01) of the first day of a month index. */
export function monthStartDay(month: number): number {
  return Date.UTC(1970, month, 1) / 86_400_000;
}

/** 'YYYY-MM-DD' of a day number. */
export function dayText(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Day number of 'YYYY-MM-DD' or 'YYYY-MM' (its first day); null when not a date. */
export function parseDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const mo = Number(m[2]);
  const d = m[3] ? Number(m[3]) : 1;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(Number(m[1]), mo - 1, d);
  if (new Date(ms).getUTCDate() !== d) return null;
  return ms / 86_400_000;
}

export interface KnoxDefaults {
  distances: number[];
  times: number[];
  metric: Metric;
  iterations: number;
  scheme: Scheme;
}

/**
 * Bands the data can support. Force extracts: the classic 100 m × 7-day grid to 400 m and 56 days.
 * police.uk: the time of a crime is its month, stored as the month's first day, so gaps are 0 (same
 * month), 28–31 days (next month), 59–62 (two months)…: bands of whole months are all it can show.
 */
export function suggestedBands(monthOnly: boolean): KnoxDefaults {
  return monthOnly
    ? {
        distances: [200, 400, 800],
        times: [0, 31, 62, 92],
        metric: 'euclidean',
        iterations: 999,
        scheme: 'times',
      }
    : {
        distances: [100, 200, 300, 400],
        times: [7, 14, 28, 56],
        metric: 'euclidean',
        iterations: 999,
        scheme: 'times',
      };
}

/** What police.uk data limits, said with every result built on it. */
export const MONTH_ONLY_CAVEATS = [
  'police.uk open data carries the month only: a crime is dated to its month, so the time bands can only be "same month", "next month", "two months"…; the days-to-weeks near-repeat peak (highest in the first 7–14 days) cannot be seen, and same-month pairs mix pairs days apart with pairs four weeks apart',
  'police.uk locations are snapped to anonymised map points (a street or part of one, or a landmark): "same location" means the same map point, not the same home, so repeats are overstated and near repeats closer than ~100–200 m cannot be told apart; use distance bands of 200 m or more',
  'suggested bands for police.uk data: distances 200, 400, 800 m; times 0, 31, 62, 92 days (same month, next month, 2 and 3 months); the force extract (dates and exact points) supports 100 m × 7-day bands',
];

export const EXTRACT_CAVEAT =
  'force extract: exact points and recorded dates (midpoint of the from–to window when both are given)';

export const SYNTHETIC_CAVEAT = 'SYNTHETIC data, not real crimes: for testing and demonstration only';

/** The near-repeat risk after a burglary: radius and days, and where they came from. */
export interface RiskSettings {
  radiusM: number;
  days: number;
  source: 'knox' | 'settings' | 'default' | 'options';
}

/** The classic figures (Johnson et al., Bowers): 400 m for 28 days; used when nothing else is set. */
export const DEFAULT_RISK: RiskSettings = { radiusM: 400, days: 28, source: 'default' };
