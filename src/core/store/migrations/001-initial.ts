import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../store.ts';
import { columnTypes } from './column-types.ts';

/** The foundation schema: forces, areas, labels, imports, crimes and the monthly cube. */
export function initial(dialect: Dialect) {
  const { id, big, real } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('forces')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('areas')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('parent_id', big)
        .addColumn('geometry', 'text')
        .addColumn('geometry_bng', 'text')
        .addColumn('props', 'text', (c) => c.notNull())
        .addColumn('approximate', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('areas_force_level_code', ['force_id', 'level', 'code'])
        .execute();
      await db.schema
        .createTable('area_members')
        .addColumn('area_id', big, (c) => c.notNull())
        .addColumn('member_id', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('area_members_pk', ['area_id', 'member_id'])
        .execute();
      await db.schema
        .createTable('stations')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('lat', real, (c) => c.notNull())
        .addColumn('lon', real, (c) => c.notNull())
        .addColumn('unit_id', big)
        .addUniqueConstraint('stations_force_name', ['force_id', 'name'])
        .execute();
      await db.schema
        .createTable('departments')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addUniqueConstraint('departments_force_code', ['force_id', 'code'])
        .execute();
      await db.schema
        .createTable('labels')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('text', 'text', (c) => c.notNull().unique())
        .execute();
      await db
        .insertInto('labels' as never)
        .values({ id: 0, text: '' } as never)
        .execute();
      await db.schema
        .createTable('imports')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('file', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('rows', big, (c) => c.notNull().defaultTo(0))
        .addColumn('loaded', big, (c) => c.notNull().defaultTo(0))
        .addColumn('duplicates', big, (c) => c.notNull().defaultTo(0))
        .addColumn('rejected', big, (c) => c.notNull().defaultTo(0))
        .addColumn('unlocated', big, (c) => c.notNull().defaultTo(0))
        .addColumn('outside', big, (c) => c.notNull().defaultTo(0))
        .execute();
      let crimes = db.schema
        .createTable('crimes')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull())
        .addColumn('month', 'integer', (c) => c.notNull())
        .addColumn('crime_key', big, (c) => c.notNull())
        .addColumn('crime_id', 'text');
      for (const col of [
        'source',
        'category',
        'reported_by',
        'falls_within',
        'location',
        'lsoa_given',
        'lsoa_name_given',
        'outcome',
        'context',
        'placement',
      ]) {
        crimes = crimes.addColumn(col, 'integer', (c) => c.notNull());
      }
      for (const col of ['lon', 'lat', 'easting', 'northing']) crimes = crimes.addColumn(col, real);
      for (const col of ['lsoa_id', 'msoa_id', 'ward_id', 'district_id', 'team_id', 'unit_id']) {
        crimes = crimes.addColumn(col, big);
      }
      crimes = crimes
        .addColumn('impact_area_ids', 'text')
        .addColumn('offence_code', 'text')
        .addColumn('offence_subcode', 'text');
      for (const col of ['occurred_from', 'occurred_to', 'recorded_at', 'attended_at']) {
        crimes = crimes.addColumn(col, big);
      }
      for (const col of ['victim_age', 'vulnerable', 'domestic', 'declined_attendance']) {
        crimes = crimes.addColumn(col, 'integer');
      }
      await crimes.addColumn('import_id', big, (c) => c.notNull()).execute();
      // The natural key, scoped by force and month: rows arrive a month at a time, so this index grows
      // at one place per file and stays cheap to maintain during bulk loads.
      await db.schema
        .createIndex('crimes_key')
        .unique()
        .on('crimes')
        .columns(['force_id', 'month', 'crime_key'])
        .execute();
      await db.schema
        .createTable('cube')
        .addColumn('force_id', big, (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('area_id', big, (c) => c.notNull())
        .addColumn('month', 'integer', (c) => c.notNull())
        .addColumn('category', 'integer', (c) => c.notNull())
        .addColumn('count', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('cube_pk', ['force_id', 'level', 'area_id', 'month', 'category'])
        // SQLite: keep the cube clustered on its key (one B-tree, not a table plus an index).
        .$call((b) => (dialect === 'sqlite' ? b.modifyEnd(sql`WITHOUT ROWID`) : b))
        .execute();
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
    },
  };
}
