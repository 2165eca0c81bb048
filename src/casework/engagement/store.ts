/** The engagement records in the store: saving by natural key, and the reads pages and figures need. */
import type { Kysely } from 'kysely';
import type { Database } from '../../core/store/schema.ts';
import type { SaveProblem } from '../shared/table-import.ts';
import { findTeam } from '../volunteers/index.ts';
import { type EngagementFigures, engagementFigures } from './figures.ts';
import type { EventInput, PriorityInput } from './model.ts';
import { eventsToPoliceUk, type PoliceUkEvent, type PoliceUkPriority, toPoliceUk } from './police-uk.ts';
import { edb } from './schema.ts';

type Db = Kysely<Database>;

export async function saveEvent(
  db: Db,
  forceId: number,
  e: EventInput,
  ownerId: string | null = null,
): Promise<SaveProblem | null> {
  const team = await findTeam(db, forceId, e.team);
  if (!team) return { field: 'team', reason: `the force has no team "${e.team}"` };
  const x = edb(db);
  const values = {
    kind: e.kind,
    team: team.team,
    unit: team.unit,
    date: e.date,
    place: e.place,
    attendance: e.attendance,
    synthetic: e.synthetic ? 1 : 0,
  };
  const row = await x
    .insertInto('engagement_events')
    .values({ force_id: forceId, ref: e.ref, owner_id: ownerId, ...values })
    .onConflict((oc) => oc.columns(['force_id', 'ref']).doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const t of new Set(e.issues))
    await x
      .insertInto('engagement_issues')
      .values({ force_id: forceId, event_id: row.id, text: t })
      .onConflict((oc) => oc.columns(['event_id', 'text']).doNothing())
      .execute();
  return null;
}

export async function savePriority(
  db: Db,
  forceId: number,
  p: PriorityInput,
  extra: { issueId?: number; ownerId?: string | null } = {},
): Promise<SaveProblem | null> {
  const team = await findTeam(db, forceId, p.team);
  if (!team) return { field: 'team', reason: `the force has no team "${p.team}"` };
  const values = {
    team: team.team,
    unit: team.unit,
    issue: p.issue,
    issue_date: p.issue_date,
    action: p.action ?? null,
    action_date: p.action_date ?? null,
    status: p.status,
    closed_on: p.closed_on ?? null,
    outcome: p.outcome ?? null,
    synthetic: p.synthetic ? 1 : 0,
  };
  await edb(db)
    .insertInto('neighbourhood_priorities')
    .values({
      force_id: forceId,
      ref: p.ref,
      issue_id: extra.issueId ?? null,
      owner_id: extra.ownerId ?? null,
      ...values,
    })
    .onConflict((oc) => oc.columns(['force_id', 'ref']).doUpdateSet(values))
    .execute();
  return null;
}

export async function listEvents(db: Db, forceId: number, team?: string) {
  let q = edb(db)
    .selectFrom('engagement_events as e')
    .select((eb) => [
      'e.id',
      'e.ref',
      'e.kind',
      'e.team',
      'e.unit',
      'e.date',
      'e.place',
      'e.attendance',
      'e.owner_id',
      'e.synthetic',
      eb
        .selectFrom('engagement_issues as i')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('i.event_id', '=', 'e.id')
        .as('issues'),
    ])
    .where('e.force_id', '=', forceId);
  if (team) q = q.where('e.team', '=', team);
  const rows = await q.orderBy('e.date', 'desc').orderBy('e.ref').execute();
  return rows.map((r) => ({ ...r, issues: Number(r.issues ?? 0) }));
}

export async function eventByRef(db: Db, forceId: number, ref: string) {
  return edb(db)
    .selectFrom('engagement_events')
    .selectAll()
    .where('force_id', '=', forceId)
    .where('ref', '=', ref)
    .executeTakeFirst();
}

