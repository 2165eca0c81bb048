// The burglary attendance pledge end to end on a small extract: records made from the extract
// (idempotent), a CSV import with rejects and re-import, the state machine, the figures, and the
// routes with their authorisation (team scope, 404 out of scope, victim contact by field) and audit.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { policyTestServer } from '../../../test/support/policy-server.ts';
import { as, principal } from '../../../test/support/principals.ts';
import { leicestershireStore } from '../../../test/support/stores.ts';
import type { AuditLogTable } from '../../audit/model.ts';
import type { Store } from '../../core/store/store.ts';
import { importCrimeFiles } from '../../crime/index.ts';
import { forceIdOf } from '../shared/http.ts';
import { importAttendanceCsv } from './csv.ts';
import { evidenceOf } from './evidence.ts';
import { figuresOf, pledgeFigures } from './figures.ts';
import { attendanceFromExtract } from './from-extract.ts';
import type { AttendanceRecord } from './model.ts';
import { burglaryMonthlyFigures } from './monthly.ts';
import { getAttendance, listAttendance, recordStep, stepsOf } from './store.ts';

const F = 'leicestershire';
let store: Store;
let dir: string;
let dispose: () => Promise<void>;
let forceId: number;
let team: string;
let unit: string;
let otherTeam: string;

function rec(p: Partial<AttendanceRecord>): AttendanceRecord {
  return {
    id: 1,
    crimeRef: 'X',
    source: 'csv',
    unit: 'U1',
    team: 'T1',
    month: '2022-11',
    reportedAt: '2022-11-01T10:00:00Z',
    vulnerable: false,
    state: 'reported',
    scheduledFor: null,
    attendedAt: null,
    reason: null,
    synthetic: false,
    ...p,
  };
}

