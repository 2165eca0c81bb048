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

/**
 * A new, uniquely named, empty database on the test server; `drop()` removes it (ending any
 * connection left to it).
 */
export async function throwAwayDatabase(
  label = 'test',
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name =
    `beatwise_${label.replace(/\W/g, '_')}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: urlOf(name),
    name,
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
