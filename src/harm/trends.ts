import { financialYear, financialYearLabel, financialYearStart, formatMonth } from '../core/time/month.ts';
import { CATEGORIES } from '../crime/index.ts';
import type { Amount, PeriodTotals } from './periods.ts';
import { roundTo } from './rolling.ts';
import type { AreaRef } from './series.ts';

export interface Period extends Amount {
  label: string;
  from: string;
  to: string;
}

export interface Change {
  count: number;
  /** % change in count, 1 dp; null when the earlier total is 0. */
  countPct: number | null;
  harm: number;
  harmPct: number | null;
}

/** One part of a change: an area's (or category's) own change, the parts summing to the total. */
export interface Driver {
  code: string;
  name: string;
  current: Amount;
  previous: Amount;
  change: Amount;
  /**
   * This part's share, %, of all the movement in the direction of the total change: its change
   * divided by the sum of the changes of the parts that moved the same way as the total (0–100,
   * summing to 100 over them). Null for a part that moved against the total or not at all, and when
   * the total did not change: a share of a small net change (300%, −400%) means nothing.
   */
  shareOfChange: number | null;
}

/** One line under a drivers table saying what the share is. */
export const SHARE_NOTE =
  'Share: each part’s increase (or decrease) as a % of all the increases (or decreases) of the parts that moved the same way as the total; parts that moved the other way have none.';

/** Crimes in no area of the level (no location, or located outside its areas): data quality, not a driver. */
export interface Unplaced {
  current: Amount;
  previous: Amount;
  change: Amount;
  note: string;
}

export interface TrendReport {
  selection: { name: string; label: string };
  level: string;
  /** Set when the report is for one area (its totals and categories; no drivers by area). */
  area?: { level: string; code: string; name: string };
  to: string;
  financialYear: string;
  current: Period;
  lastYear: Period;
  baseline: Period;
  vsLastYear: Change;
  vsBaseline: Change;
  month: { current: Period; previous: Period; change: Change };
  drivers: { byArea: Driver[]; byCategory: Driver[] };
  /** How the baseline year was chosen. */
  baselineNote: string;
  /** What the share column means. */
  shareNote: string;
  /** Crimes with no area of this level, year to date against last year (null for one area's report). */
  unplaced: Unplaced | null;
  caveats: string[];
}

/** Month spans for a year-to-date comparison ending at `to`: this FY, last FY and a baseline FY. */
export function ytdSpans(to: number, baselineFy: number) {
  const fy = financialYear(to);
  const start = financialYearStart(fy);
  const len = to - start;
  const span = (fyStart: number) => ({ from: fyStart, to: fyStart + len });
  return {
    fy,
    current: span(start),
    lastYear: span(start - 12),
    baseline: span(financialYearStart(baselineFy)),
    month: { from: to, to },
    previousMonth: { from: to - 1, to: to - 1 },
  };
}

function period(label: string, t: PeriodTotals): Period {
  return {
    label,
    from: formatMonth(t.from),
    to: formatMonth(t.to),
    count: t.total.count,
    harm: roundTo(t.total.harm, 3),
  };
}

export function change(cur: Amount, prev: Amount): Change {
  return {
    count: cur.count - prev.count,
    countPct: prev.count === 0 ? null : roundTo((100 * (cur.count - prev.count)) / prev.count, 1),
    harm: roundTo(cur.harm - prev.harm, 3),
    harmPct: prev.harm === 0 ? null : roundTo((100 * (cur.harm - prev.harm)) / prev.harm, 1),
  };
}

/**
 * The change between two periods decomposed into parts (areas, or categories) that sum exactly to
 * the total change, sorted so the biggest contributions in the direction of the total come first.
 * Crimes in no area form their own part, so nothing is left out.
 */
