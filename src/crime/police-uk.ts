/**
 * The data.police.uk street-level crime CSV (one file per force per month, `YYYY-MM-force-street.csv`).
 * Coordinates are WGS84 anonymised map points; they are kept as given (the import pipeline projects).
 */
import { parseMonth } from '../core/time/month.ts';
import type { Category } from './categories.ts';
import { CATEGORIES, toCategory } from './categories.ts';
import type { CrimeRecord, RowProblem } from './model.ts';

export const POLICE_UK_HEADER = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
  'Crime type',
  'Last outcome category',
  'Context',
] as const;

const WIDTH = POLICE_UK_HEADER.length;

/** The UK box police.uk points fall in (WGS84 degrees). */
export const UK_BOUNDS = { minLon: -8.7, maxLon: 1.9, minLat: 49.8, maxLat: 60.95 } as const;

function squash(s: string): string {
  return s.replace(/\s+/g, '').toLowerCase();
}

const HEADER_KEYS = POLICE_UK_HEADER.map(squash);

/** True when the fields are the police.uk street-level header (case and spacing ignored). */
export function isPoliceUkHeader(fields: readonly string[]): boolean {
  if (fields.length !== WIDTH) return false;
  for (let i = 0; i < WIDTH; i++) if (squash(fields[i]) !== HEADER_KEYS[i]) return false;
  return true;
}

/** `'reason' in x`, typed: a parsed row is a record or a problem. */
export function isRowProblem(x: CrimeRecord | RowProblem): x is RowProblem {
  return 'reason' in x;
}

// Categories as police.uk writes them, plus other spellings met so far (bounded).
const categoryByText = new Map<string, Category>(CATEGORIES.map((c) => [c, c]));

function problem(line: number, field: string, reason: string): RowProblem {
  return { line, field, reason };
}

/** NaN unless `s` is a plain decimal number ('-2.5', '51.46', '1e-3'; not hex, not 'Infinity'). */
export function toDecimal(s: string): number {
  const v = simpleDecimalAt(s, 0, s.length);
  return Number.isNaN(v) ? slowDecimal(s) : v;
}

/**
 * text[start, end) as a number when it is a plain decimal of at most 15 digits ('-2.539037',
 * '52', '+0.5'), else NaN (toDecimal then decides on the rest: exponents, spaces, long digits).
 * Digits go into an integer, then one division by a power of ten: with at most 15 digits both
 * are exact doubles and IEEE division rounds correctly, so the result is the double Number() gives.
 */
