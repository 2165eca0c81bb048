// A store made by every earlier version upgrades: for each migration k, an empty store is migrated
// to k, one row is put in every table that version has (where the table's constraints allow a row of
// plain values), then the store is migrated to the latest and every row is still there. On SQLite,
// and on PostgreSQL when a server is reachable (test/support/pg.ts). Also: a store that ran a later
// migration first still takes an earlier one it lacks (unordered migrations, docs/decisions.md).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { pgReachable, throwAwayDatabase } from '../../../../test/support/pg.ts';
import { PostgresStore, poolConfig } from '../postgres.ts';
import { SqliteStore } from '../sqlite.ts';
import type { Dialect } from '../store.ts';
import { migrationNames, storeMigrator } from './index.ts';

const reachable = await pgReachable();
const NAMES = migrationNames();

/**
 * Tables whose rows a later migration may rightly not keep as they were put in, and why. A row of
 * plain values put in by this test is not a row the application would have written, so a migration
 * that rebuilds a derived table from its sources owes it nothing.
 */
const DERIVED: Record<string, string> = {};

type Row = Record<string, unknown>;
type Engine = {
  dialect: Dialect;
  /** An empty database and a Kysely on it; `location` opens it as a store. */
  make: () => Promise<{ db: Kysely<unknown>; location: string; done: () => Promise<void> }>;
};

/** A plain value for a column of `dataType`, or undefined for a type this test leaves NULL. */
function valueFor(dialect: Dialect, table: string, column: string, dataType: string): unknown {
  const t = dataType.toLowerCase();
  // Boundaries are GeoJSON MultiPolygon coordinates (the PostGIS layer reads them into geometry columns).
  if (/^geometry/.test(column) && /text|char|json/.test(t)) return '[[[[0,0],[1,0],[1,1],[0,0]]]]';
  if (/^(int|integer|bigint|smallint|int2|int4|int8|serial|bigserial)$/.test(t)) return 1;
  if (/^(real|double|float|float4|float8|numeric|decimal)/.test(t)) return 1.5;
  if (/^bool/.test(t)) return dialect === 'sqlite' ? 1 : true;
  if (/^(text|varchar|char|character|bpchar|citext|character varying)/.test(t))
    // Text keys alike everywhere, so a text reference (better-auth's userId) finds its parent's row.
    return column === 'id' || /(Id|_id)$/.test(column) ? 'id-1' : `${table}.${column}`;
  if (/^jsonb?$/.test(t)) return '{"k":1}';
  if (/^(blob|bytea)$/.test(t)) return Buffer.from(`${table}.${column}`);
  if (/^timestamp/.test(t)) return new Date(Date.UTC(2021, 3, 1));
  if (t === 'date') return '2021-04-01';
  return undefined;
}

/** A value as text, alike on both engines and across a column's type change (integer to bigint…). */
function norm(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return String(v.getTime());
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'string' && /^\{.*\}$/.test(v)) return JSON.stringify(JSON.parse(v));
  return String(v);
}

/**
 * Puts one row of plain values in each table of `db` that takes one, parents first (rounds until no
 * table more takes its row: every integer is 1, so a reference finds the parent's row 1). Returns
 * the rows put in, by table.
 */
async function seed(dialect: Dialect, db: Kysely<unknown>): Promise<Map<string, Row>> {
  const tables = (await db.introspection.getTables()).filter((t) => !t.isView);
  const seeded = new Map<string, Row>();
  let pending = tables;
  for (let progress = true; progress && pending.length > 0; ) {
    progress = false;
    const next: typeof tables = [];
    for (const t of pending) {
      const row: Row = {};
      for (const c of t.columns) {
        const v = valueFor(dialect, t.name, c.name, c.dataType);
        if (v !== undefined) row[c.name] = v;
      }
      try {
        await db
          .insertInto(t.name as never)
          .values(row as never)
          .execute();
        seeded.set(t.name, row);
        progress = true;
      } catch {
        next.push(t);
      }
    }
    pending = next;
  }
  return seeded;
}

