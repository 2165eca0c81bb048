// Engagement figures for officers, over HTTP with real principals (users created as an
// administrator would, signing in with their password): an officer sees the figures of their own
// team, counting every event of the team (not only their own), and no other team's row; their
// event list stays their own records.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LEICS_FORCE } from '../../../test/support/stores.ts';
import { adminAuth, createLocalUser } from '../../access/access.ts';
import { parseGrant } from '../../access/grants.ts';
import { accessDb } from '../../access/tables.ts';
import { Browserish, startAccessServer, type TestServer } from '../../access/test-support.ts';
import { loadForce, readForceSpec, requireForce } from '../../force/index.ts';
import { loadEngagementDemo } from './demo.ts';
import type { EngagementFigures } from './figures.ts';
import { eventInput } from './model.ts';
import { saveEvent } from './store.ts';

const F = 'leicestershire';
const TEAM = 'E02002827';
const PASSWORD = 'a long enough test password';
let server: TestServer;
let otherTeam: string;

before(async () => {
  server = await startAccessServer();
  const { store } = server;
  await loadForce(store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
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
  const f = await requireForce(store.db, F);
  await saveEvent(
    store.db,
    f.id,
    eventInput.parse({
      ref: 'OTHER-E1',
      kind: 'beat-meeting',
      team: otherTeam,
      date: '2022-04-20',
      place: 'Library',
      attendance: 9,
      issues: 'Speeding',
    }),
    'pc-elsewhere',
  );
  const auth = adminAuth(store);
  for (const [email, grant] of [
    ['pc.one@example.police.uk', `officer@${F}/${TEAM}`],
    ['pc.two@example.police.uk', `officer@${F}/${otherTeam}`],
  ])
    await createLocalUser(auth, accessDb(store), {
      email,
      name: email.split('@')[0],
      password: PASSWORD,
      grants: [parseGrant(grant)],
    });
});
after(async () => server.dispose());

async function signIn(email: string): Promise<Browserish> {
  const b = new Browserish(server.url);
  const r = await b.fetch('/api/auth/sign-in/email', { method: 'POST', json: { email, password: PASSWORD } });
  assert.equal(r.status, 200, await r.text());
  return b;
}

const figuresUrl = `/api/forces/${F}/engagement/figures`;

test('an officer sees their own team’s engagement figures, all of the team’s events counted', async () => {
  const pc = await signIn('pc.one@example.police.uk');
  const r = await pc.json<{ rows: EngagementFigures[] }>(figuresUrl);
  assert.equal(r.status, 200);
  assert.ok(r.body.rows.length > 0, 'the officer sees rows');
  assert.deepEqual([...new Set(r.body.rows.map((x) => x.team))], [TEAM]);
  // The demo's events were recorded by others: the officer's own list is empty, the figures are not.
  const events = await pc.json<{ events: unknown[] }>(`/api/forces/${F}/engagement/events`);
  assert.equal(events.status, 200);
  assert.deepEqual(events.body.events, []);
  assert.ok(r.body.rows.reduce((n, x) => n + x.events, 0) >= 3);
  // Asking for another team by name gives nothing of it.
  const other = await pc.json<{ rows: EngagementFigures[] }>(`${figuresUrl}?team=${otherTeam}`);
  assert.deepEqual(other.body.rows ?? [], []);
});

test('an officer of another team sees that team’s figures and not the first team’s', async () => {
  const pc = await signIn('pc.two@example.police.uk');
  const r = await pc.json<{ rows: EngagementFigures[] }>(figuresUrl);
  assert.equal(r.status, 200);
  assert.deepEqual(
    r.body.rows.map((x) => [x.team, x.month, x.events, x.attendance]),
    [[otherTeam, '2022-04', 1, 9]],
  );
});

test('the public is asked to sign in', async () => {
  const r = await new Browserish(server.url).json<unknown>(figuresUrl);
  assert.equal(r.status, 401);
});
