import type { Kysely } from 'kysely';
import type { Dialect } from '../store.ts';

/**
 * Month blocks: every crime of a force in one month, column by column in one binary value
 * (crime/month-blocks.ts), so the hotspot lab and crime-level selections read a month in one row
 * instead of joining each crime to its place. Derived data: rebuilt from the crimes whenever its
 * row count no longer matches the cube's, and after an import.
 */
export function monthBlocks(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('month_blocks')
        .addColumn('force_id', 'integer', (c) => c.notNull())
        .addColumn('month', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('dict', 'text', (c) => c.notNull())
        .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addPrimaryKeyConstraint('month_blocks_pk', ['force_id', 'month'])
        .execute();
    },
  };
}
