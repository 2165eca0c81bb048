// Vulnerability referrals: working hours and service levels (pure), CSV import with rejects and
// re-import, the state machine and regrading with a rationale, monthly figures, and the routes with
// their authorisation (team and own scope, victim contact by field) and audit entries.
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
import { forceIdOf } from '../shared/http.ts';
import { importReferralsCsv } from './csv.ts';
import { DEFAULT_SERVICE_LEVELS, DEFAULT_WORKING_HOURS, type ReferralRecord } from './model.ts';
import { referralsMonthlyFigures } from './monthly.ts';
import { referralFigures, serviceCheck } from './service.ts';
import { eventsOf, listReferrals, moveReferral, regradeReferral } from './store.ts';
import { workingHoursBetween } from './working-hours.ts';

const WH = DEFAULT_WORKING_HOURS;
const utc = (s: string) => Date.parse(s);

describe('working hours and service levels (pure)', () => {
  test('only weekday hours 08:00–18:00 London count', () => {
    // Friday 16:00 GMT to Monday 10:00 GMT: 2 h Friday + 2 h Monday.
    assert.equal(workingHoursBetween(utc('2022-12-02T16:00:00Z'), utc('2022-12-05T10:00:00Z'), WH), 4);
    // In summer London is UTC+1: 07:00Z is 08:00 local.
    assert.equal(workingHoursBetween(utc('2022-07-04T07:00:00Z'), utc('2022-07-04T17:00:00Z'), WH), 10);
    assert.equal(workingHoursBetween(utc('2022-12-03T09:00:00Z'), utc('2022-12-04T17:00:00Z'), WH), 0);
  });

  test('breaches against the grade; open referrals judged now; counted per group', () => {
    const r = (p: Partial<ReferralRecord>): ReferralRecord => ({
      id: 1,
      ref: 'R',
      category: 'child',
      grade: 'red',
      unit: 'U',
      team: 'T',
      partner: null,
      state: 'new',
      outcome: null,
      month: '2022-12',
      receivedAt: '2022-12-05T09:00:00Z',
      actionedAt: null,
      closedAt: null,
      synthetic: false,
      ...p,
    });
    const now = utc('2022-12-05T12:00:00Z');
    assert.deepEqual(serviceCheck(r({}), DEFAULT_SERVICE_LEVELS, WH, now), {
      hours: 3,
      limit: 4,
      breached: false,
      open: true,
    });
    const late = r({ state: 'referred', outcome: 'referred', actionedAt: '2022-12-05T14:00:00Z' });
    assert.equal(serviceCheck(late, DEFAULT_SERVICE_LEVELS, WH, now).breached, true);
    const amber = r({
      grade: 'amber',
      state: 'signposted',
      outcome: 'signposted',
      actionedAt: '2022-12-06T14:00:00Z',
    });
    const [g] = referralFigures(
      [r({}), late, amber, r({ receivedAt: '2022-12-01T09:00:00Z' })],
      'unit',
      DEFAULT_SERVICE_LEVELS,
      WH,
      now,
    );
    assert.deepEqual(
      [
        g.referrals,
        g.referred,
        g.signposted,
        g.withinServiceLevel,
        g.breaches,
        g.openBreaches,
        g.shareWithin,
      ],
      [4, 1, 1, 1, 2, 1, 50],
    );
  });
});

let store: Store;
let dir: string;
let dispose: () => Promise<void>;
let forceId: number;
let team: string;
let unit: string;
let otherTeam: string;
const F = 'leicestershire';

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  dir = t.dir;
  dispose = t.dispose;
  forceId = await forceIdOf(store, F);
  const teams = await store.db
    .selectFrom('areas as t')
    .innerJoin('areas as u', 'u.id', 't.parent_id')
    .select(['t.code as team', 'u.code as unit'])
    .where('t.level', '=', 'team')
    .orderBy('t.code')
    .execute();
  team = teams[0].team;
  unit = teams[0].unit;
  otherTeam = teams.find((x) => x.unit !== unit)?.team ?? teams[1].team;
});
after(async () => dispose());

