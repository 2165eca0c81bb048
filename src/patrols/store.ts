/**
 * The patrol tables: plans and their versions (never edited in place), hotspots, allocations,
 * append-only events (idempotent on the officer's client event id), pings and tactics. Everything
 * goes through Kysely, so the same queries run on SQLite and PostgreSQL.
 */
import { randomInt } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { BeatwiseError } from '../core/errors.ts';
import type { Database } from '../core/store/schema.ts';
import type { Store } from '../core/store/store.ts';
import { allocateCrossover } from './allocation.ts';
import type { PlanDraft } from './build.ts';
import { planDays } from './days.ts';
import {
  type CrossoverAllocation,
  DEFAULT_TACTICS,
  type EventKind,
  type EventSource,
  type PatrolEvent,
  type PatrolWindow,
  type Ping,
  PLAN_DEFAULTS,
  type PlanHotspot,
  type PlanParams,
  type PlanSummary,
  type PlanVersion,
} from './model.ts';
import { pdb } from './schema.ts';

type Db = Kysely<Database>;

/** Moves the `patrols` data version on (inside the write's transaction): cached answers go stale. */
async function bump(tx: Db): Promise<void> {
  await sql`UPDATE data_versions SET version = version + 1 WHERE name = 'patrols'`.execute(tx);
}

export async function forceIdOf(db: Db, force: string): Promise<number> {
  const f = await db.selectFrom('forces').select('id').where('slug', '=', force).executeTakeFirst();
  if (!f)
    throw new BeatwiseError('patrols.unknown_force', `no force "${force}" in the store`, { field: 'force' });
  return f.id;
}

