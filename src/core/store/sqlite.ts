import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { BeatwiseError } from '../errors.ts';
import { Checkpointer, type CheckpointerOptions } from './checkpointer.ts';
import { migrateToLatest } from './migrations/index.ts';
import { PLACE_COLUMNS, type Database as Schema } from './schema.ts';
import { PatientSqliteDialect } from './sqlite-patient.ts';
import type {
  BulkWriter,
  CrimeColumn,
  CrimeInserter,
  CrimeRow,
  CrimeValue,
  CubeCellValues,
  PlacementColumns,
  PlaceRow,
  Store,
} from './store.ts';

/** The embedded store: one SQLite file in WAL mode. */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly db: Kysely<Schema>;
  readonly location: string;
  readonly raw: Database.Database;
  private bulk: SqliteBulkWriter | null = null;
  /** bulkLoad calls running now; the checkpointer runs while there is one. */
  private bulkLoads = 0;
  private checkpointer: Checkpointer | null = null;
  /** wal_autocheckpoint, journal_size_limit and cache_size before bulk mode, to set back after it. */
  private walSettings: { autocheckpoint: number; sizeLimit: number; cacheSize: number } | null = null;

  private constructor(path: string, raw: Database.Database) {
    this.location = path;
    this.raw = raw;
    this.db = new Kysely<Schema>({ dialect: new PatientSqliteDialect(raw) });
  }

  static async open(path: string): Promise<SqliteStore> {
    const full = path === ':memory:' ? path : resolve(path);
    let raw: Database.Database;
    try {
      if (full !== ':memory:') mkdirSync(dirname(full), { recursive: true });
      raw = new Database(full);
      // A new store gets 16 KiB pages (SQLite's default is 4 KiB): a bulk import writes a quarter
      // as many pages to the WAL and back, ~10% less CPU for the crime import. Existing stores keep
      // theirs (a WAL database cannot change its page size).
      if (raw.pragma('page_count', { simple: true }) === 0) raw.pragma('page_size = 16384');
      raw.pragma('journal_mode = WAL');
      raw.pragma('synchronous = NORMAL');
      raw.pragma('foreign_keys = ON');
      raw.pragma('busy_timeout = 10000');
      // Bulk imports touch many index pages; a larger page cache keeps them in memory.
      raw.pragma('cache_size = -262144');
      raw.defaultSafeIntegers(false);
    } catch (e) {
      throw new BeatwiseError('store.open', `cannot open the store at ${full}: ${(e as Error).message}`);
    }
    const store = new SqliteStore(full, raw);
    await migrateToLatest(store.db as Kysely<unknown>, 'sqlite');
    return store;
  }

  async transaction<T>(fn: (tx: Kysely<Schema>, bulk: BulkWriter) => Promise<T>): Promise<T> {
    const c = this.checkpointer;
    if (c) {
      if (c.error) throw c.error;
      c.startIfDue();
      if (c.walSize() > c.maxWalBytes) await c.catchUp();
    }
    this.bulk ??= new SqliteBulkWriter(this.raw);
    const bulk = this.bulk;
    let committed = false;
    try {
      const value = await this.db.transaction().execute((tx) => fn(tx, bulk));
      committed = true;
      return value;
    } finally {
      bulk.endTransaction(committed);
    }
  }

  /**
   * For a file store: while `fn` runs, COMMIT no longer checkpoints (wal_autocheckpoint = 0); a
   * checkpointer on a worker thread does (see checkpointer.ts), started before the first transaction
   * that finds the WAL past its threshold. `opts` are for tests.
   */
  async bulkLoad<T>(fn: () => Promise<T>, opts: CheckpointerOptions = {}): Promise<T> {
    if (this.location === ':memory:') return fn();
    if (this.bulkLoads === 0) this.startBulk(opts);
    this.bulkLoads++;
    let failed = false;
    let error: unknown;
    let value: T | undefined;
    try {
      value = await fn();
    } catch (e) {
      failed = true;
      error = e;
    }
    if (--this.bulkLoads === 0) {
      try {
        await this.endBulk();
      } catch (e) {
        if (!failed) throw e;
        // fn's error is the one to throw; the checkpointer's must still be seen.
        process.emitWarning(e as Error);
      }
    }
    if (failed) throw error;
    return value as T;
  }

  /** The checkpointer of the bulk load running now (for tests). */
  get bulkCheckpointer(): Checkpointer | null {
    return this.checkpointer;
  }

  private startBulk(opts: CheckpointerOptions): void {
    this.checkpointer = Checkpointer.whenDue(this.location, opts);
    this.walSettings = {
      autocheckpoint: this.raw.pragma('wal_autocheckpoint', { simple: true }) as number,
      sizeLimit: this.raw.pragma('journal_size_limit', { simple: true }) as number,
      cacheSize: this.raw.pragma('cache_size', { simple: true }) as number,
    };
    this.raw.pragma('wal_autocheckpoint = 0');
    // A bulk load appends: it needs the pages it is filling and the index pages of the month it is
    // keying, not the whole store. A small cache saves touching ~200 MB of fresh memory for the 1M-row
    // benchmark (peak RSS 610 → 440 MB, system time 0.85 → 0.75 s) at no cost in speed.
    this.raw.pragma(`cache_size = ${BULK_CACHE_SIZE}`);
    // A WAL that restarted after a catch-up is cut back to this size at the next commit, so its size
    // says how much was written since: what the checkpointer and catch-ups go by.
    this.raw.pragma(`journal_size_limit = ${this.checkpointer.walBytes}`);
  }

  private async endBulk(): Promise<void> {
    const c = this.checkpointer;
    const saved = this.walSettings;
    this.checkpointer = null;
    this.walSettings = null;
    if (saved && this.raw.open) {
      this.raw.pragma(`wal_autocheckpoint = ${saved.autocheckpoint}`);
      this.raw.pragma(`journal_size_limit = ${saved.sizeLimit}`);
      this.raw.pragma(`cache_size = ${saved.cacheSize}`);
    }
    await c?.stop();
  }

  async close(): Promise<void> {
    if (this.checkpointer) await this.endBulk();
    await this.db.destroy();
  }
}

