import type { Kysely } from 'kysely';
import type { Dialect } from '../store.ts';
import { columnTypes } from './column-types.ts';

/**
 * Near repeats (src/repeats): a force's near-repeat risk settings (radius and days, from its Knox
 * result or set by hand) and cocooning records (a burglary's neighbourhood visited, and by whom).
 * Types: src/repeats/schema.ts.
 */
export function repeats(dialect: Dialect) {
  const { id, big } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('repeat_settings')
        .addColumn('force_id', big, (c) => c.primaryKey().references('forces.id'))
        .addColumn('radius_m', 'integer', (c) => c.notNull())
        .addColumn('days', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('knox', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('repeat_cocooning')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('crime_id', big, (c) => c.notNull())
        .addColumn('team_id', big)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('done_at', 'text')
        .addColumn('done_by', 'text')
        .addColumn('visits', 'integer')
        .addColumn('note', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('repeat_cocooning_key', ['force_id', 'crime_id'])
        .execute();
    },
  };
}
