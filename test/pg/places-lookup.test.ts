// PostgreSQL's bulk writer looks a batch's new map points up in `places` by force, labels and point
// (PLACE_MATCH in src/core/store/postgres-bulk.ts, served by migration 017's places_lookup index).
// A force extract's places all share their labels, so a join that could only use the labels met
// every place for every batch row (the coordinates compared with IS NOT DISTINCT FROM: 20+ s a batch
// during the demo's West Midlands import). The test counts the rows the join looks at, not time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { PostgresStore } from '../../src/core/store/postgres.ts';
import { PLACE_MATCH } from '../../src/core/store/postgres-bulk.ts';
import { pgReachable, throwAwayDatabase } from '../support/pg.ts';

const reachable = await pgReachable();

/** Rows the plan handled in all, summed over its nodes (actual rows × loops, plus rows filtered out). */
function work(plan: string): number {
  let total = 0;
  for (const m of plan.matchAll(/actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)/g))
    total += Number(m[1]) * Number(m[2]);
  for (const m of plan.matchAll(/Rows Removed by (?:Join )?Filter: (\d+)/g)) total += Number(m[1]);
  return total;
}

describe('places lookup on PostgreSQL', {
  skip: reachable ? false : 'no PostgreSQL server at BEATWISE_TEST_PG / 127.0.0.1:5432',
}, () => {
  let db: Awaited<ReturnType<typeof throwAwayDatabase>>;
  let store: PostgresStore;
  before(async () => {
    db = await throwAwayDatabase('places_lookup');
    store = await PostgresStore.open(db.url);
  });
  after(async () => {
    await store?.close();
    await db?.drop();
  });

  test('a batch of 2,000 points against 20,000 places of one extract looks at rows in proportion, not 2,000 × 20,000', async () => {
    const f = await store.db
      .insertInto('forces')
      .values({ slug: 'x', name: 'X', spec: '{}', created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    // One extract: the same labels everywhere, a distinct exact point each (one without a location).
    await sql`INSERT INTO places (force_id, location, lsoa_given, lsoa_name_given, placement, lon, lat, easting, northing)
      SELECT ${f.id}, 1, 1, 1, 0, g, 52, 400000 + g, 280000 FROM generate_series(1, 20000) g`.execute(
      store.db,
    );
    const n = 2000;
    const ks = Array.from({ length: n }, (_, i) => i);
    const batch = sql`unnest(${ks.map(() => f.id)}::bigint[], ${ks.map(() => 1)}::int[], ${ks.map(() => 1)}::int[],
      ${ks.map(() => 1)}::int[], ${ks.map((i) => i * 10 + 1)}::float8[], ${ks.map(() => 52)}::float8[],
      ${ks.map((i) => 400000 + i * 10 + 1)}::float8[], ${ks.map(() => 280000)}::float8[], ${ks}::int[])
      AS s(force_id, location, lsoa_given, lsoa_name_given, lon, lat, easting, northing, k)`;
    const explain = async (on: string) => {
      const r = await sql<{
        'QUERY PLAN': string;
      }>`EXPLAIN ANALYZE SELECT DISTINCT ON (s.k) s.k, p.id FROM ${batch}
        JOIN places p ON ${sql.raw(on)} ORDER BY s.k, p.id`.execute(store.db);
      const text = r.rows.map((x) => x['QUERY PLAN']).join('\n');
      const found = await sql<{ n: number }>`SELECT count(DISTINCT s.k)::int AS n FROM ${batch}
        JOIN places p ON ${sql.raw(on)}`.execute(store.db);
      return { text, work: work(text), found: found.rows[0].n };
    };
    const now = await explain(PLACE_MATCH);
    assert.equal(now.found, n, 'every batch point is found among the places');
    assert.ok(now.work < 20 * (n + 20000), `${now.work} rows looked at\n${now.text}`);
    // The old clause, kept here to show what the test catches: quadratic work, same answer.
    const old = await explain(
      'p.force_id = s.force_id AND p.location = s.location AND p.lsoa_given = s.lsoa_given AND ' +
        'p.lsoa_name_given = s.lsoa_name_given AND p.lon IS NOT DISTINCT FROM s.lon AND ' +
        'p.lat IS NOT DISTINCT FROM s.lat AND p.easting IS NOT DISTINCT FROM s.easting AND ' +
        'p.northing IS NOT DISTINCT FROM s.northing',
    );
    assert.equal(old.found, n);
    assert.ok(old.work > 100 * now.work, `old ${old.work} vs now ${now.work}\n${old.text}`);
  });
});
