/**
 * Workforce: establishment (funded posts) and strength (people in post), in full-time equivalents
 * per department × role, as of a date; and the joiners, leavers and moves that change strength.
 *
 * FTE are kept as plain numbers in halves (0, 0.5, 1, 1.5…): halves and their sums are exact in
 * binary floating point, so totals compare with `===` and never drift.
 */

export const KINDS = ['establishment', 'strength'] as const;
export type Kind = (typeof KINDS)[number];

export interface Role {
  /** Stable code stored and used in the API. */
  code: string;
  /** Full name. */
  label: string;
  /** Short column heading. */
  short: string;
  /** Other headings that mean this role, normalised (see `normaliseHeading`). */
  aliases: string[];
}

/**
 * The roles Beatwise knows, in display order. A column heading or `role` value is matched after
 * normalising (case, `&` = `and`, punctuation and plurals ignored), and a trailing
 * "establishment", "strength" or "uplift establishment" is dropped, so the paper's
 * "SIP Uplift Establishment" is the SIP role.
 */
export const ROLES: Role[] = [
  {
    code: 'police-officer',
    label: 'Police Officer',
    short: 'Officer',
    aliases: ['police officer', 'officer', 'po', 'police constable', 'constable'],
  },
  { code: 'police-staff', label: 'Police Staff', short: 'Staff', aliases: ['police staff', 'staff'] },
  {
    code: 'pcso',
    label: 'PCSO',
    short: 'PCSO',
    aliases: ['pcso', 'police community support officer'],
  },
  {
    code: 'sip',
    label: 'School Intervention & Prevention Officer',
    short: 'SIP',
    aliases: [
      'sip',
      'sip officer',
      'school intervention and prevention',
      'school intervention and prevention officer',
    ],
  },
  {
    code: 'eh',
    label: 'Early Help & Intervention Officer',
    short: 'EH',
    aliases: [
      'eh',
      'eh officer',
      'early help',
      'early help officer',
      'early help and intervention',
      'early help and intervention officer',
    ],
  },
];

const ROLE_BY_ALIAS = new Map<string, Role>();
for (const r of ROLES) {
  ROLE_BY_ALIAS.set(r.code.replace(/-/g, ' '), r);
  for (const a of r.aliases) ROLE_BY_ALIAS.set(a, r);
}

/** Lower case, `&` → `and`, punctuation to spaces. */
export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Each word's plural `s` dropped ("PCSOs" → "pcso", "officers" → "officer"). */
function singular(normalised: string): string {
  return normalised
    .split(' ')
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w))
    .join(' ');
}

/** The role a heading or value names, or undefined. */
export function findRole(text: string): Role | undefined {
  const n = singular(normaliseHeading(text));
  return (
    ROLE_BY_ALIAS.get(n) ??
    ROLE_BY_ALIAS.get(n.replace(/\s*(uplift\s+)?(establishment|strength|fte)$/, '').trim())
  );
}

export function roleByCode(code: string): Role | undefined {
  return ROLES.find((r) => r.code === code);
}

/** Roles in display order: the known ones first in ROLES order, anything else after, sorted. */
export function sortRoles(codes: Iterable<string>): string[] {
  const order = new Map(ROLES.map((r, i) => [r.code, i]));
  return [...new Set(codes)].sort(
    (a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99) || a.localeCompare(b),
  );
}

/** A place FTE can be recorded against: one of the force's units (NPUs) or departments. */
export interface DepartmentRef {
  code: string;
  name: string;
  kind: 'unit' | 'department';
}

/** One cell of a workforce table as read from a file. */
export interface CellInput {
  /** Department code; null for the file's printed "Total" row. */
  department: string | null;
  /** The department as the file wrote it, e.g. "Birmingham East NPU". */
  departmentLabel: string;
  /** Role code; null for the file's printed "Grand Total" column. */
  role: string | null;
  /** FTE; null for a blank cell (kept, so reports can say it was blank). */
  fte: number | null;
  /** Text after the number in a printed total, e.g. "included 2 x SGTS". */
  note: string | null;
  /** Where it came from: 1-based line (CSV) or row (XLSX), and the column heading. */
  line: number;
  field: string;
}

/** One snapshot: a table of one kind, for one series, as of one date. */
export interface SnapshotInput {
  series: string;
  kind: Kind;
  /** YYYY-MM-DD. */
  asOf: string;
  title: string | null;
  source: string | null;
  notes: string[];
  file: string;
  cells: CellInput[];
}

/** A stored snapshot. */
export interface Snapshot extends SnapshotInput {
  id: number;
  loadedAt: string;
}

export const EVENT_TYPES = ['join', 'leave', 'move'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A joiner, leaver or move, over a month or a run of months. */
export interface WorkforceEvent {
  type: EventType;
  role: string;
  /** For a move: the role moved to (may equal `role` for a move between departments). */
  toRole: string | null;
  /** Department code, or null for force-wide figures with no department. */
  department: string | null;
  toDepartment: string | null;
  /** First and last month (months since 1970-01); equal for one month. */
  monthFrom: number;
  monthTo: number;
  fte: number;
  note: string | null;
  file: string;
  line: number;
}

/** Default series name when a file names none. */
export const DEFAULT_SERIES = 'main';
