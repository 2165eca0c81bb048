/**
 * Patrols as functions the routes and the CLI share: build and store a plan, add a version, record
 * events, load a track, and measure dosage.
 */
import { BeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import {
  assemblePatrols,
  FLAGS,
  type Flag,
  groupPings,
  type HotspotGeometry,
  type Patrol,
} from './assemble.ts';
import { buildPlan, type PlanDraft } from './build.ts';
import { planDayStart } from './days.ts';
import { type Dosage, dosage } from './dosage.ts';
import { validateEvents } from './events.ts';
import type { EventInput, PlanBody, PlanVersion, VersionBody } from './model.ts';
import {
  appendEvents,
  forceIdOf,
  loadEvents,
  loadPings,
  loadPlan,
  loadPlanVersions,
  planAllocation,
  savePings,
  savePlan,
  saveVersion,
  tactics,
} from './store.ts';
import { parseGpx, parseTrackCsv } from './tracks.ts';

export async function createPlan(
  store: Store,
  force: string,
  body: PlanBody,
  by: string,
): Promise<PlanVersion> {
  const draft = await buildPlan(store, force, body);
  const { planId } = await savePlan(store, draft, { name: body.name, by, note: body.note ?? null });
  return loadPlan(store, force, planId);
}

/** Fields that change which hotspots a plan has: editing one of them rebuilds the hotspots. */
const SELECTION_FIELDS = [
  'area',
  'from',
  'to',
  'types',
  'method',
  'hotspots',
  'coverage',
  'cell',
  'radius',
  'minSeparation',
] as const;

/**
 * A new version of a plan: the edited fields over the version before. The hotspots are rebuilt when
 * the selection changes (or `rebuild` is set), else kept as they were (same ranks, same places).
 */
export async function editPlan(
  store: Store,
  force: string,
  planId: number,
  body: VersionBody,
  by: string,
): Promise<PlanVersion> {
  const prev = await loadPlan(store, force, planId);
  const p = prev.params;
  const merged: PlanBody = {
    area: body.area ?? p.area ?? undefined,
    from: body.from ?? p.from ?? undefined,
    to: body.to ?? p.to ?? undefined,
    types: body.types ?? p.types,
    method: body.method ?? p.method ?? undefined,
    hotspots: body.hotspots ?? p.hotspots,
    coverage: body.coverage ?? p.coverage ?? undefined,
    cell: body.cell ?? p.cellM,
    radius: body.radius ?? p.radiusM,
    minSeparation: body.minSeparation ?? p.minSeparationM,
    visitMinutes: body.visitMinutes ?? p.visitMinutes,
    visitsPerDay: body.visitsPerDay ?? p.visitsPerDay,
    capMinutes: body.capMinutes ?? p.capMinutes,
    startDate: body.startDate ?? p.startDate,
    endDate: body.endDate ?? p.endDate,
    randomise: body.randomise ?? p.randomise,
    patrolShare: body.patrolShare ?? p.patrolShare,
    seed: body.seed ?? p.seed ?? undefined,
  };
  // A plan built with a count keeps its count; one built with a share of area keeps its share.
  if (body.hotspots !== undefined) merged.coverage = undefined;
  const rebuild = body.rebuild || SELECTION_FIELDS.some((f) => body[f] !== undefined);
  let draft: PlanDraft;
  if (rebuild) draft = await buildPlan(store, force, merged);
  else {
    const capMinutes = merged.capMinutes ?? p.capMinutes;
    const visitMinutes = merged.visitMinutes ?? p.visitMinutes;
    if (visitMinutes > capMinutes)
      throw new BeatwiseError(
        'patrols.bad_visit',
        `visitMinutes ${visitMinutes} is over the cap of ${capMinutes} minutes`,
        {
          field: 'visitMinutes',
        },
      );
    draft = {
      params: {
        ...p,
        visitMinutes,
        visitsPerDay: merged.visitsPerDay ?? p.visitsPerDay,
        capMinutes,
        startDate: merged.startDate,
        endDate: merged.endDate,
        randomise: merged.randomise ?? false,
        patrolShare: merged.patrolShare ?? p.patrolShare,
        seed: body.seed ?? (body.randomise && !p.randomise ? null : p.seed),
      },
      summary: prev.summary,
      hotspots: prev.hotspots,
      area: {
        forceId: await forceIdOf(store.db, force),
        level: prev.area.level,
        code: prev.area.code,
        name: prev.area.name,
        unit: prev.unit,
        team: prev.team,
      },
      synthetic: prev.synthetic,
    };
  }
  await saveVersion(store, planId, draft, { by, note: body.note });
  return loadPlan(store, force, planId);
}

/** Validates and appends an officer's events for one plan; nothing is stored when any is bad. */
export async function recordEvents(
  store: Store,
  force: string,
  planId: number,
  inputs: readonly EventInput[],
  officerId: string,
  now: Date = new Date(),
) {
  const versions = await loadPlanVersions(store, force, planId);
  const latest = versions[versions.length - 1];
  const stored = await loadEvents(store, planId, officerId);
  const list = await tactics(store, force);
  const events = validateEvents(inputs, officerId, {
    versions: new Map(versions.map((v) => [v.version, v])),
    latest,
    stored,
    tactics: new Set(list.map((t) => t.code)),
    nowMs: now.getTime(),
  });
  const forceId = await forceIdOf(store.db, force);
  return appendEvents(store, forceId, events, now);
}

/** Reads a track file and stores its pings. */
export async function importTrack(
  store: Store,
  force: string,
  o: { format: 'csv' | 'gpx'; text: string; file?: string; officerId?: string },
) {
  const file = o.file ?? `track.${o.format}`;
  const pings =
    o.format === 'gpx' ? parseGpx(o.text, file, o.officerId ?? '') : parseTrackCsv(o.text, file, o.officerId);
  if (o.format === 'gpx' && !o.officerId)
    throw new BeatwiseError('patrols.bad_track', 'a GPX track needs the officer it belongs to', {
      file,
      field: 'officerId',
    });
  const forceId = await forceIdOf(store.db, force);
  const r = await savePings(store, forceId, pings, o.format === 'gpx' ? 'gps' : 'track-csv', file);
  return { file, pings: pings.length, ...r, officers: [...new Set(pings.map((p) => p.officerId))] };
}

/** Officers of a track file, before storing it (for the access check of each). */
export function trackOfficers(o: {
  format: 'csv' | 'gpx';
  text: string;
  file?: string;
  officerId?: string;
}): string[] {
  if (o.format === 'gpx') return o.officerId ? [o.officerId] : [];
  return [...new Set(parseTrackCsv(o.text, o.file ?? 'track.csv', o.officerId).map((p) => p.officerId))];
}

export interface PlanPatrols {
  plan: PlanVersion;
  patrols: Patrol[];
  flags: { flag: Flag; label: string; patrols: number }[];
}

/** Patrols of a plan (every version), measured against pings and flagged. */
export async function planPatrols(store: Store, force: string, planId: number): Promise<PlanPatrols> {
  const versions = await loadPlanVersions(store, force, planId);
  const plan = versions[versions.length - 1];
  const events = await loadEvents(store, planId);
  const byVersion = new Map<number, Map<number, HotspotGeometry>>();
  for (const v of versions)
    byVersion.set(
      v.versionId,
      new Map(v.hotspots.map((h) => [h.rank, { x: h.x, y: h.y, radiusM: h.radiusM, windows: h.windows }])),
    );
  const officers = [...new Set(events.map((e) => e.officerId))];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    lo = Math.min(lo, e.atMs);
    hi = Math.max(hi, e.atMs);
  }
  const forceId = await forceIdOf(store.db, force);
  const pings = events.length
    ? await loadPings(store, forceId, officers, lo - 3_600_000, hi + 3_600_000)
    : [];
  const patrols = assemblePatrols(
    events,
    (versionId, rank) => byVersion.get(versionId)?.get(rank),
    groupPings(pings),
    plan.capMinutes,
  );
  const flags = (Object.keys(FLAGS) as Flag[]).map((flag) => ({
    flag,
    label: FLAGS[flag],
    patrols: patrols.filter((p) => p.flags.includes(flag)).length,
  }));
  return { plan, patrols, flags };
}

