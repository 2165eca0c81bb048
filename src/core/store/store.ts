import type { Kysely } from 'kysely';
import type { CrimesTable, Database, PLACE_COLUMNS } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

/**
 * One crime row ready to insert into `crime_records`, with every repeated string already turned into
 * a label id and its place into a place id (see `BulkWriter.place`).
 */
export type CrimeRow = {
  force_id: number;
  month: number;
  crime_key: bigint;
  crime_id: string | null;
  source: number;
  category: number;
  reported_by: number;
  falls_within: number;
  outcome: number;
  context: number;
  place_id: number;
  offence_code: string | null;
  offence_subcode: string | null;
  occurred_from: number | null;
  occurred_to: number | null;
  recorded_at: number | null;
  victim_age: number | null;
  vulnerable: number | null;
  domestic: number | null;
  attended_at: number | null;
  declined_attendance: number | null;
  import_id: number;
};

/** Where crimes were recorded, ready to insert into `places` (labels as ids). */
export type PlaceRow = Pick<CrimesTable, (typeof PLACE_COLUMNS)[number]>;

/** A column of `crime_records` that an import fills. */
export type CrimeColumn = keyof CrimeRow;

/** A value of some crime column (a label id, a key, a coordinate, an id text...). */
export type CrimeValue = CrimeRow[CrimeColumn];

/**
 * Inserts many crimes that fill the same columns, faster than one INSERT per row. Made
 * by `BulkWriter.crimeInserter` for one transaction; do not keep it beyond that.
 */
export interface CrimeInserter {
  /** How many rows one `insert` call takes best (pass up to this many; fewer is fine). */
  readonly batchRows: number;
  /**
   * Inserts `rows` rows whose values lie row after row in `values` (the columns in the order the
   * inserter was made with), skipping each row whose natural key (force, month, key) is already
   * present, including one inserted earlier in the same call. Sets `inserted[i]` to 1 when row i was
   * new, 0 when it was a duplicate, and 2 when it is a *conflict*: a row with a crime_id whose key
   * is stored with other values in some column (then the stored crime takes the row's `outcome`,
   * the later outcome, and `differ[i]` names the columns that differed). Returns how many were new:
   * at once in SQLite, as a promise in PostgreSQL (which stores the chunk by COPY first); `inserted`
   * and `differ` are ready when it is.
   */
  insert(values: readonly CrimeValue[], rows: number, inserted: Uint8Array): number | Promise<number>;
  /** For each row the last `insert` marked 2: the columns whose stored value differed, e.g. "outcome". */
  readonly differ: readonly string[];
}

/** One cell of the monthly cube and what to add to it. */
export interface CubeCellValues {
  level: string;
  area_id: number;
  month: number;
  category: number;
  count: number;
  harm_milli: number;
  unweighted: number;
}

/** The columns that say where a place lies in the force's areas. */
export type PlacementColumns = Pick<
  PlaceRow,
  'placement' | 'lsoa_id' | 'msoa_id' | 'ward_id' | 'district_id' | 'team_id' | 'unit_id' | 'impact_area_ids'
>;

/**
 * The writer an import uses inside its file transaction: the hot path of a bulk load, so each
 * dialect implements it in the fastest way it has (prepared statements in SQLite).
 */
export interface BulkWriter {
  /**
   * An inserter for rows that give `columns` (in that order) and share the `fixed` values (e.g. the
   * force, source and import). Columns in neither are stored as NULL.
   */
  crimeInserter(columns: readonly CrimeColumn[], fixed: Partial<CrimeRow>): CrimeInserter;
  /**
   * The id of force `forceId`'s place with this point, location and given LSOA, creating it when
   * new. The areas of a place found are left as stored (placing crimes again updates every place).
   */
  place(forceId: number, p: PlaceRow): number;
  /** Sets where a stored place lies (after boundaries change). */
  updatePlacement(placeId: number, p: PlacementColumns): void;
  /** Adds counts to a cube cell, creating it when new. */
  addToCube(forceId: number, cell: CubeCellValues): void;
  /** Adds counts to many cube cells (best in key order), creating those that are new. */
  addToCubeMany(forceId: number, cells: readonly CubeCellValues[]): void;
  /** The id of a label text, creating it when new. */
  label(text: string): number;
}

/**
 * The store every feature reads and writes. Queries go through `db` (Kysely), so the SQLite and
 * PostgreSQL stores share them; only bulk writes differ per dialect.
 */
export interface Store {
  readonly dialect: Dialect;
  readonly db: Kysely<Database>;
  /** Where the store lives: a file path for SQLite, a redacted URL for PostgreSQL. */
  readonly location: string;
  /** Runs `fn` in one transaction: all of it lands or none of it does. */
  transaction<T>(fn: (tx: Kysely<Database>, bulk: BulkWriter) => Promise<T>): Promise<T>;
  /**
   * Runs `fn`, which is about to write a long run of transactions (a big import), with the store set
   * for that: a SQLite file store then copies its WAL into the database file on another thread
   * instead of inside the COMMITs. Returns or throws what `fn` does; nested calls are harmless. A
   * plain call of `fn` where nothing applies (an in-memory store; PostgreSQL).
   */
  bulkLoad<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
