/**
 * Repeat and near-repeat classification of each crime (Ratcliffe's originator / near-repeat logic):
 * a crime preceded, within `days`, by a crime at the same place is a repeat; preceded by one within
 * `radiusM` (but not at the same place) a near repeat; a crime followed by a repeat or near repeat
 * and not itself one is an originator; the rest are isolated. Crimes at the same time are ordered
 * by their index (for month-only data, that order within a month is arbitrary: say so).
 */
import type { Metric } from './pairs.ts';
import { closePairs } from './pairs.ts';

export const CLASSES = ['isolated', 'originator', 'repeat', 'near-repeat'] as const;
export type RepeatClass = (typeof CLASSES)[number];

export const ISOLATED = 0;
export const ORIGINATOR = 1;
export const REPEAT = 2;
export const NEAR_REPEAT = 3;

/** Class of each crime (an index into CLASSES). */
export function classifyRepeats(
  x: Float64Array,
  y: Float64Array,
  day: Float64Array,
  o: { radiusM: number; days: number; metric: Metric },
): Uint8Array {
  const n = x.length;
  const pairs = closePairs(x, y, o.radiusM, o.metric);
  const follows = new Uint8Array(n); // 1 near repeat, 2 repeat (of an earlier crime)
  const led = new Uint8Array(n);
  for (let k = 0; k < pairs.n; k++) {
    let a = pairs.i[k];
    let b = pairs.j[k];
    // a earlier than b: by day, then by index (pairs have i < j).
    if (day[b] < day[a]) [a, b] = [b, a];
    if (day[b] - day[a] > o.days) continue;
    const kind = pairs.d[k] === 0 ? 2 : 1;
    if (kind > follows[b]) follows[b] = kind;
    led[a] = 1;
  }
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++)
    out[k] = follows[k] === 2 ? REPEAT : follows[k] === 1 ? NEAR_REPEAT : led[k] ? ORIGINATOR : ISOLATED;
  return out;
}

export interface ClassCount {
  area: number;
  month: number;
  counts: [number, number, number, number];
}

/** Counts of each class per area and month (area −1 = no area), sorted by area then month. */
export function countClasses(cls: Uint8Array, area: Int32Array, month: Int32Array): ClassCount[] {
  const map = new Map<string, ClassCount>();
  for (let k = 0; k < cls.length; k++) {
    const key = `${area[k]}|${month[k]}`;
    let c = map.get(key);
    if (!c) {
      c = { area: area[k], month: month[k], counts: [0, 0, 0, 0] };
      map.set(key, c);
    }
    c.counts[cls[k]]++;
  }
  return [...map.values()].sort((a, b) => a.area - b.area || a.month - b.month);
}
