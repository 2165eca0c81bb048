// Sign-ins and failed sign-ins go into the hash-chained audit log, with who tried, how and the outcome.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { auditEntries, verifyAudit } from '../audit/index.ts';
import { adminAuth, createLocalUser } from './access.ts';
import { parseGrant } from './grants.ts';
import { accessDb } from './tables.ts';
import { Browserish, startAccessServer, type TestServer } from './test-support.ts';

let server: TestServer;
const PASSWORD = 'a password long enough for this';

before(async () => {
  server = await startAccessServer();
  await createLocalUser(adminAuth(server.store), accessDb(server.store), {
    email: 'sam.sergeant@example.police.uk',
    name: 'Sam Sergeant',
    password: PASSWORD,
    grants: [parseGrant('sergeant@west-midlands/WM-T1')],
  });
});
after(async () => server.dispose());

test('a failed and a successful sign-in are each logged, naming the user and the way in', async () => {
  const b = new Browserish(server.url);
  const email = 'sam.sergeant@example.police.uk';
  const bad = await b.fetch('/api/auth/sign-in/email', {
    method: 'POST',
    json: { email, password: 'wrong one, long' },
  });
  assert.equal(bad.status, 401);
  const good = await b.fetch('/api/auth/sign-in/email', {
    method: 'POST',
    json: { email, password: PASSWORD },
  });
  assert.equal(good.status, 200);
  const user = await accessDb(server.store)
    .selectFrom('user')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  // The log is written after each answer is sent: wait for both entries.
  let rows = await auditEntries(server.store, '2000-01-01', '2999-12-31');
  for (let i = 0; i < 50 && rows.filter((r) => r.kind.startsWith('sign-in')).length < 2; i++) {
    await new Promise((r) => setTimeout(r, 20));
    rows = await auditEntries(server.store, '2000-01-01', '2999-12-31');
  }
  const signIns = rows.filter((r) => r.kind.startsWith('sign-in'));
  assert.deepEqual(
    signIns.map((r) => [
      r.kind,
      r.user_id,
      r.outcome,
      JSON.parse(r.object_ids).email,
      JSON.parse(r.object_ids).way,
    ]),
    [
      ['sign-in-failure', null, '401', email, 'password'],
      ['sign-in', user.id, '200', email, 'password'],
    ],
  );
  assert.equal((await verifyAudit(server.store)).ok, true);
});
