import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { BeatwiseError } from '../errors.ts';
import { migrateToLatest } from './migrations/index.ts';
import type { Database as Schema } from './schema.ts';
import type { BulkWriter, CrimeRow, CubeCellValues, PlacementColumns, Store } from './store.ts';

const CRIME_COLUMNS: (keyof CrimeRow)[] = [
  'force_id',
  'month',
  'crime_key',
  'crime_id',
  'source',
  'category',
  'reported_by',
  'falls_within',
  'location',
  'lsoa_given',
  'lsoa_name_given',
  'outcome',
  'context',
  'lon',
  'lat',
  'easting',
  'northing',
  'placement',
  'lsoa_id',
  'msoa_id',
  'ward_id',
  'district_id',
  'team_id',
  'unit_id',
  'impact_area_ids',
  'offence_code',
  'offence_subcode',
  'occurred_from',
  'occurred_to',
  'recorded_at',
  'victim_age',
  'vulnerable',
  'domestic',
  'attended_at',
  'declined_attendance',
  'import_id',
];

/** The embedded store: one SQLite file in WAL mode. */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly db: Kysely<Schema>;
  readonly location: string;
  readonly raw: Database.Database;
  private bulk: SqliteBulkWriter | null = null;

  private constructor(path: string, raw: Database.Database) {
    this.location = path;
    this.raw = raw;
    this.db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw }) });
  }

  static async open(path: string): Promise<SqliteStore> {
    const full = path === ':memory:' ? path : resolve(path);
    let raw: Database.Database;
    try {
      if (full !== ':memory:') mkdirSync(dirname(full), { recursive: true });
      raw = new Database(full);
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
    this.bulk ??= new SqliteBulkWriter(this.raw);
    const bulk = this.bulk;
    return this.db.transaction().execute(async (tx) => {
      try {
        return await fn(tx, bulk);
      } finally {
        bulk.forgetNewLabels();
      }
    });
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

class SqliteBulkWriter implements BulkWriter {
  private readonly insert: Database.Statement;
  private readonly place: Database.Statement;
  private readonly cube: Database.Statement;
  private readonly findLabel: Database.Statement<[string], { id: number }>;
  private readonly addLabel: Database.Statement;
  private readonly labels = new Map<string, number>();
  private readonly args: unknown[] = new Array(CRIME_COLUMNS.length);
  /** Labels created in the current transaction: forgotten if it rolls back. */
  private fresh: string[] = [];

  constructor(raw: Database.Database) {
    const cols = CRIME_COLUMNS.join(', ');
    const marks = CRIME_COLUMNS.map(() => '?').join(', ');
    this.insert = raw.prepare(`INSERT OR IGNORE INTO crimes (${cols}) VALUES (${marks})`);
    this.place = raw.prepare(
      `UPDATE crimes SET placement = ?, lsoa_id = ?, msoa_id = ?, ward_id = ?, district_id = ?, team_id = ?,
        unit_id = ?, impact_area_ids = ? WHERE id = ?`,
    );
    this.cube = raw.prepare(
      `INSERT INTO cube (force_id, level, area_id, month, category, count, harm_milli, unweighted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (force_id, level, area_id, month, category) DO UPDATE SET count = count + excluded.count,
         harm_milli = harm_milli + excluded.harm_milli, unweighted = unweighted + excluded.unweighted`,
    );
    this.findLabel = raw.prepare('SELECT id FROM labels WHERE text = ?');
    this.addLabel = raw.prepare('INSERT INTO labels (text) VALUES (?)');
  }

  insertCrime(row: CrimeRow): boolean {
    const a = this.args;
    for (let i = 0; i < CRIME_COLUMNS.length; i++) a[i] = row[CRIME_COLUMNS[i]];
    return this.insert.run(a).changes === 1;
  }

  updatePlacement(id: number, p: PlacementColumns): void {
    this.place.run(
      p.placement,
      p.lsoa_id,
      p.msoa_id,
      p.ward_id,
      p.district_id,
      p.team_id,
      p.unit_id,
      p.impact_area_ids,
      id,
    );
  }

  addToCube(forceId: number, c: CubeCellValues): void {
    this.cube.run(forceId, c.level, c.area_id, c.month, c.category, c.count, c.harm_milli, c.unweighted);
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

  /** After a transaction ends: ids created in it may have been rolled back, so look them up again. */
  forgetNewLabels(): void {
    for (const t of this.fresh) this.labels.delete(t);
    this.fresh = [];
  }
}
