import type { Kysely, Selectable } from 'kysely';
import { BeatwiseError } from '../../core/errors.ts';
import type { Database } from '../../core/store/schema.ts';
import type { Store } from '../../core/store/store.ts';
import { type RecordFilter, selectRecord, selectRecords } from '../shared/record-store.ts';
import { type BurglaryAttendanceTable, cdb } from '../shared/schema.ts';
import { readSetting } from '../shared/settings.ts';
import { requireMove } from '../shared/state-machine.ts';
import { isoUtc, londonMonth } from '../shared/time.ts';
import {
  ATTENDANCE_MOVES,
  type AttendanceRecord,
  type AttendanceState,
  type AttendanceStep,
  DEFAULT_REASONS,
  isAttendanceState,
  type NotAttendedReason,
  REASONS_SETTING,
} from './model.ts';

type Row = Selectable<BurglaryAttendanceTable>;

/** A stored record with what only the record view shows (owner, victim contact). */
export interface StoredAttendance extends AttendanceRecord {
  ownerId: string | null;
  victimContact: string | null;
  redacted: boolean;
}

export function toRecord(r: Row): StoredAttendance {
  if (!isAttendanceState(r.state))
    throw new BeatwiseError('store.corrupt', `attendance ${r.id}: state "${r.state}"`);
  return {
    id: Number(r.id),
    crimeRef: r.crime_ref,
    source: r.source,
    unit: r.unit_code,
    team: r.team_code,
    month: r.month,
    reportedAt: r.reported_at,
    vulnerable: r.vulnerable === null ? null : r.vulnerable === 1,
    state: r.state,
    scheduledFor: r.scheduled_for,
    attendedAt: r.attended_at,
    reason: r.reason,
    synthetic: r.synthetic === 1,
    ownerId: r.owner_id,
    victimContact: r.victim_contact,
    redacted: r.redacted_at !== null,
  };
}

export type AttendanceFilter = RecordFilter;

export async function listAttendance(db: Kysely<Database>, f: AttendanceFilter): Promise<StoredAttendance[]> {
  return (await selectRecords(db, 'burglary_attendance', f)).map(toRecord);
}

export async function getAttendance(
  db: Kysely<Database>,
  forceId: number,
  id: number,
): Promise<StoredAttendance | null> {
  const r = await selectRecord(db, 'burglary_attendance', forceId, id);
  return r ? toRecord(r) : null;
}

export async function stepsOf(db: Kysely<Database>, id: number): Promise<AttendanceStep[]> {
  const rows = await cdb(db)
    .selectFrom('burglary_steps')
    .selectAll()
    .where('attendance_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((s) => ({
    state: isAttendanceState(s.state) ? s.state : 'reported',
    at: s.at,
    recordedBy: s.recorded_by,
    reason: s.reason,
    note: s.note,
  }));
}

export async function reasonsOf(db: Kysely<Database>, forceId: number): Promise<NotAttendedReason[]> {
  return readSetting<NotAttendedReason[]>(db, forceId, REASONS_SETTING, [...DEFAULT_REASONS]);
}

/** A new record as entered or imported. */
export interface NewAttendance {
  crimeRef: string;
  source: 'extract' | 'csv' | 'entered';
  unit: string | null;
  team: string | null;
  ownerId: string | null;
  reportedAt: string;
  vulnerable: boolean | null;
  state: AttendanceState;
  scheduledFor: string | null;
  attendedAt: string | null;
  reason: string | null;
  victimContact: string | null;
  synthetic: boolean;
}

function rowOf(forceId: number, a: NewAttendance, now: string) {
  return {
    force_id: forceId,
    crime_ref: a.crimeRef,
    source: a.source,
    unit_code: a.unit,
    team_code: a.team,
    owner_id: a.ownerId,
    month: londonMonth(a.reportedAt),
    reported_at: a.reportedAt,
    vulnerable: a.vulnerable === null ? null : a.vulnerable ? 1 : 0,
    state: a.state,
    scheduled_for: a.scheduledFor,
    attended_at: a.attendedAt,
    reason: a.reason,
    victim_contact: a.victimContact,
    synthetic: a.synthetic ? 1 : 0,
    updated_at: now,
  };
}

/** The steps a record imported in `state` implies: reported, then its outcome, timestamped. */
function impliedSteps(a: NewAttendance, by: string, now: string) {
  const steps: { state: string; at: string; reason: string | null }[] = [
    { state: 'reported', at: a.reportedAt, reason: null },
  ];
  if (a.state === 'scheduled') steps.push({ state: 'scheduled', at: now, reason: null });
  if (a.state === 'attended') steps.push({ state: 'attended', at: a.attendedAt ?? now, reason: null });
  if (a.state === 'not-attended') steps.push({ state: 'not-attended', at: now, reason: a.reason });
  return steps.map((s) => ({ ...s, recorded_by: by, note: null }));
}

