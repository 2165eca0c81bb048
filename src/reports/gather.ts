/**
 * Everything the paper prints, computed from the store through the features' own functions (harm,
 * hotspots, workforce): nothing here recomputes a figure a different way. The result is plain
 * JSON-ready data; html.ts turns it into the paper.
 */

import { BeatwiseError } from '../core/errors.ts';
import type { MonthlyFigures, MonthlyFiguresQuery } from '../core/monthly-figures.ts';
import type { Store } from '../core/store/store.ts';
import { formatMonth, parseMonth } from '../core/time/month.ts';
import {
  forceOverview,
  type HarmRow,
  harmReport,
  type ImpactAreaTable,
  impactAreaTable,
  type TrendReport,
  trendsReport,
} from '../harm/index.ts';
import { backtestResult, binCells, concentrationResult, prepare } from '../hotspots/index.ts';
import {
  type WorkforceFlows,
  type WorkforceReport,
  workforceFlows,
  workforceReport,
} from '../workforce/index.ts';
import type { ReportConfig } from './config.ts';
import { FEATURE_SECTIONS, type FeatureSection } from './feature-sections.ts';
import { impactAreaUnits, type MapData, mapData } from './map-data.ts';

export interface ReportOptions {
  force: string;
  /** 'YYYY-MM' */
  month: string;
  /** A unit's code: the paper for one unit. */
  unit?: string;
  /** The feature sections to draw on (default FEATURE_SECTIONS; tests pass fakes). */
  sections?: readonly FeatureSection[];
}

export interface TrendBlock {
  key: 'all-crime' | 'neighbourhood-crime' | 'serious-youth-violence';
  report: TrendReport | null;
  /** Why there is no report (e.g. the data has no victim ages). */
  missing: string | null;
}

export interface FeatureBlock {
  key: string;
  title: string;
  /** null when the feature has no source for this force yet. */
  figures: MonthlyFigures | null;
  /** The one sentence printed when there is nothing to report. */
  notice: string | null;
}

export interface HotspotBlock {
  selection: string;
  /** What the cells hold, for a sentence: 'serious youth violence', 'crime'. */
  what: string;
  months: { from: string; to: string } | null;
  cellSizeM: number;
  areaKm2: number;
  crimes: number;
  /** Share of area / crime / harm of the top cells at 1.4% of the area. */
  at: { areaShare: number; countShare: number; harmShare: number; cells: number };
  gini: number;
  backtest: {
    coverage: number;
    origins: number;
    methods: { method: string; label: string; hitRate: number; pai: number; better: number; worse: number }[];
  } | null;
  backtestMissing: string | null;
  /** Top cells (BNG lower-left corner) for the map. */
  topCells: { x: number; y: number }[];
  caveats: string[];
}

