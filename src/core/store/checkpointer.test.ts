// Bulk mode of the SQLite store: its WAL is checkpointed by a worker thread, not inside COMMIT.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempSqliteStore } from '../../../test/support/stores.ts';
import { Checkpointer, type CheckpointerOptions } from './checkpointer.ts';
import { SqliteStore } from './sqlite.ts';

const KIB = 1024;
/** Small sizes so that a few transactions go past them. */
const SMALL: CheckpointerOptions = { walBytes: 64 * KIB, intervalMs: 10 };

/** One transaction adding `rows` random blobs of `bytes` each. */
async function fill(store: SqliteStore, rows: number, bytes: number): Promise<void> {
  await store.transaction(async () => {
    store.raw
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO bulk_test (b) SELECT randomblob(?) FROM n`,
      )
      .run(rows, bytes);
  });
}

async function blobStore() {
  const t = await tempSqliteStore();
  t.store.raw.exec('CREATE TABLE bulk_test (id INTEGER PRIMARY KEY, b BLOB NOT NULL)');
  // Start with everything in the database file and an empty WAL.
  t.store.raw.pragma('wal_checkpoint(TRUNCATE)');
  return t;
}

function count(store: SqliteStore): number {
  return store.raw.prepare('SELECT count(*) FROM bulk_test').pluck().get() as number;
}

function autocheckpoint(store: SqliteStore): number {
  return store.raw.pragma('wal_autocheckpoint', { simple: true }) as number;
}

async function waitFor(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('bulk load: the worker copies committed frames into the database file while the next transaction is open', async () => {
  const { store, dispose } = await blobStore();
  try {
    const file = store.location;
    const before = statSync(file).size;
    let seen: Checkpointer | null = null;
    const result = await store.bulkLoad(async () => {
      seen = store.bulkCheckpointer;
      assert.ok(seen, 'a checkpointer runs during the bulk load');
      assert.equal(autocheckpoint(store), 0, 'COMMIT does not checkpoint');
      assert.equal(store.raw.pragma('cache_size', { simple: true }), -32768, 'a 32 MiB page cache');
      await fill(store, 64, 32 * KIB); // 2 MiB committed, beyond the 64 KiB threshold
      await store.transaction(async () => {
        store.raw.prepare('INSERT INTO bulk_test (b) VALUES (zeroblob(10))').run();
        // With this transaction open, only another connection can have copied the last one.
        await waitFor(
          'the database file to take the 2 MiB',
          () => statSync(file).size >= before + 2048 * KIB,
        );
      });
      return 'done';
    }, SMALL);
    assert.equal(result, 'done');
    const c = seen as Checkpointer | null;
    assert.ok(c);
    assert.equal(c.exitCode, 0, 'the worker has stopped');
    assert.ok(c.stats && c.stats.checkpoints >= 1 && c.stats.frames >= 128, JSON.stringify(c.stats));
    assert.equal(store.bulkCheckpointer, null);
    assert.equal(autocheckpoint(store), 1000, 'wal_autocheckpoint is back');
    assert.equal(store.raw.pragma('journal_size_limit', { simple: true }), -1, 'journal_size_limit is back');
    assert.equal(store.raw.pragma('cache_size', { simple: true }), -262144, 'cache_size is back');
    assert.equal(count(store), 65);
  } finally {
    await dispose();
  }
});

test('bulk load: the worker starts only when the WAL first reaches walBytes, and a small load never starts it', async () => {
  const { store, dispose } = await blobStore();
  try {
    let small: Checkpointer | null = null;
    await store.bulkLoad(async () => {
      small = store.bulkCheckpointer;
      await fill(store, 1, 10);
      await fill(store, 1, 10);
    }, SMALL);
    const s = small as Checkpointer | null;
    assert.ok(s);
    assert.equal(s.started, false, 'nothing to copy: no thread');
    assert.equal(s.exitCode, 0);
    assert.deepEqual(s.stats, { checkpoints: 0, frames: 0 });
    let big: Checkpointer | null = null;
    await store.bulkLoad(async () => {
      const c = store.bulkCheckpointer;
      big = c;
      assert.ok(c);
      await fill(store, 1, 10 * KIB);
      assert.equal(c.started, false, 'the WAL is below the 64 KiB threshold');
      await fill(store, 4, 32 * KIB); // past it: the next transaction starts the worker
      assert.equal(c.started, false);
      await fill(store, 1, 10);
      assert.equal(c.started, true);
    }, SMALL);
    assert.equal((big as Checkpointer | null)?.exitCode, 0);
    assert.equal(count(store), 8);
  } finally {
    await dispose();
  }
});

test('bulk load: a WAL past maxWalBytes is caught up between transactions, so it restarts instead of growing', async () => {
  const { store, dispose } = await blobStore();
  try {
    let seen: Checkpointer | null = null;
    let biggest = 0;
    await store.bulkLoad(
      async () => {
        seen = store.bulkCheckpointer;
        for (let i = 0; i < 20; i++) {
          await fill(store, 16, 32 * KIB); // 512 KiB a transaction, 10 MiB in all
          biggest = Math.max(biggest, statSync(`${store.location}-wal`).size);
        }
      },
      { ...SMALL, maxWalBytes: 1024 * KIB },
    );
    const c = seen as Checkpointer | null;
    assert.ok(c && c.catchUps >= 1, `catch-ups: ${c?.catchUps}`);
    // At most maxWalBytes, one transaction, and their frame headers.
    assert.ok(biggest < 2048 * KIB, `the WAL grew to ${biggest} bytes`);
    assert.equal(count(store), 20 * 16);
    const reopened = await SqliteStore.open(store.location);
    try {
      assert.equal(count(reopened), 20 * 16);
    } finally {
      await reopened.close();
    }
  } finally {
    await dispose();
  }
});

test('bulk load: an error thrown by fn propagates, the transaction rolls back, and the worker still stops', async () => {
  const { store, dispose } = await blobStore();
  try {
    await fill(store, 3, 10);
    let seen: Checkpointer | null = null;
    await assert.rejects(
      store.bulkLoad(async () => {
        seen = store.bulkCheckpointer;
        await store.transaction(async () => {
          store.raw.prepare('INSERT INTO bulk_test (b) VALUES (zeroblob(10))').run();
          throw new Error('boom');
        });
      }, SMALL),
      /^Error: boom$/,
    );
    const c = seen as Checkpointer | null;
    assert.ok(c);
    assert.equal(c.exitCode, 0);
    assert.equal(store.bulkCheckpointer, null);
    assert.equal(autocheckpoint(store), 1000);
    assert.equal(count(store), 3);
  } finally {
    await dispose();
  }
});

test('bulk load: nested calls share the outer checkpointer, which stops when the outer call ends', async () => {
  const { store, dispose } = await blobStore();
  try {
    let outer: Checkpointer | null = null;
    const v = await store.bulkLoad(async () => {
      outer = store.bulkCheckpointer;
      const inner = await store.bulkLoad(async () => {
        assert.equal(store.bulkCheckpointer, outer);
        await fill(store, 2, 10);
        return 7;
      });
      assert.equal(store.bulkCheckpointer, outer, 'still running after the inner call');
      assert.equal(outer?.exitCode, null);
      assert.equal(autocheckpoint(store), 0);
      return inner + 1;
    }, SMALL);
    assert.equal(v, 8);
    assert.equal((outer as Checkpointer | null)?.exitCode, 0);
    assert.equal(autocheckpoint(store), 1000);
  } finally {
    await dispose();
  }
});

test('bulk load on an in-memory store just runs fn', async () => {
  const store = await SqliteStore.open(':memory:');
  try {
    const v = await store.bulkLoad(async () => {
      assert.equal(store.bulkCheckpointer, null);
      return 'ran';
    });
    assert.equal(v, 'ran');
  } finally {
    await store.close();
  }
});

test('a checkpointer that cannot run fails its catch-ups and its stop, with the reason', async () => {
  const { dir, dispose } = await tempSqliteStore();
  try {
    const c = Checkpointer.start(join(dir, 'missing.db'), SMALL);
    await assert.rejects(c.catchUp(), /checkpointer .*missing\.db.* failed: unable to open database file/);
    await assert.rejects(c.stop(), /checkpointer .*missing\.db.* failed/);
    assert.notEqual(c.exitCode, 0);
  } finally {
    await dispose();
  }
});
