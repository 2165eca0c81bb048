// The volunteer API with the real policy: who sees groups and members, field-level contact details
// (only the coordinator and the group's own team), object scope (another team's group is a 404),
// server-side validation naming each field, and the audit entries reads and writes make.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { policyTestServer } from '../../../test/support/policy-server.ts';
import { ADMIN, as, principal } from '../../../test/support/principals.ts';
import { leicestershireStore } from '../../../test/support/stores.ts';
import type { AuditLogTable } from '../../audit/model.ts';
import type { Store } from '../../core/store/store.ts';
import { DEMO_TEAM, loadVolunteersDemo } from './demo.ts';

const F = 'leicestershire';
const base = `/api/forces/${F}/volunteers`;
let app: FastifyInstance;
let store: Store;
let dispose: () => Promise<void>;
let otherTeam: string;

const coordinator = principal('coord-1', { role: 'volunteer-coordinator', force: F });
const sergeant = principal('sgt-1', { role: 'sergeant', force: F, team: DEMO_TEAM });
const officer = principal('pc-1', { role: 'officer', force: F, team: DEMO_TEAM });
const commander = principal('cmd-1', { role: 'commander', force: F, unit: 'LE' });
const analyst = principal('analyst-1', { role: 'analyst', force: F });
let otherSergeant: ReturnType<typeof principal>;

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  dispose = t.dispose;
  assert.ok(await loadVolunteersDemo(store, () => {}));
  otherTeam = (
    await store.db
      .selectFrom('areas')
      .select('code')
      .where('level', '=', 'team')
      .where('code', '!=', DEMO_TEAM)
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

const why = { 'x-beatwise-reason': 'arranging the next SpeedWatch session' };
const get = (url: string, p: ReturnType<typeof principal> | null, reason = true) =>
  app.inject({ url, headers: { ...as(p), ...(reason ? why : {}) } });

async function audit(): Promise<AuditLogTable[]> {
  await new Promise((r) => setTimeout(r, 50));
  return (await store.db
    .selectFrom('audit_log' as never)
    .selectAll()
    .orderBy('id' as never)
    .execute()) as AuditLogTable[];
}

interface GroupBody {
  group: { code: string; synthetic: boolean };
  members: { ref: string; name: string; contact?: { email: string | null; phone: string | null } }[];
  sessions: { ref: string; offences: number }[];
}

test('member contact details: the coordinator and the group’s team see them; a commander and an administrator do not', async () => {
  for (const [p, shown] of [
    [coordinator, true],
    [sergeant, true],
    [officer, true],
    [commander, false],
    [ADMIN, false],
  ] as const) {
    const r = await get(`${base}/groups/LE001-CSW`, p);
    assert.equal(r.statusCode, 200, `${p.userId}: ${r.body}`);
    const body = r.json() as GroupBody;
    assert.equal(body.members.length, 5);
    assert.equal(
      body.members.every((m) => 'contact' in m),
      shown,
      p.userId,
    );
    assert.equal(r.body.includes('@example.org'), shown, p.userId);
    assert.equal(body.group.synthetic, true);
  }
});

test('another team’s sergeant gets 404 for the group and an empty list; an analyst 403; the public 401', async () => {
  assert.equal((await get(`${base}/groups/LE001-CSW`, otherSergeant)).statusCode, 404);
  assert.equal((await get(`${base}/groups/NOPE`, otherSergeant)).statusCode, 404);
  const list = await get(`${base}/groups?team=${otherTeam}`, otherSergeant);
  assert.equal(list.statusCode, 200);
  assert.deepEqual((list.json() as { groups: unknown[] }).groups, []);
  const all = await get(`${base}/groups`, otherSergeant);
  assert.deepEqual((all.json() as { groups: unknown[] }).groups, []);
  assert.equal((await get(`${base}/groups`, analyst)).statusCode, 403);
  assert.equal((await get(`${base}/groups`, null)).statusCode, 401);
  const mine = await get(`${base}/groups`, sergeant);
  assert.deepEqual(
    (mine.json() as { groups: { code: string }[] }).groups.map((g) => g.code),
    ['LE001-CSW', 'LE001-SW'],
  );
  // A personal read without a reason is refused.
  assert.equal((await get(`${base}/groups`, sergeant, false)).statusCode, 400);
});

test('figures and letters on the demo data', async () => {
  const r = await get(`${base}/figures?month=2022-03`, coordinator);
  assert.equal(r.statusCode, 200);
  const body = r.json() as { synthetic: boolean; rows: Record<string, unknown>[] };
  assert.equal(body.synthetic, true);
  assert.deepEqual(body.rows, [
    {
      team: DEMO_TEAM,
      month: '2022-03',
      sessions: 3,
      hours: 15,
      vehiclesChecked: 362,
      offences: 4,
      letters: { 'first-letter': 2, 'second-letter': 2, 'police-contact': 0 },
      activeMembers: 8,
    },
  ]);
  const letters = (await get(`${base}/letters`, sergeant)).json() as {
    letters: { registration: string; stage: string }[];
  };
  assert.deepEqual(
    letters.letters.filter((l) => l.registration === 'AB12CDE').map((l) => l.stage),
    ['first-letter', 'second-letter', 'police-contact'],
  );
  assert.deepEqual((await get(`${base}/letters`, otherSergeant)).json().letters, []);
});

test('a session form: every bad field is named; a good one saves with its offences; out of scope is 404', async () => {
  const post = (p: ReturnType<typeof principal>, group: string, body: unknown) =>
    app.inject({
      method: 'POST',
      url: `${base}/groups/${group}/sessions`,
      headers: as(p),
      payload: body as object,
    });
  const bad = await post(sergeant, 'LE001-CSW', { ref: 'N1', date: '2022-13-01', hours: 'x', site: '' });
  assert.equal(bad.statusCode, 400);
  const fields = (
    bad.json() as { error: { details: { issues: { field: string }[] } } }
  ).error.details.issues.map((i) => i.field);
  for (const f of ['date', 'hours', 'site']) assert.ok(fields.includes(f), `${f} in ${fields}`);
  const unapproved = await post(sergeant, 'LE001-CSW', {
    ref: 'N1',
    date: '2022-05-02',
    site: 'Beaumont Leys Lane',
    site_code: 'LE001-S3',
    hours: 3,
    vehicles_checked: 90,
  });
  assert.equal(unapproved.statusCode, 400);
  assert.match(unapproved.json().error.message, /site_code: .*proposed, not approved/);
  const ok = await post(sergeant, 'LE001-CSW', {
    ref: 'N1',
    date: '2022-05-02',
    site: 'Abbey Lane',
    site_code: 'LE001-S1',
    hours: 3,
    vehicles_checked: 90,
    members: ['LE001-M06'],
    offences: [{ registration: 'ab12 cde', time: '08:05', speed: 30, limit: 20 }],
  });
  assert.equal(ok.statusCode, 200, ok.body);
  const letters = (await get(`${base}/letters?month=2022-05`, coordinator)).json() as {
    letters: { stage: string }[];
  };
  assert.deepEqual(
    letters.letters.map((l) => l.stage),
    ['police-contact'],
  );
  assert.equal((await post(otherSergeant, 'LE001-CSW', { ref: 'N2' })).statusCode, 404);
  // A commander reads volunteers but may not write them.
  assert.equal((await post(commander, 'LE001-CSW', { ref: 'N2' })).statusCode, 403);
  const group = await app.inject({
    method: 'POST',
    url: `${base}/groups`,
    headers: as(otherSergeant),
    payload: { code: 'G-X', name: 'Not my team', kind: 'streetwatch', team: DEMO_TEAM },
  });
  assert.equal(group.statusCode, 403);
});

test('audit: personal reads with their reason and ids, writes, refusals', async () => {
  const t0 = new Date().toISOString();
  await get(`${base}/groups/LE001-SW`, coordinator);
  await app.inject({
    method: 'POST',
    url: `${base}/groups/LE001-SW/members`,
    headers: as(coordinator),
    payload: { ref: 'LE001-M11', name: 'New volunteer', joined: '2022-05-01', email: 'new@example.org' },
  });
  await get(`${base}/groups/LE001-SW`, otherSergeant);
  const log = (await audit()).filter((e) => e.at >= t0);
  assert.deepEqual(
    log.map((e) => [e.kind, e.user_id, e.method, e.route, e.outcome]),
    [
      ['personal-read', 'coord-1', 'GET', '/api/forces/:force/volunteers/groups/:group', '200'],
      ['write', 'coord-1', 'POST', '/api/forces/:force/volunteers/groups/:group/members', '200'],
      ['denied', 'sgt-2', 'GET', '/api/forces/:force/volunteers/groups/:group', '404'],
    ],
  );
  assert.equal(log[0].reason, why['x-beatwise-reason']);
  assert.deepEqual(JSON.parse(log[0].object_ids), { force: F, group: 'LE001-SW' });
  assert.match(log[2].reason ?? '', /object out of scope/);
});

test('the board paper’s volunteer section: sentences and table from the month’s records, or a sentence saying none', async () => {
  const { volunteersMonthlyFigures } = await import('./monthly.ts');
  const m = await volunteersMonthlyFigures(store, { force: F, month: '2022-04', unit: 'LE' });
  assert.equal(m.hasData, true);
  assert.equal(m.synthetic, true);
  assert.match(
    m.sentences[0],
    /^2 volunteer sessions in 2022-04 \(unit LE\): 12 volunteer hours given by 7 active members\.$/,
  );
  assert.match(
    m.sentences[1],
    /checked 241 vehicles and recorded 3 above the limit \(1\.2%\); letters sent: 2 first, 0 second, 1 referred/,
  );
  assert.deepEqual(m.tables[0].rows.at(-1), ['Total', 2, 12, 241, 3, 2, 0, 1, 7]);
  const none = await volunteersMonthlyFigures(store, { force: F, month: '2022-04', unit: 'BL' });
  assert.equal(none.hasData, false);
  assert.deepEqual(none.tables, []);
});