describe('pledge figures (pure)', () => {
  test('attended needs a time at or after the report; not attended needs a reason; the rest cannot evidence', () => {
    assert.equal(evidenceOf(rec({ state: 'attended', attendedAt: '2022-11-01T12:00:00Z' })).kind, 'attended');
    assert.deepEqual(evidenceOf(rec({ state: 'attended', attendedAt: null })), {
      kind: 'cannot-evidence',
      why: 'attendance time missing or before report',
    });
    assert.equal(
      evidenceOf(rec({ state: 'attended', attendedAt: '2022-11-01T09:00:00Z' })).kind,
      'cannot-evidence',
    );
    assert.deepEqual(evidenceOf(rec({ state: 'not-attended', reason: null })), {
      kind: 'cannot-evidence',
      why: 'not attended, no reason',
    });
    assert.equal(evidenceOf(rec({ state: 'scheduled' })).kind, 'cannot-evidence');
  });

  test('share, median and p90 hours, reasons, cannot evidence and vulnerable flags per group', () => {
    const hours = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const records = [
      ...hours.map((h, i) =>
        rec({
          id: i,
          state: 'attended',
          attendedAt: new Date(Date.parse('2022-11-01T10:00:00Z') + h * 3_600_000).toISOString(),
        }),
      ),
      rec({ id: 20, state: 'not-attended', reason: 'victim-declined', vulnerable: true }),
      rec({ id: 21, state: 'not-attended', reason: 'duplicate' }),
      rec({ id: 22, state: 'reported', vulnerable: true, team: 'T2' }),
      rec({ id: 23, state: 'attended', attendedAt: null, team: 'T2' }),
    ];
    const all = figuresOf('all', records);
    assert.equal(all.burglaries, 14);
    assert.equal(all.attended, 10);
    assert.equal(all.shareAttended, 71.4);
    assert.equal(all.medianHours, 5);
    assert.equal(all.p90Hours, 9);
    assert.deepEqual(all.notAttendedByReason, { 'victim-declined': 1, duplicate: 1 });
    assert.equal(all.cannotEvidence, 2);
    assert.equal(all.vulnerableNotAttended, 2);
    const byTeam = pledgeFigures(records, 'team');
    assert.deepEqual(
      byTeam.map((g) => [g.key, g.burglaries, g.attended, g.cannotEvidence]),
      [
        ['T1', 12, 10, 0],
        ['T2', 2, 0, 2],
      ],
    );
  });
});

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  dir = t.dir;
  dispose = t.dispose;
  const file = join(dir, 'extract.csv');
  writeFileSync(
    file,
    [
      'crime_reference,recorded_at,occurred_from,offence_code,category,lat,lon,vulnerable_victim,victim_declined_attendance,attended_at,falls_within',
      'LE/1,2022-11-01 09:00,2022-11-01 02:00,28E,Burglary,52.63,-1.13,N,N,2022-11-01 11:00,Leicestershire Police',
      'LE/2,2022-11-02 09:00,2022-11-02 02:00,28E,Burglary,52.63,-1.13,N,N,2022-11-02 13:00,Leicestershire Police',
      'LE/3,2022-11-03 09:00,2022-11-03 02:00,28F,Burglary,52.63,-1.13,N,Y,,Leicestershire Police',
      'LE/4,2022-11-04 09:00,2022-11-04 02:00,28E,Burglary,52.63,-1.13,Y,N,,Leicestershire Police',
      'LE/5,2022-11-05 09:00,2022-11-05 02:00,28G,Burglary,52.63,-1.13,N,N,,Leicestershire Police',
      'LE/6,2022-11-05 09:00,2022-11-05 02:00,105A,Violence and sexual offences,52.63,-1.13,N,,,Leicestershire Police',
    ].join('\n'),
  );
  await importCrimeFiles(store, [file], { force: F, rejectsDir: join(dir, 'rejects') });
  forceId = await forceIdOf(store, F);
  const c = await store.db
    .selectFrom('crimes')
    .innerJoin('areas as t', 't.id', 'crimes.team_id')
    .innerJoin('areas as u', 'u.id', 'crimes.unit_id')
    .select(['t.code as team', 'u.code as unit', 't.parent_id'])
    .executeTakeFirstOrThrow();
  team = c.team;
  unit = c.unit;
  otherTeam = (
    await store.db
      .selectFrom('areas')
      .select('code')
      .where('level', '=', 'team')
      .where('code', '!=', team)
      .orderBy('code')
      .executeTakeFirstOrThrow()
  ).code;
});
after(async () => dispose());

