import { dataDir } from '../core/data-dir.ts';
import { BeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import { formatMonth, parseMonth } from '../core/time/month.ts';
import { ASB, CATEGORIES, caveatsFor, forceWeights, getWeightSet, resolveSelection } from '../crime/index.ts';
import { findForce, LEVELS } from '../force/index.ts';
import { checkInData, chooseBaseline } from './baseline.ts';
import { periodTotals } from './periods.ts';
import { dataMonths, levelAreas, loadSeries } from './series.ts';
import type { StatusRule } from './status.ts';
import { type HarmRow, harmTable } from './table.ts';
import { defaultRule, describeRule } from './thresholds.ts';
import { type TrendReport, trendReport, ytdSpans } from './trends.ts';

export interface HarmQuery {
  force: string;
  level: string;
  areaCodes?: string[];
  from?: string;
  to?: string;
  window?: number;
  /** A category weight set to use instead of the force's own. */
  weights?: string;
  /** Categories or a named selection (default: all crime, no ASB). */
  selection?: string;
  rule?: Partial<StatusRule>;
}

export interface HarmReport {
  force: string;
  level: string;
  window: number;
  weights: string;
  selection: string;
  rule: StatusRule;
  /** The rule in words (src/harm/thresholds.ts describeRule). */
  ruleText: string;
  rows: HarmRow[];
  caveats: string[];
}

function month(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  const m = parseMonth(text);
  if (m === null) throw new BeatwiseError('cli.month', `"${text}" is not a month (YYYY-MM)`, { field });
  return m;
}

/**
 * The months a harm table from `from` to `to` reads: a row's rolling totals need `window` months,
 * its % change the month before, and its status the changes of the `rule.months` months before it
 * (status.ts: a run longer than that gives the same status), so the months before `from` by all
 * three (and one more) give every reported row exactly what the whole series gives it. Undefined
 * (the whole series) when `from` is not given or the rule's months are not a whole number.
 */
export function readMonths(
  from: number | undefined,
  to: number | undefined,
  window: number,
  rule: StatusRule,
): [number, number] | undefined {
  if (from === undefined || !Number.isInteger(rule.months) || rule.months < 0) return undefined;
  return [from - window - rule.months - 1, to ?? Number.POSITIVE_INFINITY];
}

async function forceOf(store: Store, slug: string) {
  const f = await findForce(store.db, slug);
  if (!f)
    throw new BeatwiseError(
      'force.unknown',
      `the store has no force "${slug}"; run \`npx beatwise force list\``,
    );
  return f;
}

function checkLevel(level: string): void {
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new BeatwiseError('cli.level', `--level must be one of ${LEVELS.join(', ')}; got "${level}"`, {
      field: 'level',
    });
  }
}

/** Rolling harm, % change and status per area and month: the JSON behind `beatwise harm`. */
export async function harmReport(store: Store, q: HarmQuery): Promise<HarmReport> {
  checkLevel(q.level);
  const force = await forceOf(store, q.force);
  const window = q.window ?? 12;
  if (!Number.isInteger(window) || window < 1 || window > 120) {
    throw new BeatwiseError(
      'cli.window',
      `--window must be a whole number of months from 1 to 120; got ${q.window}`,
    );
  }
  const selection = resolveSelection(q.selection ?? 'all-crime');
  const weights = await forceWeights(store.db, force.id, dataDir());
  let override: Float64Array | undefined;
  let weightsName = weights.describe();
  if (q.weights) {
    const set = await getWeightSet(store.db, q.weights);
    if (set.kind !== 'category') {
      throw new BeatwiseError(
        'weights.offence_override',
        `"${set.name}" is keyed by offence code; such weights apply through the cube: \`npx beatwise weights use ${set.name} --force ${q.force}\``,
      );
    }
    override = Float64Array.from(CATEGORIES, (c) => set.weights.get(c) ?? (c === ASB ? 0 : Number.NaN));
    weightsName = set.name;
  }
  const rule = { ...defaultRule(q.level), ...q.rule };
  const from = month(q.from, 'from');
  const to = month(q.to, 'to');
  const series = await loadSeries(store.db, {
    forceId: force.id,
    level: q.level,
    categories: selection.categories,
    weightOverride: override,
    areaCodes: q.areaCodes,
    months: readMonths(from, to, window, rule),
  });
  const caveats = await caveatsFor(store, force.id);
  if (selection.test)
    caveats.push(`${selection.label} is a crime-level selection; the harm table uses its categories`);
  const rows = series
    ? harmTable(series, {
        window,
        rule,
        from,
        to,
        areaCodes: q.areaCodes,
      })
    : [];
  if (q.areaCodes?.length && rows.length === 0 && series) {
    throw new BeatwiseError(
      'harm.unknown_area',
      `no ${q.level} with code ${q.areaCodes.join(', ')} in ${q.force}`,
    );
  }
  return {
    force: force.slug,
    level: q.level,
    window,
    weights: weightsName,
    selection: selection.label,
    rule,
    ruleText: describeRule(rule),
    rows,
    caveats,
  };
}

export interface TrendQuery {
  force: string;
  selection: string;
  level: string;
  /** One area of `level` (its code): that area's totals and categories. */
  area?: string;
  to?: string;
  baseline?: number;
}

/** Year-to-date against last year and a baseline year, month on month, and the drivers. */
export async function trendsReport(store: Store, q: TrendQuery): Promise<TrendReport> {
  checkLevel(q.level);
  const force = await forceOf(store, q.force);
  const selection = resolveSelection(q.selection);
  const range = await dataMonths(store.db, force.id);
  if (!range) throw new BeatwiseError('harm.no_data', `${q.force} has no crimes yet: import some first`);
  const to = month(q.to, 'to') ?? range[1];
  checkInData(to, range, 'to');
  const baseline = chooseBaseline(range, q.baseline);
  const spans = ytdSpans(to, baseline.fy);
  const weights = await forceWeights(store.db, force.id, dataDir());
  const areas = await levelAreas(store.db, force.id, q.level);
  const area = q.area === undefined ? undefined : areas.find((a) => a.code === q.area);
  if (q.area !== undefined && !area) {
    throw new BeatwiseError('harm.unknown_area', `no ${q.level} with code "${q.area}" in ${q.force}`, {
      field: 'area',
    });
  }
  const totals = (s: { from: number; to: number }) =>
    periodTotals(store.db, {
      forceId: force.id,
      level: q.level,
      selection,
      from: s.from,
      to: s.to,
      weights,
      areaId: area?.id,
    });
  const caveats = await caveatsFor(store, force.id);
  const outside = (s: { from: number; to: number }) => s.from < range[0] || s.to > range[1];
  for (const [name, s] of [
    ['last year', spans.lastYear],
    ['baseline', spans.baseline],
  ] as const) {
    if (outside(s))
      caveats.push(
        `the ${name} period is not fully covered by the data (it holds ${formatMonth(range[0])} to ${formatMonth(range[1])})`,
      );
  }
  if (selection.needs) caveats.push(`${selection.label} needs ${selection.needs}`);
  const report = trendReport({
    selection: { name: selection.name, label: selection.label },
    level: q.level,
    to,
    baselineFy: baseline.fy,
    baselineNote: baseline.note,
    areas,
    current: await totals(spans.current),
    lastYear: await totals(spans.lastYear),
    baseline: await totals(spans.baseline),
    month: await totals(spans.month),
    previousMonth: await totals(spans.previousMonth),
    caveats,
  });
  return area ? { ...report, area: { level: q.level, code: area.code, name: area.name } } : report;
}
