// Account lockout after repeated failed sign-ins, and TOTP two-factor with backup codes, over HTTP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminAuth, createLocalUser } from './access.ts';
import { parseGrant } from './grants.ts';
import { accessDb } from './tables.ts';
import { Browserish, startAccessServer, type TestServer } from './test-support.ts';
import { totpCode } from './totp.test-helper.ts';

const LOCK_SECONDS = 2;
process.env.BEATWISE_LOCKOUT_ATTEMPTS = '3';
process.env.BEATWISE_LOCKOUT_SECONDS = String(LOCK_SECONDS);
process.env.BEATWISE_SIGN_IN_PER_MINUTE = '100';

let server: TestServer;
const PW = 'correct horse battery staple';

before(async () => {
  server = await startAccessServer();
  for (const [email, name] of [
    ['lee@example.police.uk', 'Lee Locked'],
    ['tia@example.police.uk', 'Tia Twofactor'],
  ])
    await createLocalUser(adminAuth(server.store), accessDb(server.store), {
      email,
      name,
      password: PW,
      grants: [parseGrant('analyst@west-midlands')],
    });
});
after(async () => server.dispose());

interface Me {
  user: { email: string } | null;
}

function signIn(b: Browserish, email: string, password: string) {
  return b.json<{ message?: string; code?: string; twoFactorRedirect?: boolean }>('/api/auth/sign-in/email', {
    method: 'POST',
    json: { email, password },
  });
}

test('the third failed sign-in in a row locks the account, even against the right password, until the lock ends', async () => {
  const b = new Browserish(server.url);
  assert.equal((await signIn(b, 'lee@example.police.uk', 'wrong password 1')).status, 401);
  assert.equal((await signIn(b, 'lee@example.police.uk', 'wrong password 2')).status, 401);
  const third = await signIn(b, 'lee@example.police.uk', 'wrong password 3');
  assert.equal(third.status, 403);
  assert.equal(third.body.code, 'ACCOUNT_LOCKED');
  assert.match(third.body.message ?? '', /locked after too many failed sign-ins\. Try again in 1 minute/);
  const right = await signIn(b, 'lee@example.police.uk', PW);
  assert.equal(right.status, 403);
  assert.equal(right.body.code, 'ACCOUNT_LOCKED');
  assert.deepEqual((await b.json<Me>('/api/me')).body, { user: null });
  // Another account is not affected.
  assert.equal((await signIn(new Browserish(server.url), 'tia@example.police.uk', 'wrong')).status, 401);

  await sleep(LOCK_SECONDS * 1000 + 200);
  const later = await signIn(b, 'lee@example.police.uk', PW);
  assert.equal(later.status, 200, JSON.stringify(later.body));
  assert.equal((await b.json<Me>('/api/me')).body.user?.email, 'lee@example.police.uk');
  // The success cleared the count: two more failures do not lock.
  assert.equal((await signIn(new Browserish(server.url), 'lee@example.police.uk', 'wrong a')).status, 401);
  assert.equal((await signIn(new Browserish(server.url), 'lee@example.police.uk', 'wrong b')).status, 401);
  assert.equal((await signIn(new Browserish(server.url), 'lee@example.police.uk', PW)).status, 200);
});

test('TOTP: enrolment, a sign-in that needs the code, and a backup code that works once', async () => {
  const b = new Browserish(server.url);
  assert.equal((await signIn(b, 'tia@example.police.uk', PW)).status, 200);
  const enable = await b.json<{ totpURI: string; backupCodes: string[] }>('/api/auth/two-factor/enable', {
    method: 'POST',
    json: { password: PW },
  });
  assert.equal(enable.status, 200, JSON.stringify(enable.body));
  assert.match(enable.body.totpURI, /^otpauth:\/\/totp\/Beatwise:tia%40example\.police\.uk\?/);
  assert.ok(enable.body.backupCodes.length >= 5);
  // Not yet on: enrolment is confirmed with a first code.
  const wrong = await b.json('/api/auth/two-factor/verify-totp', {
    method: 'POST',
    json: { code: '000000' },
  });
  assert.notEqual(wrong.status, 200);
  const confirm = await b.json('/api/auth/two-factor/verify-totp', {
    method: 'POST',
    json: { code: totpCode(enable.body.totpURI) },
  });
  assert.equal(confirm.status, 200, JSON.stringify(confirm.body));
  const row = await accessDb(server.store)
    .selectFrom('user')
    .select('twoFactorEnabled')
    .where('email', '=', 'tia@example.police.uk')
    .executeTakeFirstOrThrow();
  assert.equal(Boolean(row.twoFactorEnabled), true);

  // The password alone no longer signs in.
  const c = new Browserish(server.url);
  const first = await signIn(c, 'tia@example.police.uk', PW);
  assert.equal(first.status, 200);
  assert.equal(first.body.twoFactorRedirect, true);
  assert.deepEqual((await c.json<Me>('/api/me')).body, { user: null });
  const bad = await c.json('/api/auth/two-factor/verify-totp', { method: 'POST', json: { code: '123456' } });
  assert.notEqual(bad.status, 200);
  // The code of the next 30-second step (a code is accepted once, and one step either side).
  const ok = await c.json('/api/auth/two-factor/verify-totp', {
    method: 'POST',
    json: { code: totpCode(enable.body.totpURI, Date.now() + 30_000) },
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal((await c.json<Me>('/api/me')).body.user?.email, 'tia@example.police.uk');

  const backup = enable.body.backupCodes[0];
  const d = new Browserish(server.url);
  assert.equal((await signIn(d, 'tia@example.police.uk', PW)).body.twoFactorRedirect, true);
  const used = await d.json('/api/auth/two-factor/verify-backup-code', {
    method: 'POST',
    json: { code: backup },
  });
  assert.equal(used.status, 200, JSON.stringify(used.body));
  assert.equal((await d.json<Me>('/api/me')).body.user?.email, 'tia@example.police.uk');

  const e = new Browserish(server.url);
  assert.equal((await signIn(e, 'tia@example.police.uk', PW)).body.twoFactorRedirect, true);
  const reused = await e.json('/api/auth/two-factor/verify-backup-code', {
    method: 'POST',
    json: { code: backup },
  });
  assert.notEqual(reused.status, 200);
  assert.deepEqual((await e.json<Me>('/api/me')).body, { user: null });
});
