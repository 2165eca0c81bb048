// CSV exports over the API: the policy guards them (rows of the teams a principal may read only),
// personal columns go to those allowed volunteer-contact, every export is in the audit log with
// its recipient and reason, and a cell a spreadsheet would run as a formula is neutralised.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { policyTestServer } from '../../../test/support/policy-server.ts';
import { ADMIN, as, principal } from '../../../test/support/principals.ts';
import { leicestershireStore } from '../../../test/support/stores.ts';
import type { AuditLogTable } from '../../audit/model.ts';
import type { Store } from '../../core/store/store.ts';
import { requireForce } from '../../force/index.ts';
import { loadEngagementDemo } from '../engagement/demo.ts';
import { eventInput } from '../engagement/model.ts';
import { saveEvent } from '../engagement/store.ts';
import { DEMO_TEAM, loadVolunteersDemo } from './demo.ts';
import { memberInput } from './model.ts';
import { saveMember } from './store.ts';

const F = 'leicestershire';
const base = `/api/forces/${F}`;
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
  assert.ok(await loadEngagementDemo(store, () => {}));
  const f = await requireForce(store.db, F);
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
  // A name a spreadsheet would run as a formula.
  assert.equal(
    await saveMember(
      store.db,
      f.id,
      memberInput.parse({
        ref: 'LE001-M99',
        group: 'LE001-CSW',
        name: '=HYPERLINK("http://evil.example","x")',
        email: 'm99@example.org',
        joined: '2022-01-01',
      }),
    ),
    null,
  );
  await saveEvent(
    store.db,
    f.id,
    eventInput.parse({
      ref: 'PC1-E1',
      kind: 'street-surgery',
      team: DEMO_TEAM,
      date: '2022-05-02',
      place: 'Market',
      attendance: 4,
    }),
    'pc-1',
  );
  app = await policyTestServer(store, `${store.location}.rejects`);
});
after(async () => {
  await app.close();
  await dispose();
});

const to = 'recipient=Leicester%20Road%20Safety%20Partnership&reason=quarterly%20SpeedWatch%20return';
const get = (path: string, p: ReturnType<typeof principal> | null, query = to) =>
  app.inject({
    url: `${base}/${path}${query ? `?${query}` : ''}`,
    headers: { ...as(p), 'x-beatwise-reason': 'quarterly SpeedWatch return' },
  });

/** The CSV as rows of cells (the test data has no quoted commas outside the formula cell). */
const lines = (csv: string) => csv.trim().split('\n');

test('members: the coordinator gets names and contacts; the formula cell is neutralised', async () => {
  const r = await get('volunteers/members.csv', coordinator);
  assert.equal(r.statusCode, 200, r.body);
  assert.match(String(r.headers['content-type']), /^text\/csv/);
  assert.match(String(r.headers['content-disposition']), /attachment; filename="leicestershire-members.csv"/);
  const rows = lines(r.body);
  assert.equal(rows[0], 'ref,group,name,email,phone,joined,left,synthetic');
  assert.equal(rows.length, 1 + 11);
  assert.ok(
    rows.some((l) => l.startsWith('LE001-M01,LE001-SW,Volunteer A (synthetic),volunteer1@example.org,')),
  );
  const evil = rows.find((l) => l.startsWith('LE001-M99'));
  assert.ok(evil?.includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`), evil);
  assert.equal(r.headers['x-beatwise-withheld'], undefined);
});

test('members: a commander (no volunteer-contact) gets the rows with names, emails and phones blank', async () => {
  const r = await get('volunteers/members.csv', commander);
  assert.equal(r.statusCode, 200, r.body);
  const rows = lines(r.body);
  assert.equal(rows.length, 1 + 11);
  assert.doesNotMatch(r.body, /@example\.org|Volunteer A|07700/);
  assert.ok(rows.includes('LE001-M01,LE001-SW,,,,2021-09-01,,SYNTHETIC'), rows[1]);
  assert.equal(r.headers['x-beatwise-withheld'], 'name,email,phone on 11 rows');
  // Registrations are personal too.
  const offences = await get('volunteers/offences.csv', commander);
  assert.doesNotMatch(offences.body, /AB12CDE/);
  assert.match((await get('volunteers/offences.csv', sergeant)).body, /AB12CDE/);
});

test('deny: the public 401, an analyst 403, another team’s sergeant gets the header only; no recipient or reason: 400', async () => {
  assert.equal((await get('volunteers/sessions.csv', null)).statusCode, 401);
  assert.equal((await get('volunteers/sessions.csv', analyst)).statusCode, 403);
  const other = await get('volunteers/sessions.csv', otherSergeant);
  assert.equal(other.statusCode, 200);
  assert.deepEqual(lines(other.body), [
    'ref,group,date,site,site_code,hours,vehicles_checked,members,synthetic',
  ]);
  const mine = await get('volunteers/sessions.csv', sergeant);
  assert.equal(lines(mine.body).length, 1 + 8);
  const noRecipient = await get('volunteers/sessions.csv', coordinator, 'reason=quarterly%20return');
  assert.equal(noRecipient.statusCode, 400);
  assert.equal(noRecipient.json().error.details.field, 'recipient');
  const noReason = await get('volunteers/sessions.csv', coordinator, 'recipient=Someone');
  assert.equal(noReason.statusCode, 400);
  assert.equal(noReason.json().error.details.field, 'reason');
  assert.equal((await get('volunteers/nothing.csv', coordinator)).statusCode, 400);
});

test('engagement: an officer exports their own events, a sergeant the team’s; the coordinator is refused', async () => {
  const pc = await get('engagement/events.csv', officer);
  assert.equal(pc.statusCode, 200, pc.body);
  assert.deepEqual(
    lines(pc.body)
      .slice(1)
      .map((l) => l.split(',')[0]),
    ['PC1-E1'],
  );
  const sgt = await get('engagement/events.csv', sergeant);
  assert.ok(lines(sgt.body).length > 2);
  assert.equal((await get('engagement/priorities.csv', coordinator)).statusCode, 403);
  assert.equal(lines((await get('engagement/priorities.csv', ADMIN)).body)[0].split(',')[0], 'ref');
});

test('each export is in the audit log with who made it, the recipient, the reason and the rows', async () => {
  const t0 = new Date().toISOString();
  await get('volunteers/letters.csv', sergeant);
  await new Promise((r) => setTimeout(r, 50));
  const log = (
    (await store.db
      .selectFrom('audit_log' as never)
      .selectAll()
      .execute()) as AuditLogTable[]
  ).filter((e) => e.at >= t0 && e.method === 'EXPORT');
  assert.equal(log.length, 1);
  const ids = JSON.parse(log[0].object_ids);
  assert.equal(log[0].user_id, 'sgt-1');
  assert.equal(log[0].reason, 'quarterly SpeedWatch return');
  assert.equal(ids.recipient, 'Leicester Road Safety Partnership');
  assert.equal(ids.recordClass, 'volunteers letters');
  assert.equal(ids.rows, '10');
});
