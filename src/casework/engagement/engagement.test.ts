// Engagement: CSV import (rejects, re-import), figures on the demo data, priorities in police.uk's
// shape, the public priorities route without sign-in, role and object scope, audit of writes.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { policyTestServer } from '../../../test/support/policy-server.ts';
import { as, principal } from '../../../test/support/principals.ts';
import { leicestershireStore } from '../../../test/support/stores.ts';
import type { AuditLogTable } from '../../audit/model.ts';
import type { Store } from '../../core/store/store.ts';
import { requireForce } from '../../force/index.ts';
import { importRecords } from '../shared/table-import.ts';
import { loadEngagementDemo } from './demo.ts';
import { engagementFigures } from './figures.ts';
import { engagementMonthlyFigures } from './monthly.ts';
import { toPoliceUk } from './police-uk.ts';
import { ENGAGEMENT_RECORD_TYPES, exportEngagementRecords } from './records.ts';
import { forceEngagementFigures, publicPriorities } from './store.ts';

const F = 'leicestershire';
const TEAM = 'E02002827';
let app: FastifyInstance;
let store: Store;
let dir: string;
let dispose: () => Promise<void>;
let otherTeam: string;

const sergeant = principal('sgt-1', { role: 'sergeant', force: F, team: TEAM });
const officer = principal('pc-1', { role: 'officer', force: F, team: TEAM });
const coordinator = principal('coord-1', { role: 'volunteer-coordinator', force: F });
let otherSergeant: ReturnType<typeof principal>;

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  dir = t.dir;
  dispose = t.dispose;
  assert.ok(await loadEngagementDemo(store, () => {}));
  otherTeam = (
    await store.db
      .selectFrom('areas')
      .select('code')
      .where('level', '=', 'team')
      .where('code', '!=', TEAM)
      .orderBy('code')
      .executeTakeFirstOrThrow()
  ).code;
  otherSergeant = principal('sgt-2', { role: 'sergeant', force: F, team: otherTeam });
  app = await policyTestServer(store, `${store.location}.rejects`);
});
after(async () => {
  await app.close();
  await dispose();
});

const base = `/api/forces/${F}/engagement`;

test('police.uk shape: exactly issue, issue-date, action, action-date; a closed priority publishes what was done', () => {
  const out = toPoliceUk([
    {
      issue: 'A',
      issue_date: '2022-01-01',
      action: null,
      action_date: null,
      status: 'open',
      closed_on: null,
      outcome: null,
    },
    {
      issue: 'B',
      issue_date: '2022-02-01',
      action: 'patrols',
      action_date: '2022-02-03',
      status: 'closed',
      closed_on: '2022-03-01',
      outcome: 'arrests made',
    },
  ]);
  assert.deepEqual(out, [
    {
      issue: 'B',
      'issue-date': '2022-02-01T00:00:00',
      action: 'arrests made',
      'action-date': '2022-03-01T00:00:00',
    },
    { issue: 'A', 'issue-date': '2022-01-01T00:00:00', action: null, 'action-date': null },
  ]);
  for (const p of out)
    assert.deepEqual(Object.keys(p).sort(), ['action', 'action-date', 'issue', 'issue-date']);
});

test('figures per team and month: events by kind, attendance, issues, priorities set, closed, open at month end', () => {
  const rows = engagementFigures(
    [
      { team: 'T', date: '2022-03-01', kind: 'beat-meeting', attendance: 10, issues: 2 },
      { team: 'T', date: '2022-03-09', kind: 'iag', attendance: 5, issues: 1 },
    ],
    [
      { team: 'T', issueDate: '2022-03-01', closedOn: null },
      { team: 'T', issueDate: '2022-02-01', closedOn: '2022-03-20' },
    ],
  );
  assert.deepEqual(
    rows.map((r) => [
      r.month,
      r.events,
      r.attendance,
      r.issuesRaised,
      r.prioritiesSet,
      r.prioritiesClosed,
      r.openAtMonthEnd,
    ]),
    [
      ['2022-02', 0, 0, 0, 1, 0, 1],
      ['2022-03', 2, 15, 3, 1, 1, 1],
    ],
  );
  assert.equal(rows[1].byKind.iag, 1);
});

