import type { Generated, Kysely } from 'kysely';
import type { Database } from '../core/store/schema.ts';

/** The patrol tables (migration 012-patrols), as Kysely sees them. */
export type PatrolPlansTable = {
  id: Generated<number>;
  force_id: number;
  name: string;
  area_level: string;
  area_code: string;
  area_name: string;
  /** '' when the plan is force-wide (or unit-wide, for team_code). */
  unit_code: string;
  team_code: string;
  latest_version: number;
  synthetic: number;
  created_at: string;
  created_by: string;
};

export type PatrolPlanVersionsTable = {
  id: Generated<number>;
  plan_id: number;
  version: number;
  /** YYYY-MM-DD (Europe/London dates), inclusive. */
  start_date: string;
  end_date: string;
  visit_minutes: number;
  visits_per_day: number;
  cap_minutes: number;
  radius_m: number;
  min_separation_m: number;
  /** JSON (PlanParams). */
  params: string;
  /** JSON (PlanSummary). */
  summary: string;
  note: string | null;
  created_at: string;
  created_by: string;
};

export type PatrolHotspotsTable = {
  id: Generated<number>;
  version_id: number;
  rank: number;
  label: string;
  easting: number;
  northing: number;
  lon: number;
  lat: number;
  radius_m: number;
  /** GeoJSON Polygon (WGS84) as text, or null: the circle is the hotspot. */
  polygon: string | null;
  team_code: string;
  crimes: number;
  harm: number;
  crime_share: number;
  harm_share: number;
  area_share: number;
  /** JSON (PatrolWindow[] and their source). */
  windows: string;
};

export type PatrolAllocationsTable = {
  version_id: number;
  seed: number;
  patrol_share: number;
  days: number;
  week_length: number;
};

export type PatrolEventsTable = {
  id: Generated<number>;
  force_id: number;
  plan_id: number;
  version_id: number;
  hotspot_rank: number | null;
  patrol_key: string;
  kind: string;
  at_ms: number;
  officer_id: string;
  source: string;
  easting: number | null;
  northing: number | null;
  tactic: string | null;
  note: string | null;
  corrects_id: number | null;
  client_event_id: string;
  synthetic: number;
  received_at: string;
};

export type PatrolPingsTable = {
  id: Generated<number>;
  force_id: number;
  officer_id: string;
  at_ms: number;
  easting: number;
  northing: number;
  source: string;
  file: string;
};

export type PatrolTacticsTable = {
  force_id: number;
  code: string;
  label: string;
  position: number;
};

export type PatrolTables = {
  patrol_plans: PatrolPlansTable;
  patrol_plan_versions: PatrolPlanVersionsTable;
  patrol_hotspots: PatrolHotspotsTable;
  patrol_allocations: PatrolAllocationsTable;
  patrol_events: PatrolEventsTable;
  patrol_pings: PatrolPingsTable;
  patrol_tactics: PatrolTacticsTable;
};

export type PatrolDb = Kysely<Database & PatrolTables>;

/** The store's Kysely handle, seeing the patrol tables too. */
export function pdb(db: Kysely<Database>): PatrolDb {
  return db.withTables<PatrolTables>();
}
