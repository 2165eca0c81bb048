/** Workforce queries: snapshots, their cells, events; and the units and departments of a force. */
import type { Kysely } from 'kysely';
import type { Database } from '../core/store/schema.ts';
import type { Store } from '../core/store/store.ts';
import type { DepartmentRef, Kind, Snapshot, SnapshotInput, WorkforceEvent } from './model.ts';
import { eventKey } from './parse.ts';
import { wdb } from './schema.ts';

/** The force's units (NPUs) and departments: what workforce rows may name. */
export async function forceDepartments(db: Kysely<Database>, forceId: number): Promise<DepartmentRef[]> {
  const units = await db
    .selectFrom('areas')
    .select(['code', 'name'])
    .where('force_id', '=', forceId)
    .where('level', '=', 'unit')
    .orderBy('id')
    .execute();
  const depts = await db
    .selectFrom('departments')
    .select(['code', 'name'])
    .where('force_id', '=', forceId)
    .orderBy('id')
    .execute();
  return [
    ...units.map((u) => ({ code: u.code, name: u.name, kind: 'unit' as const })),
    ...depts.map((d) => ({ code: d.code, name: d.name, kind: 'department' as const })),
  ];
}

/**
 * Stores a snapshot, replacing one with the same force, series, kind and as-of date (so loading
 * the same file again changes nothing). One transaction.
 */
export async function saveSnapshot(
  store: Store,
  forceId: number,
  s: SnapshotInput,
  now = new Date(),
): Promise<{ id: number; replaced: boolean }> {
  return store.transaction(async (tx) => {
    const db = wdb(tx);
    const found = await db
      .selectFrom('workforce_snapshots')
      .select('id')
      .where('force_id', '=', forceId)
      .where('series', '=', s.series)
      .where('kind', '=', s.kind)
      .where('as_of', '=', s.asOf)
      .executeTakeFirst();
    const meta = {
      title: s.title,
      source: s.source,
      notes: JSON.stringify(s.notes),
      file: s.file,
      loaded_at: now.toISOString(),
    };
    let id: number;
    if (found) {
      id = found.id;
      await db.updateTable('workforce_snapshots').set(meta).where('id', '=', id).execute();
      await db.deleteFrom('workforce_cells').where('snapshot_id', '=', id).execute();
    } else {
      const row = await db
        .insertInto('workforce_snapshots')
        .values({ force_id: forceId, series: s.series, kind: s.kind, as_of: s.asOf, ...meta })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = Number(row.id);
    }
    // In chunks: one statement's bound parameters are limited (SQLite 32,766; PostgreSQL 65,535).
    for (let i = 0; i < s.cells.length; i += 500) {
      await db
        .insertInto('workforce_cells')
        .values(
          s.cells.slice(i, i + 500).map((c) => ({
            force_id: forceId,
            snapshot_id: id,
            department: c.department,
            department_label: c.departmentLabel,
            role: c.role,
            fte: c.fte,
            note: c.note,
            line: c.line,
            field: c.field,
          })),
        )
        .execute();
    }
    return { id, replaced: found !== undefined };
  });
}

export interface SnapshotFilter {
  series?: string;
  kind?: Kind;
  /** Only snapshots as of this date or earlier. */
  asOfMax?: string;
}

/** A force's snapshots with their cells, oldest first (cells in file order). */
export async function listSnapshots(
  db: Kysely<Database>,
  forceId: number,
  filter: SnapshotFilter = {},
): Promise<Snapshot[]> {
  const w = wdb(db);
  let q = w.selectFrom('workforce_snapshots').selectAll().where('force_id', '=', forceId);
  if (filter.series !== undefined) q = q.where('series', '=', filter.series);
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  if (filter.asOfMax !== undefined) q = q.where('as_of', '<=', filter.asOfMax);
  const snaps = await q.orderBy('as_of').orderBy('series').orderBy('kind').execute();
  if (!snaps.length) return [];
  const cells = await w
    .selectFrom('workforce_cells')
    .selectAll()
    .where(
      'snapshot_id',
      'in',
      snaps.map((s) => s.id),
    )
    .orderBy('id')
    .execute();
  const bySnap = new Map<number, Snapshot['cells']>();
  for (const c of cells) {
    const list = bySnap.get(Number(c.snapshot_id)) ?? [];
    list.push({
      department: c.department,
      departmentLabel: c.department_label,
      role: c.role,
      fte: c.fte === null ? null : Number(c.fte),
      note: c.note,
      line: Number(c.line),
      field: c.field,
    });
    bySnap.set(Number(c.snapshot_id), list);
  }
  return snaps.map((s) => ({
    id: Number(s.id),
    series: s.series,
    kind: s.kind as Kind,
    asOf: s.as_of,
    title: s.title,
    source: s.source,
    notes: JSON.parse(s.notes) as string[],
    file: s.file,
    loadedAt: s.loaded_at,
    cells: bySnap.get(Number(s.id)) ?? [],
  }));
}

/**
 * Stores events by their natural key (type, roles, departments, months): a row already stored is
 * updated, a new one inserted. One transaction.
 */
export async function saveEvents(
  store: Store,
  forceId: number,
  events: WorkforceEvent[],
): Promise<{ inserted: number; updated: number }> {
  return store.transaction(async (tx) => {
    const db = wdb(tx);
    const existing = new Set(
      (await db.selectFrom('workforce_events').selectAll().where('force_id', '=', forceId).execute()).map(
        (r) => eventKey(rowToEvent(r)),
      ),
    );
    let inserted = 0;
    let updated = 0;
    for (const e of events) {
      if (existing.has(eventKey(e))) updated++;
      else inserted++;
      const values = {
        force_id: forceId,
        type: e.type,
        role: e.role,
        to_role: e.toRole ?? '',
        department: e.department ?? '',
        to_department: e.toDepartment ?? '',
        month_from: e.monthFrom,
        month_to: e.monthTo,
        fte: e.fte,
        note: e.note,
        file: e.file,
        line: e.line,
      };
      await db
        .insertInto('workforce_events')
        .values(values)
        .onConflict((oc) =>
          oc
            .columns([
              'force_id',
              'type',
              'role',
              'to_role',
              'department',
              'to_department',
              'month_from',
              'month_to',
            ])
            .doUpdateSet({ fte: e.fte, note: e.note, file: e.file, line: e.line }),
        )
        .execute();
    }
    return { inserted, updated };
  });
}

function rowToEvent(r: {
  type: string;
  role: string;
  to_role: string;
  department: string;
  to_department: string;
  month_from: number;
  month_to: number;
  fte: number;
  note: string | null;
  file: string;
  line: number;
}): WorkforceEvent {
  return {
    type: r.type as WorkforceEvent['type'],
    role: r.role,
    toRole: r.to_role || null,
    department: r.department || null,
    toDepartment: r.to_department || null,
    monthFrom: Number(r.month_from),
    monthTo: Number(r.month_to),
    fte: Number(r.fte),
    note: r.note,
    file: r.file,
    line: Number(r.line),
  };
}

/** A force's events, by month. */
export async function listEvents(db: Kysely<Database>, forceId: number): Promise<WorkforceEvent[]> {
  const rows = await wdb(db)
    .selectFrom('workforce_events')
    .selectAll()
    .where('force_id', '=', forceId)
    .orderBy('month_to')
    .orderBy('month_from')
    .orderBy('id')
    .execute();
  return rows.map(rowToEvent);
}