/** Page cache during a bulk load, as `PRAGMA cache_size` takes it (negative: KiB). */
const BULK_CACHE_SIZE = -32768;

class SqliteBulkWriter implements BulkWriter {
  private readonly addPlace: Database.Statement;
  private readonly findPlaces: Database.Statement<[number], PlacePoint & { id: number }>;
  private readonly readPlace: Database.Statement<[number], PlacePoint>;
  private readonly placeAt: Database.Statement;
  private readonly placeArgs: unknown[] = new Array(1 + PLACE_COLUMNS.length);
  private readonly cube: Database.Statement;
  /** Multi-row cube upserts by force and level (cubeManyFor). */
  private readonly cubeMany = new Map<string, Database.Statement>();
  private readonly cubeArgs: unknown[] = new Array(CUBE_ROWS * 6);
  private readonly findLabel: Database.Statement<[string], { id: number }>;
  private readonly addLabel: Database.Statement;
  private readonly labels = new Map<string, number>();
  /** Per force, its places by placeFingerprint, read from the store at the force's first place. */
  private readonly places = new Map<number, Map<number, number>>();
  private readonly raw: Database.Database;
  /** Labels created in the current transaction: forgotten if it rolls back. */
  private fresh: string[] = [];
  /** Places created in the current transaction (force, key): forgotten too. */
  private freshPlaces: [Map<number, number>, number][] = [];

  constructor(raw: Database.Database) {
    this.raw = raw;
    const cols = PLACE_COLUMNS.join(', ');
    this.addPlace = raw.prepare(
      `INSERT INTO places (force_id, ${cols}) VALUES (?, ${PLACE_COLUMNS.map(() => '?').join(', ')})`,
    );
    const point = 'location, lsoa_given, lsoa_name_given, lon, lat, easting, northing';
    this.findPlaces = raw.prepare(`SELECT id, ${point} FROM places WHERE force_id = ?`);
    this.readPlace = raw.prepare(`SELECT ${point} FROM places WHERE id = ?`);
    this.placeAt = raw.prepare(
      `UPDATE places SET placement = ?, lsoa_id = ?, msoa_id = ?, ward_id = ?, district_id = ?, team_id = ?,
        unit_id = ?, impact_area_ids = ? WHERE id = ?`,
    );
    this.cube = raw.prepare(cubeUpsert('(?, ?, ?, ?, ?, ?, ?, ?)'));
    this.findLabel = raw.prepare('SELECT id FROM labels WHERE text = ?');
    this.addLabel = raw.prepare('INSERT INTO labels (text) VALUES (?)');
  }

  crimeInserter(columns: readonly CrimeColumn[], fixed: Partial<CrimeRow>): CrimeInserter {
    return new SqliteCrimeInserter(this.raw, columns, fixed);
  }

