import type { Kysely } from 'kysely';
import type { Dialect } from '../store.ts';
import { columnTypes } from './column-types.ts';

/** Harm: weight sets with provenance, harm and unweighted counts in the cube, a force's chosen set. */
export function harm(dialect: Dialect) {
  const { id, big, real } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('weight_sets')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('force_slug', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('loaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('weights')
        .addColumn('set_id', big, (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('weight', real, (c) => c.notNull())
        .addPrimaryKeyConstraint('weights_pk', ['set_id', 'key'])
        .execute();
      await db.schema
        .alterTable('cube')
        .addColumn('harm_milli', big, (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('cube')
        .addColumn('unweighted', big, (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('forces').addColumn('weight_set', 'text').execute();
    },
  };
}
