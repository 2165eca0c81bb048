import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { BeatwiseError } from '../errors.ts';
import { migrateToLatest } from './migrations/index.ts';
import { ensureSpatial } from './postgis.ts';
import { emptyCaches, PgBulkWriter } from './postgres-bulk.ts';
import type { Database as Schema } from './schema.ts';
import type { BulkWriter, Store } from './store.ts';

/** True when `location` names a PostgreSQL database (postgres:// or postgresql://). */
export function isPostgresUrl(location: string | undefined): location is string {
  return location !== undefined && /^postgres(ql)?:\/\//i.test(location);
}

/** The URL with its password replaced by '***', for messages and `Store.location`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

const INT8 = 20;
const NUMERIC = 1700;

/**
 * pg hands bigint (`count(*)`, ids, `sum` of integers) and numeric (`sum`, `avg`) back as strings;
 * the SQLite store gives numbers. Integers that fit a double exactly become numbers, larger ones
 * bigints (a 63-bit crime key); numerics become numbers.
 */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) {
      return (v: string) => {
        const n = Number(v);
        return Number.isSafeInteger(n) ? n : BigInt(v);
      };
    }
    if (oid === NUMERIC) return (v: string) => Number(v);
    return format === 'binary'
      ? pg.types.getTypeParser(oid as Parameters<typeof pg.types.getTypeParser>[0], 'binary')
      : pg.types.getTypeParser(oid as Parameters<typeof pg.types.getTypeParser>[0], 'text');
  },
};

/** The connection settings of a postgres:// URL, with an explicit user (pg would take the OS user). */
export function poolConfig(url: string, max = 10): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || 'postgres',
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    max,
    types: typeParsers,
    // A bulk load runs long statements; an idle connection goes after 30 s.
    idleTimeoutMillis: 30_000,
    // Idle connections do not keep a process alive (a CLI command, a test file that never closed its store).
    allowExitOnIdle: true,
  };
}

/** The server store: a PostgreSQL database, queried through Kysely; bulk writes through pg. */
export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  readonly db: Kysely<Schema>;
  readonly location: string;
  readonly pool: pg.Pool;
  /** Label and place ids committed so far (neither is ever deleted), shared by the bulk writers. */
  private readonly ids = emptyCaches();
  /** Whether this database has the PostGIS layer (postgis.ts: geometry columns and GIS views). */
  postgis = false;

  private constructor(url: string, pool: pg.Pool) {
    this.location = redactUrl(url);
    this.pool = pool;
    this.db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  }

  static async open(url: string, opts: { max?: number } = {}): Promise<PostgresStore> {
    let pool: pg.Pool;
    try {
      pool = new pg.Pool(poolConfig(url, opts.max));
      // Errors of idle clients (the server restarted) must not crash the process.
      pool.on('error', () => {});
      const c = await pool.connect();
      c.release();
    } catch (e) {
      throw new BeatwiseError(
        'store.open',
        `cannot open the PostgreSQL store at ${redactUrl(url)}: ${(e as Error).message}`,
      );
    }
    const store = new PostgresStore(url, pool);
    try {
      // Two processes opening a new database at once must not both run the migrations.
      await store.withClient(async (c) => {
        await c.query('SELECT pg_advisory_lock(727001)');
        try {
          await migrateToLatest(
            new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new OneClientPool(c) }) }),
            'postgres',
          );
          // BEATWISE_POSTGIS=off leaves the spatial layer out even where PostGIS is installed.
          if (process.env.BEATWISE_POSTGIS !== 'off') store.postgis = await ensureSpatial(c);
        } finally {
          await c.query('SELECT pg_advisory_unlock(727001)');
        }
      });
    } catch (e) {
      await pool.end();
      throw e;
    }
    return store;
  }

  /** Runs `fn` with one connection of the pool, released after. */
  async withClient<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      return await fn(c);
    } finally {
      c.release();
    }
  }

  /**
   * One connection, BEGIN … COMMIT around `fn`. The bulk writer's buffered writes (new labels and
   * places, cube cells, placements) go to the server before any query `fn` makes through `tx` and before COMMIT, so the
   * transaction reads what it wrote.
   */
  async transaction<T>(fn: (tx: Kysely<Schema>, bulk: BulkWriter) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const bulk = new PgBulkWriter(client, this.ids);
    const tx = new Kysely<Schema>({
      dialect: new PostgresDialect({ pool: new OneClientPool(client, () => bulk.flush()) }),
    });
    let broken = false;
    try {
      await client.query('BEGIN');
      const value = await fn(tx, bulk);
      await bulk.flush();
      await client.query('COMMIT');
      bulk.committed();
      return value;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw e;
    } finally {
      client.release(broken);
    }
  }

  /** Nothing to set on PostgreSQL: a plain call of `fn`. */
  async bulkLoad<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  private closed = false;

  /** Ends the pool; a second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.destroy();
  }
}

/**
 * A "pool" of one connection held by the caller: Kysely's PostgresDialect runs every query of a
 * transaction on it. `before` runs ahead of each query (the bulk writer's flush).
 */
export class OneClientPool implements PostgresPool {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly before?: () => Promise<void>,
  ) {}

  async connect(): Promise<PostgresPoolClient> {
    const client = this.client;
    const before = this.before;
    const query = async <R>(sql: string, parameters: ReadonlyArray<unknown>) => {
      if (before) await before();
      const r = await client.query(sql, parameters as unknown[]);
      return {
        command: r.command as 'SELECT',
        rowCount: r.rowCount ?? 0,
        rows: r.rows as R[],
      };
    };
    return {
      query: query as PostgresPoolClient['query'],
      release: () => {},
    };
  }

  async end(): Promise<void> {}
}
