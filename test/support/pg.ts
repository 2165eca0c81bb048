import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests use: BEATWISE_TEST_PG, else the local one with trust auth. */
export const TEST_PG_SERVER = process.env.BEATWISE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL of database `name` on the test server. */
function urlOf(name: string): string {
  const u = new URL(TEST_PG_SERVER);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const u = new URL(TEST_PG_SERVER);
  const c = new pg.Client({
    host: u.hostname,
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || 'postgres',
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: u.pathname.slice(1) || 'postgres',
  });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Whether the test server answers (a test that needs it says so when it does not). */
export async function pgReachable(): Promise<boolean> {
  try {
    await admin((c) => c.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/** The databases this process made and has not dropped yet (dropped when the process is done). */
const made = new Set<string>();
let hooked = false;

/** Drops every database this process made that is still there (a test that never disposed its store). */
export async function dropMadeDatabases(): Promise<number> {
  const names = [...made];
  made.clear();
  if (names.length === 0) return 0;
  await admin(async (c) => {
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return names.length;
}

/**
 * A new, uniquely named, empty database on the test server; `drop()` removes it (ending any
 * connection left to it). Its name says the run (BEATWISE_TEST_RUN, set by scripts/run-tests.mjs,
 * which drops a run's databases after it) and when it was made (so a later run drops it when a day
 * old); whatever this process has not dropped by the time it has nothing left to do is dropped then.
 */
export async function throwAwayDatabase(
  label = 'test',
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const run = (process.env.BEATWISE_TEST_RUN ?? 'x').replace(/[^0-9a-z]/gi, '').toLowerCase() || 'x';
  const name = [
    'beatwise',
    label.replace(/\W/g, '_'),
    `r${run}`,
    Date.now().toString(36),
    process.pid,
    randomBytes(4).toString('hex'),
  ]
    .join('_')
    .toLowerCase();
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  made.add(name);
  if (!hooked) {
    hooked = true;
    // 'beforeExit' comes when the event loop is empty: after every test and hook of the file, and
    // again after the drops (then nothing is left to drop).
    process.on('beforeExit', () => {
      if (made.size) dropMadeDatabases().catch(() => {});
    });
  }
  return {
    url: urlOf(name),
    name,
    drop: async () => {
      made.delete(name);
      await admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
    },
  };
}
