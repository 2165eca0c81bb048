/**
 * The volunteer records in the store: saving each record type by its natural key (the same code
 * for CSV imports, the API and forms), and the reads the pages, exports and figures need.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../core/store/schema.ts';
import type { SaveProblem } from '../shared/table-import.ts';
import { type SessionFact, type VolunteerFigures, volunteerFigures } from './figures.ts';
import { type Letter, lettersFor } from './letters.ts';
import type { GroupInput, MemberInput, OffenceInput, SessionInput, SiteInput } from './model.ts';
import { vdb } from './schema.ts';
import { findTeam } from './teams.ts';

type Db = Kysely<Database>;

export async function saveGroup(db: Db, forceId: number, g: GroupInput): Promise<SaveProblem | null> {
  const team = await findTeam(db, forceId, g.team);
  if (!team) return { field: 'team', reason: `the force has no team "${g.team}"` };
  await vdb(db)
    .insertInto('volunteer_groups')
    .values({
      force_id: forceId,
      code: g.code,
      name: g.name,
      kind: g.kind,
      team: team.team,
      unit: team.unit,
      synthetic: g.synthetic ? 1 : 0,
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) =>
      oc.columns(['force_id', 'code']).doUpdateSet({
        name: g.name,
        kind: g.kind,
        team: team.team,
        unit: team.unit,
        synthetic: g.synthetic ? 1 : 0,
      }),
    )
    .execute();
  return null;
}

export interface GroupRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  team: string;
  unit: string;
  synthetic: number;
}

export async function findGroup(db: Db, forceId: number, code: string): Promise<GroupRow | undefined> {
  return vdb(db)
    .selectFrom('volunteer_groups')
    .select(['id', 'code', 'name', 'kind', 'team', 'unit', 'synthetic'])
    .where('force_id', '=', forceId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function groupById(db: Db, forceId: number, id: number): Promise<GroupRow | undefined> {
  return vdb(db)
    .selectFrom('volunteer_groups')
    .select(['id', 'code', 'name', 'kind', 'team', 'unit', 'synthetic'])
    .where('force_id', '=', forceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

const noGroup = (code: string): SaveProblem => ({
  field: 'group',
  reason: `no volunteer group "${code}" in this force (import or create the group first)`,
});

export async function saveMember(db: Db, forceId: number, m: MemberInput): Promise<SaveProblem | null> {
  const g = await findGroup(db, forceId, m.group);
  if (!g) return noGroup(m.group);
  const values = {
    group_id: g.id,
    name: m.name,
    email: m.email ?? null,
    phone: m.phone ?? null,
    joined_on: m.joined,
    left_on: m.left ?? null,
    synthetic: m.synthetic ? 1 : 0,
  };
  await vdb(db)
    .insertInto('volunteer_members')
    .values({ force_id: forceId, ref: m.ref, ...values })
    .onConflict((oc) => oc.columns(['force_id', 'ref']).doUpdateSet(values))
    .execute();
  return null;
}

export async function saveSite(db: Db, forceId: number, s: SiteInput): Promise<SaveProblem | null> {
  const g = await findGroup(db, forceId, s.group);
  if (!g) return noGroup(s.group);
  if (g.kind !== 'speedwatch')
    return { field: 'group', reason: `"${s.group}" is a ${g.kind} group: only SpeedWatch groups have sites` };
  const values = {
    group_id: g.id,
    name: s.name,
    speed_limit: s.limit,
    status: s.status,
    decided_on: s.decided ?? null,
    synthetic: s.synthetic ? 1 : 0,
  };
  await vdb(db)
    .insertInto('speedwatch_sites')
    .values({ force_id: forceId, code: s.code, ...values })
    .onConflict((oc) => oc.columns(['force_id', 'code']).doUpdateSet(values))
    .execute();
  return null;
}

export async function saveSession(db: Db, forceId: number, s: SessionInput): Promise<SaveProblem | null> {
  const v = vdb(db);
  const g = await findGroup(db, forceId, s.group);
  if (!g) return noGroup(s.group);
  let siteId: number | null = null;
  if (s.site_code !== undefined) {
    const site = await v
      .selectFrom('speedwatch_sites')
      .select(['id', 'status', 'group_id'])
      .where('force_id', '=', forceId)
      .where('code', '=', s.site_code)
      .executeTakeFirst();
    if (!site) return { field: 'site_code', reason: `no SpeedWatch site "${s.site_code}" in this force` };
    if (site.status !== 'approved')
      return {
        field: 'site_code',
        reason: `site "${s.site_code}" is ${site.status}, not approved: no session may use it`,
      };
    siteId = site.id;
  }
  if (g.kind === 'speedwatch' && s.vehicles_checked === undefined)
    return { field: 'vehicles_checked', reason: 'required for a SpeedWatch session' };
  const memberIds: number[] = [];
  for (const ref of s.members) {
    const m = await v
      .selectFrom('volunteer_members')
      .select('id')
      .where('force_id', '=', forceId)
      .where('group_id', '=', g.id)
      .where('ref', '=', ref)
      .executeTakeFirst();
    if (!m) return { field: 'members', reason: `no member "${ref}" in group "${g.code}"` };
    memberIds.push(m.id);
  }
  const values = {
    group_id: g.id,
    date: s.date,
    site: s.site,
    site_id: siteId,
    hours: s.hours,
    vehicles_checked: s.vehicles_checked ?? null,
    synthetic: s.synthetic ? 1 : 0,
  };
  const row = await v
    .insertInto('volunteer_sessions')
    .values({ force_id: forceId, ref: s.ref, ...values })
    .onConflict((oc) => oc.columns(['force_id', 'ref']).doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  await v
    .updateTable('speedwatch_offences')
    .set({ seen_on: s.date })
    .where('session_id', '=', row.id)
    .execute();
  await v.deleteFrom('volunteer_session_members').where('session_id', '=', row.id).execute();
  for (const m of new Set(memberIds))
    await v.insertInto('volunteer_session_members').values({ session_id: row.id, member_id: m }).execute();
  return null;
}

export async function saveOffence(db: Db, forceId: number, o: OffenceInput): Promise<SaveProblem | null> {
  const v = vdb(db);
  const s = await v
    .selectFrom('volunteer_sessions as s')
    .innerJoin('volunteer_groups as g', 'g.id', 's.group_id')
    .select(['s.id', 's.date', 'g.kind'])
    .where('s.force_id', '=', forceId)
    .where('s.ref', '=', o.session)
    .executeTakeFirst();
  if (!s)
    return { field: 'session', reason: `no session "${o.session}" in this force (import sessions first)` };
  if (s.kind !== 'speedwatch')
    return { field: 'session', reason: `session "${o.session}" is not a SpeedWatch session` };
  await v
    .insertInto('speedwatch_offences')
    .values({
      force_id: forceId,
      session_id: s.id,
      registration: o.registration,
      seen_on: s.date,
      seen_at: o.time,
      speed: o.speed,
      speed_limit: o.limit,
    })
    .onConflict((oc) =>
      oc
        .columns(['session_id', 'registration', 'seen_at'])
        .doUpdateSet({ speed: o.speed, speed_limit: o.limit }),
    )
    .execute();
  return null;
}

/** Groups of a force (optionally one team), with member and session counts. */
export async function listGroups(db: Db, forceId: number, team?: string) {
  let q = vdb(db)
    .selectFrom('volunteer_groups as g')
    .select((eb) => [
      'g.id',
      'g.code',
      'g.name',
      'g.kind',
      'g.team',
      'g.unit',
      'g.synthetic',
      eb
        .selectFrom('volunteer_members as m')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('m.group_id', '=', 'g.id')
        .where('m.left_on', 'is', null)
        .as('members'),
      eb
        .selectFrom('volunteer_sessions as s')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('s.group_id', '=', 'g.id')
        .as('sessions'),
    ])
    .where('g.force_id', '=', forceId);
  if (team) q = q.where('g.team', '=', team);
  const rows = await q.orderBy('g.team').orderBy('g.code').execute();
  return rows.map((r) => ({ ...r, members: Number(r.members ?? 0), sessions: Number(r.sessions ?? 0) }));
}

