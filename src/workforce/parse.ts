/**
 * Workforce tables and event lists, from rows of text cells (see read.ts) to checked values.
 * Pure: no I/O. Every problem names the file, the line (or workbook row) and the field; a file with
 * any problem loads nothing (a table missing a row would give wrong totals), and the error lists
 * every problem found, not only the first.
 */
import { BeatwiseError, formatWhere, type Where } from '../core/errors.ts';
import { formatMonth, parseMonth } from '../core/time/month.ts';
import {
  type CellInput,
  DEFAULT_SERIES,
  type DepartmentRef,
  EVENT_TYPES,
  type EventType,
  findRole,
  KINDS,
  type Kind,
  normaliseHeading,
  ROLES,
  type SnapshotInput,
  type WorkforceEvent,
} from './model.ts';
import type { TableRow } from './read.ts';

interface Problem {
  code: string;
  message: string;
  where: Where;
}

/** Collects problems and throws them as one error: the first as the message, all in details. */
class Problems {
  readonly list: Problem[] = [];
  private readonly keys = new Set<string>();
  constructor(readonly file: string) {}
  /** Adds a problem; the same problem at the same place (e.g. a setting every row uses) only once. */
  add(code: string, message: string, line?: number, field?: string): void {
    const key = `${code}\u0000${message}\u0000${line}\u0000${field}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.list.push({ code, message, where: { file: this.file, line, field } });
  }
  throwIfAny(): void {
    if (!this.list.length) return;
    const [first, ...rest] = this.list;
    // The message lists the other problems too (up to 20), so a person fixes the file in one go.
    const shown = rest
      .slice(0, 20)
      .map((p) => `\n  also ${formatWhere({ ...p.where, file: undefined })}${p.message}`);
    const hidden = rest.length - shown.length;
    throw new BeatwiseError(
      first.code,
      `${first.message}${shown.join('')}${hidden > 0 ? `\n  … and ${hidden} more` : ''}`,
      first.where,
      { problems: this.list.map((p) => ({ code: p.code, message: p.message, ...p.where })) },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Values

const NUMBER_RE = /^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/;
/** A printed total may carry a remark after the number: "61 (included 2 x SGTS)". */
const TOTAL_WITH_NOTE_RE = /^(-?[\d,]+(?:\.\d+)?)\s*\((.*)\)\s*$/;

type FteResult = { ok: true; fte: number | null; note: string | null } | { ok: false };

/** Parses an FTE cell: blank, or a number ≥ 0 in halves; reports a problem and returns ok:false. */
function parseFte(
  text: string,
  problems: Problems,
  line: number,
  field: string,
  allowNote: boolean,
  allowBlank = true,
): FteResult {
  if (text === '') {
    if (allowBlank) return { ok: true, fte: null, note: null };
    problems.add('workforce.missing_fte', 'no FTE given', line, field);
    return { ok: false };
  }
  let numText = text;
  let note: string | null = null;
  const withNote = allowNote ? TOTAL_WITH_NOTE_RE.exec(text) : null;
  if (withNote) {
    numText = withNote[1];
    note = withNote[2].trim() || null;
  }
  if (!NUMBER_RE.test(numText)) {
    problems.add(
      'workforce.bad_fte',
      `"${text}" is not a number of FTE (write e.g. 12 or 12.5${allowNote ? '; a printed total may add a remark in brackets: 61 (incl. 2 sergeants)' : ''})`,
      line,
      field,
    );
    return { ok: false };
  }
  const fte = Number(numText.replace(/,/g, ''));
  if (fte < 0) {
    problems.add('workforce.negative_fte', `FTE must not be negative; got ${text}`, line, field);
    return { ok: false };
  }
  if (!Number.isInteger(fte * 2)) {
    problems.add(
      'workforce.fte_not_half',
      `FTE must be in halves (0, 0.5, 1, 1.5 …); got ${text}. Round to the nearest half, as the board tables do`,
      line,
      field,
    );
    return { ok: false };
  }
  return { ok: true, fte, note };
}

const DATE_ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** 'YYYY-MM-DD' or UK 'DD/MM/YYYY' → 'YYYY-MM-DD', or null when not a real date. */
export function parseAsOf(text: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  const iso = DATE_ISO.exec(text);
  const uk = iso ? null : DATE_UK.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (uk) [y, m, d] = [Number(uk[3]), Number(uk[2]), Number(uk[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 1900 || y > 2200) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function parseKind(text: string): Kind | null {
  const n = normaliseHeading(text);
  if (n === 'establishment' || n === 'funded post' || n === 'post') return 'establishment';
  if (n === 'strength' || n === 'actual' || n === 'in post') return 'strength';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Departments

function departmentKey(text: string): string {
  return normaliseHeading(text)
    .replace(/\s+(npu|neighbourhood policing unit)$/, '')
    .trim();
}

/** Finds a force's units and departments by code or name ("Coventry", "Coventry NPU", "CV"). */
export class DepartmentIndex {
  private readonly byKey = new Map<string, DepartmentRef>();
  constructor(readonly departments: DepartmentRef[]) {
    for (const d of departments) {
      this.byKey.set(departmentKey(d.code), d);
      if (!this.byKey.has(departmentKey(d.name))) this.byKey.set(departmentKey(d.name), d);
    }
  }
  find(text: string): DepartmentRef | undefined {
    return this.byKey.get(departmentKey(text));
  }
  describe(): string {
    if (!this.departments.length)
      return 'the force has no units or departments yet: load its force file first (beatwise force load FILE)';
    return `known: ${this.departments.map((d) => `${d.code} (${d.name})`).join(', ')}`;
  }
}

function isTotalLabel(text: string): boolean {
  const n = normaliseHeading(text);
  return n === 'total' || n === 'grand total' || n === 'all';
}

// ---------------------------------------------------------------------------------------------
// Workforce tables

export interface ParseTableOptions {
  file: string;
  departments: DepartmentRef[];
  /** Used where the file gives none; a file that gives a different value is an error. */
  kind?: Kind;
  asOf?: string;
  series?: string;
  /** For messages: the force the departments belong to. */
  force?: string;
}

const SETTING_KEYS = new Map<string, 'kind' | 'as_of' | 'series' | 'title' | 'source' | 'note'>([
  ['kind', 'kind'],
  ['as of', 'as_of'],
  ['asof', 'as_of'],
  ['as at', 'as_of'],
  ['date', 'as_of'],
  ['series', 'series'],
  ['title', 'title'],
  ['source', 'source'],
  ['note', 'note'],
  ['notes', 'note'],
]);

type ColumnRole =
  | { type: 'department' }
  | { type: 'as_of' | 'kind' | 'series' | 'note' | 'role-name' | 'fte' }
  | { type: 'role'; role: string }
  | { type: 'total' }
  | { type: 'ignore' };

const META_COLUMNS = new Map<string, ColumnRole['type']>([
  ['department', 'department'],
  ['departments', 'department'],
  ['dept', 'department'],
  ['npu', 'department'],
  ['unit', 'department'],
  ['as of', 'as_of'],
  ['asof', 'as_of'],
  ['as at', 'as_of'],
  ['kind', 'kind'],
  ['series', 'series'],
  ['note', 'note'],
  ['notes', 'note'],
  ['role', 'role-name'],
  ['fte', 'fte'],
]);

interface Setting {
  value: string;
  line: number;
}

/**
 * Reads workforce tables from rows. Two layouts (docs/formats.md, "Workforce"):
 * - wide, as board papers print them: a `Department` column, one column per role, optional
 *   `Grand Total` column and `Total` row (kept as printed totals, to be checked, never trusted);
 * - long: `department`, `role`, `fte` columns, one row per cell.
 * Setting rows above the header (`kind,establishment`, `as_of,2023-01-01`, `series,…`, `title,…`,
 * `source,…`, `note,…`) or `as_of`/`kind`/`series` columns say what the table is. A file may hold
 * several snapshots when those columns vary by row.
 */
export function parseWorkforceTable(rows: TableRow[], opts: ParseTableOptions): SnapshotInput[] {
  const problems = new Problems(opts.file);
  const depts = new DepartmentIndex(opts.departments);
  const settings: Partial<Record<'kind' | 'as_of' | 'series' | 'title' | 'source', Setting>> = {};
  const notes: string[] = [];
  let i = 0;
  for (; i < rows.length; i++) {
    // A setting row is a key and one value; a header that starts with "kind" or "as_of" has more.
    const key = SETTING_KEYS.get(normaliseHeading(rows[i].cells[0] ?? ''));
    if (!key || rows[i].cells.slice(1).filter((c) => c !== '').length > 1) break;
    const value = rows[i].cells.slice(1).find((c) => c !== '') ?? '';
    if (key === 'note') {
      if (value) notes.push(value);
    } else if (settings[key]) {
      problems.add(
        'workforce.duplicate_setting',
        `"${rows[i].cells[0]}" is given twice (also on line ${settings[key].line})`,
        rows[i].line,
        rows[i].cells[0],
      );
    } else settings[key] = { value, line: rows[i].line };
  }
  const header = rows[i];
  if (!header) {
    problems.add(
      'workforce.no_header',
      rows.length
        ? 'no header row: after the setting rows, a row of column headings (Department, Police Officer, …) is needed'
        : 'the file has no rows',
      rows.at(-1)?.line,
    );
    problems.throwIfAny();
  }
  const columns = readHeader(header, problems);
  problems.throwIfAny();
  const col = (t: ColumnRole['type']) => columns.findIndex((c) => c.type === t);
  const deptCol = col('department');
  const long = col('role-name') >= 0 || col('fte') >= 0;
  if (long && (col('role-name') < 0 || col('fte') < 0)) {
    problems.add(
      'workforce.bad_header',
      'a long-layout file needs both a "role" and an "fte" column',
      header.line,
      col('role-name') < 0 ? 'role' : 'fte',
    );
  }
  if (long && columns.some((c) => c.type === 'role' || c.type === 'total')) {
    problems.add(
      'workforce.bad_header',
      'a file has either role columns (wide layout) or "role" and "fte" columns (long layout), not both',
      header.line,
    );
  }
  problems.throwIfAny();

  // What the table is: row column, then setting row, then option; a clash is an error.
  const resolve = (
    name: 'as_of' | 'kind' | 'series',
    rowValue: string | undefined,
    line: number,
  ): string | undefined => {
    const optValue = name === 'as_of' ? opts.asOf : name === 'kind' ? opts.kind : opts.series;
    const setting = settings[name];
    const fileValue = rowValue || setting?.value || undefined;
    const fileLine = rowValue ? line : setting?.line;
    if (fileValue === undefined) return optValue;
    if (optValue !== undefined) {
      const same =
        name === 'as_of'
          ? parseAsOf(fileValue) === parseAsOf(optValue)
          : name === 'kind'
            ? parseKind(fileValue) === parseKind(optValue)
            : fileValue === optValue;
      if (!same) {
        problems.add(
          'workforce.conflict',
          `the file says ${name} "${fileValue}" but the command says "${optValue}"; remove one`,
          fileLine,
          name,
        );
      }
    }
    return fileValue;
  };

  const groups = new Map<string, SnapshotInput>();
  const seen = new Map<string, number>();
  const asOfCol = col('as_of');
  const kindCol = col('kind');
  const seriesCol = col('series');
  // Said nowhere at all: one problem, on the header line.
  if (asOfCol < 0 && !settings.as_of && opts.asOf === undefined) {
    problems.add(
      'workforce.missing_as_of',
      'no as-of date: add a setting row "as_of,YYYY-MM-DD" above the header, an as_of column, or give --as-of',
      header.line,
      'as_of',
    );
  }
  if (kindCol < 0 && !settings.kind && opts.kind === undefined) {
    problems.add(
      'workforce.missing_kind',
      'not said whether this is establishment or strength: add a setting row "kind,establishment" (or strength), a kind column, or give --kind',
      header.line,
      'kind',
    );
  }
  problems.throwIfAny();
  let dataRows = 0;
  for (const row of rows.slice(i + 1)) {
    const cell = (c: number) => (c >= 0 ? (row.cells[c] ?? '') : '');
    dataRows++;
    const deptText = cell(deptCol);
    const deptField = header.cells[deptCol];
    if (deptText === '') {
      problems.add('workforce.missing_department', 'no department given', row.line, deptField);
      continue;
    }
    let dept: string | null = null;
    if (!isTotalLabel(deptText)) {
      const found = depts.find(deptText);
      if (!found) {
        problems.add(
          'workforce.unknown_department',
          `"${deptText}" is not a unit or department of ${opts.force ?? 'the force'}; ${depts.describe()}`,
          row.line,
          deptField,
        );
        continue;
      }
      dept = found.code;
    }
    const asOfText = resolve('as_of', cell(asOfCol), row.line);
    const kindText = resolve('kind', cell(kindCol), row.line);
    const series = resolve('series', cell(seriesCol), row.line) ?? DEFAULT_SERIES;
    let bad = false;
    const asOf = asOfText === undefined ? null : parseAsOf(asOfText);
    if (asOfText === undefined) {
      problems.add(
        'workforce.missing_as_of',
        "no as-of date in this row's as_of cell, and none given above the header or with --as-of",
        row.line,
        header.cells[asOfCol],
      );
      bad = true;
    } else if (!asOf) {
      problems.add(
        'workforce.bad_as_of',
        `"${asOfText}" is not a date; write YYYY-MM-DD (or DD/MM/YYYY)`,
        asOfCol >= 0 && cell(asOfCol) ? row.line : settings.as_of?.line,
        'as_of',
      );
      bad = true;
    }
    const kind = kindText === undefined ? null : parseKind(kindText);
    if (kindText === undefined) {
      problems.add(
        'workforce.missing_kind',
        "no kind (establishment or strength) in this row's kind cell, and none given above the header or with --kind",
        row.line,
        header.cells[kindCol],
      );
      bad = true;
    } else if (!kind) {
      problems.add(
        'workforce.bad_kind',
        `kind must be ${KINDS.join(' or ')}; got "${kindText}"`,
        kindCol >= 0 && cell(kindCol) ? row.line : settings.kind?.line,
        'kind',
      );
      bad = true;
    }
    if (bad || !asOf || !kind) continue;
    const key = `${series}\u0000${kind}\u0000${asOf}`;
    let snap = groups.get(key);
    if (!snap) {
      snap = {
        series,
        kind,
        asOf,
        title: settings.title?.value || null,
        source: settings.source?.value || null,
        notes,
        file: opts.file,
        cells: [],
      };
      groups.set(key, snap);
    }
    const add = (c: CellInput) => {
      const k = `${key}\u0000${c.department ?? '*'}\u0000${c.role ?? '*'}`;
      const prev = seen.get(k);
      if (prev !== undefined) {
        problems.add(
          'workforce.duplicate',
          `${c.departmentLabel} × ${c.role ?? 'total'} is given twice in the ${kind} of ${asOf} (also on line ${prev})`,
          c.line,
          c.field,
        );
        return;
      }
      seen.set(k, c.line);
      (snap as SnapshotInput).cells.push(c);
    };
    if (long) {
      const roleText = cell(col('role-name'));
      const roleField = header.cells[col('role-name')];
      let role: string | null = null;
      if (roleText === '') {
        problems.add('workforce.missing_role', 'no role given', row.line, roleField);
        continue;
      }
      if (!isTotalLabel(roleText)) {
        const r = findRole(roleText);
        if (!r) {
          problems.add('workforce.unknown_role', unknownRoleMessage(roleText), row.line, roleField);
          continue;
        }
        role = r.code;
      }
      const fteField = header.cells[col('fte')];
      const v = parseFte(
        cell(col('fte')),
        problems,
        row.line,
        fteField,
        dept === null || role === null,
        false,
      );
      if (v.ok)
        add({
          department: dept,
          departmentLabel: deptText,
          role,
          fte: v.fte,
          note: v.note,
          line: row.line,
          field: fteField,
        });
      continue;
    }
    for (const [c, spec] of columns.entries()) {
      if (spec.type !== 'role' && spec.type !== 'total') continue;
      const role = spec.type === 'role' ? spec.role : null;
      const field = header.cells[c];
      const v = parseFte(cell(c), problems, row.line, field, dept === null || role === null);
      if (!v.ok) continue;
      if (v.fte === null && (dept === null || role === null)) continue; // no printed total given
      add({
        department: dept,
        departmentLabel: deptText,
        role,
        fte: v.fte,
        note: v.note,
        line: row.line,
        field,
      });
    }
  }
  if (dataRows === 0) {
    problems.add('workforce.empty', 'the table has a header but no rows', header.line);
  }
  problems.throwIfAny();
  return [...groups.values()];
}

function unknownRoleMessage(text: string): string {
  return `"${text}" is not a role Beatwise knows; use one of: ${ROLES.map((r) => r.label).join(', ')} (or their short names ${ROLES.map((r) => r.short).join(', ')})`;
}

function readHeader(header: TableRow, problems: Problems): ColumnRole[] {
  const columns: ColumnRole[] = [];
  const seen = new Map<string, number>();
  for (const [c, text] of header.cells.entries()) {
    if (text === '') {
      columns.push({ type: 'ignore' });
      continue;
    }
    const n = normaliseHeading(text);
    const meta = META_COLUMNS.get(n);
    let spec: ColumnRole;
    if (meta) spec = { type: meta } as ColumnRole;
    else if (isTotalLabel(text)) spec = { type: 'total' };
    else {
      const role = findRole(text);
      if (!role) {
        problems.add('workforce.unknown_role', unknownRoleMessage(text), header.line, text);
        columns.push({ type: 'ignore' });
        continue;
      }
      spec = { type: 'role', role: role.code };
    }
    const key = spec.type === 'role' ? `role:${spec.role}` : spec.type;
    const prev = seen.get(key);
    if (prev !== undefined) {
      problems.add(
        'workforce.duplicate_column',
        `"${text}" means the same column as "${header.cells[prev]}"`,
        header.line,
        text,
      );
    }
    seen.set(key, c);
    columns.push(spec);
  }
  if (!columns.some((c) => c.type === 'department')) {
    problems.add(
      'workforce.no_department_column',
      `the header has no Department column; it has: ${header.cells.filter((c) => c).join(', ')}`,
      header.line,
    );
  } else if (!columns.some((c) => c.type === 'role' || c.type === 'role-name')) {
    problems.add(
      'workforce.no_role_columns',
      'the header has no role columns (e.g. Police Officer, Police Staff, PCSO) and no "role" column',
      header.line,
    );
  }
  return columns;
}

// ---------------------------------------------------------------------------------------------
// Events

const EVENT_COLUMNS = new Map<string, string>([
  ['month', 'month'],
  ['period', 'month'],
  ['type', 'type'],
  ['event', 'type'],
  ['role', 'role'],
  ['from role', 'role'],
  ['fte', 'fte'],
  ['count', 'fte'],
  ['number', 'fte'],
  ['people', 'fte'],
  ['headcount', 'fte'],
  ['department', 'department'],
  ['dept', 'department'],
  ['npu', 'department'],
  ['from department', 'department'],
  ['to role', 'to_role'],
  ['to department', 'to_department'],
  ['to npu', 'to_department'],
  ['note', 'note'],
]);

const EVENT_TYPE_ALIASES = new Map<string, EventType>([
  ['join', 'join'],
  ['joiner', 'join'],
  ['joined', 'join'],
  ['recruit', 'join'],
  ['recruited', 'join'],
  ['starter', 'join'],
  ['leave', 'leave'],
  ['leaver', 'leave'],
  ['left', 'leave'],
  ['move', 'move'],
  ['moved', 'move'],
  ['transfer', 'move'],
]);

/** 'YYYY-MM' or a run 'YYYY-MM/YYYY-MM' (also 'YYYY-MM..YYYY-MM') → [first, last] month indexes. */
export function parseMonthRange(text: string): [number, number] | null {
  const parts = text.split(/\s*(?:\/|\.\.)\s*/);
  if (parts.length > 2) return null;
  const a = parseMonth(parts[0]);
  const b = parts.length === 2 ? parseMonth(parts[1]) : a;
  if (a === null || b === null || b < a) return null;
  return [a, b];
}

export interface ParseEventsOptions {
  file: string;
  departments: DepartmentRef[];
  force?: string;
}

/**
 * Reads joiners, leavers and moves: columns `month` (YYYY-MM, or YYYY-MM/YYYY-MM for a run of
 * months), `type` (join, leave, move), `role`, `fte`, and optionally `department`, `to_role`,
 * `to_department` and `note`. Two rows with the same key (type, roles, departments, months) are
 * an error: the key is how re-loading a file updates rather than duplicates.
 */
export function parseWorkforceEvents(rows: TableRow[], opts: ParseEventsOptions): WorkforceEvent[] {
  const problems = new Problems(opts.file);
  const depts = new DepartmentIndex(opts.departments);
  const header = rows[0];
  if (!header) {
    problems.add('workforce.no_header', 'the file has no rows');
    problems.throwIfAny();
  }
  const cols = new Map<string, number>();
  for (const [c, text] of header.cells.entries()) {
    if (text === '') continue;
    const name = EVENT_COLUMNS.get(normaliseHeading(text));
    if (!name) {
      problems.add(
        'workforce.unknown_column',
        `"${text}" is not an events column; the columns are month, type, role, fte, department, to_role, to_department, note`,
        header.line,
        text,
      );
    } else if (cols.has(name)) {
      problems.add('workforce.duplicate_column', `"${text}" is given twice`, header.line, text);
    } else cols.set(name, c);
  }
  for (const need of ['month', 'type', 'role', 'fte']) {
    if (!cols.has(need))
      problems.add('workforce.bad_header', `the header has no "${need}" column`, header.line, need);
  }
  problems.throwIfAny();
  const field = (name: string) => header.cells[cols.get(name) as number];
  const out: WorkforceEvent[] = [];
  const seen = new Map<string, number>();
  for (const row of rows.slice(1)) {
    const get = (name: string) => {
      const c = cols.get(name);
      return c === undefined ? '' : (row.cells[c] ?? '');
    };
    const range = parseMonthRange(get('month'));
    if (!range) {
      problems.add(
        get('month') ? 'workforce.bad_month' : 'workforce.missing_month',
        get('month')
          ? `"${get('month')}" is not a month; write YYYY-MM, or YYYY-MM/YYYY-MM for a run of months (first not after last)`
          : 'no month given',
        row.line,
        field('month'),
      );
    }
    const type = EVENT_TYPE_ALIASES.get(normaliseHeading(get('type')));
    if (!type) {
      problems.add(
        'workforce.bad_event_type',
        `type must be one of ${EVENT_TYPES.join(', ')}; got "${get('type')}"`,
        row.line,
        field('type'),
      );
    }
    const roleOf = (name: string): string | null | undefined => {
      const text = get(name);
      if (text === '') return null;
      const r = findRole(text);
      if (!r) {
        problems.add('workforce.unknown_role', unknownRoleMessage(text), row.line, field(name));
        return undefined;
      }
      return r.code;
    };
    const deptOf = (name: string): string | null | undefined => {
      const text = get(name);
      if (text === '') return null;
      const d = depts.find(text);
      if (!d) {
        problems.add(
          'workforce.unknown_department',
          `"${text}" is not a unit or department of ${opts.force ?? 'the force'}; ${depts.describe()}`,
          row.line,
          field(name),
        );
        return undefined;
      }
      return d.code;
    };
    const role = roleOf('role');
    if (role === null) problems.add('workforce.missing_role', 'no role given', row.line, field('role'));
    const toRole = cols.has('to_role') ? roleOf('to_role') : null;
    const department = cols.has('department') ? deptOf('department') : null;
    const toDepartment = cols.has('to_department') ? deptOf('to_department') : null;
    const fte = parseFte(get('fte'), problems, row.line, field('fte'), false, false);
    if (type === 'move' && toRole === null && toDepartment === null) {
      problems.add(
        'workforce.move_without_target',
        'a move needs a to_role or a to_department (where the people went)',
        row.line,
        'to_role',
      );
      continue;
    }
    if (type && type !== 'move' && (toRole || toDepartment)) {
      problems.add(
        'workforce.target_on_non_move',
        `to_role and to_department are for moves; a ${type} has none`,
        row.line,
        toRole ? field('to_role') : field('to_department'),
      );
      continue;
    }
    if (
      !range ||
      !type ||
      !role ||
      toRole === undefined ||
      department === undefined ||
      toDepartment === undefined ||
      !fte.ok ||
      fte.fte === null
    )
      continue;
    const ev: WorkforceEvent = {
      type,
      role,
      toRole,
      department,
      toDepartment,
      monthFrom: range[0],
      monthTo: range[1],
      fte: fte.fte,
      note: get('note') || null,
      file: opts.file,
      line: row.line,
    };
    const key = eventKey(ev);
    const prev = seen.get(key);
    if (prev !== undefined) {
      problems.add(
        'workforce.duplicate_event',
        `the same ${type} of ${role} in ${formatMonth(range[0])}${range[1] !== range[0] ? `/${formatMonth(range[1])}` : ''} is given twice (also on line ${prev}); add the two rows together`,
        row.line,
      );
      continue;
    }
    seen.set(key, row.line);
    out.push(ev);
  }
  if (rows.length === 1) problems.add('workforce.empty', 'the file has a header but no rows', header.line);
  problems.throwIfAny();
  return out;
}

/** The natural key of an event: what it is, not how many. */
export function eventKey(e: Omit<WorkforceEvent, 'fte' | 'note' | 'file' | 'line'>): string {
  return [
    e.type,
    e.role,
    e.toRole ?? '',
    e.department ?? '',
    e.toDepartment ?? '',
    e.monthFrom,
    e.monthTo,
  ].join('\u0000');
}
