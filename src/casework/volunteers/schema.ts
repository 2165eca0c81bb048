import type { Generated, Kysely } from 'kysely';
import type { Database } from '../../core/store/schema.ts';

/** The volunteer tables (migration 014-volunteers-engagement), as Kysely sees them. */
export type VolunteerGroupsTable = {
  id: Generated<number>;
  force_id: number;
  code: string;
  name: string;
  /** 'streetwatch' | 'speedwatch' */
  kind: string;
  /** The team (area code) the group belongs to, and that team's unit. */
  team: string;
  unit: string;
  synthetic: number;
  created_at: string;
};

export type VolunteerMembersTable = {
  id: Generated<number>;
  force_id: number;
  group_id: number;
  ref: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** YYYY-MM-DD */
  joined_on: string;
  left_on: string | null;
  synthetic: number;
};

export type SpeedwatchSitesTable = {
  id: Generated<number>;
  force_id: number;
  group_id: number;
  code: string;
  name: string;
  speed_limit: number;
  /** 'proposed' | 'approved' | 'refused' | 'suspended' */
  status: string;
  decided_on: string | null;
  synthetic: number;
};

export type VolunteerSessionsTable = {
  id: Generated<number>;
  force_id: number;
  group_id: number;
  ref: string;
  /** YYYY-MM-DD */
  date: string;
  site: string;
  site_id: number | null;
  /** Volunteer hours given (all volunteers together). */
  hours: number;
  /** SpeedWatch: vehicles checked; null for StreetWatch. */
  vehicles_checked: number | null;
  synthetic: number;
};

export type VolunteerSessionMembersTable = { session_id: number; member_id: number };

export type SpeedwatchOffencesTable = {
  id: Generated<number>;
  force_id: number;
  session_id: number;
  /** Upper case, no spaces. */
  registration: string;
  /** YYYY-MM-DD, the session's date. */
  seen_on: string;
  /** HH:MM */
  seen_at: string;
  speed: number;
  speed_limit: number;
};

export type VolunteerTables = {
  volunteer_groups: VolunteerGroupsTable;
  volunteer_members: VolunteerMembersTable;
  speedwatch_sites: SpeedwatchSitesTable;
  volunteer_sessions: VolunteerSessionsTable;
  volunteer_session_members: VolunteerSessionMembersTable;
  speedwatch_offences: SpeedwatchOffencesTable;
};

export type VolunteerDb = Kysely<Database & VolunteerTables>;

/** The store's Kysely handle, seeing the volunteer tables too. */
export function vdb(db: Kysely<Database>): VolunteerDb {
  return db.withTables<VolunteerTables>();
}
