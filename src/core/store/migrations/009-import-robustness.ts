import type { Kysely } from 'kysely';
import type { Dialect } from '../store.ts';
import { columnTypes } from './column-types.ts';

/**
 * Issue 21: an import counts the rows whose Crime ID was already stored with other content
 * (`conflicts`) and the lines bad quotes spoiled (`bad_quote_lines`, within `rejected`), and its
 * rejects file is named by an unguessable token of its own (`rejects_token`, 128 random bits in
 * hex), not by the file's name, which a later upload may share.
 */
export function importRobustness(dialect: Dialect) {
  const { big } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('imports')
        .addColumn('conflicts', big, (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('imports')
        .addColumn('bad_quote_lines', big, (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('imports').addColumn('rejects_token', 'text').execute();
      await db.schema
        .createIndex('imports_rejects_token')
        .on('imports')
        .column('rejects_token')
        .unique()
        .execute();
    },
  };
}