  place(forceId: number, p: PlaceRow): number {
    let known = this.places.get(forceId);
    if (!known) {
      known = new Map();
      for (const r of this.findPlaces.iterate(forceId)) known.set(placeFingerprint(r), r.id);
      this.places.set(forceId, known);
    }
    const f = placeFingerprint(p);
    const found = known.get(f);
    if (found !== undefined && this.samePlace(found, p)) return found;
    const a = this.placeArgs;
    a[0] = forceId;
    for (let i = 0; i < PLACE_COLUMNS.length; i++) a[i + 1] = p[PLACE_COLUMNS[i]];
    const made = Number(this.addPlace.run(...a).lastInsertRowid);
    // Another place with the same fingerprint (about 2⁻⁵³ a pair) keeps the map's entry; this one
    // is then made again each time it is asked for: still right, only not shared.
    if (found === undefined) {
      known.set(f, made);
      this.freshPlaces.push([known, f]);
    }
    return made;
  }

  private samePlace(id: number, p: PlacePoint): boolean {
    const r = this.readPlace.get(id);
    return (
      r !== undefined &&
      r.location === p.location &&
      r.lsoa_given === p.lsoa_given &&
      r.lsoa_name_given === p.lsoa_name_given &&
      r.lon === p.lon &&
      r.lat === p.lat &&
      r.easting === p.easting &&
      r.northing === p.northing
    );
  }

  updatePlacement(placeId: number, p: PlacementColumns): void {
    this.placeAt.run(
      p.placement,
      p.lsoa_id,
      p.msoa_id,
      p.ward_id,
      p.district_id,
      p.team_id,
      p.unit_id,
      p.impact_area_ids,
      placeId,
    );
  }

  addToCube(forceId: number, c: CubeCellValues): void {
    this.cube.run(forceId, c.level, c.area_id, c.month, c.category, c.count, c.harm_milli, c.unweighted);
  }

  addToCubeMany(forceId: number, cells: readonly CubeCellValues[]): void {
    const a = this.cubeArgs;
    let i = 0;
    while (i < cells.length) {
      // A run of cells of one level goes 64 at a time through that level's statement.
      const level = cells[i].level;
      let end = i + 1;
      while (end < cells.length && cells[end].level === level) end++;
      const many = this.cubeManyFor(forceId, level);
      for (; i + CUBE_ROWS <= end; i += CUBE_ROWS) {
        for (let k = 0; k < CUBE_ROWS; k++) {
          const c = cells[i + k];
          const o = k * 6;
          a[o] = c.area_id;
          a[o + 1] = c.month;
          a[o + 2] = c.category;
          a[o + 3] = c.count;
          a[o + 4] = c.harm_milli;
          a[o + 5] = c.unweighted;
        }
        many.run(...a);
      }
      for (; i < end; i++) this.addToCube(forceId, cells[i]);
    }
  }

  /** The multi-row cube upsert of one force and level, which it writes into the statement. */
  private cubeManyFor(forceId: number, level: string): Database.Statement {
    const key = `${forceId}\u0000${level}`;
    let st = this.cubeMany.get(key);
    if (!st) {
      const cell = `(${forceId}, '${level.replaceAll("'", "''")}', ?, ?, ?, ?, ?, ?)`;
      st = this.raw.prepare(cubeUpsert(new Array(CUBE_ROWS).fill(cell).join(', ')));
      this.cubeMany.set(key, st);
    }
    return st;
  }

  label(text: string): number {
    const known = this.labels.get(text);
    if (known !== undefined) return known;
    let id = this.findLabel.get(text)?.id;
    if (id === undefined) {
      id = Number(this.addLabel.run(text).lastInsertRowid);
      this.fresh.push(text);
    }
    this.labels.set(text, id);
    return id;
  }

  /**
   * After a transaction ends: the ids created in one that rolled back are gone, so forget them (they
   * are looked up or made again when next asked for).
   */
  endTransaction(committed: boolean): void {
    if (!committed) {
      for (const t of this.fresh) this.labels.delete(t);
      for (const [known, key] of this.freshPlaces) known.delete(key);
    }
    this.fresh = [];
    this.freshPlaces = [];
  }
}

/** What tells a force's places apart: the point and the labels the files gave it. */
type PlacePoint = Pick<
  PlaceRow,
  'location' | 'lsoa_given' | 'lsoa_name_given' | 'lon' | 'lat' | 'easting' | 'northing'
>;