test('the demo data: figures per month and the board paper’s section', async () => {
  const f = await requireForce(store.db, F);
  const { rows, synthetic } = await forceEngagementFigures(store.db, f.id);
  assert.equal(synthetic, true);
  assert.deepEqual(
    rows.map((r) => [
      r.month,
      r.events,
      r.attendance,
      r.issuesRaised,
      r.prioritiesSet,
      r.prioritiesClosed,
      r.openAtMonthEnd,
    ]),
    [
      ['2022-02', 1, 23, 3, 2, 0, 2],
      ['2022-03', 2, 77, 4, 1, 0, 3],
      ['2022-04', 2, 127, 3, 0, 1, 2],
    ],
  );
  const paper = await engagementMonthlyFigures(store, { force: F, month: '2022-04' });
  assert.equal(paper.hasData, true);
  assert.equal(paper.synthetic, true);
  assert.match(paper.sentences[0], /2 engagement events in 2022-04/);
  const empty = await engagementMonthlyFigures(store, { force: F, month: '2021-01' });
  assert.equal(empty.hasData, false);
  assert.deepEqual(empty.tables, []);
});

test('public priorities answer without sign-in, in police.uk’s shape; the internal list needs a role', async () => {
  const pub = await app.inject({ url: `/api/forces/${F}/teams/${TEAM}/priorities` });
  assert.equal(pub.statusCode, 200);
  assert.equal(pub.headers['x-beatwise-synthetic'], 'SYNTHETIC');
  const body = pub.json() as Record<string, unknown>[];
  assert.equal(body.length, 3);
  assert.deepEqual(body, await publicPriorities(store, F, TEAM));
  assert.deepEqual(Object.keys(body[0]).sort(), ['action', 'action-date', 'issue', 'issue-date']);
  assert.equal((await app.inject({ url: `/api/forces/${F}/teams/E99999999/priorities` })).statusCode, 404);
  assert.equal((await app.inject({ url: `${base}/priorities` })).statusCode, 401);
  assert.equal((await app.inject({ url: `${base}/priorities`, headers: as(coordinator) })).statusCode, 403);
  const mine = await app.inject({ url: `${base}/priorities?team=${TEAM}`, headers: as(sergeant) });
  assert.equal(mine.json().priorities.length, 3);
  const theirs = await app.inject({ url: `${base}/priorities`, headers: as(otherSergeant) });
  assert.deepEqual(theirs.json().priorities, []);
  assert.equal(
    (await app.inject({ url: `${base}/events/LE001-E01`, headers: as(otherSergeant) })).statusCode,
    404,
  );
  const ev = await app.inject({ url: `${base}/events/LE001-E01`, headers: as(sergeant) });
  assert.equal(ev.statusCode, 200);
  assert.equal(ev.json().issues.length, 3);
});

test('an issue becomes a priority, is closed with what was done, and the public sees it; writes are audited', async () => {
  const t0 = new Date().toISOString();
  const ev = (await app.inject({ url: `${base}/events/LE001-E03`, headers: as(sergeant) })).json() as {
    issues: { id: number; text: string; priority: string | null }[];
  };
  const issue = ev.issues.find((i) => i.text.startsWith('Poor street lighting'));
  assert.ok(issue && issue.priority === null);
  const bad = await app.inject({
    method: 'POST',
    url: `${base}/priorities`,
    headers: as(sergeant),
    payload: { issue_id: issue.id, ref: 'bad ref!', action_date: '2022-02-30' },
  });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(
    bad.json().error.details.issues.map((i: { field: string }) => i.field),
    ['ref', 'action_date'],
  );
  const made = await app.inject({
    method: 'POST',
    url: `${base}/priorities`,
    headers: as(sergeant),
    payload: {
      issue_id: issue.id,
      ref: 'LE001-P04',
      action: 'Report lights to the council',
      action_date: '2022-03-25',
    },
  });
  assert.equal(made.statusCode, 200, made.body);
  const early = await app.inject({
    method: 'POST',
    url: `${base}/priorities/LE001-P04/close`,
    headers: as(sergeant),
    payload: { closed_on: '2022-03-01', outcome: 'x' },
  });
  assert.equal(early.statusCode, 400);
  assert.equal(
    (
      await app.inject({
        method: 'POST',
        url: `${base}/priorities/LE001-P04/close`,
        headers: as(otherSergeant),
        payload: { closed_on: '2022-04-01', outcome: 'Lights repaired' },
      })
    ).statusCode,
    404,
  );
  const closed = await app.inject({
    method: 'POST',
    url: `${base}/priorities/LE001-P04/close`,
    headers: as(sergeant),
    payload: { closed_on: '2022-04-01', outcome: 'Council repaired six lights' },
  });
  assert.equal(closed.statusCode, 200);
  const pub = (await app.inject({ url: `/api/forces/${F}/teams/${TEAM}/priorities` })).json() as {
    issue: string;
    action: string;
  }[];
  assert.equal(
    pub.find((p) => p.issue.startsWith('Poor street lighting'))?.action,
    'Council repaired six lights',
  );
  // An officer records an event and sees it (own records).
  const own = await app.inject({
    method: 'POST',
    url: `${base}/events`,
    headers: as(officer),
    payload: {
      ref: 'LE001-E09',
      kind: 'street-surgery',
      team: TEAM,
      date: '2022-05-01',
      place: 'Market',
      attendance: 12,
    },
  });
  assert.equal(own.statusCode, 200, own.body);
  const officerList = await app.inject({ url: `${base}/events`, headers: as(officer) });
  assert.deepEqual(
    officerList.json().events.map((e: { ref: string }) => e.ref),
    ['LE001-E09'],
  );
  await new Promise((r) => setTimeout(r, 50));
  const log = (
    (await store.db
      .selectFrom('audit_log' as never)
      .selectAll()
      .orderBy('id' as never)
      .execute()) as AuditLogTable[]
  ).filter((e) => e.at >= t0 && e.method === 'POST');
  assert.deepEqual(
    log.map((e) => [e.kind, e.user_id, e.route, e.outcome]),
    [
      ['write', 'sgt-1', '/api/forces/:force/engagement/priorities', '400'],
      ['write', 'sgt-1', '/api/forces/:force/engagement/priorities', '200'],
      ['write', 'sgt-1', '/api/forces/:force/engagement/priorities/:priority/close', '400'],
      ['denied', 'sgt-2', '/api/forces/:force/engagement/priorities/:priority/close', '404'],
      ['write', 'sgt-1', '/api/forces/:force/engagement/priorities/:priority/close', '200'],
      ['write', 'pc-1', '/api/forces/:force/engagement/events', '200'],
    ],
  );
  assert.deepEqual(JSON.parse(log[4].object_ids), { force: F, priority: 'LE001-P04' });
});

