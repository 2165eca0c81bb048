import type { Store } from '../../core/store/store.ts';
import { teamUnits } from '../shared/areas.ts';
import type { ImportSummary, RowProblem } from '../shared/csv-import.ts';
import { importRecordCsv, recordsCsv, yn } from '../shared/csv-import.ts';
import { isoUtc, parseInstant } from '../shared/time.ts';
import { isAttendanceState, type NotAttendedReason } from './model.ts';
import type { NewAttendance, StoredAttendance } from './store.ts';
import { reasonsOf, upsertAttendance } from './store.ts';

/** Columns of a burglary attendance CSV (docs/formats.md). */
export const ATTENDANCE_COLUMNS = [
  'crime_ref',
  'reported_at',
  'team',
  'vulnerable',
  'state',
  'scheduled_for',
  'attended_at',
  'reason',
  'synthetic',
] as const;
const REQUIRED = ['crime_ref', 'reported_at', 'team', 'state'];

function yesNo(v: string): boolean | null | 'bad' {
  if (v === '') return null;
  if (/^(y|yes|true|1)$/i.test(v)) return true;
  if (/^(n|no|false|0)$/i.test(v)) return false;
  return 'bad';
}

/** One row to a record, or what is wrong with it. Pure. */
export function parseAttendanceRow(
  get: (c: string) => string,
  teams: ReadonlyMap<string, string | null>,
  reasons: readonly NotAttendedReason[],
): NewAttendance | RowProblem {
  const crimeRef = get('crime_ref');
  if (crimeRef === '') return { field: 'crime_ref', reason: 'crime_ref is empty' };
  if (crimeRef.length > 64) return { field: 'crime_ref', reason: 'crime_ref is longer than 64 characters' };
  const reported = parseInstant(get('reported_at'));
  if (reported === null)
    return {
      field: 'reported_at',
      reason: `reported_at "${get('reported_at')}" is not a date and time (YYYY-MM-DD HH:MM)`,
    };
  const team = get('team');
  if (!teams.has(team)) return { field: 'team', reason: `no team "${team}" in this force` };
  const vulnerable = yesNo(get('vulnerable'));
  if (vulnerable === 'bad')
    return { field: 'vulnerable', reason: `vulnerable "${get('vulnerable')}" is not Y/N` };
  const synthetic = yesNo(get('synthetic'));
  if (synthetic === 'bad')
    return { field: 'synthetic', reason: `synthetic "${get('synthetic')}" is not Y/N` };
  const state = get('state');
  if (!isAttendanceState(state))
    return {
      field: 'state',
      reason: `state "${state}" is not one of reported, scheduled, attended, not-attended`,
    };
  let scheduledFor: string | null = null;
  if (get('scheduled_for') !== '') {
    const s = parseInstant(get('scheduled_for'));
    if (s === null)
      return {
        field: 'scheduled_for',
        reason: `scheduled_for "${get('scheduled_for')}" is not a date and time`,
      };
    scheduledFor = isoUtc(s);
  }
  if (state === 'scheduled' && scheduledFor === null)
    return { field: 'scheduled_for', reason: 'a scheduled attendance needs scheduled_for' };
  let attendedAt: string | null = null;
  if (get('attended_at') !== '') {
    const a = parseInstant(get('attended_at'));
    if (a === null)
      return { field: 'attended_at', reason: `attended_at "${get('attended_at')}" is not a date and time` };
    if (a < reported) return { field: 'attended_at', reason: 'attended_at is before reported_at' };
    attendedAt = isoUtc(a);
  }
  if (state === 'attended' && attendedAt === null)
    return { field: 'attended_at', reason: 'an attended burglary needs attended_at' };
  if (state !== 'attended' && attendedAt !== null)
    return { field: 'attended_at', reason: `attended_at given but state is "${state}"` };
  const reason = get('reason');
  if (state === 'not-attended' && !reasons.some((r) => r.code === reason))
    return {
      field: 'reason',
      reason: `a burglary not attended needs a reason, one of: ${reasons.map((r) => r.code).join(', ')}`,
    };
  return {
    crimeRef,
    source: 'csv',
    unit: teams.get(team) ?? null,
    team,
    ownerId: null,
    reportedAt: isoUtc(reported),
    vulnerable,
    state,
    scheduledFor,
    attendedAt,
    reason: state === 'not-attended' ? reason : null,
    victimContact: null,
    synthetic: synthetic === true,
  };
}

/** Imports a burglary attendance CSV: bad rows to the rejects file, good rows upserted on crime_ref. */
export async function importAttendanceCsv(
  store: Store,
  forceId: number,
  file: string,
  rejectsDir: string,
  by: string,
): Promise<ImportSummary> {
  const teams = await teamUnits(store.db, forceId);
  const reasons = await reasonsOf(store.db, forceId);
  return importRecordCsv({
    file,
    required: REQUIRED,
    parse: (get) => parseAttendanceRow(get, teams, reasons),
    rejectsDir,
    upsert: (rows) => upsertAttendance(store, forceId, rows, by),
  });
}

/**
 * Records as CSV in the import format (so an export re-imports), SYNTHETIC rows marked, with a
 * first comment-free header line. Goes through toCsvLine (formula escaping).
 */
export function attendanceCsv(records: readonly StoredAttendance[]): string {
  return recordsCsv(ATTENDANCE_COLUMNS, records, (r) => [
    r.crimeRef,
    r.reportedAt,
    r.team,
    r.vulnerable === null ? '' : yn(r.vulnerable),
    r.state,
    r.scheduledFor,
    r.attendedAt,
    r.reason,
    yn(r.synthetic),
  ]);
}