export function simpleDecimalAt(s: string, start: number, end: number): number {
  const n = end;
  let i = start;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
      if (dot) scale++;
    } else if (c === 46 && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (i === n && digits > 0 && digits <= 15) {
    const v = scale === 0 ? mant : mant / POW10[scale];
    return neg ? -v : v;
  }
  return Number.NaN;
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

function slowDecimal(s: string): number {
  const c = s.charCodeAt(0);
  if (c === 32 || c === 9) {
    const t = s.trim();
    return t === '' ? Number.NaN : toDecimal(t);
  }
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return Number.NaN; // digit - + .
  const n = Number(s);
  if (!Number.isFinite(n)) return Number.NaN;
  if (c === 48 && s.length > 1) {
    const x = s.charCodeAt(1) | 32;
    if (x === 120 || x === 98 || x === 111) return Number.NaN; // 0x.., 0b.., 0o..
  }
  return n;
}

/** 'YYYY-MM' → months since 1970-01 (same rules as core/time/month.ts parseMonth), else null. */
function monthOf(s: string): number | null {
  if (s.length !== 7 || s.charCodeAt(4) !== 45) return parseMonth(s.trim());
  const m = monthAt(s, 0);
  return m < 0 ? null : m;
}

/** The 'YYYY-MM' at text[start, start + 7) as months since 1970-01, or -1 when it is not one. */
export function monthAt(s: string, start: number): number {
  if (s.charCodeAt(start + 4) !== 45) return -1;
  let y = 0;
  for (let i = start; i < start + 4; i++) {
    const d = s.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    y = y * 10 + d;
  }
  const m1 = s.charCodeAt(start + 5) - 48;
  const m2 = s.charCodeAt(start + 6) - 48;
  if (!(m1 >= 0 && m1 <= 9 && m2 >= 0 && m2 <= 9)) return -1;
  const mo = m1 * 10 + m2;
  if (mo < 1 || mo > 12 || y < 1900 || y > 2200) return -1;
  return (y - 1970) * 12 + (mo - 1);
}

/**
 * Longitude/latitude as given, or a problem. Both empty: unlocated (nulls). The reason names what is
 * wrong so a person can fix the file: a missing half, text, or a point outside the UK.
 */
export function checkLonLat(
  lonText: string,
  latText: string,
  line: number,
  lonField: string,
  latField: string,
): { lon: number | null; lat: number | null } | RowProblem {
  if (lonText === '' && latText === '') return { lon: null, lat: null };
  if (lonText === '' || latText === '') {
    const [empty, given] = lonText === '' ? [lonField, latField] : [latField, lonField];
    return problem(line, empty, `${empty} is empty but ${given} is given (give both or neither)`);
  }
  const lon = toDecimal(lonText);
  if (Number.isNaN(lon)) return problem(line, lonField, `${lonField} "${clip(lonText)}" is not a number`);
  const lat = toDecimal(latText);
  if (Number.isNaN(lat)) return problem(line, latField, `${latField} "${clip(latText)}" is not a number`);
  const b = UK_BOUNDS;
  const lonIn = lon >= b.minLon && lon <= b.maxLon;
  const latIn = lat >= b.minLat && lat <= b.maxLat;
  if (lonIn && latIn) return { lon, lat };
  const swapped = lat >= b.minLon && lat <= b.maxLon && lon >= b.minLat && lon <= b.maxLat;
  return problem(
    line,
    lonIn ? latField : lonField,
    `${lonField} ${lon}, ${latField} ${lat} is not in the UK${swapped ? ` (${lonField} and ${latField} swapped?)` : ''}`,
  );
}

export function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * One police.uk row → a `CrimeRecord`, or the first problem found (`isRowProblem`). `line` is the
 * row's physical line in the file, carried into problems.
 */
export function parsePoliceUkRow(fields: readonly string[], line: number): CrimeRecord | RowProblem {
  if (fields.length !== WIDTH)
    return problem(line, '(row)', `expected ${WIDTH} fields, found ${fields.length}`);

  const monthText = fields[1];
  const month = monthOf(monthText);
  if (month === null) return problem(line, 'Month', `Month "${clip(monthText)}" is not a month (YYYY-MM)`);

  const typeText = fields[9];
  let category = categoryByText.get(typeText);
  if (category === undefined) {
    const c = toCategory(typeText);
    if (c === null) return problem(line, 'Crime type', `unknown crime type "${clip(typeText)}"`);
    category = c;
    if (categoryByText.size < 256) categoryByText.set(typeText, c);
  }

  const at = checkLonLat(fields[4], fields[5], line, 'Longitude', 'Latitude');
  if ('reason' in at) return at;

  const id = fields[0];
  return {
    source: 'police-uk',
    crimeId: id === '' ? null : id,
    month,
    reportedBy: fields[2],
    fallsWithin: fields[3],
    lon: at.lon,
    lat: at.lat,
    easting: null,
    northing: null,
    location: fields[6],
    lsoaCode: fields[7],
    lsoaName: fields[8],
    category,
    outcome: fields[10],
    context: fields[11],
    offenceCode: null,
    offenceSubcode: null,
    occurredFrom: null,
    occurredTo: null,
    recordedAt: null,
    victimAge: null,
    vulnerable: null,
    domestic: null,
    attendedAt: null,
    declinedAttendance: null,
  };
}
