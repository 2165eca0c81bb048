/**
 * `beatwise copy --from FILE.db --to postgres://…`: moves a whole SQLite store into an empty
 * PostgreSQL store (its migrations already run), table by table through COPY, in one transaction;
 * then reads both back and compares each table's row count and an order-free checksum of its rows.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BeatwiseError } from '../errors.ts';
import { ensureSpatial } from './postgis.ts';
import { PostgresStore } from './postgres.ts';
import { SqliteStore } from './sqlite.ts';

/** One table's comparison after the copy. */
export interface TableCheck {
  table: string;
  sqliteRows: number;
  postgresRows: number;
  sqliteChecksum: string;
  postgresChecksum: string;
  same: boolean;
}

export interface CopyReport {
  tables: TableCheck[];
  /** Tables of the SQLite store the PostgreSQL schema does not have (not copied). */
  skipped: string[];
  rows: number;
  seconds: number;
  /** True when every table has the same count and checksum on both sides. */
  same: boolean;
}

/** Migration bookkeeping: each store keeps its own. */
const NOT_COPIED = new Set(['kysely_migration', 'kysely_migration_lock']);
/** Rows per COPY write and per page read back. */
const PAGE = 20_000;

type PgColumn = { name: string; type: string };

/** Copies `from` (a SQLite file) into `to` (a postgres:// URL, whose store must hold no forces and no users). */
export async function copyStore(
  from: string,
  to: string,
  log: (m: string) => void = () => {},
): Promise<CopyReport> {
  const t0 = performance.now();
  const src = await SqliteStore.open(from);
  const dst = await PostgresStore.open(to);
  try {
    const busy = await dst.pool.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM forces) + (SELECT count(*) FROM "user") AS n',
    );
    if (Number(busy.rows[0]?.n) > 0) {
      throw new BeatwiseError(
        'copy.not_empty',
        `the PostgreSQL store at ${dst.location} already holds forces or users: copy into a new, empty database`,
      );
    }
    const tables = (
      src.raw
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as {
        name: string;
      }[]
    )
      .map((r) => r.name)
      .filter((t) => !NOT_COPIED.has(t));
    const pgColumns = await columnsOf(dst.pool);
    const copied = tables.filter((t) => pgColumns.has(t));
    const skipped = tables.filter((t) => !pgColumns.has(t));
    let rows = 0;
    await dst.withClient(async (c) => {
      await c.query('BEGIN');
      try {
        // Foreign keys and triggers (areas' version counter, the audit log's guard) stay out of the
        // way of a copy: the rows are the source's, checked when they were written.
        await c.query("SET LOCAL session_replication_role = 'replica'");
        await c.query(`TRUNCATE ${copied.map(quote).join(', ')}`);
        for (const t of copied) {
          const cols = sqliteColumns(src, t).filter((col) => pgColumns.get(t)?.some((p) => p.name === col));
          const types = cols.map((col) => pgColumns.get(t)?.find((p) => p.name === col)?.type ?? 'text');
          const n = await copyTable(src, c, t, cols, types);
          rows += n;
          log(`${t}: ${n.toLocaleString('en-GB')} rows`);
        }
        for (const t of copied) {
          // Auto-numbered ids go on after the highest copied one (text ids, the auth tables', have no sequence).
          if (
            !pgColumns.get(t)?.some((p) => p.name === 'id' && (p.type === 'bigint' || p.type === 'integer'))
          )
            continue;
          await c.query(
            `SELECT setval(s, coalesce((SELECT max(id) FROM ${quote(t)}), 0) + 1, false)
              FROM pg_get_serial_sequence($1, 'id') AS s WHERE s IS NOT NULL`,
            [quote(t)],
          );
        }
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK');
        throw e;
      }
    });
    const checks: TableCheck[] = [];
    for (const t of copied) {
      const cols = sqliteColumns(src, t).filter((col) => pgColumns.get(t)?.some((p) => p.name === col));
      const types = cols.map((col) => pgColumns.get(t)?.find((p) => p.name === col)?.type ?? 'text');
      const a = sqliteChecksum(src, t, cols, types);
      const b = await postgresChecksum(dst.pool, t, cols, types);
      checks.push({
        table: t,
        sqliteRows: a.rows,
        postgresRows: b.rows,
        sqliteChecksum: a.sum,
        postgresChecksum: b.sum,
        same: a.rows === b.rows && a.sum === b.sum,
      });
    }
    // The copy held triggers off: fill the geometry columns of the rows it brought (postgis.ts). After
    // the comparison: filling them counts as a change of the areas (data_versions).
    if (dst.postgis) await dst.withClient(ensureSpatial);
    return {
      tables: checks,
      skipped,
      rows,
      seconds: (performance.now() - t0) / 1000,
      same: checks.every((c) => c.same),
    };
  } finally {
    await src.close();
    await dst.close();
  }
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function columnsOf(pool: pg.Pool): Promise<Map<string, PgColumn[]>> {
  const r = await pool.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const out = new Map<string, PgColumn[]>();
  for (const row of r.rows) {
    let cols = out.get(row.table_name);
    if (!cols) {
      cols = [];
      out.set(row.table_name, cols);
    }
    cols.push({ name: row.column_name, type: row.data_type });
  }
  // Views are in information_schema.columns too; only base tables are copied.
  const tables = await pool.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  const base = new Set(tables.rows.map((t) => t.table_name));
  for (const k of [...out.keys()]) if (!base.has(k)) out.delete(k);
  return out;
}

