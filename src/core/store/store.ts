import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

/** One crime row ready to insert, with every repeated string already turned into a label id. */
export type CrimeRow = {
  force_id: number;
  month: number;
  crime_key: bigint;
  crime_id: string | null;
  source: number;
  category: number;
  reported_by: number;
  falls_within: number;
  location: number;
  lsoa_given: number;
  lsoa_name_given: number;
  outcome: number;
  context: number;
  lon: number | null;
  lat: number | null;
  easting: number | null;
  northing: number | null;
  placement: number;
  lsoa_id: number | null;
  msoa_id: number | null;
  ward_id: number | null;
  district_id: number | null;
  team_id: number | null;
  unit_id: number | null;
  impact_area_ids: string | null;
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

/** The columns that say where a crime lies. */
export type PlacementColumns = Pick<
  CrimeRow,
  'placement' | 'lsoa_id' | 'msoa_id' | 'ward_id' | 'district_id' | 'team_id' | 'unit_id' | 'impact_area_ids'
>;

/**
 * The writer an import uses inside its file transaction: the hot path of a bulk load, so each
 * dialect implements it in the fastest way it has (prepared statements in SQLite).
 */
export interface BulkWriter {
  /** Inserts unless the natural key is already present; true when the row was new. */
  insertCrime(row: CrimeRow): boolean;
  /** Sets where a stored crime lies (after boundaries change). */
  updatePlacement(id: number, p: PlacementColumns): void;
  /** Adds counts to a cube cell, creating it when new. */
  addToCube(forceId: number, cell: CubeCellValues): void;
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
  close(): Promise<void>;
}
