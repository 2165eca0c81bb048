import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { SqliteStore } from './sqlite.ts';

test('a write through Kysely waits for another connection’s lock without stopping the event loop', {
  timeout: 60_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'beatwise-patient-'));
  const store = await SqliteStore.open(join(dir, 's.db'));
  const other = new Database(join(dir, 's.db'));
  try {
    await sql`create table notes (n integer)`.execute(store.db);
    // Another connection (an import on its worker thread) holds the write lock for 300 ms.
    other.exec('begin immediate');
    other.prepare('insert into notes values (1)').run();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const released = new Promise<void>((r) =>
      setTimeout(() => {
        other.exec('commit');
        r();
      }, 300),
    );
    const t0 = Date.now();
    await store.transaction(async (tx) => {
      await sql`insert into notes values (2)`.execute(tx);
    });
    await sql`insert into notes values (3)`.execute(store.db);
    const waited = Date.now() - t0;
    clearInterval(ticker);
    await released;
    // It waited for the lock, and timers kept firing meanwhile (a blocking busy handler fires none).
    assert.ok(waited >= 250, `waited ${waited} ms`);
    assert.ok(ticks >= 10, `only ${ticks} timer ticks while waiting`);
    const rows = await sql<{ n: number }>`select n from notes order by n`.execute(store.db);
    assert.deepEqual(
      rows.rows.map((r) => r.n),
      [1, 2, 3],
    );
    // The store's own patience is as before.
    assert.equal(store.raw.pragma('busy_timeout', { simple: true }), 10000);
  } finally {
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('past the store’s patience, a write still locked out fails with SQLite’s busy error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'beatwise-patient-'));
  const store = await SqliteStore.open(join(dir, 's.db'));
  const other = new Database(join(dir, 's.db'));
  try {
    await sql`create table notes (n integer)`.execute(store.db);
    store.raw.pragma('busy_timeout = 100');
    other.exec('begin immediate');
    await assert.rejects(sql`insert into notes values (2)`.execute(store.db), /locked|busy/i);
    other.exec('commit');
    assert.equal(store.raw.pragma('busy_timeout', { simple: true }), 100);
  } finally {
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
