import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../store.ts';

/**
 * PostgreSQL's bulk writer finds the stored place of each new map point with one set-based join of
 * the batch's points against `places` on the force, the point's labels and its coordinates
 * (src/core/store/postgres-bulk.ts). Without this index (and with the coordinates compared by
 * `IS NOT DISTINCT FROM`, which no index serves) the planner joined every batch row with every place
 * sharing its labels: a force extract's places all share them, so a batch took 20+ s once the force
 * had tens of thousands of places. SQLite keeps a force's places in memory during an import and never
 * asks, so the index is PostgreSQL's only.
 */
export function placesLookup(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`CREATE INDEX places_lookup ON places (force_id, location, lsoa_given, lsoa_name_given,
        (coalesce(easting, 'NaN'::float8)), (coalesce(northing, 'NaN'::float8)))`.execute(db);
    },
  };
}
