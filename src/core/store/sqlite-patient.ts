/**
 * Kysely's SQLite dialect, made patient without blocking: when another connection holds the write
 * lock (an upload's import on its worker thread commits a whole file in one transaction), a write
 * through Kysely waits for it asynchronously, so the server keeps answering other requests.
 *
 * better-sqlite3 is synchronous: with `busy_timeout` set, a statement that meets a lock spins inside
 * SQLite and the event loop stops until the lock is free, for every user. Here each Kysely
 * statement runs with `busy_timeout = 0`; SQLITE_BUSY is caught and the statement retried after a
 * timer, up to the store's usual patience (`busy_timeout` as it was set). Transactions begin with
 * `BEGIN IMMEDIATE`, so the only statement that can meet the lock is the BEGIN itself, which is safe
 * to retry (a deferred transaction could instead fail half-way, when a read turns into a write).
 * Raw better-sqlite3 statements (the importer's bulk writer) keep the blocking busy handler.
 */
import type Database from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type TransactionSettings,
} from 'kysely';

const FIRST_WAIT_MS = 2;
const LONGEST_WAIT_MS = 50;

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs one statement with SQLite's busy handler off, retrying on a timer while the lock is held. */
async function patiently<T>(raw: Database.Database, run: () => Promise<T>): Promise<T> {
  const patience = raw.pragma('busy_timeout', { simple: true }) as number;
  const deadline = Date.now() + patience;
  let wait = FIRST_WAIT_MS;
  for (;;) {
    raw.pragma('busy_timeout = 0');
    try {
      return await run();
    } catch (e) {
      if (!isBusy(e) || Date.now() >= deadline) throw e;
    } finally {
      raw.pragma(`busy_timeout = ${patience}`);
    }
    await sleep(wait);
    wait = Math.min(LONGEST_WAIT_MS, wait * 2);
  }
}

class PatientConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly raw: Database.Database,
  ) {}

  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    return patiently(this.raw, () => this.inner.executeQuery<R>(q));
  }

  streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(q, chunkSize);
  }
}

class PatientDriver implements Driver {
  private readonly wrapped = new WeakMap<DatabaseConnection, PatientConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly raw: Database.Database,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const c = await this.inner.acquireConnection();
    let p = this.wrapped.get(c);
    if (!p) {
      p = new PatientConnection(c, this.raw);
      this.wrapped.set(c, p);
    }
    return p;
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(
      connection instanceof PatientConnection ? connection.inner : connection,
    );
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** Kysely's SQLite dialect whose writes wait for another connection's lock without blocking. */
export class PatientSqliteDialect extends SqliteDialect {
  constructor(private readonly raw: Database.Database) {
    super({ database: raw });
  }

  override createDriver(): Driver {
    return new PatientDriver(super.createDriver(), this.raw);
  }
}
