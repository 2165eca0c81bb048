// Migration 006 on a store made at 005: every crime kept with its id and every column as the
// `crimes` view reads it, one place per distinct point (NULLs alike), crime_view as before, and an
// import after it finds the migrated places instead of making them again.
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
import { cubeByMonth } from './005-cube-by-month.ts';

type Row = Record<string, unknown>;

const COLUMNS = [
  'id',
  'force_id',
  'month',
  'crime_key',
  'crime_id',
  'source',
  'category',
  'reported_by',
  'falls_within',
  'location',
  'lsoa_given',
  'lsoa_name_given',
  'outcome',
  'context',
  'placement',
  'lon',
  'lat',
  'easting',
  'northing',
  'lsoa_id',
  'msoa_id',
  'ward_id',
  'district_id',
  'team_id',
  'unit_id',
  'impact_area_ids',
  'offence_code',
  'offence_subcode',
  'occurred_from',
  'occurred_to',
  'recorded_at',
  'attended_at',
  'victim_age',
  'vulnerable',
  'domestic',
  'declined_attendance',
  'import_id',
];

const all = (raw: Database.Database, from: string): Row[] =>
  raw.prepare(`SELECT ${COLUMNS.join(', ')} FROM ${from} ORDER BY id`).all() as Row[];

describe('migration 006-places', () => {
  let dir: string;
  let file: string;
  let crimes: Row[];
  let view: Row[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'beatwise-006-'));
    file = join(dir, 'at-005.db');
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
          '005-cube-by-month': cubeByMonth('sqlite'),
        }),
      },
    });
    assert.equal((await migrator.migrateToLatest()).error, undefined);
    raw.exec(`INSERT INTO forces (id, slug, name, spec, created_at) VALUES (1, 'a', 'A', '{}', 'now'), (2, 'b', 'B', '{}', 'now');
      INSERT INTO labels (id, text) VALUES (1, 'Force A'), (2, 'On or near X'), (3, 'E01000001'), (4, 'A 001A'),
        (5, 'Under investigation'), (7, 'On or near Y'), (8, 'No location');`);
    const insert = raw.prepare(
      `INSERT INTO crimes (force_id, month, crime_key, crime_id, source, category, reported_by, falls_within,
        location, lsoa_given, lsoa_name_given, outcome, context, placement, lon, lat, easting, northing,
        lsoa_id, msoa_id, ward_id, district_id, team_id, unit_id, impact_area_ids, offence_code,
        offence_subcode, occurred_from, occurred_to, recorded_at, attended_at, victim_age, vulnerable,
        domestic, declined_attendance, import_id)
       VALUES (?, ?, ?, ?, ?, 3, 1, 1, ?, ?, ?, 5, 0, ?, ?, ?, ?, ?, ?, 21, 31, 41, 51, 61, ?, ?, NULL, ?,
        NULL, NULL, NULL, ?, NULL, NULL, NULL, 1)`,
    );
    raw.transaction(() => {
      let key = 0;
      for (const force of [1, 2]) {
        // Ten crimes at one map point, three at another (with an Impact Area), two unlocated, one
        // outside, one extract row with its own exact point and victim age.
        for (let i = 0; i < 10; i++)
          insert.run(
            force,
            600 + (i % 3),
            ++key,
            `id${key}`,
            0,
            2,
            3,
            4,
            0,
            -1.5,
            52.6,
            450000.5,
            300000.5,
            11,
            null,
            null,
            null,
            null,
          );
        for (let i = 0; i < 3; i++)
          insert.run(
            force,
            600,
            ++key,
            null,
            0,
            7,
            3,
            4,
            0,
            -1.6,
            52.7,
            440000.25,
            310000.75,
            12,
            '7,9',
            null,
            null,
            null,
          );
        for (let i = 0; i < 2; i++)
          insert.run(
            force,
            601,
            ++key,
            null,
            0,
            8,
            3,
            4,
            1,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
          );
        insert.run(
          force,
          602,
          ++key,
          `id${key}`,
          0,
          2,
          3,
          4,
          2,
          -3.5,
          51.0,
          300000,
          100000,
          null,
          null,
          null,
          null,
          null,
        );
        insert.run(
          force,
          603,
          ++key,
          'ref-1',
          1,
          2,
          3,
          4,
          0,
          -1.51,
          52.61,
          449000,
          301000,
          11,
          null,
          '105/01',
          1.6e12,
          34,
        );
      }
    })();
    crimes = all(raw, 'crimes');
    view = raw.prepare('SELECT * FROM crime_view ORDER BY id').all() as Row[];
    assert.equal(crimes.length, 2 * 17);
    await db.destroy();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('keeps every crime as it was, with one place per distinct point', async () => {
    const store = await SqliteStore.open(file);
    try {
      const done = store.raw.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all();
      assert.ok(done.includes('006-places'));
      assert.deepEqual(all(store.raw, 'crimes'), crimes);
      assert.deepEqual(store.raw.prepare('SELECT * FROM crime_view ORDER BY id').all(), view);
      // Per force: two map points, the unlocated point (NULLs taken as equal), outside, the extract's.
      const places = store.raw.prepare('SELECT force_id, count(*) AS n FROM places GROUP BY force_id').all();
      assert.deepEqual(places, [
        { force_id: 1, n: 5 },
        { force_id: 2, n: 5 },
      ]);
      const types = store.raw
        .prepare(
          "SELECT name, type FROM sqlite_master WHERE name IN ('crimes', 'crime_records', 'places') ORDER BY name",
        )
        .all();
      assert.deepEqual(types, [
        { name: 'crime_records', type: 'table' },
        { name: 'crimes', type: 'view' },
        { name: 'places', type: 'table' },
      ]);
      // The natural key is still unique.
      const key = store.raw
        .prepare('SELECT force_id, month, crime_key FROM crime_records WHERE id = 1')
        .get() as Row;
      assert.throws(
        () =>
          store.raw
            .prepare(
              `INSERT INTO crime_records (force_id, month, crime_key, source, category, reported_by, falls_within,
                outcome, context, place_id, import_id) VALUES (?, ?, ?, 0, 0, 1, 1, 5, 0, 1, 1)`,
            )
            .run(key.force_id, key.month, key.crime_key),
        /UNIQUE/,
      );
    } finally {
      await store.close();
    }
  });

  test('a bulk writer finds a migrated place and makes a new one for a new point', async () => {
    const store = await SqliteStore.open(file);
    try {
      const before = store.raw.prepare('SELECT count(*) FROM places').pluck().get() as number;
      const point = {
        location: 2,
        lsoa_given: 3,
        lsoa_name_given: 4,
        lon: -1.5,
        lat: 52.6,
        easting: 450000.5,
        northing: 300000.5,
        placement: 0,
        lsoa_id: 11,
        msoa_id: 21,
        ward_id: 31,
        district_id: 41,
        team_id: 51,
        unit_id: 61,
        impact_area_ids: null,
      };
      const migrated = store.raw
        .prepare('SELECT place_id FROM crimes WHERE force_id = 2 AND location = 2 AND lon = -1.5')
        .pluck()
        .get();
      await store.transaction(async (_tx, bulk) => {
        assert.equal(bulk.place(2, point), migrated);
        const unlocated = { ...point, location: 8, lon: null, lat: null, easting: null, northing: null };
        const again = store.raw
          .prepare('SELECT place_id FROM crimes WHERE force_id = 2 AND location = 8')
          .pluck()
          .get();
        assert.equal(bulk.place(2, { ...unlocated, placement: 1, lsoa_id: null }), again);
        const fresh = bulk.place(2, { ...point, lon: -1.7 });
        assert.ok(fresh > before);
        assert.equal(bulk.place(2, { ...point, lon: -1.7 }), fresh, 'the new place is found again');
      });
      assert.equal(store.raw.prepare('SELECT count(*) FROM places').pluck().get(), before + 1);
    } finally {
      await store.close();
    }
  });
});