function sqliteColumns(src: SqliteStore, table: string): string[] {
  return (src.raw.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map(
    (r) => r.name,
  );
}

/** A SQLite value in COPY's text format, for a PostgreSQL column of type `type`. */
function copyValue(v: unknown, type: string): string {
  if (v === null || v === undefined) return '\\N';
  if (type === 'boolean') return v === 1n || v === 1 || v === true || v === 'true' ? 't' : 'f';
  if (type.startsWith('timestamp')) {
    if (typeof v === 'bigint' || typeof v === 'number') return new Date(Number(v)).toISOString();
    return escapeCopy(String(v));
  }
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  if (typeof v === 'string') return escapeCopy(v);
  return String(v);
}

function escapeCopy(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (ch) =>
    ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r',
  );
}

async function copyTable(
  src: SqliteStore,
  c: pg.PoolClient,
  table: string,
  cols: string[],
  types: string[],
): Promise<number> {
  if (cols.length === 0) return 0;
  const st = src.raw
    .prepare(`SELECT ${cols.map(quote).join(', ')} FROM ${quote(table)}`)
    .raw(true)
    .safeIntegers(true);
  let n = 0;
  async function* lines(): AsyncGenerator<string> {
    let text = '';
    let k = 0;
    for (const row of st.iterate() as Iterable<unknown[]>) {
      let line = '';
      for (let i = 0; i < row.length; i++) line += (i ? '\t' : '') + copyValue(row[i], types[i]);
      text += `${line}\n`;
      n++;
      if (++k === PAGE) {
        yield text;
        text = '';
        k = 0;
      }
    }
    if (text) yield text;
  }
  await pipeline(
    Readable.from(lines()),
    c.query(copyFrom(`COPY ${quote(table)} (${cols.map(quote).join(', ')}) FROM STDIN`)),
  );
  return n;
}

/**
 * One value as both sides compare it: integers and floats by their decimal text, booleans as 0/1,
 * times as epoch milliseconds, bytes as hex, NULL apart from every text.
 */
function canonical(v: unknown, type: string): string {
  if (v === null || v === undefined) return '\u0000N';
  if (type === 'boolean') return v === true || v === 1 || v === 1n || v === 't' ? '1' : '0';
  if (type.startsWith('timestamp')) {
    if (v instanceof Date) return String(v.getTime());
    if (typeof v === 'number' || typeof v === 'bigint') return String(Number(v));
    return String(Date.parse(String(v)));
  }
  if (Buffer.isBuffer(v)) return v.toString('hex');
  return String(v);
}

/** Sums of the rows' hashes (mod 2⁶⁴): the same whatever order the rows are read in. */
class RowSum {
  rows = 0;
  private sum = 0n;
  add(row: readonly unknown[], types: readonly string[]): void {
    const h = createHash('sha1');
    for (let i = 0; i < row.length; i++) h.update(`${canonical(row[i], types[i])}\u0001`);
    this.sum = (this.sum + h.digest().readBigUInt64BE(0)) & 0xffffffffffffffffn;
    this.rows++;
  }
  get hex(): string {
    return this.sum.toString(16).padStart(16, '0');
  }
}

function sqliteChecksum(
  src: SqliteStore,
  table: string,
  cols: string[],
  types: string[],
): { rows: number; sum: string } {
  const s = new RowSum();
  if (cols.length > 0) {
    const st = src.raw
      .prepare(`SELECT ${cols.map(quote).join(', ')} FROM ${quote(table)}`)
      .raw(true)
      .safeIntegers(true);
    for (const row of st.iterate() as Iterable<unknown[]>) s.add(row, types);
  }
  return { rows: s.rows, sum: s.hex };
}

async function postgresChecksum(
  pool: pg.Pool,
  table: string,
  cols: string[],
  types: string[],
): Promise<{ rows: number; sum: string }> {
  const s = new RowSum();
  if (cols.length === 0) return { rows: 0, sum: s.hex };
  // Pages by position in a stable order (every column), read in one snapshot.
  const c = await pool.connect();
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const list = cols.map(quote).join(', ');
    const at = cols.indexOf('id');
    if (at >= 0) {
      // Keyed by id: each page starts where the last ended.
      let last: unknown = null;
      for (;;) {
        const r = await c.query({
          text: `SELECT ${list} FROM ${quote(table)} ${last === null ? '' : 'WHERE id > $1'} ORDER BY id LIMIT ${PAGE}`,
          values: last === null ? [] : [last],
          rowMode: 'array',
        });
        const page = r.rows as unknown[][];
        for (const row of page) s.add(row, types);
        if (page.length < PAGE) break;
        last = page[page.length - 1][at];
      }
    } else {
      const order = cols.map((_, i) => String(i + 1)).join(', ');
      for (let offset = 0; ; offset += PAGE) {
        const r = await c.query({
          text: `SELECT ${list} FROM ${quote(table)} ORDER BY ${order} LIMIT ${PAGE} OFFSET ${offset}`,
          rowMode: 'array',
        });
        for (const row of r.rows as unknown[][]) s.add(row, types);
        if (r.rows.length < PAGE) break;
      }
    }
    await c.query('COMMIT');
  } finally {
    c.release();
  }
  return { rows: s.rows, sum: s.hex };
}