/** The issues raised at an event, with the priority each became (if any). */
export async function eventIssues(db: Db, eventId: number) {
  return edb(db)
    .selectFrom('engagement_issues as i')
    .leftJoin('neighbourhood_priorities as p', 'p.issue_id', 'i.id')
    .select(['i.id', 'i.text', 'p.ref as priority'])
    .where('i.event_id', '=', eventId)
    .orderBy('i.id')
    .execute();
}

export async function issueById(db: Db, forceId: number, id: number) {
  return edb(db)
    .selectFrom('engagement_issues as i')
    .innerJoin('engagement_events as e', 'e.id', 'i.event_id')
    .select(['i.id', 'i.text', 'e.date', 'e.team', 'e.unit', 'e.ref as event', 'e.synthetic'])
    .where('i.force_id', '=', forceId)
    .where('i.id', '=', id)
    .executeTakeFirst();
}

export async function listPriorities(db: Db, forceId: number, team?: string) {
  let q = edb(db)
    .selectFrom('neighbourhood_priorities')
    .select([
      'id',
      'ref',
      'team',
      'unit',
      'issue',
      'issue_date',
      'action',
      'action_date',
      'status',
      'closed_on',
      'outcome',
      'owner_id',
      'synthetic',
    ])
    .where('force_id', '=', forceId);
  if (team) q = q.where('team', '=', team);
  return q.orderBy('issue_date', 'desc').orderBy('ref').execute();
}

export async function priorityByRef(db: Db, forceId: number, ref: string) {
  return edb(db)
    .selectFrom('neighbourhood_priorities')
    .selectAll()
    .where('force_id', '=', forceId)
    .where('ref', '=', ref)
    .executeTakeFirst();
}

export async function closePriority(db: Db, id: number, closedOn: string, outcome: string): Promise<void> {
  await edb(db)
    .updateTable('neighbourhood_priorities')
    .set({ status: 'closed', closed_on: closedOn, outcome })
    .where('id', '=', id)
    .execute();
}

/**
 * A team's priorities exactly as police.uk's /{force}/{neighbourhood}/priorities answers: `[]` for
 * a force or team the store does not hold, or one without priorities.
 */
export async function publicPriorities(
  store: { db: Db },
  forceCode: string,
  teamCode: string,
): Promise<PoliceUkPriority[]> {
  const force = await store.db
    .selectFrom('forces')
    .select('id')
    .where('slug', '=', forceCode)
    .executeTakeFirst();
  if (!force) return [];
  return toPoliceUk(await listPriorities(store.db, force.id, teamCode));
}

/** A team's engagement events in police.uk's events shape (see police-uk.ts). */
export async function publicEvents(
  store: { db: Db },
  forceCode: string,
  teamCode: string,
): Promise<PoliceUkEvent[]> {
  const force = await store.db
    .selectFrom('forces')
    .select('id')
    .where('slug', '=', forceCode)
    .executeTakeFirst();
  if (!force) return [];
  return eventsToPoliceUk(await listEvents(store.db, force.id, teamCode));
}

/** Figures per team and month for a force (optionally one unit, team or month). */
export async function forceEngagementFigures(
  db: Db,
  forceId: number,
  filter: { unit?: string; team?: string; month?: string } = {},
): Promise<{ rows: EngagementFigures[]; synthetic: boolean }> {
  const keep = (r: { unit: string; team: string }) =>
    (!filter.unit || r.unit === filter.unit) && (!filter.team || r.team === filter.team);
  const events = (await listEvents(db, forceId)).filter(keep);
  const priorities = (await listPriorities(db, forceId)).filter(keep);
  let rows = engagementFigures(
    events,
    priorities.map((p) => ({ team: p.team, issueDate: p.issue_date, closedOn: p.closed_on })),
  );
  if (filter.month) rows = rows.filter((r) => r.month === filter.month);
  return {
    rows,
    synthetic: events.some((e) => e.synthetic === 1) || priorities.some((p) => p.synthetic === 1),
  };
}