/**
 * A 53-bit fingerprint of what tells places apart: the three label ids and the coordinates' bit
 * patterns (NULL as NaN, -0 as 0). Equal places have equal fingerprints; a place found by its
 * fingerprint is still compared with the one asked for (SqliteBulkWriter.samePlace).
 */
function placeFingerprint(p: PlacePoint): number {
  const b = keyBits;
  b[0] = p.lon ?? Number.NaN;
  b[1] = p.lat ?? Number.NaN;
  b[2] = p.easting ?? Number.NaN;
  b[3] = p.northing ?? Number.NaN;
  for (let i = 0; i < 4; i++) if (b[i] === 0) b[i] = 0;
  const w = keyWords;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const x of [
    p.location,
    p.lsoa_given,
    p.lsoa_name_given,
    w[0],
    w[1],
    w[2],
    w[3],
    w[4],
    w[5],
    w[6],
    w[7],
  ]) {
    h1 = Math.imul(h1 ^ x, 0x01000193);
    h2 = Math.imul(h2 ^ x, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 16;
  return (h1 >>> 0) * 2 ** 21 + (h2 >>> 11);
}

const keyBits = new Float64Array(4);
const keyWords = new Int32Array(keyBits.buffer);

/** The cube upsert of the cells `values` gives (SQL tuples in the cube's column order). */
function cubeUpsert(values: string): string {
  return `INSERT INTO cube (force_id, level, area_id, month, category, count, harm_milli, unweighted)
    VALUES ${values}
    ON CONFLICT (force_id, level, area_id, month, category) DO UPDATE SET count = count + excluded.count,
      harm_milli = harm_milli + excluded.harm_milli, unweighted = unweighted + excluded.unweighted`;
}

/** Cube cells per multi-row upsert. */
const CUBE_ROWS = 64;

/** Rows per multi-row INSERT: one statement per 64 rows costs ~25% less than one per row. */
const INSERT_ROWS = 64;

/**
 * Multi-row INSERT into crimes that skips rows whose natural key is present. A statement that stores fewer rows than it was given
 * held duplicates: which ones is found by looking each key up (the rows it stored have the ids just
 * below `lastInsertRowid`), so duplicates are still known row by row.
 */
class SqliteCrimeInserter implements CrimeInserter {
  readonly batchRows = INSERT_ROWS;
  private readonly many: Database.Statement;
  private readonly one: Database.Statement;
  private readonly find: Database.Statement<[number, number, bigint | number], StoredCrime>;
  /** Columns compared to tell a conflict from a duplicate (see CrimeInserter.insert), and where. */
  private readonly compared: readonly CrimeColumn[];
  private readonly comparedAt: readonly number[];
  private readonly idAt: number;
  private readonly setOutcome: Database.Statement | null;
  private readonly outcomeAt: number;
  readonly differ: string[] = new Array<string>(INSERT_ROWS).fill('');
  private readonly width: number;
  private readonly args: CrimeValue[];
  /** The columns of force, month and key, or -1 when the value is fixed. */
  private readonly forceAt: number;
  private readonly monthAt: number;
  private readonly keyAt: number;
  private readonly fixed: Partial<CrimeRow>;

  constructor(raw: Database.Database, columns: readonly CrimeColumn[], fixed: Partial<CrimeRow>) {
    const fixedCols = (Object.keys(fixed) as CrimeColumn[]).filter((c) => !columns.includes(c));
    const names = [...columns, ...fixedCols].join(', ');
    const literals = fixedCols.map((c) => sqlLiteral(c, fixed[c]));
    const tuple = `(${[...columns.map(() => '?'), ...literals].join(', ')})`;
    // OR IGNORE, not ON CONFLICT (key) DO NOTHING: the latter costs ~40% more here. A row ignored
    // for another reason than its key (a NOT NULL column given NULL) is caught in insert().
    const insert = `INSERT OR IGNORE INTO crime_records (${names}) VALUES `;
    this.many = raw.prepare(insert + new Array(INSERT_ROWS).fill(tuple).join(', '));
    this.one = raw.prepare(insert + tuple);
    this.compared = columns.filter((c) => c !== 'month' && c !== 'crime_key' && c !== 'crime_id');
    this.comparedAt = this.compared.map((c) => columns.indexOf(c));
    this.idAt = columns.indexOf('crime_id');
    this.find = raw.prepare(
      `SELECT ${['id', ...this.compared].join(', ')} FROM crime_records WHERE force_id = ? AND month = ? AND crime_key = ?`,
    );
    this.outcomeAt = columns.indexOf('outcome');
    this.setOutcome = columns.includes('outcome')
      ? raw.prepare('UPDATE crime_records SET outcome = ? WHERE id = ?')
      : null;
    this.width = columns.length;
    this.args = new Array(columns.length);
    this.fixed = fixed;
    this.forceAt = columns.indexOf('force_id');
    this.monthAt = columns.indexOf('month');
    this.keyAt = columns.indexOf('crime_key');
    for (const [c, at] of [
      ['force_id', this.forceAt],
      ['month', this.monthAt],
      ['crime_key', this.keyAt],
    ] as const) {
      if (at < 0 && fixed[c] === undefined) throw new Error(`crimeInserter: ${c} must be a column or fixed`);
    }
  }

  insert(values: readonly CrimeValue[], rows: number, inserted: Uint8Array): number {
    const w = this.width;
    if (rows === INSERT_ROWS) {
      // Spread, not an array: better-sqlite3 then reads the call's arguments directly instead of
      // looking up each element of an array object (~20% less CPU for the whole insert).
      const info = this.many.run(...(values.length === rows * w ? values : values.slice(0, rows * w)));
      const stored = info.changes;
      if (stored === rows) {
        inserted.fill(1, 0, rows);
        return rows;
      }
      // Some rows were duplicates: those this statement stored have ids (last - stored, last].
      const last = stored === 0 ? 0 : Number(info.lastInsertRowid);
      const seen = new Set<string>();
      for (let r = 0; r < rows; r++) {
        const force = this.value(values, r, this.forceAt, 'force_id') as number;
        const month = this.value(values, r, this.monthAt, 'month') as number;
        const key = this.value(values, r, this.keyAt, 'crime_key') as bigint | number;
        const found = this.find.get(force, month, key);
        if (found === undefined) throw refused(values.slice(r * w, r * w + w));
        const id = found.id;
        const seenKey = `${force}:${month}:${key}`;
        const isNew = id > last - stored && id <= last && !seen.has(seenKey);
        seen.add(seenKey);
        inserted[r] = isNew ? 1 : this.conflict(values, r, found);
      }
      return stored;
    }
    let stored = 0;
    const args = this.args;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < w; c++) args[c] = values[r * w + c];
      const isNew = this.one.run(...args).changes === 1;
      inserted[r] = 1;
      if (!isNew) {
        const force = this.value(values, r, this.forceAt, 'force_id') as number;
        const month = this.value(values, r, this.monthAt, 'month') as number;
        const key = this.value(values, r, this.keyAt, 'crime_key') as bigint | number;
        const found = this.find.get(force, month, key);
        if (found === undefined) throw refused(args);
        inserted[r] = this.conflict(values, r, found);
      }
      if (isNew) stored++;
    }
    return stored;
  }

  /**
   * 0 when row r is a duplicate of the stored crime, or 2 when it is a conflict: it has a crime_id
   * and some compared column differs. The stored crime then takes the row's outcome (the later one).
   */
  private conflict(values: readonly CrimeValue[], r: number, stored: StoredCrime): number {
    const o = r * this.width;
    if (this.idAt < 0 || values[o + this.idAt] === null) return 0;
    let differ = '';
    for (let k = 0; k < this.compared.length; k++) {
      const a = stored[this.compared[k]];
      const b = values[o + this.comparedAt[k]];
      if (a === b || (a !== null && b !== null && String(a) === String(b))) continue;
      differ += differ ? `, ${this.compared[k]}` : this.compared[k];
    }
    if (!differ) return 0;
    this.differ[r] = differ;
    if (this.setOutcome) this.setOutcome.run(values[o + this.outcomeAt], stored.id);
    return 2;
  }

  private value(values: readonly CrimeValue[], row: number, at: number, col: CrimeColumn): CrimeValue {
    return at >= 0 ? values[row * this.width + at] : (this.fixed[col] as CrimeValue);
  }
}

function refused(values: readonly CrimeValue[]): Error {
  return new Error(`the store refused a crime row that is not a duplicate: ${values.map(String).join(', ')}`);
}

/** A stored crime as the inserter reads it back: its id and the compared columns. */
type StoredCrime = { id: number } & Partial<Record<CrimeColumn, CrimeValue>>;

/** A fixed value written into the statement (it is the same for every row). */
function sqlLiteral(column: string, v: CrimeValue | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  throw new Error(`crimeInserter: fixed ${column} must be an integer, a text or null, got ${v}`);
}
