import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../store.ts';

/**
 * The tables behind each data counter (`data_versions`, migration 010): a write to any of them moves
 * that counter, so the response cache (core/http/cache.ts) drops exactly the answers of the routes
 * that declared it, and nothing else (a casework edit leaves harm answers cached). Triggers, not
 * calls in each store, so that every writer is followed: a route, a CLI import, the retention job.
 * `areas` (migration 010) and `patrols` (bumped by the patrol store, src/patrols/store.ts) exist.
 */
export const COUNTER_TABLES = {
  /** Crimes move with imports: each import's row is written when it starts and when it ends. */
  crimes: ['imports'],
  weights: ['weight_sets', 'weights'],
  workforce: ['workforce_snapshots', 'workforce_cells', 'workforce_events'],
  casework: [
    'casework_settings',
    'burglary_attendance',
    'burglary_steps',
    'referrals',
    'referral_events',
    'iom_members',
    'iom_events',
    'iom_crime_links',
  ],
  /** Volunteers (Speed Watch and the rest) and engagement: migration 014's tables. */
  engagement: [
    'volunteer_groups',
    'volunteer_members',
    'speedwatch_sites',
    'volunteer_sessions',
    'volunteer_session_members',
    'speedwatch_offences',
    'engagement_events',
    'engagement_issues',
    'neighbourhood_priorities',
  ],
  repeats: ['repeat_settings', 'repeat_cocooning'],
} as const;

export function dataCounters(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const [name, tables] of Object.entries(COUNTER_TABLES)) {
        await sql`INSERT INTO data_versions (name, version) VALUES (${name}, 0)`.execute(db);
        const bump = `UPDATE data_versions SET version = version + 1 WHERE name = '${name}'`;
        if (dialect === 'postgres') {
          await sql
            .raw(
              `CREATE FUNCTION bump_${name}_version() RETURNS trigger AS $$ BEGIN ${bump}; RETURN NULL; END $$ ` +
                'LANGUAGE plpgsql',
            )
            .execute(db);
          for (const table of tables) {
            await sql
              .raw(
                `CREATE TRIGGER ${table}_${name}_version AFTER INSERT OR UPDATE OR DELETE ON ${table} ` +
                  `FOR EACH STATEMENT EXECUTE FUNCTION bump_${name}_version()`,
              )
              .execute(db);
          }
          continue;
        }
        for (const table of tables) {
          for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
            await sql
              .raw(
                `CREATE TRIGGER ${table}_${name}_version_${event.toLowerCase()} AFTER ${event} ON ${table} ` +
                  `BEGIN ${bump}; END`,
              )
              .execute(db);
          }
        }
      }
    },
  };
}