async function insertVersion(
  tx: Db,
  planId: number,
  version: number,
  draft: PlanDraft,
  by: string,
  note: string | null,
  now: string,
): Promise<number> {
  const db = pdb(tx);
  const p = draft.params;
  const v = await db
    .insertInto('patrol_plan_versions')
    .values({
      plan_id: planId,
      version,
      start_date: p.startDate,
      end_date: p.endDate,
      visit_minutes: p.visitMinutes,
      visits_per_day: p.visitsPerDay,
      cap_minutes: p.capMinutes,
      radius_m: p.radiusM,
      min_separation_m: p.minSeparationM,
      params: JSON.stringify(p),
      summary: JSON.stringify(draft.summary),
      note,
      created_at: now,
      created_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const versionId = Number(v.id);
  for (const h of draft.hotspots)
    await db
      .insertInto('patrol_hotspots')
      .values({
        version_id: versionId,
        rank: h.rank,
        label: h.label,
        easting: h.x,
        northing: h.y,
        lon: h.lon,
        lat: h.lat,
        radius_m: h.radiusM,
        polygon: h.polygon ? JSON.stringify(h.polygon) : null,
        team_code: h.teamCode,
        crimes: h.crimes,
        harm: h.harm,
        crime_share: h.crimeShare,
        harm_share: h.harmShare,
        area_share: h.areaShare,
        windows: JSON.stringify({ source: h.windowSource, windows: h.windows }),
      })
      .execute();
  if (p.randomise) {
    if (draft.hotspots.length < 2)
      throw new BeatwiseError('patrols.bad_design', 'a randomised plan needs at least 2 hotspots', {
        field: 'randomise',
      });
    await db
      .insertInto('patrol_allocations')
      .values({
        version_id: versionId,
        seed: p.seed ?? 0,
        patrol_share: p.patrolShare,
        days: planDays(p.startDate, p.endDate),
        week_length: PLAN_DEFAULTS.weekLength,
      })
      .execute();
  }
  return versionId;
}

/** A seed for a randomised plan that did not give one (stored with the plan, so redrawable). */
function withSeed(draft: PlanDraft): PlanDraft {
  if (!draft.params.randomise || draft.params.seed !== null) return draft;
  return { ...draft, params: { ...draft.params, seed: randomInt(0, 2 ** 31 - 1) } };
}

/** Stores a new plan (version 1). */
export async function savePlan(
  store: Store,
  draft: PlanDraft,
  o: { name?: string; by: string; note?: string | null; now?: Date },
): Promise<{ planId: number; version: number }> {
  const d = withSeed(draft);
  const now = (o.now ?? new Date()).toISOString();
  const name = o.name ?? `${d.area.name} patrol plan ${d.params.startDate}`;
  return store.transaction(async (tx) => {
    const plan = await pdb(tx)
      .insertInto('patrol_plans')
      .values({
        force_id: d.area.forceId,
        name,
        area_level: d.area.level,
        area_code: d.area.code,
        area_name: d.area.name,
        unit_code: d.area.unit,
        team_code: d.area.team,
        latest_version: 1,
        synthetic: d.synthetic ? 1 : 0,
        created_at: now,
        created_by: o.by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const planId = Number(plan.id);
    await insertVersion(tx, planId, 1, d, o.by, o.note ?? null, now);
    await bump(tx);
    return { planId, version: 1 };
  });
}

/** Adds a version to a plan: the earlier versions, and events logged under them, stay as they were. */
export async function saveVersion(
  store: Store,
  planId: number,
  draft: PlanDraft,
  o: { by: string; note: string; now?: Date },
): Promise<{ planId: number; version: number }> {
  const d = withSeed(draft);
  const now = (o.now ?? new Date()).toISOString();
  return store.transaction(async (tx) => {
    const plan = await pdb(tx)
      .selectFrom('patrol_plans')
      .select('latest_version')
      .where('id', '=', planId)
      .executeTakeFirstOrThrow();
    const version = plan.latest_version + 1;
    await insertVersion(tx, planId, version, d, o.by, o.note, now);
    await pdb(tx)
      .updateTable('patrol_plans')
      .set({ latest_version: version })
      .where('id', '=', planId)
      .execute();
    return { planId, version };
  });
}

export interface PlanListItem {
  planId: number;
  name: string;
  area: { level: string; code: string; name: string };
  unit: string;
  team: string;
  latestVersion: number;
  startDate: string;
  endDate: string;
  hotspots: number;
  randomised: boolean;
  synthetic: boolean;
  createdAt: string;
}

export async function listPlans(store: Store, force: string): Promise<PlanListItem[]> {
  const forceId = await forceIdOf(store.db, force);
  const db = pdb(store.db);
  const rows = await db
    .selectFrom('patrol_plans as p')
    .innerJoin('patrol_plan_versions as v', (j) =>
      j.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.latest_version'),
    )
    .leftJoin('patrol_allocations as a', 'a.version_id', 'v.id')
    .select([
      'p.id',
      'p.name',
      'p.area_level',
      'p.area_code',
      'p.area_name',
      'p.unit_code',
      'p.team_code',
      'p.latest_version',
      'p.synthetic',
      'p.created_at',
      'v.id as version_id',
      'v.start_date',
      'v.end_date',
      'a.seed',
    ])
    .where('p.force_id', '=', forceId)
    .orderBy('p.id', 'desc')
    .execute();
  const counts = await db
    .selectFrom('patrol_hotspots')
    .select(['version_id', (e) => e.fn.countAll<number>().as('n')])
    .where('version_id', 'in', rows.length ? rows.map((r) => r.version_id) : [-1])
    .groupBy('version_id')
    .execute();
  const n = new Map(counts.map((c) => [Number(c.version_id), Number(c.n)]));
  return rows.map((r) => ({
    planId: Number(r.id),
    name: r.name,
    area: { level: r.area_level, code: r.area_code, name: r.area_name },
    unit: r.unit_code,
    team: r.team_code,
    latestVersion: r.latest_version,
    startDate: r.start_date,
    endDate: r.end_date,
    hotspots: n.get(Number(r.version_id)) ?? 0,
    randomised: r.seed !== null,
    synthetic: r.synthetic === 1,
    createdAt: r.created_at,
  }));
}

/**
 * One version of a plan (default: the latest), with its hotspots and allocation design; throws
 * 'patrols.plan_not_found' (404) when the force has no such plan or version.
 */
export async function loadPlan(
  store: Store,
  force: string,
  planId: number,
  version?: number,
): Promise<PlanVersion> {
  const forceId = await forceIdOf(store.db, force);
  const db = pdb(store.db);
  const plan = await db
    .selectFrom('patrol_plans')
    .selectAll()
    .where('id', '=', planId)
    .where('force_id', '=', forceId)
    .executeTakeFirst();
  if (!plan)
    throw new BeatwiseError('patrols.plan_not_found', `no patrol plan ${planId} in ${force}`, {
      field: 'plan',
    });
  const v = await db
    .selectFrom('patrol_plan_versions')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('version', '=', version ?? plan.latest_version)
    .executeTakeFirst();
  if (!v)
    throw new BeatwiseError('patrols.plan_not_found', `patrol plan ${planId} has no version ${version}`, {
      field: 'version',
    });
  const hs = await db
    .selectFrom('patrol_hotspots')
    .selectAll()
    .where('version_id', '=', v.id)
    .orderBy('rank')
    .execute();
  const a = await db
    .selectFrom('patrol_allocations')
    .selectAll()
    .where('version_id', '=', v.id)
    .executeTakeFirst();
  return {
    planId: Number(plan.id),
    versionId: Number(v.id),
    version: v.version,
    latestVersion: plan.latest_version,
    force,
    name: plan.name,
    area: { level: plan.area_level, code: plan.area_code, name: plan.area_name },
    unit: plan.unit_code,
    team: plan.team_code,
    startDate: v.start_date,
    endDate: v.end_date,
    days: planDays(v.start_date, v.end_date),
    visitMinutes: v.visit_minutes,
    visitsPerDay: v.visits_per_day,
    capMinutes: v.cap_minutes,
    radiusM: v.radius_m,
    minSeparationM: v.min_separation_m,
    params: JSON.parse(v.params) as PlanParams,
    summary: JSON.parse(v.summary) as PlanSummary,
    note: v.note,
    createdAt: v.created_at,
    createdBy: v.created_by,
    hotspots: hs.map((h): PlanHotspot => {
      const w = JSON.parse(h.windows) as { source: PlanHotspot['windowSource']; windows: PatrolWindow[] };
      return {
        rank: h.rank,
        label: h.label,
        x: h.easting,
        y: h.northing,
        lon: h.lon,
        lat: h.lat,
        radiusM: h.radius_m,
        polygon: h.polygon ? (JSON.parse(h.polygon) as number[][][]) : null,
        teamCode: h.team_code,
        crimes: h.crimes,
        harm: h.harm,
        crimeShare: h.crime_share,
        harmShare: h.harm_share,
        areaShare: h.area_share,
        windows: w.windows,
        windowSource: w.source,
      };
    }),
    allocation: a
      ? { seed: Number(a.seed), patrolShare: a.patrol_share, days: a.days, weekLength: a.week_length }
      : null,
    synthetic: plan.synthetic === 1,
  };
}

/**
 * The plan's patrol days: `days × hotspots` flags (a[day·H + rank−1] = 1 on a patrol day), redrawn
 * from the stored seed with `allocateCrossover`; null when the plan is not randomised (every day is
 * a patrol day for every hotspot).
 */
export function planAllocation(plan: Pick<PlanVersion, 'hotspots' | 'allocation'>): Uint8Array | null {
  const a: CrossoverAllocation | null = plan.allocation;
  if (!a) return null;
  return allocateCrossover({
    hotspots: plan.hotspots.length,
    days: a.days,
    patrolShare: a.patrolShare,
    seed: a.seed,
  });
}

/** Every version of a plan, for geometry lookups of events logged under earlier versions. */
export async function loadPlanVersions(store: Store, force: string, planId: number): Promise<PlanVersion[]> {
  const latest = await loadPlan(store, force, planId);
  const out: PlanVersion[] = [];
  for (let v = 1; v < latest.version; v++) out.push(await loadPlan(store, force, planId, v));
  out.push(latest);
  return out;
}

/** The force's tactics (its own list, else the defaults). */
export async function tactics(store: Store, force: string): Promise<{ code: string; label: string }[]> {
  const forceId = await forceIdOf(store.db, force);
  const rows = await pdb(store.db)
    .selectFrom('patrol_tactics')
    .select(['code', 'label'])
    .where('force_id', '=', forceId)
    .orderBy('position')
    .execute();
  return rows.length ? rows : [...DEFAULT_TACTICS];
}

/** Replaces the force's tactic list. */
export async function setTactics(
  store: Store,
  force: string,
  list: { code: string; label: string }[],
): Promise<void> {
  const forceId = await forceIdOf(store.db, force);
  await store.transaction(async (tx) => {
    await pdb(tx).deleteFrom('patrol_tactics').where('force_id', '=', forceId).execute();
    for (const [i, t] of list.entries())
      await pdb(tx)
        .insertInto('patrol_tactics')
        .values({ force_id: forceId, code: t.code, label: t.label, position: i })
        .execute();
    await bump(tx);
  });
}

/** An event ready to store (validated: see events.ts). */
export interface NewEvent {
  planId: number;
  versionId: number;
  hotspotRank: number | null;
  patrolKey: string;
  kind: EventKind;
  atMs: number;
  officerId: string;
  source: EventSource;
  x: number | null;
  y: number | null;
  tactic: string | null;
  note: string | null;
  correctsId: number | null;
  clientEventId: string;
  synthetic: boolean;
}

/**
 * Appends events in one transaction. An event whose (officer, client event id) is already stored,
 * or comes earlier in the same batch, is not stored again (a phone retrying): it is counted as a
 * duplicate and its stored id returned. One SELECT finds the ids already held, and one multi-row
 * INSERT (ON CONFLICT DO NOTHING, so a retry racing this one is not an error) stores the rest; an
 * event a racing retry stored first is then looked up and counted as a duplicate.
 */
export async function appendEvents(
  store: Store,
  forceId: number,
  events: readonly NewEvent[],
  now: Date = new Date(),
): Promise<{ stored: number; duplicates: number; ids: number[] }> {
  const received = now.toISOString();
  const keyOf = (officer: string, client: string) => `${officer}\u0000${client}`;
  return store.transaction(async (tx) => {
    const db = pdb(tx);
    const held = async (list: readonly NewEvent[]) => {
      const out = new Map<string, number>();
      const officers = [...new Set(list.map((e) => e.officerId))];
      const clients = [...new Set(list.map((e) => e.clientEventId))];
      if (clients.length === 0) return out;
      const rows = await db
        .selectFrom('patrol_events')
        .select(['id', 'officer_id', 'client_event_id'])
        .where('force_id', '=', forceId)
        .where('officer_id', 'in', officers)
        .where('client_event_id', 'in', clients)
        .execute();
      for (const r of rows) out.set(keyOf(r.officer_id, r.client_event_id), Number(r.id));
      return out;
    };
    const existing = await held(events);
    const fresh: NewEvent[] = [];
    const seen = new Set<string>();
    for (const e of events) {
      const k = keyOf(e.officerId, e.clientEventId);
      if (existing.has(k) || seen.has(k)) continue;
      seen.add(k);
      fresh.push(e);
    }
    const inserted = new Map<string, number>();
    if (fresh.length) {
      const rows = await db
        .insertInto('patrol_events')
        .values(
          fresh.map((e) => ({
            force_id: forceId,
            plan_id: e.planId,
            version_id: e.versionId,
            hotspot_rank: e.hotspotRank,
            patrol_key: e.patrolKey,
            kind: e.kind,
            at_ms: e.atMs,
            officer_id: e.officerId,
            source: e.source,
            easting: e.x,
            northing: e.y,
            tactic: e.tactic,
            note: e.note,
            corrects_id: e.correctsId,
            client_event_id: e.clientEventId,
            synthetic: e.synthetic ? 1 : 0,
            received_at: received,
          })),
        )
        .onConflict((oc) => oc.columns(['force_id', 'officer_id', 'client_event_id']).doNothing())
        .returning(['id', 'officer_id', 'client_event_id'])
        .execute();
      for (const r of rows) inserted.set(keyOf(r.officer_id, r.client_event_id), Number(r.id));
      if (inserted.size < fresh.length)
        for (const [k, id] of await held(
          fresh.filter((e) => !inserted.has(keyOf(e.officerId, e.clientEventId))),
        ))
          existing.set(k, id);
    }
    const ids: number[] = [];
    const counted = new Set<string>();
    let stored = 0;
    let duplicates = 0;
    for (const e of events) {
      const k = keyOf(e.officerId, e.clientEventId);
      const id = inserted.get(k);
      if (id !== undefined && !counted.has(k)) {
        counted.add(k);
        stored++;
        ids.push(id);
      } else {
        duplicates++;
        ids.push(id ?? (existing.get(k) as number));
      }
    }
    if (stored) await bump(tx);
    return { stored, duplicates, ids };
  });
}

/** A plan's events (every version), oldest first; optionally one officer's only. */
export async function loadEvents(store: Store, planId: number, officerId?: string): Promise<PatrolEvent[]> {
  let q = pdb(store.db).selectFrom('patrol_events').selectAll().where('plan_id', '=', planId);
  if (officerId !== undefined) q = q.where('officer_id', '=', officerId);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    planId: Number(r.plan_id),
    versionId: Number(r.version_id),
    hotspotRank: r.hotspot_rank,
    patrolKey: r.patrol_key,
    kind: r.kind as EventKind,
    atMs: Number(r.at_ms),
    officerId: r.officer_id,
    source: r.source as EventSource,
    x: r.easting,
    y: r.northing,
    tactic: r.tactic,
    note: r.note,
    correctsId: r.corrects_id === null ? null : Number(r.corrects_id),
    clientEventId: r.client_event_id,
    synthetic: r.synthetic === 1,
  }));
}

/** Stores pings (a ping already stored for the officer at that instant is kept, not doubled). */
export async function savePings(
  store: Store,
  forceId: number,
  pings: readonly Ping[],
  source: string,
  file: string,
) {
  return store.transaction(async (tx) => {
    let stored = 0;
    for (const p of pings) {
      const r = await pdb(tx)
        .insertInto('patrol_pings')
        .values({
          force_id: forceId,
          officer_id: p.officerId,
          at_ms: p.atMs,
          easting: p.x,
          northing: p.y,
          source,
          file,
        })
        .onConflict((oc) => oc.columns(['force_id', 'officer_id', 'at_ms']).doNothing())
        .executeTakeFirst();
      stored += Number(r.numInsertedOrUpdatedRows ?? 0n);
    }
    if (stored) await bump(tx);
    return { stored, duplicates: pings.length - stored };
  });
}

/** Pings of the given officers between two instants. */
export async function loadPings(
  store: Store,
  forceId: number,
  officers: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<Ping[]> {
  if (officers.length === 0) return [];
  const rows = await pdb(store.db)
    .selectFrom('patrol_pings')
    .select(['officer_id', 'at_ms', 'easting', 'northing'])
    .where('force_id', '=', forceId)
    .where('officer_id', 'in', [...officers])
    .where('at_ms', '>=', fromMs)
    .where('at_ms', '<=', toMs)
    .execute();
  return rows.map((r) => ({ officerId: r.officer_id, atMs: Number(r.at_ms), x: r.easting, y: r.northing }));
}
