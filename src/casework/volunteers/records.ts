/**
 * The volunteer record types a CSV file can hold, for `beatwise casework volunteers import|export`:
 * each names its columns (docs/formats.md), its checks (model.ts) and how it is saved (store.ts).
 * An export writes the same columns, so it imports again unchanged; its `synthetic` column says
 * SYNTHETIC on every generated row.
 */
import type { Kysely } from 'kysely';
import { toCsvLine } from '../../core/csv/write.ts';
import type { Database } from '../../core/store/schema.ts';
import { importerOf, type RecordType } from '../shared/table-import.ts';
import { groupInput, memberInput, offenceInput, sessionInput, siteInput } from './model.ts';
import { vdb } from './schema.ts';
import { forceLetters, saveGroup, saveMember, saveOffence, saveSession, saveSite } from './store.ts';

export const VOLUNTEER_RECORD_TYPES = {
  groups: importerOf({
    name: 'groups',
    required: ['code', 'name', 'kind', 'team'],
    columns: ['code', 'name', 'kind', 'team', 'synthetic'],
    schema: groupInput,
    save: saveGroup,
  } satisfies RecordType<typeof groupInput>),
  members: importerOf({
    name: 'members',
    required: ['ref', 'group', 'name', 'joined'],
    columns: ['ref', 'group', 'name', 'email', 'phone', 'joined', 'left', 'synthetic'],
    schema: memberInput,
    save: saveMember,
  } satisfies RecordType<typeof memberInput>),
  sites: importerOf({
    name: 'sites',
    required: ['code', 'group', 'name', 'limit', 'status'],
    columns: ['code', 'group', 'name', 'limit', 'status', 'decided', 'synthetic'],
    schema: siteInput,
    save: saveSite,
  } satisfies RecordType<typeof siteInput>),
  sessions: importerOf({
    name: 'sessions',
    required: ['ref', 'group', 'date', 'site', 'hours'],
    columns: [
      'ref',
      'group',
      'date',
      'site',
      'site_code',
      'hours',
      'vehicles_checked',
      'members',
      'synthetic',
    ],
    schema: sessionInput,
    save: saveSession,
  } satisfies RecordType<typeof sessionInput>),
  offences: importerOf({
    name: 'offences',
    required: ['session', 'registration', 'time', 'speed', 'limit'],
    columns: ['session', 'registration', 'time', 'speed', 'limit', 'synthetic'],
    schema: offenceInput,
    save: saveOffence,
  } satisfies RecordType<typeof offenceInput>),
};

export type VolunteerRecordName = keyof typeof VOLUNTEER_RECORD_TYPES | 'letters';
export const VOLUNTEER_EXPORTS: readonly VolunteerRecordName[] = [
  'groups',
  'members',
  'sites',
  'sessions',
  'offences',
  'letters',
];

const flag = (n: number | boolean) => (n === 1 || n === true ? 'SYNTHETIC' : '');

/** One exported record: its cells, and the team and unit it belongs to (what scope checks read). */
export interface ExportRow {
  cells: (string | number | null)[];
  team: string;
  unit: string;
  /** The user who recorded it, where records have one (engagement). */
  ownerId?: string | null;
}

/** The rows of one record type, with the columns that hold personal data. */
export interface ExportTable {
  header: readonly string[];
  rows: ExportRow[];
  /** Columns shown only to those allowed the record's personal fields (volunteer-contact). */
  personal: readonly string[];
}

/** The rows of one record type of a force, as CSV text (header first). */
export async function exportVolunteerRecords(
  db: Kysely<Database>,
  forceId: number,
  type: VolunteerRecordName,
): Promise<{ csv: string; rows: number }> {
  const t = await volunteerExportTable(db, forceId, type);
  return { csv: tableCsv(t.header, t.rows), rows: t.rows.length };
}

/** CSV text: the header, then the rows (every cell through toCsvLine: formulas neutralised). */
export function tableCsv(header: readonly string[], rows: readonly ExportRow[]): string {
  return `${[toCsvLine(header), ...rows.map((r) => toCsvLine(r.cells))].join('\n')}\n`;
}

const PERSONAL_COLUMNS: Readonly<Record<VolunteerRecordName, readonly string[]>> = {
  groups: [],
  members: ['name', 'email', 'phone'],
  sites: [],
  sessions: [],
  offences: ['registration'],
  letters: ['registration'],
};

