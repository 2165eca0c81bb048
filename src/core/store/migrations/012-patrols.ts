import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../store.ts';
import { columnTypes } from './column-types.ts';

/**
 * Targeted Guardian Patrols (src/patrols): plans and their versions (a plan is never changed in
 * place: editing adds a version, and every patrol event keeps the version it was logged under), each
 * version's hotspots and optional crossover allocation (seed, share, days), the append-only patrol
 * events of officers (idempotent on the officer's client event id), GPS/radio pings, and a force's
 * own list of patrol tactics. Types: src/patrols/schema.ts.
 */
export function patrols(dialect: Dialect) {
  const { id, big, real } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('patrol_plans')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('area_level', 'text', (c) => c.notNull())
        .addColumn('area_code', 'text', (c) => c.notNull())
        .addColumn('area_name', 'text', (c) => c.notNull())
        // The unit and team codes the plan belongs to ('' when force-wide): its access scope.
        .addColumn('unit_code', 'text', (c) => c.notNull())
        .addColumn('team_code', 'text', (c) => c.notNull())
        .addColumn('latest_version', 'integer', (c) => c.notNull())
        .addColumn('synthetic', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('patrol_plans_force').on('patrol_plans').columns(['force_id']).execute();
      await db.schema
        .createTable('patrol_plan_versions')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('plan_id', big, (c) => c.notNull().references('patrol_plans.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text', (c) => c.notNull())
        .addColumn('visit_minutes', 'integer', (c) => c.notNull())
        .addColumn('visits_per_day', 'integer', (c) => c.notNull())
        .addColumn('cap_minutes', 'integer', (c) => c.notNull())
        .addColumn('radius_m', real, (c) => c.notNull())
        .addColumn('min_separation_m', real, (c) => c.notNull())
        // JSON: the request, the method chosen and why, shares, windows, caveats.
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('patrol_plan_versions_key', ['plan_id', 'version'])
        .execute();
      await db.schema
        .createTable('patrol_hotspots')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('version_id', big, (c) => c.notNull().references('patrol_plan_versions.id'))
        .addColumn('rank', 'integer', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('easting', real, (c) => c.notNull())
        .addColumn('northing', real, (c) => c.notNull())
        .addColumn('lon', real, (c) => c.notNull())
        .addColumn('lat', real, (c) => c.notNull())
        .addColumn('radius_m', real, (c) => c.notNull())
        .addColumn('polygon', 'text')
        .addColumn('team_code', 'text', (c) => c.notNull())
        .addColumn('crimes', real, (c) => c.notNull())
        .addColumn('harm', real, (c) => c.notNull())
        .addColumn('crime_share', real, (c) => c.notNull())
        .addColumn('harm_share', real, (c) => c.notNull())
        .addColumn('area_share', real, (c) => c.notNull())
        // JSON: the windows to patrol in, and where they came from.
        .addColumn('windows', 'text', (c) => c.notNull())
        .addUniqueConstraint('patrol_hotspots_key', ['version_id', 'rank'])
        .execute();
      await db.schema
        .createTable('patrol_allocations')
        .addColumn('version_id', big, (c) => c.primaryKey().references('patrol_plan_versions.id'))
        .addColumn('seed', big, (c) => c.notNull())
        .addColumn('patrol_share', real, (c) => c.notNull())
        .addColumn('days', 'integer', (c) => c.notNull())
        .addColumn('week_length', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('patrol_events')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('plan_id', big, (c) => c.notNull().references('patrol_plans.id'))
        .addColumn('version_id', big, (c) => c.notNull().references('patrol_plan_versions.id'))
        .addColumn('hotspot_rank', 'integer')
        .addColumn('patrol_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at_ms', big, (c) => c.notNull())
        .addColumn('officer_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('easting', real)
        .addColumn('northing', real)
        .addColumn('tactic', 'text')
        .addColumn('note', 'text')
        .addColumn('corrects_id', big)
        .addColumn('client_event_id', 'text', (c) => c.notNull())
        .addColumn('synthetic', 'integer', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('patrol_events_client', ['force_id', 'officer_id', 'client_event_id'])
        .execute();
      await db.schema.createIndex('patrol_events_plan').on('patrol_events').columns(['plan_id']).execute();
      await db.schema
        .createTable('patrol_pings')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('officer_id', 'text', (c) => c.notNull())
        .addColumn('at_ms', big, (c) => c.notNull())
        .addColumn('easting', real, (c) => c.notNull())
        .addColumn('northing', real, (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('file', 'text', (c) => c.notNull())
        .addUniqueConstraint('patrol_pings_key', ['force_id', 'officer_id', 'at_ms'])
        .execute();
      await db.schema
        .createTable('patrol_tactics')
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('patrol_tactics_pk', ['force_id', 'code'])
        .execute();
      // Every patrol write adds one, so the response cache never serves a stale plan or dosage.
      await sql`INSERT INTO data_versions (name, version) VALUES ('patrols', 0)`.execute(db);
    },
  };
}
