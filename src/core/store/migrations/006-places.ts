import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../store.ts';
import { columnTypes } from './column-types.ts';

/**
 * The columns that move from each crime to its place, as this migration found them (its own list:
 * a migration must not change when schema.ts does).
 */
const PLACE_COLUMNS = [
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
] as const;

/** What stays on each crime row (besides its id and place_id). */
const RECORD_COLUMNS = [
  'force_id',
  'month',
  'crime_key',
  'crime_id',
  'source',
  'category',
  'reported_by',
  'falls_within',
  'outcome',
  'context',
  'offence_code',
  'offence_subcode',
  'occurred_from',
  'occurred_to',
  'recorded_at',
  'attended_at',
  'victim_age',
  'vulnerable',
  'domestic',
  'declined_attendance',
  'import_id',
] as const;

/** The place columns that can be NULL (the others are label ids and the placement). */
const NULLABLE_PLACE = new Set<string>([
  'lon',
  'lat',
  'easting',
  'northing',
  'lsoa_id',
  'msoa_id',
  'ward_id',
  'district_id',
  'team_id',
  'unit_id',
  'impact_area_ids',
]);

/**
 * Crimes split into `crime_records` and `places`. A police.uk force has tens of thousands of
 * anonymised map points for millions of crimes: the point's location, given LSOA, coordinates and
 * the areas it falls in were repeated on every crime at it (15 of a row's 30 columns, ~60 of its
 * ~150 bytes). Each crime now names its place; `crimes` becomes a view joining the two with the
 * same columns as the old table, so every query that reads crimes reads them as before.
 */
export function places(dialect: Dialect) {
  const { id, big, real } = columnTypes(dialect);
  const split = async (db: Kysely<unknown>): Promise<void> => {
    await sql`DROP VIEW crime_view`.execute(db);
    let placesTable = db.schema
      .createTable('places')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('force_id', big, (c) => c.notNull());
    for (const col of ['location', 'lsoa_given', 'lsoa_name_given'])
      placesTable = placesTable.addColumn(col, 'integer', (c) => c.notNull());
    for (const col of ['lon', 'lat', 'easting', 'northing']) placesTable = placesTable.addColumn(col, real);
    placesTable = placesTable.addColumn('placement', 'integer', (c) => c.notNull());
    for (const col of ['lsoa_id', 'msoa_id', 'ward_id', 'district_id', 'team_id', 'unit_id'])
      placesTable = placesTable.addColumn(col, big);
    await placesTable.addColumn('impact_area_ids', 'text').execute();
    // For the copy below only: imports read a force's places once and find them in memory, so
    // they need no index to keep up to date at every new place.
    await db.schema
      .createIndex('places_copy')
      .on('places')
      .columns(['force_id', 'lsoa_given', 'location', 'lsoa_name_given'])
      .execute();

    let records = db.schema
      .createTable('crime_records')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('force_id', big, (c) => c.notNull())
      .addColumn('month', 'integer', (c) => c.notNull())
      .addColumn('crime_key', big, (c) => c.notNull())
      .addColumn('crime_id', 'text');
    for (const col of ['source', 'category', 'reported_by', 'falls_within', 'outcome', 'context'])
      records = records.addColumn(col, 'integer', (c) => c.notNull());
    records = records.addColumn('place_id', big, (c) => c.notNull());
    records = records.addColumn('offence_code', 'text').addColumn('offence_subcode', 'text');
    for (const col of ['occurred_from', 'occurred_to', 'recorded_at', 'attended_at'])
      records = records.addColumn(col, big);
    for (const col of ['victim_age', 'vulnerable', 'domestic', 'declined_attendance'])
      records = records.addColumn(col, 'integer');
    await records.addColumn('import_id', big, (c) => c.notNull()).execute();

    // One place per distinct (force, place columns): DISTINCT takes NULLs as equal.
    const placeCols = sql.join(PLACE_COLUMNS.map((c) => sql.ref(c)));
    await sql`INSERT INTO places (force_id, ${placeCols})
      SELECT DISTINCT force_id, ${placeCols} FROM crimes`.execute(db);
    const same = (col: string) => {
      const p = sql.ref(`p.${col}`);
      const c = sql.ref(`c.${col}`);
      if (!NULLABLE_PLACE.has(col)) return sql`${p} = ${c}`;
      return dialect === 'sqlite' ? sql`${p} IS ${c}` : sql`${p} IS NOT DISTINCT FROM ${c}`;
    };
    const recordCols = sql.join(RECORD_COLUMNS.map((c) => sql.ref(c)));
    const fromCrime = sql.join(RECORD_COLUMNS.map((c) => sql.ref(`c.${c}`)));
    await sql`INSERT INTO crime_records (id, ${recordCols}, place_id)
      SELECT c.id, ${fromCrime}, p.id FROM crimes c JOIN places p
        ON p.force_id = c.force_id AND ${sql.join(PLACE_COLUMNS.map(same), sql` AND `)}
      ORDER BY c.id`.execute(db);
    await db.schema.dropTable('crimes').execute();
    await db.schema.dropIndex('places_copy').execute();
    // The natural key, scoped by force and month (as it was on crimes).
    await db.schema
      .createIndex('crimes_key')
      .unique()
      .on('crime_records')
      .columns(['force_id', 'month', 'crime_key'])
      .execute();

    await sql`CREATE VIEW crimes AS
      SELECT r.id, r.force_id, r.month, r.crime_key, r.crime_id, r.source, r.category, r.reported_by,
        r.falls_within, p.location, p.lsoa_given, p.lsoa_name_given, r.outcome, r.context, p.placement,
        p.lon, p.lat, p.easting, p.northing, p.lsoa_id, p.msoa_id, p.ward_id, p.district_id, p.team_id,
        p.unit_id, p.impact_area_ids, r.offence_code, r.offence_subcode, r.occurred_from, r.occurred_to,
        r.recorded_at, r.attended_at, r.victim_age, r.vulnerable, r.domestic, r.declined_attendance,
        r.import_id, r.place_id
      FROM crime_records r JOIN places p ON p.id = r.place_id`.execute(db);
    // As 001 made it.
    await sql`CREATE VIEW crime_view AS
      SELECT c.id, f.slug AS force, c.month, c.crime_id, c.category, rb.text AS reported_by,
        fw.text AS falls_within, c.lon, c.lat, c.easting, c.northing, lo.text AS location,
        lg.text AS lsoa_given, lgn.text AS lsoa_name_given, oc.text AS outcome, cx.text AS context,
        c.placement, c.lsoa_id, c.msoa_id, c.ward_id, c.district_id, c.team_id, c.unit_id,
        c.impact_area_ids, c.offence_code, c.offence_subcode, c.occurred_from, c.occurred_to,
        c.recorded_at, c.victim_age, c.vulnerable, c.domestic, c.attended_at, c.declined_attendance,
        c.import_id
      FROM crimes c
      JOIN forces f ON f.id = c.force_id
      JOIN labels rb ON rb.id = c.reported_by
      JOIN labels fw ON fw.id = c.falls_within
      JOIN labels lo ON lo.id = c.location
      JOIN labels lg ON lg.id = c.lsoa_given
      JOIN labels lgn ON lgn.id = c.lsoa_name_given
      JOIN labels oc ON oc.id = c.outcome
      JOIN labels cx ON cx.id = c.context`.execute(db);
  };
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // PostgreSQL runs migrations in a transaction, SQLite's do not: without one, a failure between
      // the copy and the drop would leave the store half moved.
      if (dialect === 'sqlite') await db.transaction().execute(split);
      else await split(db);
    },
  };
}
