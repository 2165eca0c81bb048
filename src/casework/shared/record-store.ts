import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../core/store/schema.ts';
import { type CaseworkTables, cdb } from './schema.ts';

/** The casework tables holding one record per case, each with its force, unit, team and owner. */
export type RecordTable = 'burglary_attendance' | 'referrals' | 'iom_members';

/** Which records of a force: by month (`YYYY-MM`, on the table's month column) and by unit and team. */
export interface RecordFilter {
  forceId: number;
  from?: string;
  to?: string;
  unit?: string;
  team?: string;
}

const ORDER: Record<RecordTable, 'reported_at' | 'received_at' | 'entered_on'> = {
  burglary_attendance: 'reported_at',
  referrals: 'received_at',
  iom_members: 'entered_on',
};

/**
 * The rows of one record table a filter selects, in the order the records happened (then by id).
 * The month filter applies to tables with a month column (the IOM cohort has none: it is ignored).
 */
export async function selectRecords<T extends RecordTable>(
  db: Kysely<Database>,
  table: T,
  f: RecordFilter,
): Promise<Selectable<CaseworkTables[T]>[]> {
  // The three tables share force_id, unit_code, team_code and id; the month column is checked below.
  let q = cdb(db)
    .selectFrom(table as 'referrals')
    .selectAll()
    .where('force_id', '=', f.forceId);
  if (table !== 'iom_members') {
    if (f.from) q = q.where('month', '>=', f.from);
    if (f.to) q = q.where('month', '<=', f.to);
  }
  if (f.unit) q = q.where('unit_code', '=', f.unit);
  if (f.team) q = q.where('team_code', '=', f.team);
  const rows = await q
    .orderBy(ORDER[table] as 'received_at')
    .orderBy('id')
    .execute();
  return rows as unknown as Selectable<CaseworkTables[T]>[];
}

/** One row of a record table by id, within its force (undefined: none). */
export async function selectRecord<T extends RecordTable>(
  db: Kysely<Database>,
  table: T,
  forceId: number,
  id: number,
): Promise<Selectable<CaseworkTables[T]> | undefined> {
  const row = await cdb(db)
    .selectFrom(table as 'referrals')
    .selectAll()
    .where('force_id', '=', forceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row as Selectable<CaseworkTables[T]> | undefined;
}
