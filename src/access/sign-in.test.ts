// Local accounts over HTTP: the schema is the one better-auth expects, sign-up is closed, an
// administrator-made user signs in and /api/me shows who they are and their grants.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getMigrations } from 'better-auth/db/migration';
import { adminAuth, createLocalUser } from './access.ts';
import { parseGrant } from './grants.ts';
import { accessDb } from './tables.ts';
import { Browserish, startAccessServer, type TestServer } from './test-support.ts';

process.env.BEATWISE_SIGN_IN_PER_MINUTE = '6';
let server: TestServer;
const PASSWORD = 'correct horse battery staple';

interface Me {
  user: { id: string; email: string; name: string; grants: unknown[]; method: string } | null;
}

before(async () => {
  server = await startAccessServer();
  await createLocalUser(adminAuth(server.store), accessDb(server.store), {
    email: 'Ann.Analyst@Example.police.uk',
    name: 'Ann Analyst',
    password: PASSWORD,
    grants: [parseGrant('analyst@west-midlands'), parseGrant('sergeant@west-midlands/WM-T1')],
  });
});
after(async () => server.dispose());

test('migration 007 holds every table and column better-auth needs for our plugins', async () => {
  const m = await getMigrations(adminAuth(server.store).options);
  assert.deepEqual(
    m.toBeCreated.map((t) => t.table),
    [],
  );
  assert.deepEqual(
    m.toBeAdded.map((t) => `${t.table}: ${Object.keys(t.fields).join(',')}`),
    [],
  );
  assert.deepEqual(
    m.toBeAddedIndexes.map((i) => `${i.table}: ${i.name}`),
    [],
  );
  assert.deepEqual(m.schemaProblems, []);
});

test('nobody can sign themselves up: only administrators create users', async () => {
  const b = new Browserish(server.url);
  const r = await b.json<{ code?: string }>('/api/auth/sign-up/email', {
    method: 'POST',
    json: { email: 'mallory@example.com', password: 'a long enough password', name: 'Mallory' },
  });
  assert.ok(r.status >= 400, `sign-up answered ${r.status}`);
  const users = await accessDb(server.store).selectFrom('user').select('email').execute();
  assert.deepEqual(
    users.map((u) => u.email),
    ['ann.analyst@example.police.uk'],
  );
});

test('a user signs in with email and password; /api/me shows them and their grants; sign-out ends it', async () => {
  const b = new Browserish(server.url);
  assert.deepEqual((await b.json<Me>('/api/me')).body, { user: null });
  const r = await b.fetch('/api/auth/sign-in/email', {
    method: 'POST',
    json: { email: 'ann.analyst@example.police.uk', password: PASSWORD },
  });
  assert.equal(r.status, 200, await r.text());
  const setCookie = r.headers.getSetCookie().find((c) => c.startsWith('beatwise.session_token='));
  assert.ok(setCookie, 'a session cookie is set');
  assert.match(setCookie, /HttpOnly/i);
  assert.match(setCookie, /SameSite=Lax/i);
  const me = (await b.json<Me>('/api/me')).body;
  assert.equal(me.user?.email, 'ann.analyst@example.police.uk');
  assert.equal(me.user?.name, 'Ann Analyst');
  assert.equal(me.user?.method, 'password');
  assert.deepEqual(me.user?.grants, [
    { role: 'analyst', force: 'west-midlands' },
    { role: 'sergeant', force: 'west-midlands', team: 'WM-T1' },
  ]);
  const out = await b.fetch('/api/auth/sign-out', { method: 'POST', json: {} });
  assert.equal(out.status, 200);
  assert.deepEqual((await b.json<Me>('/api/me')).body, { user: null });
});

test('a wrong password does not sign in', async () => {
  const b = new Browserish(server.url);
  const r = await b.json<{ message: string }>('/api/auth/sign-in/email', {
    method: 'POST',
    json: { email: 'ann.analyst@example.police.uk', password: 'not the password at all' },
  });
  assert.equal(r.status, 401);
  assert.match(r.body.message, /invalid email or password/i);
  assert.deepEqual((await b.json<Me>('/api/me')).body, { user: null });
});

test('a session cookie from another sign-in secret is nobody', async () => {
  const b = new Browserish(server.url);
  b.cookies.set('beatwise.session_token', 'forged.token');
  assert.deepEqual((await b.json<Me>('/api/me')).body, { user: null });
});

test('sign-in attempts from one address are rate-limited', async () => {
  // The earlier tests made 2 password sign-ins from this address; the limit here is 6 a minute.
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await new Browserish(server.url).fetch('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: 'nobody@example.com', password: `guess number ${i}` },
    });
    statuses.push(r.status);
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 429]);
});
