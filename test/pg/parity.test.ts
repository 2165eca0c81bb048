// The same bundled sample in a SQLite store and in a PostgreSQL store: the imports count alike, the
// cubes hold the same cells, and the main API endpoints (Table 3 harm, trends, overview, hotspots,
// workforce) answer the same JSON, byte for byte (but for the times files were loaded). Needs a PostgreSQL server (test/support/pg.ts).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../../src/core/http/server.ts';
import type { Store } from '../../src/core/store/store.ts';
import { importCrimeFiles } from '../../src/crime/index.ts';
import { loadForce, readForceSpec } from '../../src/force/index.ts';
import { ROUTES } from '../../src/server.ts';
import { loadBundledWorkforce } from '../../src/workforce/index.ts';
import { pgReachable } from '../support/pg.ts';
import { AS_ADMIN } from '../support/principals.ts';
import { LEICS_CRIMES, LEICS_FORCE, REPO, storeUnderTest } from '../support/stores.ts';

const reachable = await pgReachable();
// A loaded machine (CI, parallel tests) must not turn the hotspot grid into a timeout on one side.
process.env.BEATWISE_ANALYSIS_TIMEOUT_MS ??= '120000';
const WM_FORCE = join(REPO, 'data', 'forces', 'west-midlands.json');
/** The last 25 months of the sample: two rolling years and a month. */
const FILES = readdirSync(LEICS_CRIMES)
  .filter((f) => f.endsWith('.csv.gz'))
  .sort()
  .slice(-25)
  .map((f) => join(LEICS_CRIMES, f));

type Engine = 'sqlite' | 'postgres';
type Side = {
  t: Awaited<ReturnType<typeof storeUnderTest>>;
  server: Awaited<ReturnType<typeof startServer>>;
  counts: unknown[];
};

async function fill(store: Store, dir: string): Promise<unknown[]> {
  await loadForce(store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
  await loadForce(store, readForceSpec(WM_FORCE), WM_FORCE);
  await loadBundledWorkforce(store);
  const first = await importCrimeFiles(store, FILES, { rejectsDir: join(dir, 'rejects') });
  // Again: every row a duplicate, nothing changes.
  const again = await importCrimeFiles(store, FILES.slice(-2), { rejectsDir: join(dir, 'rejects') });
  return [...first, ...again].map((r) => ({ file: r.file, force: r.force, counts: r.counts }));
}

describe('SQLite and PostgreSQL give the same answers', {
  skip: reachable ? false : 'no PostgreSQL server at BEATWISE_TEST_PG / 127.0.0.1:5432',
}, () => {
  const sides = new Map<Engine, Side>();

  before(async () => {
    for (const engine of ['sqlite', 'postgres'] as const) {
      const t = await storeUnderTest(engine);
      const counts = await fill(t.store, t.dir);
      const cube = await t.store.db
        .selectFrom('cube')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      assert.ok(Number(cube?.n) > 0);
      await t.store.close();
      const server = await startServer({ dbPath: t.location, port: 0, plugins: ROUTES, ...AS_ADMIN });
      sides.set(engine, { t, server, counts });
    }
  });
  after(async () => {
    for (const s of sides.values()) {
      await s.server.close();
      await s.t.dispose().catch(() => {});
    }
  });

  test('imports count rows, duplicates, unlocated and outside alike', () => {
    assert.deepEqual(sides.get('postgres')?.counts, sides.get('sqlite')?.counts);
  });

  for (const path of [
    '/api/forces/leicestershire/harm?level=unit',
    '/api/forces/leicestershire/harm?level=lsoa&window=3',
    '/api/forces/leicestershire/trends',
    '/api/forces/leicestershire/trends?level=ward&selection=burglary',
    '/api/forces/leicestershire/overview?month=2022-04',
    '/api/forces/leicestershire/attention?month=2022-04',
    '/api/forces/leicestershire/impact-areas',
    '/api/forces/leicestershire/hotspots/grid?cell=250',
    '/api/forces/leicestershire/hotspots/concentration?cell=250',
    '/api/forces/leicestershire/hotspots/times',
    '/api/forces/west-midlands/workforce',
  ]) {
    test(`GET ${path}`, async () => {
      const answers: string[] = [];
      for (const engine of ['sqlite', 'postgres'] as const) {
        const s = sides.get(engine) as Side;
        const r = await fetch(`${s.server.url}${path}`);
        const text = await r.text();
        assert.equal(r.status, 200, `${engine} ${path}: ${text.slice(0, 300)}`);
        // When a file was loaded differs between the two stores (it was loaded twice); nothing else may.
        answers.push(text.replace(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"/g, '"(time of loading)"'));
      }
      assert.ok(answers[0].length > 2, path);
      if (answers[0] !== answers[1]) assert.deepEqual(JSON.parse(answers[1]), JSON.parse(answers[0]), path);
      assert.equal(answers[1], answers[0], `${path}: the same JSON, byte for byte`);
    });
  }
});
