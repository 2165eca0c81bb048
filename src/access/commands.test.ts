// `beatwise user …` as an administrator runs it, against the store a running server uses: accounts
// made from the command line sign in over HTTP; grants, disabling and sessions follow.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO } from '../../test/support/stores.ts';
import { accessDb } from './tables.ts';
import { Browserish, startAccessServer, type TestServer } from './test-support.ts';

let server: TestServer;
before(async () => {
  server = await startAccessServer();
});
after(async () => server.dispose());

/**
 * Runs the CLI against the server's store without blocking this process: the server under test
 * lives in this process, and a synchronous spawn froze it for the whole command (on a busy machine
 * longer than its keep-alive timeout, so the next fetch met a socket the server had just closed).
 */
function beatwise(
  args: string[],
  input?: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [join(REPO, 'bin', 'beatwise.js'), '--db', server.location, ...args],
      {
        env: { ...process.env, BEATWISE_AUTH_SECRET: '' },
      },
    );
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('close', (code) => done({ code, out, err }));
    child.stdin.end(input ?? '');
  });
}

interface Me {
  user: { email: string; grants: unknown[] } | null;
}

async function signIn(email: string, password: string) {
  const b = new Browserish(server.url);
  const r = await b.json<{ message?: string }>('/api/auth/sign-in/email', {
    method: 'POST',
    json: { email, password },
  });
  return { b, ...r };
}

const PW = 'a password long enough to pass';

test('user add reads the password from stdin, never argv, and the user signs in with it', async () => {
  const r = await beatwise(
    [
      'user',
      'add',
      'Sam.Sergeant@example.police.uk',
      '--name',
      'Sam Sergeant',
      '--role',
      'sergeant@west-midlands/WMT7',
      '--password-stdin',
    ],
    `${PW}\n`,
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /created sam\.sergeant@example\.police\.uk \(sergeant@west-midlands\/WMT7\)/);
  assert.ok(!r.out.includes(PW) && !r.err.includes(PW));
  const stored = await accessDb(server.store).selectFrom('user').select('email').execute();
  assert.deepEqual(
    stored.map((u) => u.email),
    ['sam.sergeant@example.police.uk'],
  );
  const s = await signIn('sam.sergeant@example.police.uk', PW);
  assert.equal(s.status, 200, JSON.stringify(s.body));
  const me = (await s.b.json<Me>('/api/me')).body;
  assert.deepEqual(me.user?.grants, [{ role: 'sergeant', force: 'west-midlands', team: 'WMT7' }]);

  const argv = await beatwise(['user', 'add', 'x@example.com', '--name', 'X', '--password', PW]);
  assert.notEqual(argv.code, 0);
  assert.match(argv.err, /unknown option '--password'/);
  const noTty = await beatwise(['user', 'add', 'y@example.com', '--name', 'Y']);
  assert.notEqual(noTty.code, 0);
  assert.match(noTty.err, /--password-stdin/);
  const short = await beatwise(
    ['user', 'add', 'z@example.com', '--name', 'Z', '--password-stdin'],
    'short\n',
  );
  assert.notEqual(short.code, 0);
  assert.match(short.err, /12 to 256 characters/);
  const dup = await beatwise(
    ['user', 'add', 'sam.sergeant@example.police.uk', '--name', 'S', '--password-stdin'],
    `${PW}\n`,
  );
  assert.notEqual(dup.code, 0);
  assert.match(dup.err, /already a user/);
  const badRole = await beatwise(
    ['user', 'add', 'w@example.com', '--name', 'W', '--role', 'chief@wm', '--password-stdin'],
    `${PW}\n`,
  );
  assert.notEqual(badRole.code, 0);
  assert.match(badRole.err, /"chief" is not a role; the roles are administrator, analyst/);
});

test('role add and remove change the grants a signed-in user has; list shows them', async () => {
  const s = await signIn('sam.sergeant@example.police.uk', PW);
  assert.equal(s.status, 200);
  assert.equal(
    (await beatwise(['user', 'role', 'add', 'sam.sergeant@example.police.uk', 'analyst@leicestershire']))
      .code,
    0,
  );
  assert.equal(
    (
      await beatwise([
        'user',
        'role',
        'remove',
        'sam.sergeant@example.police.uk',
        'sergeant@west-midlands/WMT7',
      ])
    ).code,
    0,
  );
  const me = (await s.b.json<Me>('/api/me')).body;
  assert.deepEqual(me.user?.grants, [{ role: 'analyst', force: 'leicestershire' }]);
  const list = JSON.parse((await beatwise(['user', 'list', '--json'])).out) as {
    users: { email: string; grants: unknown[]; disabled: boolean }[];
  };
  assert.deepEqual(
    list.users.map((u) => [u.email, u.grants, u.disabled]),
    [['sam.sergeant@example.police.uk', [{ role: 'analyst', force: 'leicestershire' }], false]],
  );
});

test('disable ends the user’s sessions and refuses their sign-in; enable lets them back', async () => {
  const s = await signIn('sam.sergeant@example.police.uk', PW);
  assert.equal(s.status, 200);
  assert.ok((await s.b.json<Me>('/api/me')).body.user);
  const d = await beatwise(['user', 'disable', 'sam.sergeant@example.police.uk']);
  assert.equal(d.code, 0, d.err);
  assert.match(d.out, /ended [1-9]\d* session/);
  assert.deepEqual((await s.b.json<Me>('/api/me')).body, { user: null });
  const again = await signIn('sam.sergeant@example.police.uk', PW);
  assert.equal(again.status, 403);
  assert.match(again.body.message ?? '', /disabled/);
  assert.equal((await beatwise(['user', 'enable', 'sam.sergeant@example.police.uk'])).code, 0);
  assert.equal((await signIn('sam.sergeant@example.police.uk', PW)).status, 200);
  const unknown = await beatwise(['user', 'disable', 'nobody@example.com']);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.err, /no user nobody@example\.com/);
});