export async function groupMembers(db: Db, groupId: number) {
  return vdb(db)
    .selectFrom('volunteer_members')
    .select(['id', 'ref', 'name', 'email', 'phone', 'joined_on', 'left_on', 'synthetic'])
    .where('group_id', '=', groupId)
    .orderBy('ref')
    .execute();
}

export async function groupSites(db: Db, groupId: number) {
  return vdb(db)
    .selectFrom('speedwatch_sites')
    .select(['id', 'code', 'name', 'speed_limit', 'status', 'decided_on', 'synthetic'])
    .where('group_id', '=', groupId)
    .orderBy('code')
    .execute();
}

export async function groupSessions(db: Db, groupId: number) {
  const rows = await vdb(db)
    .selectFrom('volunteer_sessions as s')
    .select((eb) => [
      's.id',
      's.ref',
      's.date',
      's.site',
      's.hours',
      's.vehicles_checked',
      's.synthetic',
      eb
        .selectFrom('speedwatch_offences as o')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('o.session_id', '=', 's.id')
        .as('offences'),
      eb
        .selectFrom('volunteer_session_members as sm')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('sm.session_id', '=', 's.id')
        .as('volunteers'),
    ])
    .where('s.group_id', '=', groupId)
    .orderBy('s.date', 'desc')
    .execute();
  return rows.map((r) => ({
    ...r,
    offences: Number(r.offences ?? 0),
    volunteers: Number(r.volunteers ?? 0),
  }));
}