test('CSV import of events and priorities: rejects, re-import, export round trip', async () => {
  const f = await requireForce(store.db, F);
  const p = join(dir, 'events.csv');
  writeFileSync(
    p,
    [
      'ref,kind,team,date,place,attendance,issues',
      `C1,beat-meeting,${TEAM},2022-06-01,Hall,20,Parking on pavements; Litter`,
      `C2,coffee-morning,${TEAM},2022-06-02,Cafe,5,`,
      `C3,beat-meeting,${TEAM},2022-06-03,Hall,-1,`,
      `C4,beat-meeting,E99999999,2022-06-03,Hall,3,`,
    ].join('\n'),
  );
  const r = await importRecords(store, p, F, ENGAGEMENT_RECORD_TYPES.events);
  assert.equal(r.loaded, 1);
  const rejects = readFileSync(r.rejectsPath ?? '', 'utf8');
  assert.match(rejects, /,3,kind,"one of beat-meeting/);
  assert.match(rejects, /,4,attendance,at least 0/);
  assert.match(rejects, /,5,team,"the force has no team/);
  const before = await exportEngagementRecords(store.db, f.id, 'events');
  await importRecords(store, p, F, ENGAGEMENT_RECORD_TYPES.events);
  for (const type of ['events', 'priorities'] as const) {
    const ex = await exportEngagementRecords(store.db, f.id, type);
    const q = join(dir, `export-${type}.csv`);
    writeFileSync(q, ex.csv);
    assert.equal((await importRecords(store, q, F, ENGAGEMENT_RECORD_TYPES[type])).rejected, 0);
    assert.equal((await exportEngagementRecords(store.db, f.id, type)).csv, ex.csv);
  }
  assert.equal((await exportEngagementRecords(store.db, f.id, 'events')).csv, before.csv);
  assert.match(before.csv, /LE001-E01,beat-meeting,.*,SYNTHETIC\n/);
});

test('the police.uk-compatible API publishes the team’s priorities and events from engagement', async () => {
  const p = await app.inject({ url: `/api/police-uk/${F}/${TEAM}/priorities` });
  assert.equal(p.statusCode, 200, p.body.slice(0, 200));
  assert.deepEqual(p.json(), await publicPriorities(store, F, TEAM));
  assert.ok((p.json() as unknown[]).length >= 3);
  const e = await app.inject({ url: `/api/police-uk/${F}/${TEAM}/events` });
  assert.equal(e.statusCode, 200);
  const events = e.json() as Record<string, unknown>[];
  assert.ok(events.length > 0);
  for (const ev of events) {
    assert.deepEqual(Object.keys(ev).sort(), [
      'address',
      'contact_details',
      'description',
      'end_date',
      'start_date',
      'title',
      'type',
    ]);
    assert.match(String(ev.start_date), /^\d{4}-\d{2}-\d{2}T00:00:00$/);
  }
  assert.doesNotMatch(e.body, /attendance|owner/);
});
