import { formatMonth } from '../core/time/month.ts';
import { percentChanges, rollingSums, roundTo } from './rolling.ts';
import type { Series } from './series.ts';
import { NO_STATUS, PAPER_RULE, STATUSES, type Status, type StatusRule, statusCodes } from './status.ts';

/** One area-month of the harm table (the CSV columns, in order). */
export interface HarmRow {
  level: string;
  area_code: string;
  area_name: string;
  month: string;
  count: number;
  harm: number;
  rolling_count: number | null;
  rolling_harm: number | null;
  /** % change of rolling harm from the previous month, 2 dp; null where undefined or new (0 → n). */
  pct_change: number | null;
  /** True when the previous rolling total was 0 and this one is not ("new"). */
  new: boolean;
  status: Status | null;
  /** True when the rolling window holds fewer crimes than the rule's minimum: no status is given. */
  too_few: boolean;
  unweighted: number;
}

export interface HarmTableOptions {
  window: number;
  rule?: StatusRule;
  /** First and last month index to report (inclusive); default: the series' whole range. */
  from?: number;
  to?: number;
  /** Only these area codes (default: all). */
  areaCodes?: string[];
}

/** Rolling count and harm, % change of rolling harm and status codes for every area and month. */
export interface RollingResult {
  rollingCount: Float64Array;
  rollingHarm: Float64Array;
  pctChange: Float64Array;
  /** 0 = no status, else 1 + index in STATUSES. */
  status: Uint8Array;
}

/** The whole computation on typed arrays, for every area of a series at once. */
export function computeRolling(s: Series, window: number, rule: StatusRule = PAPER_RULE): RollingResult {
  const rows = s.areas.length;
  const cols = s.months;
  const rollingHarm = rollingSums(s.harm, rows, cols, window);
  const status = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) statusCodes(rollingHarm, r * cols, cols, rule, status);
  return {
    rollingCount: rollingSums(s.count, rows, cols, window),
    rollingHarm,
    pctChange: percentChanges(rollingHarm, rows, cols),
    status,
  };
}

/**
 * Rolling N-month count and harm per area and month, the % change of rolling harm from the month
 * before, and the status by the rule. Rolling values use months before `from` where the data has
 * them, so the first reported month already has its full window.
 */
export function harmTable(s: Series, o: HarmTableOptions): HarmRow[] {
  const rows = s.areas.length;
  const cols = s.months;
  const { rollingCount: rc, rollingHarm: rh, pctChange: pct, status } = computeRolling(s, o.window, o.rule);
  const from = Math.max(o.from ?? s.start, s.start) - s.start;
  const to = Math.min(o.to ?? s.start + cols - 1, s.start + cols - 1) - s.start;
  const wanted = o.areaCodes ? new Set(o.areaCodes) : null;
  const out: HarmRow[] = [];
  for (let r = 0; r < rows; r++) {
    const area = s.areas[r];
    if (wanted && !wanted.has(area.code)) continue;
    const base = r * cols;
    for (let c = from; c <= to; c++) {
      const i = base + c;
      const p = pct[i];
      const tooFew = Number.isFinite(rc[i]) && rc[i] < (o.rule?.minCrimes ?? 0);
      out.push({
        level: s.level,
        area_code: area.code,
        area_name: area.name,
        month: formatMonth(s.start + c),
        count: s.count[i],
        harm: roundTo(s.harm[i], 3),
        rolling_count: Number.isNaN(rc[i]) ? null : rc[i],
        rolling_harm: Number.isNaN(rh[i]) ? null : roundTo(rh[i], 3),
        pct_change: Number.isFinite(p) ? roundTo(p, 2) : null,
        new: p === Number.POSITIVE_INFINITY,
        status: status[i] === NO_STATUS || tooFew ? null : STATUSES[status[i] - 1],
        too_few: tooFew,
        unweighted: s.unweighted[i],
      });
    }
  }
  return out;
}
