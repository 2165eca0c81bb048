import type { Generated, Kysely } from 'kysely';
import type { Database } from '../../core/store/schema.ts';

/** The casework tables (migration 013-casework), as Kysely sees them. Timestamps: ISO text, UTC. */
export type CaseworkSettingsTable = { force_id: number; key: string; value: string };

export type BurglaryAttendanceTable = {
  id: Generated<number>;
  force_id: number;
  crime_ref: string;
  /** 'extract' | 'csv' | 'entered' */
  source: string;
  unit_code: string | null;
  team_code: string | null;
  owner_id: string | null;
  month: string;
  reported_at: string;
  vulnerable: number | null;
  state: string;
  scheduled_for: string | null;
  attended_at: string | null;
  reason: string | null;
  victim_contact: string | null;
  synthetic: number;
  updated_at: string;
  redacted_at: string | null;
};

export type BurglaryStepsTable = {
  id: Generated<number>;
  attendance_id: number;
  state: string;
  at: string;
  recorded_by: string;
  reason: string | null;
  note: string | null;
};

export type ReferralsTable = {
  id: Generated<number>;
  force_id: number;
  ref: string;
  category: string;
  person_ref: string | null;
  victim_contact: string | null;
  grade: string;
  unit_code: string | null;
  team_code: string;
  owner_id: string | null;
  partner: string | null;
  state: string;
  outcome: string | null;
  month: string;
  received_at: string;
  actioned_at: string | null;
  closed_at: string | null;
  synthetic: number;
  updated_at: string;
  redacted_at: string | null;
};

export type ReferralEventsTable = {
  id: Generated<number>;
  referral_id: number;
  at: string;
  recorded_by: string;
  from_state: string | null;
  to_state: string;
  from_grade: string | null;
  to_grade: string | null;
  rationale: string | null;
};

export type IomMembersTable = {
  id: Generated<number>;
  force_id: number;
  offender_ref: string;
  tier: string;
  score: number | null;
  score_source: string | null;
  unit_code: string | null;
  team_code: string;
  owner_id: string | null;
  entered_on: string;
  exited_on: string | null;
  /** JSON array of pathway names. */
  pathways: string;
  synthetic: number;
  updated_at: string;
  redacted_at: string | null;
};

export type IomEventsTable = {
  id: Generated<number>;
  member_id: number;
  kind: string;
  on_date: string;
  recorded_by: string;
  note: string | null;
};

export type IomCrimeLinksTable = {
  force_id: number;
  offender_ref: string;
  crime_ref: string;
  month: string;
  category: string;
  harm: number | null;
};

export type CaseworkTables = {
  casework_settings: CaseworkSettingsTable;
  burglary_attendance: BurglaryAttendanceTable;
  burglary_steps: BurglaryStepsTable;
  referrals: ReferralsTable;
  referral_events: ReferralEventsTable;
  iom_members: IomMembersTable;
  iom_events: IomEventsTable;
  iom_crime_links: IomCrimeLinksTable;
};

export type CaseworkDb = Kysely<Database & CaseworkTables>;

/** The store's Kysely handle, seeing the casework tables too. */
export function cdb(db: Kysely<Database>): CaseworkDb {
  return db.withTables<CaseworkTables>();
}
