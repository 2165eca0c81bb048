// The test runs' throw-away PostgreSQL databases (test/support/pg.ts makes them): their names, and
// dropping those a run left behind or that are older than a day. Plain JS for scripts/run-tests.mjs.
import pg from 'pg';

/** The PostgreSQL server tests use: BEATWISE_TEST_PG, else the local one with trust auth. */
export function testServer(env = process.env) {
  return env.BEATWISE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** Runs `sql` on the test server's maintenance database; never throws. */
export async function pgQuery(sql, server = testServer()) {
  const u = new URL(server);
  const c = new pg.Client({
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || 'postgres',
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: u.pathname.slice(1) || 'postgres',
    connectionTimeoutMillis: 3000,
  });
  try {
    await c.connect();
    const r = await c.query(sql);
    return { ok: true, rows: r.rows };
  } catch (e) {
    return { ok: false, error: e.message };
  } finally {
    await c.end().catch(() => {});
  }
}

/**
 * The run and the time of making a throw-away database's name says
 * (beatwise_<label>_r<run>_<ms since 1970, base 36>_<pid>_<hex>), or null for any other name.
 */
export function parseName(name) {
  const m = /^beatwise_\w+?_r([0-9a-z]+)_([0-9a-z]+)_\d+_[0-9a-f]+$/.exec(name);
  return m ? { run: m[1], made: Number.parseInt(m[2], 36) } : null;
}

/**
 * Drops the throw-away databases of run `run` (when given) and those made more than `maxAgeMs`
 * ago (a day), ending any connection left to them. Returns the names dropped.
 */
export async function dropDatabases({ run, maxAgeMs = 86_400_000, now = Date.now(), server } = {}) {
  const list = await pgQuery(`SELECT datname FROM pg_database WHERE datname LIKE 'beatwise\\_%'`, server);
  if (!list.ok) return [];
  const dropped = [];
  for (const { datname } of list.rows) {
    const p = parseName(datname);
    if (!p || !((run && p.run === run) || p.made < now - maxAgeMs)) continue;
    const r = await pgQuery(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`, server);
    if (r.ok) dropped.push(datname);
  }
  return dropped;
}