export function drivers(
  cur: Map<number, Amount>,
  prev: Map<number, Amount>,
  names: (key: number) => { code: string; name: string },
  totalChange: number,
  extra?: { code: string; name: string; current: Amount; previous: Amount },
): Driver[] {
  const keys = new Set([...cur.keys(), ...prev.keys()]);
  const out: Driver[] = [];
  const sign = Math.sign(totalChange);
  // The movement in the total's direction: the sum of the parts' changes that share its sign.
  let movement = 0;
  const delta = (k: number) => (cur.get(k)?.count ?? 0) - (prev.get(k)?.count ?? 0);
  for (const k of keys) if (Math.sign(delta(k)) === sign) movement += delta(k);
  if (extra && Math.sign(extra.current.count - extra.previous.count) === sign)
    movement += extra.current.count - extra.previous.count;
  const make = (code: string, name: string, c: Amount, p: Amount): Driver => ({
    code,
    name,
    current: { count: c.count, harm: roundTo(c.harm, 3) },
    previous: { count: p.count, harm: roundTo(p.harm, 3) },
    change: { count: c.count - p.count, harm: roundTo(c.harm - p.harm, 3) },
    shareOfChange:
      sign === 0 || Math.sign(c.count - p.count) !== sign
        ? null
        : roundTo((100 * (c.count - p.count)) / movement, 1),
  });
  for (const k of keys) {
    const c = cur.get(k) ?? { count: 0, harm: 0 };
    const p = prev.get(k) ?? { count: 0, harm: 0 };
    if (c.count === 0 && p.count === 0) continue;
    const n = names(k);
    out.push(make(n.code, n.name, c, p));
  }
  if (extra && (extra.current.count || extra.previous.count)) {
    out.push(make(extra.code, extra.name, extra.current, extra.previous));
  }
  const order = totalChange < 0 ? -1 : 1;
  return out.sort((a, b) => order * (b.change.count - a.change.count) || b.change.harm - a.change.harm);
}

/** Builds the report from the period totals (pure: the store work is done by the caller). */
export function trendReport(args: {
  selection: { name: string; label: string };
  level: string;
  to: number;
  baselineFy: number;
  baselineNote?: string;
  areas: AreaRef[];
  current: PeriodTotals;
  lastYear: PeriodTotals;
  baseline: PeriodTotals;
  month: PeriodTotals;
  previousMonth: PeriodTotals;
  caveats: string[];
}): TrendReport {
  const fy = financialYear(args.to);
  const byId = new Map(args.areas.map((a) => [a.id, a]));
  const vsLastYear = change(args.current.total, args.lastYear.total);
  const ytd = (y: number) => `${financialYearLabel(y)} year to date`;
  return {
    selection: args.selection,
    level: args.level,
    to: formatMonth(args.to),
    financialYear: financialYearLabel(fy),
    current: period(ytd(fy), args.current),
    lastYear: period(ytd(fy - 1), args.lastYear),
    baseline: period(ytd(args.baselineFy), args.baseline),
    vsLastYear,
    vsBaseline: change(args.current.total, args.baseline.total),
    month: {
      current: period(formatMonth(args.to), args.month),
      previous: period(formatMonth(args.to - 1), args.previousMonth),
      change: change(args.month.total, args.previousMonth.total),
    },
    drivers: {
      byArea: drivers(
        args.current.byArea,
        args.lastYear.byArea,
        (id) => byId.get(id) ?? { code: String(id), name: `area ${id}` },
        vsLastYear.count - (args.current.unassigned.count - args.lastYear.unassigned.count),
      ),
      byCategory: drivers(
        args.current.byCategory,
        args.lastYear.byCategory,
        (c) => ({ code: String(c), name: CATEGORIES[c] }),
        vsLastYear.count,
      ),
    },
    baselineNote: args.baselineNote ?? `baseline ${financialYearLabel(args.baselineFy)}`,
    shareNote: SHARE_NOTE,
    unplaced:
      args.level === 'impact-area' ? null : unplaced(args.current.unassigned, args.lastYear.unassigned),
    caveats: args.caveats,
  };
}

function unplaced(c: Amount, p: Amount): Unplaced | null {
  if (c.count === 0 && p.count === 0) return null;
  return {
    current: { count: c.count, harm: roundTo(c.harm, 3) },
    previous: { count: p.count, harm: roundTo(p.harm, 3) },
    change: { count: c.count - p.count, harm: roundTo(c.harm - p.harm, 3) },
    note:
      'crimes in no area of this level (no location, or located outside its areas): a data-quality count, not a driver; ' +
      'the drivers by area add up to the change in the crimes placed in an area',
  };
}