/** The rows of one record type of a force, each with its team and unit. */
export async function volunteerExportTable(
  db: Kysely<Database>,
  forceId: number,
  type: VolunteerRecordName,
): Promise<ExportTable> {
  const v = vdb(db);
  let header: readonly string[];
  let rows: ExportRow[];
  const at = (x: { team: string; unit: string }, cells: ExportRow['cells']): ExportRow => ({
    cells,
    team: x.team,
    unit: x.unit,
  });
  switch (type) {
    case 'groups': {
      header = VOLUNTEER_RECORD_TYPES.groups.columns;
      const r = await v
        .selectFrom('volunteer_groups')
        .selectAll()
        .where('force_id', '=', forceId)
        .orderBy('code')
        .execute();
      rows = r.map((g) => at(g, [g.code, g.name, g.kind, g.team, flag(g.synthetic)]));
      break;
    }
    case 'members': {
      header = VOLUNTEER_RECORD_TYPES.members.columns;
      const r = await v
        .selectFrom('volunteer_members as m')
        .innerJoin('volunteer_groups as g', 'g.id', 'm.group_id')
        .select([
          'm.ref',
          'g.code',
          'm.name',
          'm.email',
          'm.phone',
          'm.joined_on',
          'm.left_on',
          'm.synthetic',
          'g.team',
          'g.unit',
        ])
        .where('m.force_id', '=', forceId)
        .orderBy('m.ref')
        .execute();
      rows = r.map((m) =>
        at(m, [m.ref, m.code, m.name, m.email, m.phone, m.joined_on, m.left_on, flag(m.synthetic)]),
      );
      break;
    }
    case 'sites': {
      header = VOLUNTEER_RECORD_TYPES.sites.columns;
      const r = await v
        .selectFrom('speedwatch_sites as s')
        .innerJoin('volunteer_groups as g', 'g.id', 's.group_id')
        .select([
          's.code',
          'g.code as group',
          's.name',
          's.speed_limit',
          's.status',
          's.decided_on',
          's.synthetic',
          'g.team',
          'g.unit',
        ])
        .where('s.force_id', '=', forceId)
        .orderBy('s.code')
        .execute();
      rows = r.map((s) =>
        at(s, [s.code, s.group, s.name, s.speed_limit, s.status, s.decided_on, flag(s.synthetic)]),
      );
      break;
    }
    case 'sessions': {
      header = VOLUNTEER_RECORD_TYPES.sessions.columns;
      const r = await v
        .selectFrom('volunteer_sessions as s')
        .innerJoin('volunteer_groups as g', 'g.id', 's.group_id')
        .leftJoin('speedwatch_sites as site', 'site.id', 's.site_id')
        .select([
          's.id',
          's.ref',
          'g.code',
          's.date',
          's.site',
          'site.code as site_code',
          's.hours',
          's.vehicles_checked',
          's.synthetic',
          'g.team',
          'g.unit',
        ])
        .where('s.force_id', '=', forceId)
        .orderBy('s.ref')
        .execute();
      const links = await v
        .selectFrom('volunteer_session_members as sm')
        .innerJoin('volunteer_members as m', 'm.id', 'sm.member_id')
        .select(['sm.session_id', 'm.ref'])
        .where('m.force_id', '=', forceId)
        .orderBy('m.ref')
        .execute();
      const refs = new Map<number, string[]>();
      for (const l of links) refs.set(l.session_id, [...(refs.get(l.session_id) ?? []), l.ref]);
      rows = r.map((s) =>
        at(s, [
          s.ref,
          s.code,
          s.date,
          s.site,
          s.site_code,
          Number(s.hours),
          s.vehicles_checked,
          (refs.get(s.id) ?? []).join(';'),
          flag(s.synthetic),
        ]),
      );
      break;
    }
    case 'offences': {
      header = VOLUNTEER_RECORD_TYPES.offences.columns;
      const r = await v
        .selectFrom('speedwatch_offences as o')
        .innerJoin('volunteer_sessions as s', 's.id', 'o.session_id')
        .innerJoin('volunteer_groups as g', 'g.id', 's.group_id')
        .select([
          's.ref',
          'o.registration',
          'o.seen_at',
          'o.speed',
          'o.speed_limit',
          's.synthetic',
          'g.team',
          'g.unit',
        ])
        .where('o.force_id', '=', forceId)
        .orderBy('s.ref')
        .orderBy('o.seen_at')
        .execute();
      rows = r.map((o) =>
        at(o, [o.ref, o.registration, o.seen_at, o.speed, o.speed_limit, flag(o.synthetic)]),
      );
      break;
    }
    case 'letters': {
      header = [
        'date',
        'registration',
        'stage',
        'previous',
        'session',
        'group',
        'team',
        'speed',
        'limit',
        'synthetic',
      ];
      const r = await forceLetters(db, forceId);
      rows = r.map((l) =>
        at(l, [
          l.date,
          l.registration,
          l.stage,
          l.previous,
          l.session,
          l.group,
          l.team,
          l.speed,
          l.limit,
          flag(l.synthetic),
        ]),
      );
      break;
    }
  }
  return { header, rows, personal: PERSONAL_COLUMNS[type] };
}
