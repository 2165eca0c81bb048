import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PostgresStore } from '../../src/core/store/postgres.ts';
import type { SqliteStore } from '../../src/core/store/sqlite.ts';
import { SqliteStore as Sqlite } from '../../src/core/store/sqlite.ts';
import type { Store } from '../../src/core/store/store.ts';
import { loadForce, readForceSpec } from '../../src/force/index.ts';
import { throwAwayDatabase } from './pg.ts';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const LEICS_FORCE = join(REPO, 'data', 'forces', 'leicestershire.json');
export const LEICS_CRIMES = join(REPO, 'data', 'samples', 'leicestershire', 'crimes');

/**
 * A fresh store of the engine BEATWISE_TEST_STORE names (SQLite by default; see storeUnderTest):
 * `location` is what startServer's dbPath and `--db` take. `dispose()` removes it.
 */
export async function tempStore(): Promise<{
  store: Store;
  dir: string;
  location: string;
  dispose: () => Promise<void>;
}> {
  return storeUnderTest();
}

/** A fresh SQLite store file in its own temporary folder, for tests of the SQLite store itself. */
export async function tempSqliteStore(): Promise<{
  store: SqliteStore;
  dir: string;
  location: string;
  dispose: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'beatwise-test-'));
  const location = join(dir, 'test.db');
  const store = await Sqlite.open(location);
  return {
    store,
    dir,
    location,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh store holding the derived Leicestershire structure and boundaries (no crimes). */
export async function leicestershireStore() {
  const t = await tempStore();
  await loadForce(t.store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
  return t;
}

/** leicestershireStore on SQLite whatever BEATWISE_TEST_STORE says (tests that read the file's tables raw). */
export async function leicestershireSqliteStore() {
  const t = await tempSqliteStore();
  await loadForce(t.store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
  return t;
}

/** The store engine tests run on: BEATWISE_TEST_STORE=postgres for PostgreSQL, else SQLite. */
export function testEngine(): 'sqlite' | 'postgres' {
  return process.env.BEATWISE_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * A fresh store of `engine` (default: the one BEATWISE_TEST_STORE names): a SQLite file in its own
 * temporary folder, or a throw-away PostgreSQL database (test/support/pg.ts). `location` is what
 * `startServer({ dbPath })` and `--db` take; `dir` a temporary folder for rejects and exports either
 * way. `dispose()` closes the store and removes the file or drops the database.
 */
export async function storeUnderTest(engine: 'sqlite' | 'postgres' = testEngine()): Promise<{
  store: Store;
  location: string;
  dir: string;
  dispose: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'beatwise-test-'));
  if (engine === 'sqlite') {
    const location = join(dir, 'test.db');
    const store = await Sqlite.open(location);
    return {
      store,
      location,
      dir,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const db = await throwAwayDatabase('t');
  const store = await PostgresStore.open(db.url);
  return {
    store,
    location: db.url,
    dir,
    dispose: async () => {
      await store.close().catch(() => {});
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Where a fresh, empty store of `engine` (default: the one BEATWISE_TEST_STORE names) would live,
 * without opening it: for a server or a CLI that opens the store itself. A SQLite file path in a
 * temporary folder, or the URL of a throw-away PostgreSQL database. `dispose()` removes it.
 */
export async function storeLocationUnderTest(engine: 'sqlite' | 'postgres' = testEngine()): Promise<{
  location: string;
  dir: string;
  dispose: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'beatwise-test-'));
  const made = engine === 'postgres' ? await throwAwayDatabase('t') : undefined;
  return {
    location: made?.url ?? join(dir, 'test.db'),
    dir,
    dispose: async () => {
      await made?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
