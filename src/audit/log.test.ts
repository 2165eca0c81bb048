// The audit log: entries chain by hash, SQL cannot change or delete them, `audit verify` proves the
// chain intact and names the first altered or removed entry, `audit export` gives a period as CSV
// or JSON.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { REPO, tempSqliteStore } from '../../test/support/stores.ts';
import type { SqliteStore } from '../core/store/sqlite.ts';
import { entryHash, GENESIS } from './chain.ts';
import { auditEntries, recordAudit, verifyAudit } from './log.ts';
import type { AuditLogTable } from './model.ts';

let store: SqliteStore;
let dir: string;
let dispose: () => Promise<void>;

before(async () => {
  const t = await tempSqliteStore();
  store = t.store;
  dir = t.dir;
  dispose = t.dispose;
  await recordAudit(store, {
    kind: 'sign-in',
    userId: 'u1',
    roles: ['analyst'],
    route: 'sign-in: password',
    outcome: 'ok',
    at: new Date('2026-01-05T09:00:00Z'),
  });
  await recordAudit(store, {
    kind: 'sign-in-failure',
    userId: null,
    roles: [],
    route: 'sign-in: password',
    objectIds: { email: 'someone@example.police.uk' },
    outcome: 'failed',
    reason: 'wrong password',
    at: new Date('2026-01-06T10:00:00Z'),
  });
  // Written concurrently: the chain must still be one line.
  await Promise.all(
    ['3', '4', '5'].map((id) =>
      recordAudit(store, {
        kind: 'personal-read',
        userId: 'u1',
        roles: ['analyst'],
        method: 'GET',
        route: '/api/imports/:id/rejects',
        objectIds: { id },
        outcome: 200,
        reason: 'checking rejected rows of the April extract',
        at: new Date('2026-01-07T23:59:59Z'),
      }),
    ),
  );
});
after(async () => dispose());

const rows = () =>
  store.db
    .selectFrom('audit_log' as never)
    .selectAll()
    .orderBy('id' as never)
    .execute() as Promise<AuditLogTable[]>;

test('each entry carries sha256 over its content and the previous hash', async () => {
  const all = await rows();
  assert.equal(all.length, 5);
  assert.equal(all[0].prev_hash, GENESIS);
  for (let i = 0; i < all.length; i++) {
    const { id, hash, ...fields } = all[i];
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.equal(entryHash(fields), hash, `entry ${id}`);
    if (i > 0) assert.equal(all[i].prev_hash, all[i - 1].hash, `entry ${id} links to ${all[i - 1].id}`);
  }
  assert.equal(all[1].user_id, null);
  assert.equal(all[1].reason, 'wrong password');
  assert.equal(all[0].at, '2026-01-05T09:00:00.000Z');
  assert.deepEqual(await verifyAudit(store), { ok: true, entries: 5 });
});

test('UPDATE and DELETE of audit entries are refused by the store', () => {
  assert.throws(
    () => store.raw.prepare(`UPDATE audit_log SET reason = 'nothing to see' WHERE id = 2`).run(),
    /append-only/,
  );
  assert.throws(() => store.raw.prepare('DELETE FROM audit_log WHERE id = 1').run(), /append-only/);
  assert.deepEqual(store.raw.prepare('SELECT count(*) AS n FROM audit_log').get(), { n: 5 });
});

test('export: a period of UTC days as CSV or JSON', async () => {
  const jan6 = await auditEntries(store, '2026-01-06', '2026-01-07');
  assert.deepEqual(
    jan6.map((r) => r.kind),
    ['sign-in-failure', 'personal-read', 'personal-read', 'personal-read'],
  );
  await assert.rejects(auditEntries(store, '2026-02-30', '2026-03-01'), /not a date/);
  const db = store.location;
  const csv = spawnSync(
    process.execPath,
    [
      join(REPO, 'bin', 'beatwise.js'),
      '--db',
      db,
      'audit',
      'export',
      '--from',
      '2026-01-05',
      '--to',
      '2026-01-05',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(csv.status, 0, csv.stderr);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines[0], 'id,at,kind,user_id,roles,method,route,object_ids,outcome,reason,prev_hash,hash');
  assert.equal(lines.length, 2);
  assert.match(lines[1], /^1,2026-01-05T09:00:00.000Z,sign-in,u1,"\[""analyst""\]"/);
  const json = spawnSync(
    process.execPath,
    [
      join(REPO, 'bin', 'beatwise.js'),
      '--db',
      db,
      'audit',
      'export',
      '--from',
      '2026-01-07',
      '--to',
      '2026-01-07',
      '--format',
      'json',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(json.status, 0, json.stderr);
  const entries = JSON.parse(json.stdout) as { reason: string; object_ids: { id: string } }[];
  assert.equal(entries.length, 3);
  assert.deepEqual(entries.map((e) => e.object_ids.id).sort(), ['3', '4', '5']);
  assert.equal(entries[0].reason, 'checking rejected rows of the April extract');
});

test('audit verify proves the chain intact, and names the first entry altered behind the triggers’ back', async () => {
  const cli = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [join(REPO, 'bin', 'beatwise.js'), '--db', store.location, 'audit', ...args],
      {
        encoding: 'utf8',
        cwd: dir,
      },
    );
  const ok = cli('verify');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /intact: 5 entries/);
  // Someone with the file drops the trigger and rewrites entry 3's justification.
  await sql`DROP TRIGGER audit_log_no_update`.execute(store.db);
  await sql`UPDATE audit_log SET reason = 'routine' WHERE id = 3`.execute(store.db);
  const r = await verifyAudit(store);
  assert.equal(r.ok, false);
  assert.equal(r.entries, 2);
  assert.equal(r.firstBroken?.id, 3);
  assert.match(r.firstBroken?.problem ?? '', /altered/);
  const bad = cli('verify');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /NOT intact: entry 3 /);
  // Even re-hashing the altered entry does not help: the next entry's link no longer matches.
  const e3 = (await rows())[2];
  const { id: _id, hash: _hash, ...fields } = e3;
  await sql`UPDATE audit_log SET hash = ${entryHash(fields)} WHERE id = 3`.execute(store.db);
  const relinked = await verifyAudit(store);
  assert.equal(relinked.firstBroken?.id, 4);
  assert.match(relinked.firstBroken?.problem ?? '', /link/);
});

test('a removed entry breaks the chain at the entry after it', async () => {
  const t = await tempSqliteStore();
  try {
    for (let i = 0; i < 4; i++)
      await recordAudit(t.store, {
        kind: 'write',
        userId: 'u',
        roles: ['analyst'],
        method: 'POST',
        route: '/api/imports',
        outcome: 200,
      });
    await sql`DROP TRIGGER audit_log_no_delete`.execute(t.store.db);
    await sql`DELETE FROM audit_log WHERE id = 2`.execute(t.store.db);
    const r = await verifyAudit(t.store);
    assert.equal(r.firstBroken?.id, 3);
    assert.match(r.firstBroken?.problem ?? '', /removed or inserted/);
  } finally {
    await t.dispose();
  }
});
