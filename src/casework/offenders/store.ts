import type { Kysely, Selectable } from 'kysely';
import { dataDir } from '../../core/data-dir.ts';
import { BeatwiseError } from '../../core/errors.ts';
import type { Database } from '../../core/store/schema.ts';
import type { Store } from '../../core/store/store.ts';
import { formatMonth } from '../../core/time/month.ts';
import { forceWeights } from '../../crime/index.ts';
import { selectRecord, selectRecords } from '../shared/record-store.ts';
import { cdb, type IomMembersTable } from '../shared/schema.ts';
import { isoUtc } from '../shared/time.ts';
import { type CohortMember, type IomEventKind, isTier, type LinkedCrime, type Tier } from './model.ts';

type Row = Selectable<IomMembersTable>;

export interface StoredMember extends CohortMember {
  ownerId: string | null;
  redacted: boolean;
}

export function toMember(r: Row): StoredMember {
  if (!isTier(r.tier)) throw new BeatwiseError('store.corrupt', `IOM member ${r.id}: tier "${r.tier}"`);
  return {
    id: Number(r.id),
    offenderRef: r.offender_ref,
    tier: r.tier,
    score: r.score,
    scoreSource: r.score_source,
    unit: r.unit_code,
    team: r.team_code,
    enteredOn: r.entered_on,
    exitedOn: r.exited_on,
    pathways: JSON.parse(r.pathways) as string[],
    synthetic: r.synthetic === 1,
    ownerId: r.owner_id,
    redacted: r.redacted_at !== null,
  };
}

export async function listMembers(
  db: Kysely<Database>,
  f: { forceId: number; unit?: string; team?: string },
): Promise<StoredMember[]> {
  return (await selectRecords(db, 'iom_members', f)).map(toMember);
}

export async function getMember(
  db: Kysely<Database>,
  forceId: number,
  id: number,
): Promise<StoredMember | null> {
  const r = await selectRecord(db, 'iom_members', forceId, id);
  return r ? toMember(r) : null;
}

export interface MemberEvent {
  kind: string;
  onDate: string;
  recordedBy: string;
  note: string | null;
}

export async function memberEvents(
  db: Kysely<Database>,
  memberIds: readonly number[],
): Promise<(MemberEvent & { memberId: number })[]> {
  if (memberIds.length === 0) return [];
  const rows = await cdb(db)
    .selectFrom('iom_events')
    .selectAll()
    .where('member_id', 'in', [...memberIds])
    .orderBy('on_date')
    .orderBy('id')
    .execute();
  return rows.map((e) => ({
    memberId: Number(e.member_id),
    kind: e.kind,
    onDate: e.on_date,
    recordedBy: e.recorded_by,
    note: e.note,
  }));
}

export async function linksOf(db: Kysely<Database>, forceId: number): Promise<LinkedCrime[]> {
  const rows = await cdb(db)
    .selectFrom('iom_crime_links')
    .selectAll()
    .where('force_id', '=', forceId)
    .execute();
  return rows.map((r) => ({
    offenderRef: r.offender_ref,
    crimeRef: r.crime_ref,
    month: r.month,
    harm: r.harm,
  }));
}

export interface NewMember {
  offenderRef: string;
  tier: Tier;
  score: number | null;
  scoreSource: string | null;
  unit: string | null;
  team: string;
  ownerId: string | null;
  enteredOn: string;
  exitedOn: string | null;
  pathways: string[];
  synthetic: boolean;
}

const COMPARED = [
  'tier',
  'score',
  'score_source',
  'unit_code',
  'team_code',
  'entered_on',
  'exited_on',
  'pathways',
  'synthetic',
] as const;

export async function upsertMembers(
  store: Store,
  forceId: number,
  members: readonly NewMember[],
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const now = isoUtc(Date.now());
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  await store.transaction(async (tx) => {
    const db = cdb(tx);
    for (const m of members) {
      const row = {
        force_id: forceId,
        offender_ref: m.offenderRef,
        tier: m.tier,
        score: m.score,
        score_source: m.scoreSource,
        unit_code: m.unit,
        team_code: m.team,
        owner_id: m.ownerId,
        entered_on: m.enteredOn,
        exited_on: m.exitedOn,
        pathways: JSON.stringify(m.pathways),
        synthetic: m.synthetic ? 1 : 0,
        updated_at: now,
      };
      const old = await db
        .selectFrom('iom_members')
        .selectAll()
        .where('force_id', '=', forceId)
        .where('offender_ref', '=', m.offenderRef)
        .executeTakeFirst();
      if (!old) {
        await db.insertInto('iom_members').values(row).execute();
        counts.inserted++;
      } else if (old.redacted_at !== null || COMPARED.every((c) => old[c] === row[c])) counts.unchanged++;
      else {
        const { owner_id, ...changes } = row;
        await db
          .updateTable('iom_members')
          .set({ ...changes, owner_id: owner_id ?? old.owner_id })
          .where('id', '=', old.id)
          .execute();
        counts.updated++;
      }
    }
  });
  return counts;
}

/** Adds reviews, visits, warrants and recalls; the same kind on the same day for a member is kept once. */
export async function addEvents(
  store: Store,
  events: readonly { memberId: number; kind: IomEventKind; onDate: string; note: string | null }[],
  by: string,
): Promise<{ inserted: number; unchanged: number }> {
  const counts = { inserted: 0, unchanged: 0 };
  await store.transaction(async (tx) => {
    for (const e of events) {
      const r = await cdb(tx)
        .insertInto('iom_events')
        .values({ member_id: e.memberId, kind: e.kind, on_date: e.onDate, recorded_by: by, note: e.note })
        .onConflict((oc) => oc.columns(['member_id', 'kind', 'on_date']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) counts.inserted++;
      else counts.unchanged++;
    }
  });
  return counts;
}

/**
 * Links crimes of the imported extract to offender references, each weighted by the force's harm
 * weights. Returns the crime refs not found in the store (the caller rejects those rows).
 */
export async function linkCrimes(
  store: Store,
  forceId: number,
  links: readonly { offenderRef: string; crimeRef: string }[],
): Promise<{ inserted: number; unchanged: number; unknown: Set<string> }> {
  const weights = await forceWeights(store.db, forceId, dataDir());
  const refs = [...new Set(links.map((l) => l.crimeRef))];
  const found = new Map<string, { month: number; category: number; offence: string | null }>();
  for (let i = 0; i < refs.length; i += 500) {
    const rows = await store.db
      .selectFrom('crimes')
      .select(['crime_id', 'month', 'category', 'offence_code'])
      .where('force_id', '=', forceId)
      .where('crime_id', 'in', refs.slice(i, i + 500))
      .execute();
    for (const r of rows)
      if (r.crime_id)
        found.set(r.crime_id, { month: r.month, category: r.category, offence: r.offence_code });
  }
  const unknown = new Set(refs.filter((r) => !found.has(r)));
  const counts = { inserted: 0, unchanged: 0, unknown };
  await store.transaction(async (tx) => {
    for (const l of links) {
      const c = found.get(l.crimeRef);
      if (!c) continue;
      const r = await cdb(tx)
        .insertInto('iom_crime_links')
        .values({
          force_id: forceId,
          offender_ref: l.offenderRef,
          crime_ref: l.crimeRef,
          month: formatMonth(c.month),
          category: String(c.category),
          harm: weights.harmOf(c.category, c.offence),
        })
        .onConflict((oc) => oc.columns(['force_id', 'offender_ref', 'crime_ref']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) counts.inserted++;
      else counts.unchanged++;
    }
  });
  return counts;
}
