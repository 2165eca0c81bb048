// Migration 005 on a store made at 004: every cube row kept, the key now (force, level, month,
// area, category), still WITHOUT ROWID, the same columns; and the import's upsert still finds its cells.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { SqliteStore } from '../sqlite.ts';
import { initial } from './001-initial.ts';
import { harm } from './002-harm.ts';
import { workforce } from './003-workforce.ts';
import { synthetic } from './004-synthetic.ts';

type Raw = Database.Database;
type Row = Record<string, number | string>;

const COLUMNS = 'force_id, level, area_id, month, category, count, harm_milli, unweighted';

function primaryKey(raw: Raw): string[] {
  const pk = (raw.pragma('index_list(cube)') as { name: string; origin: string }[]).find(
    (i) => i.origin === 'pk',
  );
  assert.ok(pk, 'the cube has a primary key index');
  return (raw.pragma(`index_info(${pk.name})`) as { seqno: number; name: string }[])
    .sort((a, b) => a.seqno - b.seqno)
    .map((c) => c.name);
}

function columns(raw: Raw) {
  return (
    raw.pragma('table_xinfo(cube)') as { name: string; type: string; notnull: number; dflt_value: unknown }[]
  ).map((c) => `${c.name} ${c.type} ${c.notnull ? 'not null' : 'null'} ${c.dflt_value ?? '-'}`);
}

const all = (raw: Raw): Row[] =>
  raw
    .prepare(`SELECT ${COLUMNS} FROM cube ORDER BY force_id, level, area_id, month, category`)
    .all() as Row[];

describe('migration 005-cube-by-month', () => {
  let dir: string;
  let file: string;
  let rows: Row[];
  let columnsAt004: string[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'beatwise-005-'));
    file = join(dir, 'at-004.db');
    const raw = new Database(file);
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    const migrator = new Migrator({
      db,
      provider: {
        getMigrations: async () => ({
          '001-initial': initial('sqlite'),
          '002-harm': harm('sqlite'),
          '003-workforce': workforce('sqlite'),
          '004-synthetic': synthetic(),
        }),
      },
    });
    const { error } = await migrator.migrateToLatest();
    assert.equal(error, undefined);
    assert.deepEqual(primaryKey(raw), ['force_id', 'level', 'area_id', 'month', 'category']);
    columnsAt004 = columns(raw);
    // Two forces, three levels, months either side of 1970-01 (0), every category of a few.
    const insert = raw.prepare(`INSERT INTO cube (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    raw.transaction(() => {
      let n = 0;
      for (const force of [1, 2])
        for (const [level, areas] of [
          ['force', [force * 1000]],
          ['lsoa', [force * 1000 + 1, force * 1000 + 2, force * 1000 + 3]],
          ['ward', [force * 1000 + 50, force * 1000 + 51]],
        ] as const)
          for (const area of areas)
            for (const month of [-3, 0, 600, 601, 635])
              for (const category of [0, 3, 13]) {
                n++;
                insert.run(force, level, area, month, category, n, n * 1234, n % 3);
              }
    })();
    rows = all(raw);
    assert.equal(rows.length, 2 * 6 * 5 * 3);
    await db.destroy();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('keeps every row, keyed by month before area, with the same columns', async () => {
    const store = await SqliteStore.open(file);
    try {
      const done = store.raw.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all();
      assert.ok(done.includes('005-cube-by-month'));
      assert.deepEqual(all(store.raw), rows);
      assert.deepEqual(primaryKey(store.raw), ['force_id', 'level', 'month', 'area_id', 'category']);
      assert.deepEqual(columns(store.raw), columnsAt004);
      const ddl = store.raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'cube'").pluck().get();
      assert.match(String(ddl), /^CREATE TABLE "cube" .*WITHOUT ROWID$/s);
      const left = store.raw
        .prepare("SELECT name FROM sqlite_master WHERE name LIKE 'cube%' ORDER BY name")
        .pluck()
        .all();
      assert.deepEqual(left, ['cube']);
      // A full scan now walks the new key.
      const scanned = store.raw.prepare(`SELECT ${COLUMNS} FROM cube`).all() as Row[];
      const byMonth = [...rows].sort(
        (a, b) =>
          Number(a.force_id) - Number(b.force_id) ||
          String(a.level).localeCompare(String(b.level)) ||
          Number(a.month) - Number(b.month) ||
          Number(a.area_id) - Number(b.area_id) ||
          Number(a.category) - Number(b.category),
      );
      assert.deepEqual(scanned, byMonth);
    } finally {
      await store.close();
    }
  });

  test("the import's upsert adds to a migrated cell and creates a new one", async () => {
    const store = await SqliteStore.open(file);
    try {
      const cell = { level: 'lsoa', area_id: 1002, month: 600, category: 3 };
      const before = store.raw
        .prepare(
          'SELECT count, harm_milli, unweighted FROM cube WHERE force_id = 1 AND level = ? AND area_id = ? AND month = ? AND category = ?',
        )
        .get(cell.level, cell.area_id, cell.month, cell.category) as Row;
      await store.transaction(async (_tx, bulk) => {
        bulk.addToCubeMany(1, [
          { ...cell, count: 2, harm_milli: 500, unweighted: 1 },
          { ...cell, month: 602, count: 7, harm_milli: 70, unweighted: 0 },
        ]);
      });
      const after = store.raw
        .prepare(
          'SELECT month, count, harm_milli, unweighted FROM cube WHERE force_id = 1 AND level = ? AND area_id = ? AND month IN (600, 602) AND category = ? ORDER BY month',
        )
        .all(cell.level, cell.area_id, cell.category);
      assert.deepEqual(after, [
        {
          month: 600,
          count: Number(before.count) + 2,
          harm_milli: Number(before.harm_milli) + 500,
          unweighted: Number(before.unweighted) + 1,
        },
        { month: 602, count: 7, harm_milli: 70, unweighted: 0 },
      ]);
      assert.equal(store.raw.prepare('SELECT count(*) FROM cube').pluck().get(), rows.length + 1);
    } finally {
      await store.close();
    }
  });

  test('a new store gets the same key', async () => {
    const store = await SqliteStore.open(':memory:');
    try {
      assert.deepEqual(primaryKey(store.raw), ['force_id', 'level', 'month', 'area_id', 'category']);
      assert.deepEqual(columns(store.raw), columnsAt004);
    } finally {
      await store.close();
    }
  });
});
