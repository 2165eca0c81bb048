import type { Kysely } from 'kysely';
import type { Dialect } from '../store.ts';
import { columnTypes } from './column-types.ts';

/**
 * Workforce: snapshots of establishment or strength (one per force, series, kind and as-of date),
 * their cells (department × role FTE, with the file's printed totals kept as cells whose department
 * or role is null), and joiners/leavers/moves. Types: src/workforce/schema.ts.
 */
export function workforce(dialect: Dialect) {
  const { id, big, real } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('workforce_snapshots')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('series', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('source', 'text')
        .addColumn('notes', 'text', (c) => c.notNull())
        .addColumn('file', 'text', (c) => c.notNull())
        .addColumn('loaded_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('workforce_snapshots_key', ['force_id', 'series', 'kind', 'as_of'])
        .execute();
      await db.schema
        .createTable('workforce_cells')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('snapshot_id', big, (c) => c.notNull().references('workforce_snapshots.id'))
        .addColumn('department', 'text')
        .addColumn('department_label', 'text', (c) => c.notNull())
        .addColumn('role', 'text')
        .addColumn('fte', real)
        .addColumn('note', 'text')
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('workforce_cells_snapshot')
        .on('workforce_cells')
        .columns(['snapshot_id'])
        .execute();
      await db.schema
        .createTable('workforce_events')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        // '' rather than NULL for "none", so the natural key below is a plain unique constraint.
        .addColumn('to_role', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('to_department', 'text', (c) => c.notNull())
        .addColumn('month_from', 'integer', (c) => c.notNull())
        .addColumn('month_to', 'integer', (c) => c.notNull())
        .addColumn('fte', real, (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('file', 'text', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addUniqueConstraint('workforce_events_key', [
          'force_id',
          'type',
          'role',
          'to_role',
          'department',
          'to_department',
          'month_from',
          'month_to',
        ])
        .execute();
    },
  };
}
