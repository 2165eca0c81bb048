import { basename } from 'node:path';
import { RejectsWriter } from '../../core/csv/rejects.ts';
import type { Store } from '../../core/store/store.ts';
import { teamUnits } from '../shared/areas.ts';
import {
  type ImportSummary,
  importRecordCsv,
  type RowProblem,
  readRecordCsv,
  recordsCsv,
  yn,
} from '../shared/csv-import.ts';
import { parseDay } from '../shared/time.ts';
import { type IomEventKind, isEventKind, isTier, PATHWAYS } from './model.ts';
import {
  addEvents,
  linkCrimes,
  listMembers,
  type NewMember,
  type StoredMember,
  upsertMembers,
} from './store.ts';

export const MEMBER_COLUMNS = [
  'offender_ref',
  'tier',
  'score',
  'score_source',
  'team',
  'entered_on',
  'exited_on',
  'pathways',
  'synthetic',
] as const;
export const EVENT_COLUMNS = ['offender_ref', 'kind', 'on_date', 'note'] as const;
export const LINK_COLUMNS = ['offender_ref', 'crime_ref'] as const;

const REF = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/;

/** One member row, or what is wrong. Pure. The offender reference must be a pseudonym, not a name. */
export function parseMemberRow(
  get: (c: string) => string,
  teams: ReadonlyMap<string, string | null>,
): NewMember | RowProblem {
  const ref = get('offender_ref');
  if (!REF.test(ref))
    return {
      field: 'offender_ref',
      reason:
        'offender_ref must be a pseudonymised reference (letters, digits, - _ . : /; no spaces), up to 64 characters',
    };
  const tier = get('tier').toLowerCase();
  if (!isTier(tier)) return { field: 'tier', reason: `tier "${get('tier')}" is not fixed, flex or free` };
  let score: number | null = null;
  if (get('score') !== '') {
    score = Number(get('score'));
    if (!Number.isFinite(score)) return { field: 'score', reason: `score "${get('score')}" is not a number` };
  }
  const team = get('team');
  if (!teams.has(team)) return { field: 'team', reason: `no team "${team}" in this force` };
  const entered = parseDay(get('entered_on'));
  if (!entered)
    return { field: 'entered_on', reason: `entered_on "${get('entered_on')}" is not a date (YYYY-MM-DD)` };
  let exited: string | null = null;
  if (get('exited_on') !== '') {
    exited = parseDay(get('exited_on'));
    if (!exited)
      return { field: 'exited_on', reason: `exited_on "${get('exited_on')}" is not a date (YYYY-MM-DD)` };
    if (exited < entered) return { field: 'exited_on', reason: 'exited_on is before entered_on' };
  }
  const pathways =
    get('pathways') === ''
      ? []
      : get('pathways')
          .split(';')
          .map((p) => p.trim())
          .filter(Boolean);
  const unknownPathway = pathways.find((p) => !(PATHWAYS as readonly string[]).includes(p));
  if (unknownPathway)
    return { field: 'pathways', reason: `pathway "${unknownPathway}" is not one of ${PATHWAYS.join(', ')}` };
  return {
    offenderRef: ref,
    tier,
    score,
    scoreSource: get('score_source') || null,
    unit: teams.get(team) ?? null,
    team,
    ownerId: null,
    enteredOn: entered,
    exitedOn: exited,
    pathways,
    synthetic: /^y/i.test(get('synthetic')),
  };
}

export async function importMembersCsv(
  store: Store,
  forceId: number,
  file: string,
  rejectsDir: string,
): Promise<ImportSummary> {
  const teams = await teamUnits(store.db, forceId);
  return importRecordCsv({
    file,
    required: ['offender_ref', 'tier', 'team', 'entered_on'],
    parse: (get) => parseMemberRow(get, teams),
    rejectsDir,
    upsert: (rows) => upsertMembers(store, forceId, rows),
  });
}

/** Reviews, visits, warrants and recalls of cohort members: offender_ref, kind, on_date, note. */
export async function importEventsCsv(
  store: Store,
  forceId: number,
  file: string,
  rejectsDir: string,
  by: string,
): Promise<ImportSummary> {
  const members = new Map((await listMembers(store.db, { forceId })).map((m) => [m.offenderRef, m]));
  return importRecordCsv({
    file,
    required: ['offender_ref', 'kind', 'on_date'],
    parse: (
      get,
    ): { memberId: number; kind: IomEventKind; onDate: string; note: string | null } | RowProblem => {
      const m = members.get(get('offender_ref'));
      if (!m)
        return {
          field: 'offender_ref',
          reason: `no cohort member "${get('offender_ref')}" (import the members first)`,
        };
      const kind = get('kind').toLowerCase();
      if (!isEventKind(kind))
        return { field: 'kind', reason: `kind "${get('kind')}" is not review, visit, warrant or recall` };
      const on = parseDay(get('on_date'));
      if (!on) return { field: 'on_date', reason: `on_date "${get('on_date')}" is not a date (YYYY-MM-DD)` };
      return { memberId: m.id, kind, onDate: on, note: get('note') || null };
    },
    rejectsDir,
    upsert: (rows) => addEvents(store, rows, by),
  });
}

/**
 * Links crimes to offender references when the force extract has no offender column (the WM
 * extract has none): offender_ref, crime_ref. A crime_ref not in the store is rejected.
 */
export async function importLinksCsv(
  store: Store,
  forceId: number,
  file: string,
  rejectsDir: string,
): Promise<ImportSummary> {
  const parsed = await readRecordCsv(
    file,
    ['offender_ref', 'crime_ref'],
    (get): { offenderRef: string; crimeRef: string } | RowProblem => {
      if (!REF.test(get('offender_ref')))
        return { field: 'offender_ref', reason: 'offender_ref is not a pseudonymised reference' };
      if (get('crime_ref') === '') return { field: 'crime_ref', reason: 'crime_ref is empty' };
      return { offenderRef: get('offender_ref'), crimeRef: get('crime_ref') };
    },
    rejectsDir,
  );
  const c = await linkCrimes(
    store,
    forceId,
    parsed.rows.map((r) => r.value),
  );
  let rejected = parsed.rejected;
  let rejectsPath = parsed.rejectsPath;
  const missing = parsed.rows.filter((r) => c.unknown.has(r.value.crimeRef));
  if (missing.length) {
    const w = new RejectsWriter(rejectsDir, file, undefined, true);
    for (const r of missing)
      w.write(r.line, 'crime_ref', `no crime "${r.value.crimeRef}" in this force's imported extract`, [
        r.value.offenderRef,
        r.value.crimeRef,
      ]);
    await w.close();
    rejected += missing.length;
    rejectsPath = w.path;
  }
  return {
    file: basename(file),
    rows: parsed.total,
    inserted: c.inserted,
    updated: 0,
    unchanged: c.unchanged,
    rejected,
    rejectsPath,
  };
}

export function membersCsv(members: readonly StoredMember[]): string {
  return recordsCsv(MEMBER_COLUMNS, members, (m) => [
    m.offenderRef,
    m.tier,
    m.score,
    m.scoreSource,
    m.team,
    m.enteredOn,
    m.exitedOn,
    m.pathways.join(';'),
    yn(m.synthetic),
  ]);
}