const COMPARED = [
  'unit_code',
  'team_code',
  'reported_at',
  'vulnerable',
  'state',
  'scheduled_for',
  'attended_at',
  'reason',
  'synthetic',
] as const;

/**
 * Inserts or updates records on their natural key (force, crime reference), in one transaction.
 * A record already entered by hand or from a CSV is not overwritten by the force extract
 * (`keepManual`): what an officer recorded wins. Returns the counts.
 */
export async function upsertAttendance(
  store: Store,
  forceId: number,
  records: readonly NewAttendance[],
  by: string,
  opts: { keepManual?: boolean } = {},
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const now = isoUtc(Date.now());
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  await store.transaction(async (tx) => {
    const db = cdb(tx);
    const existing = new Map<string, Row>();
    const refs = records.map((r) => r.crimeRef);
    for (let i = 0; i < refs.length; i += 500) {
      const rows = await db
        .selectFrom('burglary_attendance')
        .selectAll()
        .where('force_id', '=', forceId)
        .where('crime_ref', 'in', refs.slice(i, i + 500))
        .execute();
      for (const r of rows) existing.set(r.crime_ref, r);
    }
    for (const a of records) {
      const row = rowOf(forceId, a, now);
      const old = existing.get(a.crimeRef);
      if (!old) {
        const { id } = await db
          .insertInto('burglary_attendance')
          .values(row)
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('burglary_steps')
          .values(impliedSteps(a, by, now).map((s) => ({ ...s, attendance_id: Number(id) })))
          .execute();
        existing.set(a.crimeRef, { ...row, id: Number(id), redacted_at: null });
        inserted++;
        continue;
      }
      if (opts.keepManual && old.source !== 'extract') {
        unchanged++;
        continue;
      }
      if (old.redacted_at !== null || COMPARED.every((c) => old[c] === row[c])) {
        unchanged++;
        continue;
      }
      const { victim_contact, owner_id, ...changes } = row;
      await db
        .updateTable('burglary_attendance')
        .set({
          ...changes,
          victim_contact: victim_contact ?? old.victim_contact,
          owner_id: owner_id ?? old.owner_id,
        })
        .where('id', '=', old.id)
        .execute();
      if (old.state !== row.state)
        await db
          .insertInto('burglary_steps')
          .values({
            attendance_id: Number(old.id),
            state: row.state,
            at: row.state === 'attended' && row.attended_at ? row.attended_at : now,
            recorded_by: by,
            reason: row.reason,
            note: `was ${old.state}`,
          })
          .execute();
      updated++;
    }
  });
  return { inserted, updated, unchanged };
}

/** A step an officer records on one record. */
export interface StepInput {
  state: AttendanceState;
  /** When it happened (default now). */
  at?: string;
  scheduledFor?: string;
  reason?: string;
  note?: string;
}

/** Moves a record to its next state, checking the move, the reason and the times; logs the step. */
export async function recordStep(
  store: Store,
  forceId: number,
  id: number,
  step: StepInput,
  by: string,
): Promise<StoredAttendance> {
  const reasons = await reasonsOf(store.db, forceId);
  return store.transaction(async (tx) => {
    const db = cdb(tx);
    const current = await getAttendance(tx, forceId, id);
    if (!current) throw new BeatwiseError('casework.not_found', `no attendance record ${id}`);
    requireMove(ATTENDANCE_MOVES, current.state, step.state, `attendance record ${id}`);
    const at = step.at ?? isoUtc(Date.now());
    if (Date.parse(at) < Date.parse(current.reportedAt))
      throw new BeatwiseError(
        'casework.invalid',
        `"at" ${at} is before the burglary was reported (${current.reportedAt})`,
        {
          field: 'at',
        },
      );
    const set: Partial<Row> = { state: step.state, updated_at: isoUtc(Date.now()) };
    if (step.state === 'scheduled') {
      if (!step.scheduledFor)
        throw new BeatwiseError(
          'casework.invalid',
          'say when the attendance is scheduled for ("scheduledFor")',
          {
            field: 'scheduledFor',
          },
        );
      set.scheduled_for = step.scheduledFor;
    }
    if (step.state === 'attended') set.attended_at = at;
    if (step.state === 'not-attended') {
      if (!step.reason || !reasons.some((r) => r.code === step.reason))
        throw new BeatwiseError(
          'casework.invalid',
          `a burglary not attended needs a reason, one of: ${reasons.map((r) => r.code).join(', ')}`,
          { field: 'reason' },
        );
      set.reason = step.reason;
    }
    await db.updateTable('burglary_attendance').set(set).where('id', '=', id).execute();
    await db
      .insertInto('burglary_steps')
      .values({
        attendance_id: id,
        state: step.state,
        at,
        recorded_by: by,
        reason: step.reason ?? null,
        note: step.note ?? null,
      })
      .execute();
    const after = await getAttendance(tx, forceId, id);
    if (!after) throw new BeatwiseError('casework.not_found', `no attendance record ${id}`);
    return after;
  });
}
