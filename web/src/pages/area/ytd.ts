import type { HarmRow } from '../../api/types.ts';
import { addMonths, financialYear } from '../../format.ts';

export interface YtdPeriod {
  label: string;
  from: string;
  to: string;
  count: number;
  harm: number;
  /** Every month of the span is in the data (else the sums would understate it). */
  covered: boolean;
}

/**
 * Year to date (April to `to`) of this police year, last year and a baseline year, summed from an
 * area's monthly counts and harm (the same cube figures the API reports). A span the data does
 * not cover is flagged, never shown as a total.
 */
export function ytdPeriods(rows: readonly HarmRow[], to: string, baselineFy: number): YtdPeriod[] {
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const fy = financialYear(to);
  const start = `${fy}-04`;
  const len = monthsBetween(start, to);
  const span = (label: string, fyStart: number): YtdPeriod => {
    const from = `${fyStart}-04`;
    const end = addMonths(from, len);
    let count = 0;
    let harm = 0;
    let covered = true;
    for (let k = 0; k <= len; k++) {
      const r = byMonth.get(addMonths(from, k));
      if (!r) {
        covered = false;
        continue;
      }
      count += r.count;
      harm += r.harm;
    }
    return { label, from, to: end, count, harm, covered };
  };
  const fyLabel = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
  return [
    span(`${fyLabel(fy)} year to date`, fy),
    span(`${fyLabel(fy - 1)} same period`, fy - 1),
    span(`${fyLabel(baselineFy)} baseline`, baselineFy),
  ];
}

function monthsBetween(a: string, b: string): number {
  const [ay, am] = a.split('-').map(Number);
  const [by, bm] = b.split('-').map(Number);
  return by * 12 + bm - (ay * 12 + am);
}

/** % change from `b` to `a`, 1 dp; null when `b` is 0. */
export function pctChange(a: number, b: number): number | null {
  return b === 0 ? null : Math.round((1000 * (a - b)) / b) / 10;
}