/** Every offence of a force, with its session's date, team and group: what letters follow from. */
export async function forceOffences(db: Db, forceId: number) {
  return vdb(db)
    .selectFrom('speedwatch_offences as o')
    .innerJoin('volunteer_sessions as s', 's.id', 'o.session_id')
    .innerJoin('volunteer_groups as g', 'g.id', 's.group_id')
    .select([
      'o.id',
      'o.registration',
      'o.seen_at',
      'o.speed',
      'o.speed_limit',
      's.ref as session',
      's.date',
      's.site',
      's.synthetic',
      'g.code as group',
      'g.team',
      'g.unit',
    ])
    .where('o.force_id', '=', forceId)
    .orderBy('s.date')
    .orderBy('o.seen_at')
    .orderBy('o.id')
    .execute();
}

export interface LetterRow extends Letter {
  team: string;
  unit: string;
  group: string;
  session: string;
  speed: number;
  limit: number;
  synthetic: boolean;
}

/**
 * The letters of a force: the stage of each comes from the vehicle's history across the whole
 * force (a vehicle seen by two groups is the same vehicle).
 */
export async function forceLetters(db: Db, forceId: number): Promise<LetterRow[]> {
  const offences = await forceOffences(db, forceId);
  const byId = new Map(offences.map((o) => [o.id, o]));
  return lettersFor(
    offences.map((o) => ({ id: o.id, registration: o.registration, date: o.date, time: o.seen_at })),
  ).map((l) => {
    const o = byId.get(l.offenceId);
    return {
      ...l,
      team: o?.team ?? '',
      unit: o?.unit ?? '',
      group: o?.group ?? '',
      session: o?.session ?? '',
      speed: o?.speed ?? 0,
      limit: o?.speed_limit ?? 0,
      synthetic: o?.synthetic === 1,
    };
  });
}

/** Figures per team and month for a force (optionally one unit, team or month). */
export async function forceVolunteerFigures(
  db: Db,
  forceId: number,
  filter: { unit?: string; team?: string; month?: string } = {},
): Promise<{ rows: VolunteerFigures[]; synthetic: boolean }> {
  const v = vdb(db);
  let q = v
    .selectFrom('volunteer_sessions as s')
    .innerJoin('volunteer_groups as g', 'g.id', 's.group_id')
    .select((eb) => [
      's.id',
      's.date',
      's.hours',
      's.vehicles_checked',
      's.synthetic',
      'g.team',
      eb
        .selectFrom('speedwatch_offences as o')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('o.session_id', '=', 's.id')
        .as('offences'),
    ])
    .where('s.force_id', '=', forceId);
  if (filter.unit) q = q.where('g.unit', '=', filter.unit);
  if (filter.team) q = q.where('g.team', '=', filter.team);
  if (filter.month) q = q.where('s.date', 'like', `${filter.month}-%`);
  const sessions = await q.execute();
  const links = sessions.length
    ? await v
        .selectFrom('volunteer_session_members as sm')
        .innerJoin('volunteer_sessions as s', 's.id', 'sm.session_id')
        .select(['sm.session_id', 'sm.member_id'])
        .where('s.force_id', '=', forceId)
        .execute()
    : [];
  const membersOf = new Map<number, number[]>();
  for (const l of links) {
    const list = membersOf.get(l.session_id);
    if (list) list.push(l.member_id);
    else membersOf.set(l.session_id, [l.member_id]);
  }
  const facts: SessionFact[] = sessions.map((s) => ({
    id: s.id,
    team: s.team,
    date: s.date,
    hours: Number(s.hours),
    vehiclesChecked: s.vehicles_checked === null ? null : Number(s.vehicles_checked),
    offences: Number(s.offences ?? 0),
    memberIds: membersOf.get(s.id) ?? [],
  }));
  const letters = (await forceLetters(db, forceId)).filter(
    (l) =>
      (!filter.unit || l.unit === filter.unit) &&
      (!filter.team || l.team === filter.team) &&
      (!filter.month || l.date.startsWith(filter.month)),
  );
  return {
    rows: volunteerFigures(facts, letters),
    synthetic: sessions.some((s) => s.synthetic === 1) || letters.some((l) => l.synthetic),
  };
}
