import type { Generated, Kysely } from 'kysely';
import type { Database } from '../core/store/schema.ts';

/** The near-repeat tables (migration 016-repeats), as Kysely sees them. */
export type RepeatSettingsTable = {
  force_id: number;
  radius_m: number;
  days: number;
  /** 'knox' (read off a saved Knox result) or 'settings' (set by hand). */
  source: string;
  /** JSON: the Knox summary the figures came from (null when set by hand). */
  knox: string | null;
  updated_at: string;
};

export type RepeatCocooningTable = {
  id: Generated<number>;
  force_id: number;
  /** crime_records id of the burglary whose neighbourhood was cocooned. */
  crime_id: number;
  team_id: number | null;
  /** 'done' or 'planned'. */
  status: string;
  done_at: string | null;
  done_by: string | null;
  visits: number | null;
  note: string | null;
  updated_at: string;
};

export type RepeatTables = {
  repeat_settings: RepeatSettingsTable;
  repeat_cocooning: RepeatCocooningTable;
};

export type RepeatDb = Kysely<Database & RepeatTables>;

export function rdb(db: Kysely<Database>): RepeatDb {
  return db.withTables<RepeatTables>();
}
