/**
 * An evaluation from the store: reads the design's crimes (the force's month blocks, with times and
 * harm weights, as the hotspot lab reads them), builds the place-day panel and evaluates it.
 * Place-day evaluation needs the day each crime happened: police.uk open data carries the month
 * only, so a force with only open data is refused with a message saying so.
 */
import type { Kysely } from 'kysely';
import { dataDir } from '../../core/data-dir.ts';
import { BeatwiseError } from '../../core/errors.ts';
import type { Database } from '../../core/store/schema.ts';
import { londonLocalToUtc } from '../../core/time/london.ts';
import { forceWeights, resolveSelection } from '../../crime/index.ts';
import { CAVEATS, type DataKind, loadCrimePoints, resolveArea } from '../../hotspots/index.ts';
import { designAllocation, designPatrolled, type Evaluation, evaluate } from './evaluate.ts';
import { type Design, designSchema } from './model.ts';
import { buildPanel, type PlaceDayPanel, panelCsv } from './panel.ts';

type Db = Kysely<Database>;

export interface EvaluationRun {
  force: string;
  design: Design;
  evaluation: Evaluation;
  panel: PlaceDayPanel;
  /** Where the crimes come from, and what that means (SYNTHETIC data says so). */
  dataKinds: DataKind[];
  caveats: string[];
  selection: string;
  harmWeights: string | null;
  /** Crimes near the hotspots in the period with no time (left out), and those counted. */
  undated: number;
  crimesCounted: number;
  /** The allocation seed of a crossover (null when flags were given or not randomised). */
  allocationSeed: number | null;
}

/** Checks a design (zod), naming the field of the first problem. */
export function parseDesign(input: unknown, source = 'design'): Design {
  const r = designSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.join('.') || source;
  throw new BeatwiseError('patrols.bad_design', `${source}: ${field}: ${issue.message}`, { field });
}

/** The calendar dates and local-midnight instants of the panel's days (one more instant: the end). */
export function panelDays(
  startDate: string,
  preDays: number,
  days: number,
): { dates: string[]; starts: Float64Array } {
  const [y, m, d] = startDate.split('-').map(Number);
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
    throw new BeatwiseError('patrols.bad_design', `startDate ${startDate} is not a real date`, {
      field: 'startDate',
    });
  const dates: string[] = [];
  const starts = new Float64Array(preDays + days + 1);
  for (let i = 0; i <= preDays + days; i++) {
    const t = new Date(Date.UTC(y, m - 1, d + i - preDays));
    starts[i] = londonLocalToUtc(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), 0, 0);
    if (i < preDays + days) dates.push(t.toISOString().slice(0, 10));
  }
  return { dates, starts };
}

const monthOfMs = (ms: number) => {
  const t = new Date(ms);
  return (t.getUTCFullYear() - 1970) * 12 + t.getUTCMonth();
};

export async function evaluateDesign(db: Db, input: unknown, forceOverride?: string): Promise<EvaluationRun> {
  const design = parseDesign(input);
  if (forceOverride && design.force !== forceOverride)
    throw new BeatwiseError(
      'patrols.bad_design',
      `the design is for force "${design.force}" but was sent for "${forceOverride}"`,
      { field: 'force' },
    );
  const ids = new Set<string>();
  for (const h of design.hotspots) {
    if (ids.has(h.id))
      throw new BeatwiseError('patrols.bad_design', `hotspot id "${h.id}" appears twice`, {
        field: 'hotspots',
      });
    ids.add(h.id);
  }
  const allocation = designAllocation(design);
  const patrolled = designPatrolled(design);
  const preDays = allocation ? 0 : (design.preDays ?? design.days);
  const { dates, starts } = panelDays(design.startDate, preDays, design.days);
  const area = await resolveArea(db, design.force);
  const selection = resolveSelection(design.selection ?? 'all-crime');
  const weights = await forceWeights(db, area.forceId, dataDir());
  // Crimes are read by month: one month either side, since a crime's month is when it was recorded.
  const loaded = await loadCrimePoints(
    db,
    area,
    {
      from: monthOfMs(starts[0]) - 1,
      to: monthOfMs(starts[starts.length - 1]) + 1,
      categories: selection.categories,
      test: selection.test,
    },
    weights,
  );
  const pts = loaded.points;
  if (!loaded.kinds.includes('extract'))
    throw new BeatwiseError(
      'patrols.needs_dated_crimes',
      `force ${area.forceSlug} has only police.uk open data for ${dates[0]} to ${dates[dates.length - 1]}: ` +
        'it carries the month only, and a place-day evaluation needs the date each crime happened. ' +
        'Import the force extract (with occurred_from) for the period, then evaluate again.',
      { field: 'startDate' },
    );
  const panel = buildPanel({
    places: design.hotspots,
    startDate: design.startDate,
    days: design.days,
    preDays,
    dayStarts: starts,
    dates,
    ringWidthM: design.ringWidthM,
    allocation: allocation?.flags ?? null,
    patrolled,
    x: pts.x,
    y: pts.y,
    time: pts.occurredFrom,
    weight: pts.harm,
  });
  // Crimes near a hotspot in the period's months without a time cannot be put on a day.
  let undated = 0;
  for (let i = 0; i < pts.n; i++) {
    if (!Number.isNaN(pts.occurredFrom[i])) continue;
    for (const h of design.hotspots) {
      const r = h.radiusM + design.ringWidthM;
      if ((pts.x[i] - h.easting) ** 2 + (pts.y[i] - h.northing) ** 2 <= r * r) {
        undated++;
        break;
      }
    }
  }
  let counted = 0;
  for (let i = 0; i < panel.n; i++) counted += panel.crimes[i] + panel.ringCrimes[i];
  const caveats = loaded.kinds.map((k) => CAVEATS[k]);
  if (undated > 0)
    caveats.push(
      `${undated} crimes near the hotspots carry no date (police.uk rows) and are left out of the place-day counts`,
    );
  return {
    force: area.forceSlug,
    design,
    evaluation: evaluate(design, panel),
    panel,
    dataKinds: loaded.kinds,
    caveats,
    selection: selection.label,
    harmWeights: loaded.harm,
    undated,
    crimesCounted: counted,
    allocationSeed: allocation?.seed ?? null,
  };
}

/** Labels every export of a run carries first: SYNTHETIC when it is, and the caveats. */
export function runLabels(run: EvaluationRun): string[] {
  const out: string[] = [];
  if (run.dataKinds.includes('synthetic')) out.push('SYNTHETIC data, not real crimes');
  out.push(
    `Beatwise patrol evaluation panel: force ${run.force}, ${run.design.startDate} for ${run.design.days} days`,
  );
  for (const c of run.caveats) out.push(c);
  return out;
}

export function runPanelCsv(run: EvaluationRun): string {
  return panelCsv(run.panel, runLabels(run));
}
