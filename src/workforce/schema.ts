import type { Generated, Kysely } from 'kysely';
import type { Database } from '../core/store/schema.ts';

/** The workforce tables (migration 003-workforce), as Kysely sees them. */
export type WorkforceSnapshotsTable = {
  id: Generated<number>;
  force_id: number;
  series: string;
  kind: string;
  /** YYYY-MM-DD. */
  as_of: string;
  title: string | null;
  source: string | null;
  /** JSON array of strings. */
  notes: string;
  file: string;
  loaded_at: string;
};

export type WorkforceCellsTable = {
  id: Generated<number>;
  force_id: number;
  snapshot_id: number;
  /** null = the file's printed Total row. */
  department: string | null;
  department_label: string;
  /** null = the file's printed Grand Total column. */
  role: string | null;
  /** null = the cell was blank. */
  fte: number | null;
  note: string | null;
  line: number;
  field: string;
};

export type WorkforceEventsTable = {
  id: Generated<number>;
  force_id: number;
  type: string;
  role: string;
  /** '' = none. */
  to_role: string;
  department: string;
  to_department: string;
  month_from: number;
  month_to: number;
  fte: number;
  note: string | null;
  file: string;
  line: number;
};

export type WorkforceTables = {
  workforce_snapshots: WorkforceSnapshotsTable;
  workforce_cells: WorkforceCellsTable;
  workforce_events: WorkforceEventsTable;
};

export type WorkforceDb = Kysely<Database & WorkforceTables>;

/** The store's Kysely handle, seeing the workforce tables too. */
export function wdb(db: Kysely<Database>): WorkforceDb {
  return db.withTables<WorkforceTables>();
}
