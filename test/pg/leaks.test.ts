// Throw-away databases do not pile up: a test process that never disposes its store leaves no
// database behind when it ends, and the test runner drops a run's databases after it and any older
// than a day before it (scripts/test-databases.mjs). Needs a PostgreSQL server (test/support/pg.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { dropDatabases, parseName, pgQuery } from '../../scripts/test-databases.mjs';
import { pgReachable } from '../support/pg.ts';
import { REPO } from '../support/stores.ts';

const reachable = await pgReachable();

async function exists(name: string): Promise<boolean> {
  const r = await pgQuery(`SELECT 1 FROM pg_database WHERE datname = '${name}'`);
  assert.ok(r.ok, r.error);
  return (r.rows ?? []).length === 1;
}

describe('throw-away databases are dropped', {
  skip: reachable ? false : 'no PostgreSQL server at BEATWISE_TEST_PG / 127.0.0.1:5432',
}, () => {
  test('a process that never disposes its stores leaves none of its databases', async () => {
    // The child opens two stores on throw-away databases (one through the tests' helper, which
    // also makes its temporary folder) and ends without closing or dropping either.
    const code = `
      import { storeUnderTest } from './test/support/stores.ts';
      import { throwAwayDatabase } from './test/support/pg.ts';
      import { PostgresStore } from './src/core/store/postgres.ts';
      const t = await storeUnderTest('postgres');
      const d = await throwAwayDatabase('leak');
      await PostgresStore.open(d.url);
      await t.store.db.selectFrom('forces').selectAll().execute();
      console.log(JSON.stringify([new URL(t.location).pathname.slice(1), d.name]));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const names = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '[]') as string[];
    assert.equal(names.length, 2);
    for (const name of names) assert.equal(await exists(name), false, `${name} was dropped`);
  });

  test("the runner drops its run's databases, and any older than a day", async () => {
    const tag = randomBytes(3).toString('hex');
    const now = Date.now();
    const name = (run: string, made: number) =>
      `beatwise_t_r${run}_${made.toString(36)}_${process.pid}_${randomBytes(4).toString('hex')}`;
    const mine = name(`mine${tag}`, now);
    const old = name(`old${tag}`, now - 2 * 86_400_000);
    const other = name(`other${tag}`, now);
    assert.deepEqual(parseName(old), { run: `old${tag}`, made: now - 2 * 86_400_000 });
    assert.equal(parseName('beatwise_t_1234_abcd'), null, 'names of another form are never touched');
    for (const n of [mine, old, other]) assert.ok((await pgQuery(`CREATE DATABASE ${n}`)).ok);
    try {
      // Before a run: only the stale one goes.
      const before = await dropDatabases({});
      assert.ok(before.includes(old));
      assert.ok(!before.includes(mine) && !before.includes(other));
      // After run `mine`: its database goes; another run's stays.
      const after = await dropDatabases({ run: `mine${tag}` });
      assert.deepEqual(after, [mine]);
      assert.equal(await exists(other), true);
    } finally {
      for (const n of [mine, old, other]) await pgQuery(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
    }
  });
});
