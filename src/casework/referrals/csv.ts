import type { Store } from '../../core/store/store.ts';
import { teamUnits } from '../shared/areas.ts';
import type { ImportSummary, RowProblem } from '../shared/csv-import.ts';
import { importRecordCsv, recordsCsv, yn } from '../shared/csv-import.ts';
import { isoUtc, parseInstant } from '../shared/time.ts';
import { GRADES, isIn, REFERRAL_CATEGORIES, REFERRAL_STATES } from './model.ts';
import { type NewReferral, type StoredReferral, upsertReferrals } from './store.ts';

export const REFERRAL_COLUMNS = [
  'ref',
  'received_at',
  'category',
  'grade',
  'team',
  'person_ref',
  'partner',
  'state',
  'outcome',
  'actioned_at',
  'closed_at',
  'synthetic',
] as const;
const REQUIRED = ['ref', 'received_at', 'category', 'grade', 'team', 'state'];

function instant(get: (c: string) => string, c: string): string | null | RowProblem {
  const v = get(c);
  if (v === '') return null;
  const ms = parseInstant(v);
  return ms === null
    ? { field: c, reason: `${c} "${v}" is not a date and time (YYYY-MM-DD HH:MM)` }
    : isoUtc(ms);
}
const bad = (v: unknown): v is RowProblem => typeof v === 'object' && v !== null;

/** One CSV row to a referral, or what is wrong. Pure. */
export function parseReferralRow(
  get: (c: string) => string,
  teams: ReadonlyMap<string, string | null>,
): NewReferral | RowProblem {
  const ref = get('ref');
  if (ref === '' || ref.length > 64)
    return { field: 'ref', reason: 'ref is empty or longer than 64 characters' };
  const received = instant(get, 'received_at');
  if (received === null) return { field: 'received_at', reason: 'received_at is empty' };
  if (bad(received)) return received;
  const category = get('category');
  if (!isIn(REFERRAL_CATEGORIES, category))
    return {
      field: 'category',
      reason: `category "${category}" is not one of ${REFERRAL_CATEGORIES.join(', ')}`,
    };
  const grade = get('grade').toLowerCase();
  if (!isIn(GRADES, grade))
    return { field: 'grade', reason: `grade "${get('grade')}" is not red, amber or green` };
  const team = get('team');
  if (!teams.has(team)) return { field: 'team', reason: `no team "${team}" in this force` };
  const state = get('state');
  if (!isIn(REFERRAL_STATES, state))
    return { field: 'state', reason: `state "${state}" is not one of ${REFERRAL_STATES.join(', ')}` };
  const outcome = get('outcome');
  if (outcome !== '' && outcome !== 'referred' && outcome !== 'signposted')
    return { field: 'outcome', reason: `outcome "${outcome}" is not referred or signposted` };
  const actioned = instant(get, 'actioned_at');
  if (bad(actioned)) return actioned;
  const closed = instant(get, 'closed_at');
  if (bad(closed)) return closed;
  const actionedState = state === 'referred' || state === 'signposted';
  if ((actionedState || (state === 'closed' && outcome !== '')) && actioned === null)
    return { field: 'actioned_at', reason: `a referral ${state} needs actioned_at` };
  if (actioned !== null && Date.parse(actioned) < Date.parse(received))
    return { field: 'actioned_at', reason: 'actioned_at is before received_at' };
  if (actionedState && outcome !== '' && outcome !== state)
    return { field: 'outcome', reason: `outcome "${outcome}" contradicts state "${state}"` };
  if (state === 'closed' && closed === null)
    return { field: 'closed_at', reason: 'a closed referral needs closed_at' };
  const partner = get('partner');
  if (actionedState && partner === '')
    return { field: 'partner', reason: `a referral ${state} names the partner or service` };
  const synthetic = get('synthetic');
  if (!/^(|y|n|yes|no)$/i.test(synthetic))
    return { field: 'synthetic', reason: `synthetic "${synthetic}" is not Y/N` };
  return {
    ref,
    category,
    personRef: get('person_ref') || null,
    victimContact: null,
    grade,
    unit: teams.get(team) ?? null,
    team,
    ownerId: null,
    partner: partner || null,
    state,
    outcome: actionedState ? state : outcome === '' ? null : outcome,
    receivedAt: received,
    actionedAt: actioned,
    closedAt: closed,
    synthetic: /^y/i.test(synthetic),
  };
}

export async function importReferralsCsv(
  store: Store,
  forceId: number,
  file: string,
  rejectsDir: string,
  by: string,
): Promise<ImportSummary> {
  const teams = await teamUnits(store.db, forceId);
  return importRecordCsv({
    file,
    required: REQUIRED,
    parse: (get) => parseReferralRow(get, teams),
    rejectsDir,
    upsert: (rows) => upsertReferrals(store, forceId, rows, by),
  });
}

export function referralsCsv(records: readonly StoredReferral[]): string {
  return recordsCsv(REFERRAL_COLUMNS, records, (r) => [
    r.ref,
    r.receivedAt,
    r.category,
    r.grade,
    r.team,
    r.personRef,
    r.partner,
    r.state,
    r.outcome,
    r.actionedAt,
    r.closedAt,
    yn(r.synthetic),
  ]);
}
