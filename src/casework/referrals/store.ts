import type { Kysely, Selectable } from 'kysely';
import { BeatwiseError } from '../../core/errors.ts';
import type { Database } from '../../core/store/schema.ts';
import type { Store } from '../../core/store/store.ts';
import { type RecordFilter, selectRecord, selectRecords } from '../shared/record-store.ts';
import { cdb, type ReferralsTable } from '../shared/schema.ts';
import { readSetting } from '../shared/settings.ts';
import { requireMove } from '../shared/state-machine.ts';
import { isoUtc, londonMonth } from '../shared/time.ts';
import {
  DEFAULT_SERVICE_LEVELS,
  DEFAULT_WORKING_HOURS,
  GRADES,
  type Grade,
  isIn,
  REFERRAL_MOVES,
  REFERRAL_STATES,
  type ReferralRecord,
  type ReferralState,
  SERVICE_LEVELS_SETTING,
  type ServiceLevels,
  WORKING_HOURS_SETTING,
  type WorkingHours,
} from './model.ts';

type Row = Selectable<ReferralsTable>;

export interface StoredReferral extends ReferralRecord {
  personRef: string | null;
  victimContact: string | null;
  ownerId: string | null;
  redacted: boolean;
}

export function toReferral(r: Row): StoredReferral {
  if (!isIn(GRADES, r.grade) || !isIn(REFERRAL_STATES, r.state))
    throw new BeatwiseError('store.corrupt', `referral ${r.id}: grade "${r.grade}", state "${r.state}"`);
  return {
    id: Number(r.id),
    ref: r.ref,
    category: r.category,
    grade: r.grade,
    unit: r.unit_code,
    team: r.team_code,
    partner: r.partner,
    state: r.state,
    outcome: r.outcome === 'referred' || r.outcome === 'signposted' ? r.outcome : null,
    month: r.month,
    receivedAt: r.received_at,
    actionedAt: r.actioned_at,
    closedAt: r.closed_at,
    synthetic: r.synthetic === 1,
    personRef: r.person_ref,
    victimContact: r.victim_contact,
    ownerId: r.owner_id,
    redacted: r.redacted_at !== null,
  };
}

export type ReferralFilter = RecordFilter;

export async function listReferrals(db: Kysely<Database>, f: ReferralFilter): Promise<StoredReferral[]> {
  return (await selectRecords(db, 'referrals', f)).map(toReferral);
}

export async function getReferral(
  db: Kysely<Database>,
  forceId: number,
  id: number,
): Promise<StoredReferral | null> {
  const r = await selectRecord(db, 'referrals', forceId, id);
  return r ? toReferral(r) : null;
}

export interface ReferralEvent {
  at: string;
  recordedBy: string;
  fromState: string | null;
  toState: string;
  fromGrade: string | null;
  toGrade: string | null;
  rationale: string | null;
}

export async function eventsOf(db: Kysely<Database>, id: number): Promise<ReferralEvent[]> {
  const rows = await cdb(db)
    .selectFrom('referral_events')
    .selectAll()
    .where('referral_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((e) => ({
    at: e.at,
    recordedBy: e.recorded_by,
    fromState: e.from_state,
    toState: e.to_state,
    fromGrade: e.from_grade,
    toGrade: e.to_grade,
    rationale: e.rationale,
  }));
}

export async function serviceSettings(
  db: Kysely<Database>,
  forceId: number,
): Promise<{ levels: ServiceLevels; hours: WorkingHours }> {
  return {
    levels: await readSetting(db, forceId, SERVICE_LEVELS_SETTING, DEFAULT_SERVICE_LEVELS),
    hours: await readSetting(db, forceId, WORKING_HOURS_SETTING, DEFAULT_WORKING_HOURS),
  };
}

export interface NewReferral {
  ref: string;
  category: string;
  personRef: string | null;
  victimContact: string | null;
  grade: Grade;
  unit: string | null;
  team: string;
  ownerId: string | null;
  partner: string | null;
  state: ReferralState;
  outcome: 'referred' | 'signposted' | null;
  receivedAt: string;
  actionedAt: string | null;
  closedAt: string | null;
  synthetic: boolean;
}

const COMPARED = [
  'category',
  'person_ref',
  'grade',
  'unit_code',
  'team_code',
  'partner',
  'state',
  'outcome',
  'received_at',
  'actioned_at',
  'closed_at',
  'synthetic',
] as const;