describe('import and workflow', () => {
  test('CSV: good rows load, bad rows rejected with line, field and reason, re-import changes nothing', async () => {
    const file = join(dir, 'referrals.csv');
    writeFileSync(
      file,
      [
        'ref,received_at,category,grade,team,person_ref,partner,state,outcome,actioned_at,closed_at,synthetic',
        `R1,2022-12-05 09:00,child,red,${team},P-001,Children's services,referred,,2022-12-05 11:00,,N`,
        `R2,2022-12-05 09:00,mental-health,amber,${team},P-002,,new,,,,N`,
        `R3,2022-12-05 09:00,domestic-abuse,green,${team},P-003,Victim Support,closed,signposted,2022-12-06 09:00,2022-12-09 09:00,N`,
        `R4,2022-12-05 09:00,gossip,green,${team},,,new,,,,N`,
        `R5,2022-12-05 09:00,child,purple,${team},,,new,,,,N`,
        `R6,2022-12-05 09:00,child,red,${team},,,referred,,2022-12-05 11:00,,N`,
      ].join('\n'),
    );
    const s = await importReferralsCsv(store, forceId, file, join(dir, 'rejects'), 'tester');
    assert.deepEqual([s.rows, s.inserted, s.rejected], [6, 3, 3]);
    const rejects = readFileSync(s.rejectsPath ?? '', 'utf8');
    assert.match(rejects, /,5,category,/);
    assert.match(rejects, /,6,grade,/);
    assert.match(rejects, /,7,partner,/);
    const again = await importReferralsCsv(store, forceId, file, join(dir, 'rejects'), 'tester');
    assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 3]);
  });

  test('new → triaged → signposted → closed; a skipped step is refused; regrading keeps its rationale', async () => {
    const r2 = (await listReferrals(store.db, { forceId })).find((r) => r.ref === 'R2');
    assert.ok(r2);
    await assert.rejects(
      moveReferral(store, forceId, r2.id, 'referred', { partner: 'x' }, 'u'),
      /cannot move to "referred" \(next: triaged\)/,
    );
    await moveReferral(store, forceId, r2.id, 'triaged', {}, 'sergeant-1');
    await assert.rejects(moveReferral(store, forceId, r2.id, 'signposted', {}, 'u'), /partner/);
    await assert.rejects(regradeReferral(store, forceId, r2.id, 'red', 'worse', 'u'), /rationale/);
    const up = await regradeReferral(
      store,
      forceId,
      r2.id,
      'red',
      'new information: threats made',
      'sergeant-1',
    );
    assert.equal(up.grade, 'red');
    await moveReferral(
      store,
      forceId,
      r2.id,
      'signposted',
      { partner: 'Mind', at: '2022-12-06T10:00:00Z' },
      'sergeant-1',
    );
    const closed = await moveReferral(store, forceId, r2.id, 'closed', {}, 'sergeant-1');
    assert.equal(closed.outcome, 'signposted');
    const events = await eventsOf(store.db, r2.id);
    assert.deepEqual(
      events.map((e) => [e.toState, e.fromGrade, e.toGrade, e.rationale]),
      [
        ['new', null, 'amber', null],
        ['triaged', null, null, null],
        ['triaged', 'amber', 'red', 'new information: threats made'],
        ['signposted', null, null, null],
        ['closed', null, null, null],
      ],
    );
  });

  test('monthly figures: grades, referred and signposted, service level', async () => {
    const m = await referralsMonthlyFigures(store, { force: F, month: '2022-12' });
    assert.equal(m.hasData, true);
    assert.match(
      m.sentences[0],
      /3 vulnerability referrals .* \(2 red, 0 amber, 1 green\); 1 were referred to a partner agency and 2 signposted/,
    );
    assert.match(
      m.sentences[1],
      /2 were actioned within their service level \(66\.7% of those actioned\); 1 breached it/,
    );
    assert.equal((await referralsMonthlyFigures(store, { force: F, month: '2021-01' })).hasData, false);
  });
});

