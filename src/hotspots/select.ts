/**
 * Selections a force extract allows beyond category and month: victim age band, hours of the day
 * and days of the week (Europe/London time of occurred_from). Pure functions over CrimePoints.
 */
import { BeatwiseError } from '../core/errors.ts';
import type { CrimePoints } from './model.ts';
import { BINS_PER_DAY, WEEKDAYS, weekBin } from './times.ts';

export interface PointFilter {
  /** Inclusive victim age range in years. */
  victimAge?: [number, number];
  /** Local hours (0..23) to keep. */
  hours?: number[];
  /** Weekdays to keep, 0 = Monday. */
  weekdays?: number[];
}

/** 1 for each crime the filter keeps. Crimes without the needed field (age, time) are dropped. */
export function filterPoints(p: CrimePoints, f: PointFilter): Uint8Array {
  const keep = new Uint8Array(p.n).fill(1);
  const hours = f.hours ? new Set(f.hours) : null;
  const days = f.weekdays ? new Set(f.weekdays) : null;
  for (let k = 0; k < p.n; k++) {
    if (f.victimAge) {
      const a = p.victimAge[k];
      if (a < 0 || a < f.victimAge[0] || a > f.victimAge[1]) {
        keep[k] = 0;
        continue;
      }
    }
    if (hours || days) {
      const t = p.occurredFrom[k];
      if (!Number.isFinite(t)) {
        keep[k] = 0;
        continue;
      }
      const b = weekBin(t);
      if (days && !days.has(Math.floor(b / BINS_PER_DAY))) keep[k] = 0;
      else if (hours && !hours.has(Math.floor((b % BINS_PER_DAY) / 6))) keep[k] = 0;
    }
  }
  return keep;
}

/** '0-24' → [0, 24]; '18' → [18, 18]. */
export function parseRange(text: string, field: string, lo: number, hi: number): [number, number] {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  const a = m ? Number(m[1]) : Number.NaN;
  const b = m ? Number(m[2] ?? m[1]) : Number.NaN;
  if (!m || a > b || a < lo || b > hi)
    throw new BeatwiseError('hotspots.bad_range', `${field} "${text}" is not a range like ${lo}-${hi}`, {
      field,
    });
  return [a, b];
}

/** '22-2' (wraps midnight), '8-10,18' → local hours. */
export function parseHours(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,2})\s*(?:-\s*(\d{1,2})\s*)?$/.exec(part);
    if (!m || Number(m[1]) > 23 || Number(m[2] ?? m[1]) > 23)
      throw new BeatwiseError(
        'hotspots.bad_hours',
        `--hours "${text}": give hours 0-23, e.g. 18-23 or 22-2,12`,
        {
          field: '--hours',
        },
      );
    const a = Number(m[1]);
    const b = Number(m[2] ?? m[1]);
    for (let h = a; ; h = (h + 1) % 24) {
      out.add(h);
      if (h === b) break;
    }
  }
  return [...out].sort((x, y) => x - y);
}

/** 'fri-sun,mon' → [4, 5, 6, 0]. */
export function parseDays(text: string): number[] {
  const idx = (d: string) => {
    const i = WEEKDAYS.findIndex((w) => w.toLowerCase() === d.trim().slice(0, 3).toLowerCase());
    if (i < 0)
      throw new BeatwiseError(
        'hotspots.bad_days',
        `--days "${text}": use mon,tue,…,sun and ranges like fri-sun`,
        {
          field: '--days',
        },
      );
    return i;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [a, b] = part.split('-');
    const s = idx(a);
    const e = b === undefined ? s : idx(b);
    for (let d = s; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === e) break;
    }
  }
  return [...out].sort((x, y) => x - y);
}