describe('records from the extract and from a CSV', () => {
  test('home burglaries (28E/28F) of the extract become records; running again changes nothing', async () => {
    const first = await attendanceFromExtract(store, forceId);
    assert.deepEqual(first, { burglaries: 4, inserted: 4, updated: 0, unchanged: 0 });
    const again = await attendanceFromExtract(store, forceId);
    assert.deepEqual(again, { burglaries: 4, inserted: 0, updated: 0, unchanged: 4 });
    const records = await listAttendance(store.db, { forceId });
    assert.deepEqual(
      records.map((r) => [r.crimeRef, r.state, r.reason, r.team === team]),
      [
        ['LE/1', 'attended', null, true],
        ['LE/2', 'attended', null, true],
        ['LE/3', 'not-attended', 'victim-declined', true],
        ['LE/4', 'not-attended', null, true],
      ],
    );
    const g = figuresOf('2022-11', records);
    assert.equal(g.attended, 2);
    assert.equal(g.medianHours, 2);
    assert.equal(g.p90Hours, 4);
    assert.equal(g.cannotEvidence, 1);
    assert.equal(g.vulnerableNotAttended, 1);
    const steps = await stepsOf(store.db, records[0].id);
    assert.deepEqual(
      steps.map((s) => [s.state, s.recordedBy]),
      [
        ['reported', 'force extract'],
        ['attended', 'force extract'],
      ],
    );
  });

  test('a CSV loads good rows, rejects bad ones with line, field and reason, and re-imports without duplicates', async () => {
    const file = join(dir, 'attendance.csv');
    writeFileSync(
      file,
      [
        'crime_ref,reported_at,team,vulnerable,state,scheduled_for,attended_at,reason,synthetic',
        `CSV/1,2022-12-01 10:00,${team},N,attended,,2022-12-01 12:30,,N`,
        `CSV/2,2022-12-02 10:00,${team},Y,not-attended,,,victim-declined,N`,
        `CSV/3,2022-12-03 10:00,${team},N,scheduled,2022-12-04 10:00,,,N`,
        `CSV/4,2022-12-03 10:00,NOPE,N,reported,,,,N`,
        `CSV/5,2022-12-03 10:00,${team},N,not-attended,,,lost,N`,
        `CSV/6,yesterday,${team},N,reported,,,,N`,
        `CSV/7,2022-12-03 10:00,${team},N,attended,,2022-12-02 10:00,,N`,
      ].join('\n'),
    );
    const rejects = join(dir, 'rejects');
    const s = await importAttendanceCsv(store, forceId, file, rejects, 'tester');
    assert.deepEqual([s.rows, s.inserted, s.updated, s.unchanged, s.rejected], [7, 3, 0, 0, 4]);
    const text = readFileSync(s.rejectsPath ?? '', 'utf8');
    assert.match(text, /attendance\.csv,5,team,"?no team ""?NOPE/);
    assert.match(text, /,6,reason,/);
    assert.match(text, /,7,reported_at,/);
    assert.match(text, /,8,attended_at,attended_at is before reported_at/);
    const again = await importAttendanceCsv(store, forceId, file, rejects, 'tester');
    assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 3]);
    assert.equal((await listAttendance(store.db, { forceId, from: '2022-12' })).length, 3);
  });
});

describe('state machine', () => {
  test('reported → scheduled → attended, each step timestamped with who; closed records do not move', async () => {
    const [r] = await listAttendance(store.db, { forceId, from: '2022-12' }).then((x) =>
      x.filter((y) => y.crimeRef === 'CSV/3'),
    );
    const done = await recordStep(
      store,
      forceId,
      r.id,
      { state: 'attended', at: '2022-12-04T10:20:00Z' },
      'officer-1',
    );
    assert.equal(done.state, 'attended');
    assert.equal(done.attendedAt, '2022-12-04T10:20:00Z');
    const steps = await stepsOf(store.db, r.id);
    assert.deepEqual(steps.at(-1), {
      state: 'attended',
      at: '2022-12-04T10:20:00Z',
      recordedBy: 'officer-1',
      reason: null,
      note: null,
    });
    await assert.rejects(
      recordStep(store, forceId, r.id, { state: 'not-attended', reason: 'duplicate' }, 'x'),
      /cannot move/,
    );
  });

  test('not attended needs a reason from the force list; a step before the report is refused', async () => {
    const r = (await listAttendance(store.db, { forceId })).find((x) => x.crimeRef === 'LE/1');
    assert.ok(r);
    const fresh = await getAttendance(store.db, forceId, r.id);
    assert.equal(fresh?.state, 'attended');
    const { upsertAttendance } = await import('./store.ts');
    await upsertAttendance(
      store,
      forceId,
      [
        {
          crimeRef: 'NEW/1',
          source: 'entered',
          unit,
          team,
          ownerId: 'officer-1',
          reportedAt: '2022-12-10T10:00:00Z',
          vulnerable: false,
          state: 'reported',
          scheduledFor: null,
          attendedAt: null,
          reason: null,
          victimContact: null,
          synthetic: false,
        },
      ],
      'officer-1',
    );
    const n = (await listAttendance(store.db, { forceId })).find((x) => x.crimeRef === 'NEW/1');
    assert.ok(n);
    await assert.rejects(
      recordStep(store, forceId, n.id, { state: 'not-attended', reason: 'busy' }, 'x'),
      /needs a reason, one of: victim-declined/,
    );
    await assert.rejects(
      recordStep(store, forceId, n.id, { state: 'attended', at: '2022-12-09T10:00:00Z' }, 'x'),
      /before the burglary was reported/,
    );
    await assert.rejects(recordStep(store, forceId, n.id, { state: 'scheduled' }, 'x'), /scheduledFor/);
  });
});