/** Inserts or updates referrals on (force, ref) in one transaction; each change is an event. */
export async function upsertReferrals(
  store: Store,
  forceId: number,
  records: readonly NewReferral[],
  by: string,
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const now = isoUtc(Date.now());
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  await store.transaction(async (tx) => {
    const db = cdb(tx);
    for (const a of records) {
      const row = {
        force_id: forceId,
        ref: a.ref,
        category: a.category,
        person_ref: a.personRef,
        victim_contact: a.victimContact,
        grade: a.grade,
        unit_code: a.unit,
        team_code: a.team,
        owner_id: a.ownerId,
        partner: a.partner,
        state: a.state,
        outcome: a.outcome,
        month: londonMonth(a.receivedAt),
        received_at: a.receivedAt,
        actioned_at: a.actionedAt,
        closed_at: a.closedAt,
        synthetic: a.synthetic ? 1 : 0,
        updated_at: now,
      };
      const old = await db
        .selectFrom('referrals')
        .selectAll()
        .where('force_id', '=', forceId)
        .where('ref', '=', a.ref)
        .executeTakeFirst();
      if (!old) {
        const { id } = await db.insertInto('referrals').values(row).returning('id').executeTakeFirstOrThrow();
        await db
          .insertInto('referral_events')
          .values({
            referral_id: Number(id),
            at: a.receivedAt,
            recorded_by: by,
            from_state: null,
            to_state: a.state,
            from_grade: null,
            to_grade: a.grade,
            rationale: null,
          })
          .execute();
        counts.inserted++;
        continue;
      }
      if (old.redacted_at !== null || COMPARED.every((c) => old[c] === row[c])) {
        counts.unchanged++;
        continue;
      }
      const { victim_contact, owner_id, ...changes } = row;
      await db
        .updateTable('referrals')
        .set({
          ...changes,
          victim_contact: victim_contact ?? old.victim_contact,
          owner_id: owner_id ?? old.owner_id,
        })
        .where('id', '=', old.id)
        .execute();
      await db
        .insertInto('referral_events')
        .values({
          referral_id: Number(old.id),
          at: now,
          recorded_by: by,
          from_state: old.state,
          to_state: a.state,
          from_grade: old.grade,
          to_grade: a.grade,
          rationale: old.grade !== a.grade ? 'regraded by import' : null,
        })
        .execute();
      counts.updated++;
    }
  });
  return counts;
}

/** Moves a referral on (triaged, referred, signposted, closed), checking the move. */
export async function moveReferral(
  store: Store,
  forceId: number,
  id: number,
  to: ReferralState,
  opts: { partner?: string; at?: string },
  by: string,
): Promise<StoredReferral> {
  return store.transaction(async (tx) => {
    const r = await getReferral(tx, forceId, id);
    if (!r) throw new BeatwiseError('casework.not_found', `no referral ${id}`);
    requireMove(REFERRAL_MOVES, r.state, to, `referral ${r.ref}`);
    const at = opts.at ?? isoUtc(Date.now());
    if (Date.parse(at) < Date.parse(r.receivedAt))
      throw new BeatwiseError('casework.invalid', `at: ${at} is before the referral was received`, {
        field: 'at',
      });
    const set: Partial<Row> = { state: to, updated_at: isoUtc(Date.now()) };
    if (to === 'referred' || to === 'signposted') {
      if (!opts.partner?.trim())
        throw new BeatwiseError(
          'casework.invalid',
          `partner: name the ${to === 'referred' ? 'partner agency referred to' : 'service signposted to'}`,
          { field: 'partner' },
        );
      set.partner = opts.partner.trim();
      set.outcome = to;
      set.actioned_at = at;
    }
    if (to === 'closed') set.closed_at = at;
    await cdb(tx).updateTable('referrals').set(set).where('id', '=', id).execute();
    await cdb(tx)
      .insertInto('referral_events')
      .values({
        referral_id: id,
        at,
        recorded_by: by,
        from_state: r.state,
        to_state: to,
        from_grade: null,
        to_grade: null,
        rationale: null,
      })
      .execute();
    const after = await getReferral(tx, forceId, id);
    if (!after) throw new BeatwiseError('casework.not_found', `no referral ${id}`);
    return after;
  });
}

/** Regrades a referral: a rationale is required and kept in its history. */
export async function regradeReferral(
  store: Store,
  forceId: number,
  id: number,
  grade: Grade,
  rationale: string,
  by: string,
): Promise<StoredReferral> {
  if (rationale.trim().length < 10)
    throw new BeatwiseError(
      'casework.invalid',
      'rationale: say why the grade changes (at least 10 characters); it is kept',
      {
        field: 'rationale',
      },
    );
  return store.transaction(async (tx) => {
    const r = await getReferral(tx, forceId, id);
    if (!r) throw new BeatwiseError('casework.not_found', `no referral ${id}`);
    if (r.state === 'closed')
      throw new BeatwiseError('casework.transition', `referral ${r.ref} is closed: it cannot be regraded`, {
        field: 'grade',
      });
    if (r.grade === grade)
      throw new BeatwiseError('casework.invalid', `grade: referral ${r.ref} is already ${grade}`, {
        field: 'grade',
      });
    await cdb(tx)
      .updateTable('referrals')
      .set({ grade, updated_at: isoUtc(Date.now()) })
      .where('id', '=', id)
      .execute();
    await cdb(tx)
      .insertInto('referral_events')
      .values({
        referral_id: id,
        at: isoUtc(Date.now()),
        recorded_by: by,
        from_state: r.state,
        to_state: r.state,
        from_grade: r.grade,
        to_grade: grade,
        rationale: rationale.trim(),
      })
      .execute();
    const after = await getReferral(tx, forceId, id);
    if (!after) throw new BeatwiseError('casework.not_found', `no referral ${id}`);
    return after;
  });
}
