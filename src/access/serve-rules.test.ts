// Serving rules: beyond this machine Beatwise refuses to start until sign-in is set up; on loopback
// the public pages need no sign-in and the output says how to make the first administrator; the
// demo administrator's random password signs in and is stored only as a hash.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, tempSqliteStore } from '../../test/support/stores.ts';
import { SqliteStore } from '../core/store/sqlite.ts';
import { adminAuth, createLocalUser } from './access.ts';
import {
  checkServeRules,
  createDemoAdministrator,
  DEMO_ADMIN_EMAIL,
  demoAdministratorLines,
} from './serve-rules.ts';
import { accessDb } from './tables.ts';
import { Browserish, startAccessServer, type TestServer } from './test-support.ts';

const SECRET = 'x'.repeat(40);
const READY = { BEATWISE_AUTH_SECRET: SECRET, BEATWISE_PUBLIC_URL: 'https://beatwise.example.police.uk' };

test('beyond loopback, serving needs an administrator, BEATWISE_AUTH_SECRET and BEATWISE_PUBLIC_URL', async () => {
  const t = await tempSqliteStore();
  try {
    await assert.rejects(checkServeRules(t.store, '0.0.0.0', {}), (e: Error) => {
      assert.match(e.message, /refusing to serve on 0\.0\.0\.0/);
      assert.match(e.message, /user add you@your-force\.police\.uk --name "Your Name" --role administrator/);
      assert.match(e.message, /set BEATWISE_AUTH_SECRET/);
      assert.match(e.message, /set BEATWISE_PUBLIC_URL/);
      return true;
    });
    await assert.rejects(checkServeRules(t.store, '10.1.2.3', READY), (e: Error) => {
      assert.match(e.message, /create an administrator/);
      assert.doesNotMatch(e.message, /BEATWISE_AUTH_SECRET|BEATWISE_PUBLIC_URL/);
      return true;
    });
    // Loopback: no refusal, but the way to make the first administrator.
    const lines = await checkServeRules(t.store, '127.0.0.1', {});
    assert.match(lines.join('\n'), /No administrator can sign in.*\n.*user add .* --role administrator/);
    await createLocalUser(adminAuth(t.store), accessDb(t.store), {
      email: 'admin@example.police.uk',
      name: 'Ada Admin',
      password: 'a long admin password',
      grants: [{ role: 'administrator' }],
    });
    assert.deepEqual(await checkServeRules(t.store, '0.0.0.0', READY), []);
    assert.deepEqual(await checkServeRules(t.store, '127.0.0.1', {}), []);
    await assert.rejects(
      checkServeRules(t.store, '0.0.0.0', { BEATWISE_PUBLIC_URL: READY.BEATWISE_PUBLIC_URL }),
      /BEATWISE_AUTH_SECRET/,
    );
  } finally {
    await t.dispose();
  }
});

test('`beatwise serve` on 0.0.0.0 without an administrator refuses to start and says how', () => {
  const dir = spawnSync('mktemp', ['-d'], { encoding: 'utf8' }).stdout.trim();
  const r = spawnSync(
    process.execPath,
    [
      join(REPO, 'bin', 'beatwise.js'),
      '--db',
      join(dir, 's.db'),
      'serve',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, BEATWISE_AUTH_SECRET: '', BEATWISE_PUBLIC_URL: '' },
      timeout: 120_000,
    },
  );
  spawnSync('rm', ['-rf', dir]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /refusing to serve on 0\.0\.0\.0/);
  assert.match(r.stderr, /--role administrator/);
  assert.doesNotMatch(r.stdout, /Beatwise is serving/);
});

test('`beatwise start` on 0.0.0.0 with a new store refuses before loading anything, and leaves no store', () => {
  const dir = spawnSync('mktemp', ['-d'], { encoding: 'utf8' }).stdout.trim();
  const db = join(dir, 'new.db');
  const r = spawnSync(
    process.execPath,
    [join(REPO, 'bin', 'beatwise.js'), '--db', db, 'start', '--port', '0'],
    {
      encoding: 'utf8',
      env: { ...process.env, HOST: '0.0.0.0', BEATWISE_AUTH_SECRET: SECRET, BEATWISE_PUBLIC_URL: '' },
      timeout: 120_000,
    },
  );
  const left = existsSync(db);
  spawnSync('rm', ['-rf', dir]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /refusing to serve on 0\.0\.0\.0[\s\S]*--role administrator[\s\S]*BEATWISE_PUBLIC_URL/,
  );
  assert.doesNotMatch(r.stdout, /loading force structure|demo administrator/);
  assert.equal(left, false);
});

let child: ChildProcess | null = null;
after(() => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
});

function withoutHost(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { HOST: _host, ...rest } = env;
  return rest;
}

test('`beatwise serve` on loopback serves the public pages without sign-in and says how to make the first administrator', async () => {
  const dir = spawnSync('mktemp', ['-d'], { encoding: 'utf8' }).stdout.trim();
  child = spawn(
    process.execPath,
    [join(REPO, 'bin', 'beatwise.js'), '--db', join(dir, 's.db'), 'serve', '--port', '0'],
    {
      env: { ...withoutHost(process.env), BEATWISE_AUTH_SECRET: '' },
    },
  );
  let out = '';
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child?.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Beatwise is serving (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child?.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  assert.match(out, /No administrator can sign in to this store yet[\s\S]*user add .*--role administrator/);
  const forces = await fetch(`${url}/api/forces`);
  assert.equal(forces.status, 200);
  assert.deepEqual(await (await fetch(`${url}/api/me`)).json(), { user: null });
  const exited = new Promise((r) => child?.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  child = null;
  // The loopback session secret is kept beside the store, readable by its owner only.
  const { statSync } = await import('node:fs');
  assert.equal(statSync(join(dir, 's.db.auth-secret')).mode & 0o777, 0o600);
  spawnSync('rm', ['-rf', dir]);
});

let server: TestServer;
before(async () => {
  server = await startAccessServer();
});
after(async () => server?.dispose());

test('the demo administrator signs in with the password printed once; the store keeps only a hash', async () => {
  const admin = await createDemoAdministrator(server.store);
  assert.ok(admin.password.length >= 20);
  const t = await tempSqliteStore();
  const other = await createDemoAdministrator(t.store);
  await t.dispose();
  assert.notEqual(other.password, admin.password, 'each demo store gets its own random password');
  const lines = demoAdministratorLines(admin, server.url).join('\n');
  assert.ok(lines.includes(admin.password));
  assert.ok(lines.includes(`${server.url}/sign-in`));
  const b = new Browserish(server.url);
  const r = await b.json<{ message?: string }>('/api/auth/sign-in/email', {
    method: 'POST',
    json: { email: DEMO_ADMIN_EMAIL, password: admin.password },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const me = (await b.json<{ user: { grants: unknown[] } | null }>('/api/me')).body;
  assert.deepEqual(me.user?.grants, [{ role: 'administrator' }]);
  assert.ok(server.store instanceof SqliteStore);
  server.store.raw.pragma('wal_checkpoint(TRUNCATE)');
  assert.ok(!readFileSync(join(server.dir, 'test.db')).includes(admin.password));
});