describe('monthly figures for the board paper', () => {
  test('sentences, tables and the vulnerable flag; an empty month says so', async () => {
    const m = await burglaryMonthlyFigures(store, { force: F, month: '2022-11' });
    assert.equal(m.hasData, true);
    assert.match(m.sentences[0], /2 of 4 home burglaries .* \(50%\)/);
    assert.ok(m.sentences.some((s) => /FLAG: 1 home burglary with a vulnerable victim/.test(s)));
    assert.deepEqual(m.tables[1].rows, [['Victim declined attendance', 1]]);
    const empty = await burglaryMonthlyFigures(store, { force: F, month: '2020-01' });
    assert.equal(empty.hasData, false);
    assert.match(empty.sentences[0], /No home burglary attendance records/);
  });
});

describe('routes: authorisation, victim contact by field, audit', () => {
  let app: FastifyInstance;
  const reason = { 'x-beatwise-reason': 'checking the burglary pledge' };
  before(async () => {
    app = await policyTestServer(store, join(dir, 'rejects'));
  });
  after(async () => app.close());
  const sergeant = () => principal('sergeant-1', { role: 'sergeant', force: F, team });
  const otherSergeant = () => principal('sergeant-2', { role: 'sergeant', force: F, team: otherTeam });
  const commander = () => principal('commander-1', { role: 'commander', force: F, unit });
  const url = `/api/forces/${F}/casework/burglary`;

  async function audit(): Promise<AuditLogTable[]> {
    await new Promise((r) => setTimeout(r, 50));
    return (await store.db
      .selectFrom('audit_log' as never)
      .selectAll()
      .orderBy('id' as never)
      .execute()) as AuditLogTable[];
  }

  test('entering a record: a form error names the field; the write is audited', async () => {
    const bad = await app.inject({
      method: 'POST',
      url,
      headers: as(sergeant()),
      payload: { crimeRef: '', reportedAt: 'soon', team },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /crimeRef: give the crime reference/);
    const ok = await app.inject({
      method: 'POST',
      url,
      headers: as(sergeant()),
      payload: {
        crimeRef: 'WEB/1',
        reportedAt: '2022-12-20 08:00',
        team,
        vulnerable: true,
        victimContact: '07700 900123',
      },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const out = await app.inject({
      method: 'POST',
      url,
      headers: as(otherSergeant()),
      payload: { crimeRef: 'WEB/2', reportedAt: '2022-12-20 08:00', team },
    });
    assert.equal(out.statusCode, 404);
    const log = await audit();
    const write = log.find(
      (e) => e.kind === 'write' && e.route === '/api/forces/:force/casework/burglary' && e.outcome === '200',
    );
    assert.ok(write);
    assert.equal(write.user_id, 'sergeant-1');
  });

  test('a read needs a reason and is audited with it; another team gets 404; victim contact only for the commander', async () => {
    const id = (await listAttendance(store.db, { forceId })).find((r) => r.crimeRef === 'WEB/1')?.id;
    assert.ok(id);
    const noReason = await app.inject({ url: `${url}/${id}`, headers: as(sergeant()) });
    assert.equal(noReason.statusCode, 400);
    const s = await app.inject({ url: `${url}/${id}`, headers: { ...as(sergeant()), ...reason } });
    assert.equal(s.statusCode, 200);
    assert.equal(s.json().record.crimeRef, 'WEB/1');
    assert.ok(!('victimContact' in s.json().record), 'a sergeant does not see the victim contact');
    const c = await app.inject({ url: `${url}/${id}`, headers: { ...as(commander()), ...reason } });
    assert.equal(c.json().record.victimContact, '07700 900123');
    const other = await app.inject({ url: `${url}/${id}`, headers: { ...as(otherSergeant()), ...reason } });
    assert.equal(other.statusCode, 404);
    const missing = await app.inject({ url: `${url}/99999`, headers: { ...as(otherSergeant()), ...reason } });
    assert.equal(missing.statusCode, 404);
    const list = await app.inject({ url, headers: { ...as(otherSergeant()), ...reason } });
    assert.equal(list.json().total, 0);
    const log = await audit();
    const read = log.find(
      (e) =>
        e.kind === 'personal-read' &&
        e.route === '/api/forces/:force/casework/burglary/:id' &&
        e.user_id === 'sergeant-1',
    );
    assert.ok(read);
    assert.equal(read.reason, 'checking the burglary pledge');
    assert.equal(JSON.parse(read.object_ids).id, String(id));
    assert.ok(log.some((e) => e.kind === 'denied' && e.user_id === 'sergeant-2'));
  });

  test('CSV export: recipient and reason required and audited; each role gets only its scope; the public none', async () => {
    const csv = `${url}.csv`;
    const q = 'recipient=Information%20Management&reason=subject%20access%20request%2042';
    const noRecipient = await app.inject({
      url: `${csv}?reason=subject%20access%20request`,
      headers: { ...as(sergeant()), ...reason },
    });
    assert.equal(noRecipient.statusCode, 400);
    assert.match(noRecipient.body, /recipient/);
    const mine = await app.inject({ url: `${csv}?${q}`, headers: { ...as(sergeant()), ...reason } });
    assert.equal(mine.statusCode, 200, mine.body);
    assert.match(mine.headers['content-type'] as string, /text\/csv/);
    assert.match(mine.body, /WEB\/1/);
    const theirs = await app.inject({ url: `${csv}?${q}`, headers: { ...as(otherSergeant()), ...reason } });
    assert.equal(theirs.statusCode, 200, theirs.body);
    assert.doesNotMatch(theirs.body, /WEB\/1/, "another team's sergeant does not get this team's record");
    const pub = await app.inject({ url: `${csv}?${q}` });
    assert.equal(pub.statusCode, 401);
    const log = await audit();
    const exported = log.filter((e) => e.route === 'casework burglary export');
    const byMe = exported.find((e) => e.user_id === 'sergeant-1');
    assert.ok(byMe, 'the export is in the audit log');
    assert.equal(byMe.reason, 'subject access request 42');
    const ids = JSON.parse(byMe.object_ids);
    assert.equal(ids.recipient, 'Information Management');
    assert.ok(Number(ids.rows) >= 1);
    assert.equal(exported.filter((e) => e.user_id === 'sergeant-2').length, 1);
  });

  test('steps through the API, with a reason list error; figures need no reason and count no people', async () => {
    const id = (await listAttendance(store.db, { forceId })).find((r) => r.crimeRef === 'WEB/1')?.id;
    const bad = await app.inject({
      method: 'POST',
      url: `${url}/${id}/steps`,
      headers: as(sergeant()),
      payload: { state: 'not-attended', reason: 'x' },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /needs a reason/);
    const ok = await app.inject({
      method: 'POST',
      url: `${url}/${id}/steps`,
      headers: as(sergeant()),
      payload: { state: 'attended', at: '2022-12-20 10:30' },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().steps.at(-1).recordedBy, 'sergeant-1');
    const fig = await app.inject({
      url: `${url}/figures?by=team&from=2022-12&to=2022-12`,
      headers: as(sergeant()),
    });
    assert.equal(fig.statusCode, 200);
    const g = fig.json().groups[0];
    assert.equal(g.key, team);
    assert.equal(g.attended, 3);
    assert.equal((await app.inject({ url: `${url}/figures` })).statusCode, 401);
  });
});
