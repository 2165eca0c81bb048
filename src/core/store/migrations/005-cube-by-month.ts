import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../store.ts';
import { columnTypes } from './column-types.ts';

/** A cube row as this migration finds and leaves it (002 added harm_milli and unweighted). */
interface CubeRow {
  force_id: number;
  level: string;
  area_id: number;
  month: number;
  category: number;
  count: number;
  harm_milli: number;
  unweighted: number;
}

const COLUMNS = [
  'force_id',
  'level',
  'area_id',
  'month',
  'category',
  'count',
  'harm_milli',
  'unweighted',
] as const satisfies readonly (keyof CubeRow)[];

/**
 * The cube keyed by (force, level, month, area, category) instead of (force, level, area, month,
 * category). A crime file holds one month, so its cube upserts now land on a few neighbouring pages
 * of each level instead of on every page of the cube (the 1M-crime import wrote half the WAL). Same
 * columns in the same order; the rows are copied across in the new key order.
 */
export function cubeByMonth(dialect: Dialect) {
  const { big } = columnTypes(dialect);
  const rebuild = async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('cube_by_month')
      .addColumn('force_id', big, (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('area_id', big, (c) => c.notNull())
      .addColumn('month', 'integer', (c) => c.notNull())
      .addColumn('category', 'integer', (c) => c.notNull())
      .addColumn('count', big, (c) => c.notNull())
      .addColumn('harm_milli', big, (c) => c.notNull().defaultTo(0))
      .addColumn('unweighted', big, (c) => c.notNull().defaultTo(0))
      // Not 'cube_pk': on PostgreSQL the old table's constraint (and its index) keeps that name
      // until the old table is dropped.
      .addPrimaryKeyConstraint('cube_by_month_pk', ['force_id', 'level', 'month', 'area_id', 'category'])
      // SQLite: keep the cube clustered on its key (one B-tree, not a table plus an index).
      .$call((b) => (dialect === 'sqlite' ? b.modifyEnd(sql`WITHOUT ROWID`) : b))
      .execute();
    // In key order, so SQLite appends to the new B-tree and leaves its pages full.
    const rows = db as Kysely<{ cube: CubeRow; cube_by_month: CubeRow }>;
    await rows
      .insertInto('cube_by_month')
      .columns(COLUMNS)
      .expression(
        rows
          .selectFrom('cube')
          .select(COLUMNS)
          .orderBy('force_id')
          .orderBy('level')
          .orderBy('month')
          .orderBy('area_id')
          .orderBy('category'),
      )
      .execute();
    await db.schema.dropTable('cube').execute();
    await db.schema.alterTable('cube_by_month').renameTo('cube').execute();
  };
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // Kysely runs PostgreSQL migrations in a transaction but not SQLite's: without one, a failure
      // between the drop and the rename would lose the cube.
      if (dialect === 'sqlite') await db.transaction().execute(rebuild);
      else await rebuild(db);
    },
  };
}