export interface PaperData {
  config: ReportConfig;
  force: { slug: string; name: string };
  unit: { code: string; name: string } | null;
  month: string;
  monthLabel: string;
  paperNumber: string;
  dataMonths: { from: string; to: string } | null;
  lastImport: string | null;
  synthetic: boolean;
  weights: string;
  rolling: {
    current: HarmRow | null;
    series: { month: string; harm: number | null; count: number | null }[];
  };
  workforce: WorkforceReport | null;
  workforceMissing: string | null;
  flows: WorkforceFlows | null;
  impactAreas: ImpactAreaTable & { units: Record<string, string> };
  trends: TrendBlock[];
  hotspots: HotspotBlock | null;
  hotspotsMissing: string | null;
  map: MapData;
  features: FeatureBlock[];
  caveats: string[];
  counts: { units: number; teams: number; impactAreas: number };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${MONTHS[m - 1]} ${y}`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function feature(store: Store, s: FeatureSection, q: MonthlyFiguresQuery): Promise<FeatureBlock> {
  if (!s.source)
    return {
      key: s.key,
      title: s.title,
      figures: null,
      notice: `${s.title} is not yet set up in Beatwise for this force, so this paper has no figures for it.`,
    };
  const f = await s.source(store, q);
  return {
    key: s.key,
    title: f.title || s.title,
    figures: f,
    notice: f.hasData ? null : (f.sentences[0] ?? `${s.title}: no records for ${monthLabel(q.month)}.`),
  };
}

async function hotspots(
  store: Store,
  o: ReportOptions,
  extract: boolean,
): Promise<{ block: HotspotBlock | null; missing: string | null }> {
  const end = parseMonth(o.month) as number;
  const types = extract ? 'serious-youth-violence' : 'all-crime';
  const area = o.unit ? `unit:${o.unit}` : undefined;
  try {
    // One selection of 18 months: the last 12 give the concentration; the backtest predicts each of
    // the last 6 months from the 12 before it.
    const ctx = await prepare(store, {
      force: o.force,
      area,
      types,
      cell: 150,
      from: formatMonth(end - 17),
      to: o.month,
    });
    const keep = Uint8Array.from(ctx.points.month, (m) => (m >= end - 11 ? 1 : 0));
    const last12 = {
      ...ctx,
      count: binCells(ctx.cells, ctx.grid.n, undefined, keep),
      harm: binCells(ctx.cells, ctx.grid.n, ctx.points.harm, keep),
      months: ctx.months ? ([Math.max(ctx.months[0], end - 11), ctx.months[1]] as [number, number]) : null,
    };
    const c = concentrationResult(last12, { areaShares: [0.014] });
    const at = c.atArea[0];
    const top: { x: number; y: number }[] = [];
    if (ctx.grid.kind === 'square') {
      // The same ranking as the concentration (count, then harm, then cell order).
      const order = [...last12.count.keys()]
        .sort((a, b) => last12.count[b] - last12.count[a] || last12.harm[b] - last12.harm[a] || a - b)
        .slice(0, at.cells);
      const g = ctx.grid;
      for (const k of order) top.push({ x: g.ci[k] * g.size, y: g.cj[k] * g.size });
    }
    let backtest: HotspotBlock['backtest'] = null;
    let backtestMissing: string | null = null;
    try {
      const b = backtestResult(ctx, { methods: ['naive', 'harm'], coverages: [0.014], minTrainMonths: 12 });
      if (b.origins.length)
        backtest = {
          coverage: 0.014,
          origins: b.origins.length,
          methods: b.summary.map((s) => ({
            method: s.method,
            label: s.label,
            hitRate: s.hitRate,
            pai: s.pai,
            better: s.vsBaseline.better,
            worse: s.vsBaseline.worse,
          })),
        };
      else
        backtestMissing =
          'The data does not yet hold enough months before this one to test the hotspot methods.';
    } catch (e) {
      backtestMissing = `The hotspot methods could not be tested: ${message(e)}`;
    }
    return {
      block: {
        selection: c.selection,
        what: extract
          ? 'serious youth violence (violence with injury, victims under 25)'
          : 'crime (excluding anti-social behaviour)',
        months: c.months,
        cellSizeM: c.grid.cellSizeM,
        areaKm2: c.totals.areaKm2,
        crimes: c.totals.crimes,
        at: { areaShare: at.areaShare, countShare: at.countShare, harmShare: at.harmShare, cells: at.cells },
        gini: c.gini.count,
        backtest,
        backtestMissing,
        topCells: top,
        caveats: c.caveats,
      },
      missing: null,
    };
  } catch (e) {
    return { block: null, missing: `No hotspot analysis: ${message(e)}` };
  }
}

/** Gathers the paper's figures for a force (or unit) and month. */
export async function gatherPaper(store: Store, o: ReportOptions, config: ReportConfig): Promise<PaperData> {
  if (parseMonth(o.month) === null)
    throw new BeatwiseError('report.month', `"${o.month}" is not a month (YYYY-MM)`, { field: 'month' });
  const overview = await forceOverview(store, { force: o.force, month: o.month });
  if (!overview.months)
    throw new BeatwiseError('report.no_data', `${o.force} has no crimes yet: import some first`, {
      field: 'force',
    });
  if (o.month < overview.months.from || o.month > overview.months.to)
    throw new BeatwiseError(
      'report.month',
      `${o.force} holds crimes from ${overview.months.from} to ${overview.months.to}; ${o.month} is outside`,
      { field: 'month' },
    );
  const unitRow = o.unit ? overview.units.find((u) => u.code === o.unit) : undefined;
  if (o.unit && !unitRow)
    throw new BeatwiseError(
      'report.unit',
      `${o.force} has no unit "${o.unit}"; it has ${overview.units.map((u) => u.code).join(', ')}`,
      { field: 'unit' },
    );
  const level = o.unit ? 'unit' : 'force';
  const end = parseMonth(o.month) as number;
  const harm = await harmReport(store, {
    force: o.force,
    level,
    areaCodes: o.unit ? [o.unit] : undefined,
    from: formatMonth(end - 23),
    to: o.month,
  });
  const current = harm.rows.find((r) => r.month === o.month) ?? null;

  let workforce: WorkforceReport | null = null;
  let workforceMissing: string | null = null;
  let flows: WorkforceFlows | null = null;
  try {
    workforce = await workforceReport(store, { force: o.force });
    if (!workforce.series.length) {
      workforce = null;
      workforceMissing = 'No establishment or strength tables have been loaded for this force.';
    } else flows = await workforceFlows(store, { force: o.force, from: formatMonth(end - 11), to: o.month });
  } catch (e) {
    workforceMissing = `No workforce figures: ${message(e)}`;
  }

  const iaUnits = await impactAreaUnits(store, o.force);
  const ia = await impactAreaTable(store, { force: o.force, month: o.month });
  const impactAreas = {
    ...ia,
    rows: ia.rows
      .filter((r) => !o.unit || iaUnits[r.code] === o.unit)
      .sort(
        (a, b) =>
          (iaUnits[a.code] ?? '').localeCompare(iaUnits[b.code] ?? '') || a.name.localeCompare(b.name),
      ),
    units: iaUnits,
  };

  const trends: TrendBlock[] = [];
  for (const key of ['all-crime', 'neighbourhood-crime', 'serious-youth-violence'] as const) {
    try {
      const report = await trendsReport(store, {
        force: o.force,
        selection: key,
        level: 'unit',
        area: o.unit,
        to: o.month,
      });
      trends.push({ key, report, missing: null });
    } catch (e) {
      trends.push({ key, report: null, missing: message(e) });
    }
  }
  const synthetic = overview.caveats.some((c) => c.startsWith('SYNTHETIC'));
  // Serious youth violence needs a force extract (victim age, offence code): hotspots of it when the data has any.
  const syv = trends.find((t) => t.key === 'serious-youth-violence')?.report;
  const extract = (syv?.current.count ?? 0) > 0;
  const hs = await hotspots(store, o, extract);
  const q: MonthlyFiguresQuery = { force: o.force, month: o.month, unit: o.unit };
  const features: FeatureBlock[] = [];
  for (const s of o.sections ?? FEATURE_SECTIONS) features.push(await feature(store, s, q));

  const caveats = [...new Set([...harm.caveats, ...overview.caveats])];
  caveats.push(
    'Boundaries are approximate: Impact Areas, teams and units are drawn from the force description and census areas, not surveyed lines.',
    `Harm uses ${harm.weights}: each crime is weighted by the Cambridge Crime Harm Index days of its offence (or category).`,
    `Data vintage: crimes from ${overview.months.from} to ${overview.months.to}${overview.lastImport ? `, last import ${overview.lastImport.slice(0, 10)}` : ''}.`,
  );
  return {
    config,
    force: { slug: overview.force, name: config.forceName ?? overview.name },
    unit: unitRow ?? null,
    month: o.month,
    monthLabel: monthLabel(o.month),
    paperNumber: config.paperNumber ?? `${overview.force} ${o.month}${o.unit ? ` ${o.unit}` : ''}`,
    dataMonths: overview.months,
    lastImport: overview.lastImport,
    synthetic,
    weights: harm.weights,
    rolling: {
      current,
      series: harm.rows.map((r) => ({ month: r.month, harm: r.rolling_harm, count: r.rolling_count })),
    },
    workforce,
    workforceMissing,
    flows,
    impactAreas,
    trends,
    hotspots: hs.block,
    hotspotsMissing: hs.missing,
    map: await mapData(store, o.force, o.unit),
    features,
    caveats,
    counts: { units: overview.units.length, teams: overview.teams, impactAreas: Object.keys(iaUnits).length },
  };
}
