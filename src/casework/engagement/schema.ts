import type { Generated, Kysely } from 'kysely';
import type { Database } from '../../core/store/schema.ts';

/** The engagement tables (migration 014-volunteers-engagement), as Kysely sees them. */
export type EngagementEventsTable = {
  id: Generated<number>;
  force_id: number;
  ref: string;
  /** 'beat-meeting' | 'street-surgery' | 'world-cafe' | 'iag' | 'online-survey' */
  kind: string;
  team: string;
  unit: string;
  /** YYYY-MM-DD */
  date: string;
  place: string;
  attendance: number;
  /** The user who recorded it (officers see their own). */
  owner_id: string | null;
  synthetic: number;
};

export type EngagementIssuesTable = {
  id: Generated<number>;
  force_id: number;
  event_id: number;
  text: string;
};

export type NeighbourhoodPrioritiesTable = {
  id: Generated<number>;
  force_id: number;
  ref: string;
  team: string;
  unit: string;
  issue: string;
  /** YYYY-MM-DD */
  issue_date: string;
  action: string | null;
  action_date: string | null;
  /** 'open' | 'closed' */
  status: string;
  closed_on: string | null;
  /** What was done, when closed. */
  outcome: string | null;
  issue_id: number | null;
  owner_id: string | null;
  synthetic: number;
};

export type EngagementTables = {
  engagement_events: EngagementEventsTable;
  engagement_issues: EngagementIssuesTable;
  neighbourhood_priorities: NeighbourhoodPrioritiesTable;
};

export type EngagementDb = Kysely<Database & EngagementTables>;

export function edb(db: Kysely<Database>): EngagementDb {
  return db.withTables<EngagementTables>();
}