describe('routes', () => {
  let app: FastifyInstance;
  const url = `/api/forces/${F}/casework/referrals`;
  const why = { 'x-beatwise-reason': 'safeguarding review today' };
  before(async () => {
    app = await policyTestServer(store, join(dir, 'rejects'));
  });
  after(async () => app.close());
  const officer = () => principal('officer-1', { role: 'officer', force: F, team });
  const officer2 = () => principal('officer-2', { role: 'officer', force: F, team });
  const sergeant = () => principal('sergeant-1', { role: 'sergeant', force: F, team });
  const otherSergeant = () => principal('sergeant-9', { role: 'sergeant', force: F, team: otherTeam });
  const commander = () => principal('commander-1', { role: 'commander', force: F, unit });

  test('an officer records a referral (a bad form names the field), sees their own; others of the team do not', async () => {
    const bad = await app.inject({
      method: 'POST',
      url,
      headers: as(officer()),
      payload: { ref: 'W1', category: 'child', grade: 'pink', team },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /grade: choose a grade/);
    const ok = await app.inject({
      method: 'POST',
      url,
      headers: as(officer()),
      payload: {
        ref: 'W1',
        category: 'child',
        grade: 'red',
        team,
        personRef: 'P-9',
        victimContact: '07700 900555',
      },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const id = ok.json().record.id;
    assert.equal(ok.json().record.victimContact, '07700 900555');
    const mine = await app.inject({ url: `${url}/${id}`, headers: { ...as(officer()), ...why } });
    assert.equal(mine.statusCode, 200);
    assert.equal(
      (await app.inject({ url: `${url}/${id}`, headers: { ...as(officer2()), ...why } })).statusCode,
      404,
    );
    const s = await app.inject({ url: `${url}/${id}`, headers: { ...as(sergeant()), ...why } });
    assert.equal(s.statusCode, 200);
    assert.ok(!('victimContact' in s.json().record), 'the sergeant does not see the victim contact');
    assert.equal(s.json().record.personRef, 'P-9');
    const c = await app.inject({ url: `${url}/${id}`, headers: { ...as(commander()), ...why } });
    assert.equal(c.json().record.victimContact, '07700 900555');
    assert.equal(
      (await app.inject({ url: `${url}/${id}`, headers: { ...as(otherSergeant()), ...why } })).statusCode,
      404,
    );
    assert.equal((await app.inject({ url: `${url}/${id}`, headers: as(sergeant()) })).statusCode, 400);
    const list = await app.inject({ url, headers: { ...as(otherSergeant()), ...why } });
    assert.equal(list.json().total, 0);
  });

  test('moves and regrading through the API are audited as writes; reads as personal reads with the reason', async () => {
    const id = (await listReferrals(store.db, { forceId })).find((r) => r.ref === 'W1')?.id;
    const t = await app.inject({
      method: 'POST',
      url: `${url}/${id}/state`,
      headers: as(sergeant()),
      payload: { state: 'triaged' },
    });
    assert.equal(t.statusCode, 200, t.body);
    const g = await app.inject({
      method: 'POST',
      url: `${url}/${id}/grade`,
      headers: as(sergeant()),
      payload: { grade: 'amber', rationale: 'short' },
    });
    assert.equal(g.statusCode, 400);
    assert.match(g.json().error.message, /rationale/);
    const fig = await app.inject({ url: `${url}/figures?by=team`, headers: as(officer()) });
    assert.equal(fig.statusCode, 200);
    await new Promise((r) => setTimeout(r, 50));
    const log = (await store.db
      .selectFrom('audit_log' as never)
      .selectAll()
      .orderBy('id' as never)
      .execute()) as AuditLogTable[];
    const write = log.find(
      (e) => e.kind === 'write' && e.route === '/api/forces/:force/casework/referrals/:id/state',
    );
    assert.ok(write);
    assert.equal(write.user_id, 'sergeant-1');
    assert.equal(JSON.parse(write.object_ids).id, String(id));
    const read = log.find(
      (e) => e.kind === 'personal-read' && e.route === '/api/forces/:force/casework/referrals/:id',
    );
    assert.equal(read?.reason, 'safeguarding review today');
    assert.ok(
      !log.some((e) => e.route === '/api/forces/:force/casework/referrals/figures'),
      'figures hold no personal data',
    );
  });
});
