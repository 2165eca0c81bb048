/**
 * The engagement record types a CSV file can hold (`beatwise casework engagement import|export`):
 * events (with the issues raised, separated by ";") and neighbourhood priorities.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../core/store/schema.ts';
import { importerOf, type RecordType } from '../shared/table-import.ts';
import { type ExportRow, type ExportTable, tableCsv } from '../volunteers/records.ts';
import { eventInput, priorityInput } from './model.ts';
import { edb } from './schema.ts';
import { listPriorities, saveEvent, savePriority } from './store.ts';

export const ENGAGEMENT_RECORD_TYPES = {
  events: importerOf({
    name: 'events',
    required: ['ref', 'kind', 'team', 'date', 'place', 'attendance'],
    columns: ['ref', 'kind', 'team', 'date', 'place', 'attendance', 'issues', 'synthetic'],
    schema: eventInput,
    save: (tx, forceId, v) => saveEvent(tx, forceId, v),
  } satisfies RecordType<typeof eventInput>),
  priorities: importerOf({
    name: 'priorities',
    required: ['ref', 'team', 'issue', 'issue_date'],
    columns: [
      'ref',
      'team',
      'issue',
      'issue_date',
      'action',
      'action_date',
      'status',
      'closed_on',
      'outcome',
      'synthetic',
    ],
    schema: priorityInput,
    save: (tx, forceId, v) => savePriority(tx, forceId, v),
  } satisfies RecordType<typeof priorityInput>),
};

export type EngagementRecordName = keyof typeof ENGAGEMENT_RECORD_TYPES;

const flag = (n: number) => (n === 1 ? 'SYNTHETIC' : '');

export async function exportEngagementRecords(
  db: Kysely<Database>,
  forceId: number,
  type: EngagementRecordName,
): Promise<{ csv: string; rows: number }> {
  const t = await engagementExportTable(db, forceId, type);
  return { csv: tableCsv(t.header, t.rows), rows: t.rows.length };
}

/** The rows of one record type of a force, each with its team, unit and the user who recorded it. */
export async function engagementExportTable(
  db: Kysely<Database>,
  forceId: number,
  type: EngagementRecordName,
): Promise<ExportTable> {
  let rows: ExportRow[];
  const at = (
    x: { team: string; unit: string; owner_id: string | null },
    cells: ExportRow['cells'],
  ): ExportRow => ({ cells, team: x.team, unit: x.unit, ownerId: x.owner_id });
  if (type === 'events') {
    const x = edb(db);
    const events = await x
      .selectFrom('engagement_events')
      .selectAll()
      .where('force_id', '=', forceId)
      .orderBy('ref')
      .execute();
    const issues = await x
      .selectFrom('engagement_issues')
      .select(['event_id', 'text'])
      .where('force_id', '=', forceId)
      .orderBy('id')
      .execute();
    const of = new Map<number, string[]>();
    for (const i of issues) of.set(i.event_id, [...(of.get(i.event_id) ?? []), i.text]);
    rows = events.map((e) =>
      at(e, [
        e.ref,
        e.kind,
        e.team,
        e.date,
        e.place,
        e.attendance,
        (of.get(e.id) ?? []).join('; '),
        flag(e.synthetic),
      ]),
    );
  } else {
    const ps = await listPriorities(db, forceId);
    rows = ps
      .sort((a, b) => a.ref.localeCompare(b.ref))
      .map((p) =>
        at(p, [
          p.ref,
          p.team,
          p.issue,
          p.issue_date,
          p.action,
          p.action_date,
          p.status,
          p.closed_on,
          p.outcome,
          flag(p.synthetic),
        ]),
      );
  }
  return { header: ENGAGEMENT_RECORD_TYPES[type].columns, rows, personal: [] };
}
