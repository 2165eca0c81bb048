// Sessions slide with use and end when idle or too old: with a 10-minute idle timeout and a
// 30-minute absolute lifetime (set by env var), a session used within its window is extended (its
// end moves, a fresh cookie goes out) and still works after the first window has passed; one left
// idle past the timeout is refused and removed; one in constant use is refused at the absolute
// lifetime. The clock is node:test's mocked Date (better-auth and the server read it), not sleeps.
import assert from 'node:assert/strict';
import { after, before, mock, test } from 'node:test';
import { adminAuth, createLocalUser } from './access.ts';
import { parseGrant } from './grants.ts';
import { sessionSettings } from './settings.ts';
import { accessDb } from './tables.ts';
import { Browserish, startAccessServer, type TestServer } from './test-support.ts';

process.env.BEATWISE_SESSION_IDLE_SECONDS = '600';
process.env.BEATWISE_SESSION_ABSOLUTE_SECONDS = '1800';
const MIN = 60_000;
const PASSWORD = 'correct horse battery staple';
const EMAIL = 'sam.sergeant@example.police.uk';
let server: TestServer;

interface Me {
  user: { email: string } | null;
}

before(async () => {
  server = await startAccessServer();
  await createLocalUser(adminAuth(server.store), accessDb(server.store), {
    email: EMAIL,
    name: 'Sam Sergeant',
    password: PASSWORD,
    grants: [parseGrant('sergeant@west-midlands/WM-T1')],
  });
  mock.timers.enable({ apis: ['Date'], now: Date.now() });
});
after(async () => {
  mock.timers.reset();
  await server.dispose();
});

async function signIn(): Promise<Browserish> {
  const b = new Browserish(server.url);
  const r = await b.fetch('/api/auth/sign-in/email', {
    method: 'POST',
    json: { email: EMAIL, password: PASSWORD },
  });
  assert.equal(r.status, 200, await r.text());
  return b;
}

async function sessionEnds(): Promise<number[]> {
  const rows = await accessDb(server.store).selectFrom('session').select('expiresAt').execute();
  return rows.map((r) => new Date(r.expiresAt).getTime());
}

async function me(b: Browserish): Promise<{ email: string | null; cookie: string | undefined }> {
  const res = await b.fetch('/api/me');
  const body = (await res.json()) as Me;
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('beatwise.session_token='));
  return { email: body.user?.email ?? null, cookie };
}

test('the settings: idle and absolute from the environment, refreshed every tenth of the idle time', () => {
  assert.deepEqual(sessionSettings(process.env), {
    idleSeconds: 600,
    absoluteSeconds: 1800,
    updateAgeSeconds: 60,
  });
  assert.deepEqual(sessionSettings({}), {
    idleSeconds: 1800,
    absoluteSeconds: 43_200,
    updateAgeSeconds: 180,
  });
  assert.throws(
    () => sessionSettings({ BEATWISE_SESSION_IDLE_SECONDS: '900', BEATWISE_SESSION_ABSOLUTE_SECONDS: '600' }),
    /must be at least BEATWISE_SESSION_IDLE_SECONDS/,
  );
  assert.throws(() => sessionSettings({ BEATWISE_SESSION_IDLE_SECONDS: 'ten' }), /whole number/);
});

test('a session used within its idle window is extended; left idle past it, it is refused', async () => {
  const b = await signIn();
  const signedInAt = Date.now();
  const [end0] = await sessionEnds();
  assert.equal(end0, signedInAt + 10 * MIN, 'a new session ends one idle timeout after sign-in');

  // Within the update age: used, not yet extended (no write, no new cookie).
  mock.timers.tick(0.5 * MIN);
  const early = await me(b);
  assert.equal(early.email, EMAIL);
  assert.equal(early.cookie, undefined);
  assert.deepEqual(await sessionEnds(), [end0]);

  // 8 minutes in: used, so extended to 10 minutes from now, with a fresh cookie.
  mock.timers.tick(7.5 * MIN);
  const used = await me(b);
  assert.equal(used.email, EMAIL);
  assert.ok(used.cookie, 'the extended session’s cookie is sent again');
  assert.match(used.cookie, /Max-Age=600/);
  assert.deepEqual(await sessionEnds(), [signedInAt + 18 * MIN]);

  // 15 minutes after sign-in, past the first window but within the extended one: still signed in.
  mock.timers.tick(7 * MIN);
  assert.equal((await me(b)).email, EMAIL);

  // Then idle for 10 minutes and a bit: refused, and the session is gone.
  mock.timers.tick(10.5 * MIN);
  assert.equal((await me(b)).email, null);
  assert.deepEqual(await sessionEnds(), []);
});

test('a session in constant use ends at its absolute lifetime', async () => {
  const b = await signIn();
  const signedInAt = Date.now();
  // Used every 5 minutes: never idle, so it lasts until 30 minutes after sign-in.
  for (let t = 5; t < 30; t += 5) {
    mock.timers.tick(5 * MIN);
    assert.equal((await me(b)).email, EMAIL, `still signed in ${t} minutes after sign-in`);
  }
  mock.timers.tick(5 * MIN);
  assert.equal(Date.now() - signedInAt, 30 * MIN);
  assert.equal((await me(b)).email, null, 'refused at 30 minutes, however busy');
  assert.deepEqual(await sessionEnds(), [], 'and the session is removed');
  // Signing in again starts a new session.
  const again = await signIn();
  assert.equal((await me(again)).email, EMAIL);
});