export interface PlanDosage extends PlanPatrols {
  dosage: Dosage;
  synthetic: boolean;
  caveats: string[];
}

/** Dosage of a plan against its latest version's days, hotspots and allocation. */
export async function planDosage(store: Store, force: string, planId: number): Promise<PlanDosage> {
  const pp = await planPatrols(store, force, planId);
  const plan = pp.plan;
  const d = dosage(pp.patrols, {
    startDate: plan.startDate,
    days: plan.days,
    hotspots: plan.hotspots.map((h) => ({ rank: h.rank, teamCode: h.teamCode || plan.team })),
    allocation: planAllocation(plan),
    visitsPerDay: plan.visitsPerDay,
    visitMinutes: plan.visitMinutes,
  });
  const synthetic =
    plan.synthetic || (pp.patrols.length > 0 && (await loadEvents(store, planId)).some((e) => e.synthetic));
  const caveats = [
    'minutes present come from GPS/radio pings inside the hotspot where the officer has pings during the patrol, else from the start and end typed in',
    `planned: ${plan.visitsPerDay} visit(s) of ${plan.visitMinutes} minutes a day${plan.allocation ? ' on each hotspot’s allocated patrol days' : ' at every hotspot, every day'}; compliance caps each hotspot-day at its plan`,
  ];
  if (synthetic) caveats.unshift('SYNTHETIC: generated patrol logs, not real patrols');
  return { ...pp, dosage: d, synthetic, caveats };
}

/** The first instant of the plan and the instant after its last day (UTC ms). */
export function planSpan(plan: Pick<PlanVersion, 'startDate' | 'days'>): [number, number] {
  return [planDayStart(plan.startDate, 0), planDayStart(plan.startDate, plan.days)];
}
