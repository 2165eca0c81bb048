import type { ColumnType, Generated } from 'kysely';

/**
 * The store's tables, as Kysely sees them. Every table holding force data carries force_id, so one
 * store can hold several forces. Repeated strings in crimes (outcome, location, reporting force…)
 * are kept once in `labels` and referenced by id: a crime row is mostly integers, which keeps bulk
 * imports fast; `crime_view` joins them back for people and exports. Where a crime was recorded (its
 * map point, coordinates and areas) is kept once per place in `places`: `crimes` is a view of
 * `crime_records` joined to its places, read as one table; imports write the two tables.
 */
export interface ForcesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** The force description (force/model.ts ForceSpec) as JSON, or '{}' for a force made from a CSV. */
  spec: string;
  created_at: string;
  /** The category weight set this force's harm uses (null = the default for the force). */
  weight_set: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Area levels, finest first. A force's own structure (team, unit, impact-area) sits beside the census ones. */
export interface AreasTable {
  id: Generated<number>;
  force_id: number;
  level: string;
  code: string;
  name: string;
  /** Parent in the hierarchy (LSOA → MSOA → district; team → unit; impact area → unit), or null. */
  parent_id: number | null;
  /** GeoJSON MultiPolygon coordinates in WGS84 lon/lat, or null for areas made of other areas. */
  geometry: string | null;
  /** The same in British National Grid metres: what point-in-polygon uses. */
  geometry_bng: string | null;
  /** Free properties from the force file or boundary file, as JSON. */
  props: string;
  approximate: number;
}

/** An area made of other areas (a team covering MSOAs, an Impact Area made of wards). */
export interface AreaMembersTable {
  area_id: number;
  member_id: number;
}

export interface StationsTable {
  id: Generated<number>;
  force_id: number;
  name: string;
  lat: number;
  lon: number;
  unit_id: number | null;
}

export interface DepartmentsTable {
  id: Generated<number>;
  force_id: number;
  code: string;
  name: string;
}

export interface LabelsTable {
  id: Generated<number>;
  text: string;
}

export interface ImportsTable {
  id: Generated<number>;
  force_id: number;
  kind: string;
  file: string;
  format: string;
  started_at: string;
  finished_at: string | null;
  rows: Generated<number>;
  loaded: Generated<number>;
  duplicates: Generated<number>;
  rejected: Generated<number>;
  unlocated: Generated<number>;
  outside: Generated<number>;
  /** 1 when the file was generated (a synthetic extract), not real records. */
  synthetic: Generated<number>;
  /** Rows whose Crime ID was stored with other content (migration 009). */
  conflicts: Generated<number>;
  /** Of `rejected`: physical lines bad quotes spoiled (migration 009). */
  bad_quote_lines: Generated<number>;
  /** The unguessable name of the import's rejects file (128 random bits, hex), or null. */
  rejects_token: string | null;
}

/** Crimes as every query reads them: a view of `crime_records` joined to `places` (migration 006). */
export interface CrimesTable {
  id: Generated<number>;
  force_id: number;
  month: number;
  /** 63-bit hash of the natural key (Crime ID, or content + position for rows without one). */
  crime_key: ColumnType<bigint | number, bigint | number, never>;
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
  /** 0 located inside the force's areas, 1 unlocated (no coordinates), 2 located outside. */
  placement: number;
  lsoa_id: number | null;
  msoa_id: number | null;
  ward_id: number | null;
  district_id: number | null;
  team_id: number | null;
  unit_id: number | null;
  /** Comma-separated Impact Area ids, or null (a point can fall in more than one). */
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
  place_id: number;
}

/** The columns of a crime that say where it was recorded, kept once per place. */
export const PLACE_COLUMNS = [
  'location',
  'lsoa_given',
  'lsoa_name_given',
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
] as const satisfies readonly (keyof CrimesTable)[];

/**
 * A point where crimes were recorded, in one force: a police.uk map point with the location and LSOA
 * the file gave for it, or an extract's exact point, with the areas it falls in.
 */
export type PlacesTable = { id: Generated<number>; force_id: number } & Pick<
  CrimesTable,
  (typeof PLACE_COLUMNS)[number]
>;

/** The crimes table as stored: a crime's own columns and its place. */
export type CrimeRecordsTable = Omit<CrimesTable, (typeof PLACE_COLUMNS)[number]>;

/** Area × month × category counts for every level, kept current by imports. */
export interface CubeTable {
  force_id: number;
  level: string;
  area_id: number;
  month: number;
  category: number;
  count: number;
  /**
   * Sum of the crimes' harm weights under the force's weights, in thousandths of a CCHI day: each
   * crime's weight is rounded to 0.001 day, so sums are exact integers and an incrementally kept
   * cube equals a rebuilt one whatever order the crimes came in.
   */
  harm_milli: number;
  /** Crimes whose offence has no weight in the force's weights: counted, never given zero silently. */
  unweighted: number;
}

export interface WeightSetsTable {
  id: Generated<number>;
  name: string;
  /** 'category' (police.uk crime types) or 'offence' (Home Office offence codes). */
  kind: string;
  /** The force the set is for, or null for a national set. */
  force_slug: string | null;
  source: string;
  version: string;
  loaded_at: string;
}

export interface WeightsTable {
  set_id: number;
  key: string;
  weight: number;
}

/** Counters that change with the data they name (`areas`: every write to a force's structure). */
export interface DataVersionsTable {
  name: string;
  version: number;
}

export interface Database {
  data_versions: DataVersionsTable;
  forces: ForcesTable;
  areas: AreasTable;
  area_members: AreaMembersTable;
  stations: StationsTable;
  departments: DepartmentsTable;
  labels: LabelsTable;
  imports: ImportsTable;
  crimes: CrimesTable;
  crime_records: CrimeRecordsTable;
  places: PlacesTable;
  cube: CubeTable;
  weight_sets: WeightSetsTable;
  weights: WeightsTable;
}