/** Whether table `name` holds a row with `row`'s values in the columns it still has. */
async function stillThere(db: Kysely<unknown>, name: string, row: Row): Promise<boolean> {
  const rows = (await db
    .selectFrom(name as never)
    .selectAll()
    .execute()) as Row[];
  return rows.some((r) => Object.entries(row).every(([k, v]) => !(k in r) || norm(r[k]) === norm(v)));
}

const engines: Engine[] = [
  {
    dialect: 'sqlite',
    make: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'beatwise-migrate-'));
      const location = join(dir, 'store.db');
      const raw = new Database(location);
      raw.pragma('foreign_keys = ON');
      const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
      return {
        db,
        location,
        done: async () => {
          await db.destroy();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    dialect: 'postgres',
    make: async () => {
      const made = await throwAwayDatabase('migrate');
      const db = new Kysely<unknown>({
        dialect: new PostgresDialect({ pool: new pg.Pool(poolConfig(made.url, 2)) }),
      });
      return {
        db,
        location: made.url,
        done: async () => {
          await db.destroy();
          await made.drop();
        },
      };
    },
  },
];

for (const engine of engines) {
  describe(`migrations on ${engine.dialect}: from every earlier version to the latest`, {
    skip:
      engine.dialect === 'postgres' && !reachable
        ? 'no PostgreSQL server at BEATWISE_TEST_PG / 127.0.0.1:5432'
        : false,
  }, () => {
    for (const [k, version] of NAMES.entries()) {
      if (k === NAMES.length - 1) continue;
      test(`a store at ${version} keeps its rows up to ${NAMES.at(-1)}`, async (t) => {
        const s = await engine.make();
        try {
          const to = await storeMigrator(s.db, engine.dialect).migrateTo(version);
          assert.equal(to.error, undefined, String(to.error));
          const seeded = await seed(engine.dialect, s.db);
          const at = (await s.db.introspection.getTables()).filter((x) => !x.isView).map((x) => x.name);
          t.diagnostic(
            `${seeded.size} of ${at.length} tables took a row; not: ${at.filter((n) => !seeded.has(n)).join(', ')}`,
          );
          assert.ok(seeded.has('forces'), `a force row goes in at ${version}`);
          const up = await storeMigrator(s.db, engine.dialect).migrateToLatest();
          assert.equal(
            up.error,
            undefined,
            `${up.results?.find((r) => r.status === 'Error')?.migrationName}: ${String(up.error)}`,
          );
          assert.deepEqual(
            up.results?.map((r) => r.migrationName),
            NAMES.slice(k + 1),
            'the later migrations ran, in order',
          );
          const tables = new Set((await s.db.introspection.getTables()).map((t) => t.name));
          const lost: string[] = [];
          for (const [name, row] of seeded) {
            if (DERIVED[name]) continue;
            if (!tables.has(name) || !(await stillThere(s.db, name, row))) lost.push(name);
          }
          assert.deepEqual(lost, [], `rows put in at ${version} (${seeded.size} tables) are all still there`);
          // The store opens the upgraded database (nothing left to migrate).
          const store =
            engine.dialect === 'sqlite'
              ? await SqliteStore.open(s.location)
              : await PostgresStore.open(s.location);
          await store.close();
        } finally {
          await s.done();
        }
      });
    }

    test('a store that ran a later migration first still takes an earlier one it lacks', async () => {
      const s = await engine.make();
      try {
        const skipped = NAMES.at(-2) as string;
        const first = await storeMigrator(s.db, engine.dialect, (n) => n !== skipped).migrateToLatest();
        assert.equal(first.error, undefined, String(first.error));
        const then = await storeMigrator(s.db, engine.dialect).migrateToLatest();
        assert.equal(then.error, undefined, String(then.error));
        assert.deepEqual(
          then.results?.map((r) => r.migrationName),
          [skipped],
        );
        const done = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(s.db);
        assert.deepEqual(done.rows.map((r) => r.name).sort(), NAMES);
      } finally {
        await s.done();
      }
    });
  });
}
