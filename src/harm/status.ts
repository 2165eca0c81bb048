/**
 * Status of an area from its run of month-on-month changes in rolling harm, read back from the
 * latest month — the paper's Table 3 legend: reducing 3 months → Outstanding, reducing 1–2 → Good,
 * increasing 1–2 → Needs improvement, increasing 3 → Poor. A month whose change is below the rule's
 * minimum (in % or in volume) counts as "no change" and ends a run; if the latest month is one,
 * the status is "No change".
 */
export const STATUSES = ['Outstanding', 'Good', 'No change', 'Needs improvement', 'Poor'] as const;
export type Status = (typeof STATUSES)[number];

export interface StatusRule {
  /** How many consecutive months make the strong status (paper: 3). */
  months: number;
  /** A change smaller than this many percent (absolute) is "no change" (default 0: any change counts). */
  minPercent: number;
  /** A change smaller than this volume (absolute, same unit as the totals) is "no change" (default 0). */
  minVolume: number;
  /**
   * Fewer crimes than this in the rolling window give no status ("too few crimes for a status"):
   * a small area's harm swings with one serious crime. Absent or 0: every area has a status.
   */
  minCrimes?: number;
}

export const PAPER_RULE: StatusRule = { months: 3, minPercent: 0, minVolume: 0 };

export type Direction = -1 | 0 | 1;

/** Direction of one month's change: −1 reducing, +1 increasing, 0 no change, null undefined. */
export function direction(prev: number, cur: number, rule: StatusRule): Direction | null {
  if (Number.isNaN(prev) || Number.isNaN(cur)) return null;
  const delta = cur - prev;
  if (delta === 0 || Math.abs(delta) < rule.minVolume) return 0;
  if (prev !== 0 && Math.abs((100 * delta) / prev) < rule.minPercent) return 0;
  return delta < 0 ? -1 : 1;
}

/**
 * The status at the last of `totals` (consecutive rolling totals, oldest first), or null when there
 * is no month-on-month change yet (no history: no status rather than a wrong one).
 */
export function statusOf(totals: ArrayLike<number>, rule: StatusRule = PAPER_RULE): Status | null {
  const n = totals.length;
  if (n < 2) return null;
  const latest = direction(totals[n - 2], totals[n - 1], rule);
  if (latest === null) return null;
  if (latest === 0) return 'No change';
  let run = 1;
  for (let i = n - 2; i >= 1 && run < rule.months; i--) {
    if (direction(totals[i - 1], totals[i], rule) !== latest) break;
    run++;
  }
  if (latest < 0) return run >= rule.months ? 'Outstanding' : 'Good';
  return run >= rule.months ? 'Poor' : 'Needs improvement';
}

/** Status codes in typed arrays: 0 = none, then 1 + the index in STATUSES. */
export const NO_STATUS = 0;

/**
 * Writes the status at every column of one row of rolling totals into `out` (same offsets), in one
 * pass: the same answers as statusOf on each prefix.
 */
export function statusCodes(
  totals: ArrayLike<number>,
  offset: number,
  length: number,
  rule: StatusRule,
  out: Uint8Array,
): void {
  const OUTSTANDING = 1;
  const GOOD = 2;
  const NO_CHANGE = 3;
  const NEEDS = 4;
  const POOR = 5;
  let runDir: Direction | null = null;
  let run = 0;
  out[offset] = NO_STATUS;
  for (let i = 1; i < length; i++) {
    const d = direction(totals[offset + i - 1], totals[offset + i], rule);
    if (d === null) {
      runDir = null;
      run = 0;
      out[offset + i] = NO_STATUS;
      continue;
    }
    if (d === runDir && d !== 0) run++;
    else {
      runDir = d;
      run = 1;
    }
    if (d === 0) out[offset + i] = NO_CHANGE;
    else if (d < 0) out[offset + i] = run >= rule.months ? OUTSTANDING : GOOD;
    else out[offset + i] = run >= rule.months ? POOR : NEEDS;
  }
}

/** The status at every column of a row of rolling totals (null where undefined). */
export function statusSeries(totals: ArrayLike<number>, rule: StatusRule = PAPER_RULE): (Status | null)[] {
  const codes = new Uint8Array(totals.length);
  if (totals.length) statusCodes(totals, 0, totals.length, rule, codes);
  return Array.from(codes, (c) => (c === NO_STATUS ? null : STATUSES[c - 1]));
}
