// The PostgreSQL store: every migration runs on an empty database, counts come back as numbers, and
// a transaction is all or nothing. Needs a PostgreSQL server (test/support/pg.ts); says so without one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { pgReachable, throwAwayDatabase } from '../../../test/support/pg.ts';
import { openStore, postgresUrl } from './open.ts';
import { PostgresStore } from './postgres.ts';

const reachable = await pgReachable();

describe('PostgreSQL store', {
  skip: reachable ? false : 'no PostgreSQL server at BEATWISE_TEST_PG / 127.0.0.1:5432',
}, () => {
  let db: Awaited<ReturnType<typeof throwAwayDatabase>>;
  let store: PostgresStore;

  before(async () => {
    db = await throwAwayDatabase('store');
    store = await PostgresStore.open(db.url);
  });
  after(async () => {
    await store?.close();
    await db?.drop();
  });

  test('runs every migration on an empty database, and again finds nothing to do', async () => {
    const done = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(
      store.db,
    );
    const names = done.rows.map((r) => r.name);
    assert.ok(names.length >= 11, names.join(', '));
    assert.equal(names[0], '001-initial');
    assert.ok(names.includes('011-month-blocks'));
    const again = await PostgresStore.open(db.url);
    await again.close();
  });

  test('counts, sums and ids come back as numbers', async () => {
    const f = await store.db
      .insertInto('forces')
      .values({ slug: 'x', name: 'X', spec: '{}', created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal(typeof f.id, 'number');
    const n = await store.db
      .selectFrom('forces')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('id').as('s')])
      .executeTakeFirstOrThrow();
    assert.deepEqual(n, { n: 1, s: f.id });
  });

  test('a transaction that throws leaves nothing; buffered cube cells are read back inside it', async () => {
    const force = await store.db
      .selectFrom('forces')
      .select('id')
      .where('slug', '=', 'x')
      .executeTakeFirstOrThrow();
    const cell = {
      level: 'lsoa',
      area_id: 7,
      month: 600,
      category: 3,
      count: 2,
      harm_milli: 500,
      unweighted: 1,
    };
    await assert.rejects(
      store.transaction(async (tx, bulk) => {
        bulk.addToCubeMany(force.id, [cell, cell]);
        const seen = await tx.selectFrom('cube').select(['count', 'harm_milli']).executeTakeFirstOrThrow();
        assert.deepEqual(seen, { count: 4, harm_milli: 1000 });
        throw new Error('stop');
      }),
      /stop/,
    );
    assert.equal((await store.db.selectFrom('cube').selectAll().execute()).length, 0);
    await store.transaction(async (_tx, bulk) => bulk.addToCube(force.id, cell));
    await store.transaction(async (_tx, bulk) => bulk.addToCube(force.id, cell));
    const row = await store.db.selectFrom('cube').select(['count', 'unweighted']).executeTakeFirstOrThrow();
    assert.deepEqual(row, { count: 4, unweighted: 2 });
  });

  test('openStore picks PostgreSQL for a postgres:// --db or DATABASE_URL, SQLite otherwise', async () => {
    assert.equal(postgresUrl({ db: db.url, env: {} }), db.url);
    assert.equal(postgresUrl({ env: { DATABASE_URL: db.url } }), db.url);
    assert.equal(postgresUrl({ db: 'x.db', env: { DATABASE_URL: db.url } }), undefined);
    assert.throws(() => postgresUrl({ env: { DATABASE_URL: 'mysql://x' } }), /postgres:\/\//);
    const s = await openStore({ env: { DATABASE_URL: db.url } });
    assert.equal(s.dialect, 'postgres');
    assert.doesNotMatch(s.location, /:[^/@]*@/);
    await s.close();
  });
});

describe('the PostGIS layer', { skip: reachable ? false : 'no PostgreSQL server' }, () => {
  test('areas and places get geometry in 27700 and 4326, and the GIS views answer', async (t) => {
    const db = await throwAwayDatabase('gis');
    try {
      const store = await PostgresStore.open(db.url);
      try {
        if (!store.postgis) {
          t.skip('PostGIS is not installed on this server (postgresql-15-postgis-3)');
          return;
        }
        const f = await store.db
          .insertInto('forces')
          .values({ slug: 'g', name: 'G', spec: '{}', created_at: '2024-01-01T00:00:00Z' })
          .returning('id')
          .executeTakeFirstOrThrow();
        const square = (x: number, y: number, d: number) => [
          [
            [
              [x, y],
              [x + d, y],
              [x + d, y + d],
              [x, y + d],
              [x, y],
            ],
          ],
        ];
        const area = await store.db
          .insertInto('areas')
          .values({
            force_id: f.id,
            level: 'lsoa',
            code: 'E01',
            name: 'One',
            parent_id: null,
            geometry: JSON.stringify(square(-1.2, 52.6, 0.01)),
            geometry_bng: JSON.stringify(square(450000, 300000, 500)),
            props: '{}',
            approximate: 0,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await store.db
          .insertInto('cube')
          .values({
            force_id: f.id,
            level: 'lsoa',
            area_id: area.id,
            month: 600,
            category: 1,
            count: 3,
            harm_milli: 4500,
            unweighted: 0,
          })
          .execute();
        const r = await sql<{
          srid_bng: number;
          srid: number;
          area_m2: number;
          harm_12m: number;
          to_month: string;
        }>`
          SELECT ST_SRID(geom_bng) AS srid_bng, ST_SRID(geom) AS srid, ST_Area(geom_bng) AS area_m2, harm_12m, to_month
          FROM gis_areas_harm WHERE id = ${area.id}`.execute(store.db);
        assert.deepEqual(r.rows[0], {
          srid_bng: 27700,
          srid: 4326,
          area_m2: 250000,
          harm_12m: 4.5,
          to_month: '2020-01',
        });
        const idx = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_indexes WHERE indexname IN
          ('areas_geom_bng', 'areas_geom', 'places_geom_bng', 'places_geom')`.execute(store.db);
        assert.equal(idx.rows[0].n, 4);
        await sql`SELECT * FROM gis_places_crimes`.execute(store.db);
      } finally {
        await store.close();
      }
    } finally {
      await db.drop();
    }
  });
});
