import { BeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import { formatMonth, parseMonth } from '../core/time/month.ts';
import { caveatsFor } from '../crime/index.ts';
import { findForce } from '../force/index.ts';
import { harmReport, trendsReport } from './reports.ts';
import { dataMonths } from './series.ts';
import { STATUSES, type Status, type StatusRule } from './status.ts';

export interface ImpactAreaRow {
  code: string;
  name: string;
  /** Rolling harm of each window, oldest first. */
  rolling: (number | null)[];
  /** % change of each window from the one before (null for the first). */
  pctChange: (number | null)[];
  status: Status | null;
  /** True when the rolling window holds fewer crimes than the rule asks for a status. */
  tooFew: boolean;
  /** Rolling harm per month, the last 24 months, for a sparkline. */
  spark: (number | null)[];
}

export interface ImpactAreaTable {
  force: string;
  month: string;
  window: number;
  /** Each window as 'YYYY-MM..YYYY-MM'. */
  windows: string[];
  rows: ImpactAreaRow[];
  /** The status rule used, and in words. */
  rule: StatusRule;
  ruleText: string;
  caveats: string[];
}

/** The paper's Table 3 for any month: rolling 12-month harm over the last `windows` windows per Impact Area. */
export async function impactAreaTable(
  store: Store,
  o: { force: string; month?: string; windows?: number; rule?: Partial<StatusRule> },
): Promise<ImpactAreaTable> {
  const n = o.windows ?? 4;
  const report = await harmReport(store, { force: o.force, level: 'impact-area', to: o.month, rule: o.rule });
  const months = [...new Set(report.rows.map((r) => r.month))].sort();
  const last = o.month ?? months.at(-1);
  if (!last || !months.length) {
    return {
      force: report.force,
      month: o.month ?? '',
      window: 12,
      windows: [],
      rows: [],
      rule: report.rule,
      ruleText: report.ruleText,
      caveats: report.caveats,
    };
  }
  const end = parseMonth(last) as number;
  const wanted = Array.from({ length: n }, (_, i) => formatMonth(end - n + 1 + i));
  const byArea = new Map<string, typeof report.rows>();
  for (const r of report.rows) byArea.set(r.area_code, [...(byArea.get(r.area_code) ?? []), r]);
  const rows: ImpactAreaRow[] = [];
  for (const list of byArea.values()) {
    const byMonth = new Map(list.map((r) => [r.month, r]));
    const win = wanted.map((m) => byMonth.get(m));
    rows.push({
      code: list[0].area_code,
      name: list[0].area_name,
      rolling: win.map((r) => r?.rolling_harm ?? null),
      pctChange: win.map((r, i) => (i === 0 ? null : (r?.pct_change ?? null))),
      status: win.at(-1)?.status ?? null,
      tooFew: win.at(-1)?.too_few ?? false,
      spark: list.slice(-24).map((r) => r.rolling_harm),
    });
  }
  return {
    force: report.force,
    month: last,
    window: report.window,
    windows: wanted.map((m) => `${formatMonth((parseMonth(m) as number) - report.window + 1)}..${m}`),
    rows,
    rule: report.rule,
    ruleText: report.ruleText,
    caveats: report.caveats,
  };
}

export interface Overview {
  force: string;
  name: string;
  month: string | null;
  months: { from: string; to: string } | null;
  units: { code: string; name: string }[];
  teams: number;
  thisMonth: { count: number; harm: number };
  rolling12: { count: number | null; harm: number | null; pctChange: number | null; status: Status | null };
  ytd: { label: string; count: number; harm: number; lastYear: number; pctChange: number | null } | null;
  impactAreaStatus: Record<Status | 'No status', number>;
  lastImport: string | null;
  caveats: string[];
}

/** The force at a glance for one month (default: the latest with data). */
export async function forceOverview(store: Store, o: { force: string; month?: string }): Promise<Overview> {
  const force = await findForce(store.db, o.force);
  if (!force) throw new BeatwiseError('force.unknown', `the store has no force "${o.force}"`);
  const range = await dataMonths(store.db, force.id);
  const units = await store.db
    .selectFrom('areas')
    .select(['code', 'name'])
    .where('force_id', '=', force.id)
    .where('level', '=', 'unit')
    .orderBy('code')
    .execute();
  const teams = await store.db
    .selectFrom('areas')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('force_id', '=', force.id)
    .where('level', '=', 'team')
    .executeTakeFirstOrThrow();
  const lastImport = await store.db
    .selectFrom('imports')
    .select('finished_at')
    .where('force_id', '=', force.id)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const statusCounts = Object.fromEntries(
    [...STATUSES, 'No status'].map((s) => [s, 0]),
  ) as Overview['impactAreaStatus'];
  const base: Overview = {
    force: force.slug,
    name: force.name,
    month: null,
    months: range ? { from: formatMonth(range[0]), to: formatMonth(range[1]) } : null,
    units,
    teams: Number(teams.n),
    thisMonth: { count: 0, harm: 0 },
    rolling12: { count: null, harm: null, pctChange: null, status: null },
    ytd: null,
    impactAreaStatus: statusCounts,
    lastImport: lastImport?.finished_at ?? null,
    caveats: await caveatsFor(store, force.id),
  };
  if (!range) return base;
  const month = o.month ?? formatMonth(range[1]);
  const f = (await harmReport(store, { force: o.force, level: 'force', from: month, to: month })).rows[0];
  const ia = await harmReport(store, { force: o.force, level: 'impact-area', from: month, to: month });
  for (const r of ia.rows) statusCounts[r.status ?? 'No status']++;
  const t = await trendsReport(store, { force: o.force, selection: 'all-crime', level: 'unit', to: month });
  return {
    ...base,
    month,
    thisMonth: { count: f?.count ?? 0, harm: f?.harm ?? 0 },
    rolling12: {
      count: f?.rolling_count ?? null,
      harm: f?.rolling_harm ?? null,
      pctChange: f?.pct_change ?? null,
      status: f?.status ?? null,
    },
    ytd: {
      label: t.current.label,
      count: t.current.count,
      harm: t.current.harm,
      lastYear: t.lastYear.count,
      pctChange: t.vsLastYear.countPct,
    },
  };
}
