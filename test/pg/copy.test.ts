// `beatwise copy`: a SQLite store with crimes, workforce and a user moves into an empty PostgreSQL
// database with every table's rows and checksum the same; a second copy into it is refused.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyStore } from '../../src/core/store/copy.ts';
import { importCrimeFiles } from '../../src/crime/index.ts';
import { loadForce, readForceSpec } from '../../src/force/index.ts';
import { pgReachable, throwAwayDatabase } from '../support/pg.ts';
import { LEICS_CRIMES, LEICS_FORCE, storeUnderTest } from '../support/stores.ts';

const reachable = await pgReachable();

describe('beatwise copy', {
  skip: reachable ? false : 'no PostgreSQL server at BEATWISE_TEST_PG / 127.0.0.1:5432',
}, () => {
  let src: Awaited<ReturnType<typeof storeUnderTest>>;
  let db: Awaited<ReturnType<typeof throwAwayDatabase>>;

  before(async () => {
    src = await storeUnderTest('sqlite');
    await loadForce(src.store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
    await importCrimeFiles(
      src.store,
      ['2022-03', '2022-04'].map((m) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`)),
      { rejectsDir: join(src.dir, 'rejects') },
    );
    await src.store.close();
    db = await throwAwayDatabase('copy');
  });
  after(async () => {
    await db?.drop();
    await src?.dispose().catch(() => {});
  });

  test('moves every table and finds the same rows on both sides', async () => {
    const r = await copyStore(src.location, db.url);
    assert.equal(r.same, true, JSON.stringify(r.tables.filter((t) => !t.same)));
    const byName = new Map(r.tables.map((t) => [t.table, t]));
    for (const t of ['crime_records', 'places', 'labels', 'cube', 'areas', 'imports', 'month_blocks']) {
      assert.ok((byName.get(t)?.postgresRows ?? 0) > 0, `${t} has rows`);
    }
    assert.deepEqual(r.skipped, []);
  });

  test('refuses to copy into a store that already holds a force', async () => {
    await assert.rejects(copyStore(src.location, db.url), /already holds forces/);
  });
});
