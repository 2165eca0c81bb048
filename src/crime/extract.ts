/**
 * The force extract CSV: what a force's crime recording system exports, one row per crime, with
 * timestamps, offence codes and victim flags that police.uk does not publish. Columns are found by
 * name (case, spaces and punctuation ignored; order free; unknown columns ignored). The format is
 * described for users in docs/formats.md ("Force extract CSV"); keep the two in step.
 */
import { BeatwiseError } from '../core/errors.ts';
import type { LondonTimestamp } from '../core/time/london.ts';
import { parseLondonTimestamp } from '../core/time/london.ts';
import type { Category } from './categories.ts';
import { toCategory } from './categories.ts';
import type { CrimeRecord, RowProblem } from './model.ts';
import { normaliseOffenceCode, offenceCategory } from './offence-codes.ts';
import { checkLonLat, clip, toDecimal } from './police-uk.ts';

export const EXTRACT_COLUMNS = [
  'crime_reference',
  'offence_code',
  'offence_subcode',
  'category',
  'occurred_from',
  'occurred_to',
  'recorded_at',
  'lat',
  'lon',
  'easting',
  'northing',
  'location',
  'victim_age',
  'vulnerable_victim',
  'domestic',
  'victim_declined_attendance',
  'attended_at',
  'outcome',
  'falls_within',
] as const;

export type ExtractColumn = (typeof EXTRACT_COLUMNS)[number];

/** Always required. Also required: `category` or `offence_code` (at least one of them). */
export const EXTRACT_REQUIRED: readonly ExtractColumn[] = ['crime_reference', 'occurred_from', 'recorded_at'];

/** BNG range accepted for easting/northing (metres). */
export const BNG_BOUNDS = { maxEasting: 700_000, maxNorthing: 1_300_000 } as const;

const KNOWN = new Set<string>(EXTRACT_COLUMNS);

/** 'Crime Reference' → 'crime_reference', 'Occurred-From ' → 'occurred_from'. */
export function extractColumnKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * True when the fields look like a force extract header: a `crime_reference` column, or three or
 * more of the extract's column names. `makeExtractParser` then says what is missing, if anything.
 */
export function isExtractHeader(fields: readonly string[]): boolean {
  let known = 0;
  for (const f of fields) {
    const k = extractColumnKey(f);
    if (k === 'crime_reference') return true;
    if (KNOWN.has(k)) known++;
  }
  return known >= 3;
}

export interface ExtractParser {
  /** Column index by name, -1 when the file does not have it. */
  readonly columns: Readonly<Record<ExtractColumn, number>>;
  parse(fields: readonly string[], line: number): CrimeRecord | RowProblem;
}

const BOOLEANS = new Map<string, boolean>([
  ['y', true],
  ['yes', true],
  ['true', true],
  ['1', true],
  ['n', false],
  ['no', false],
  ['false', false],
  ['0', false],
]);

function problem(line: number, field: string, reason: string): RowProblem {
  return { line, field, reason };
}

/**
 * A parser for rows under `header`. Throws `BeatwiseError` 'extract.header' (naming the file, line 1)
 * when required columns are missing, a column is repeated, or a coordinate pair is half there.
 */
export function makeExtractParser(header: readonly string[], file: string): ExtractParser {
  const col = {} as Record<ExtractColumn, number>;
  for (const c of EXTRACT_COLUMNS) col[c] = -1;
  const names: string[] = [];
  const repeated: string[] = [];
  header.forEach((h, i) => {
    const k = extractColumnKey(h);
    names.push(h.trim());
    if (!KNOWN.has(k)) return;
    const c = k as ExtractColumn;
    if (col[c] !== -1) repeated.push(h.trim());
    else col[c] = i;
  });

  const faults: string[] = [];
  const missing: string[] = EXTRACT_REQUIRED.filter((c) => col[c] === -1);
  if (col.category === -1 && col.offence_code === -1) missing.push('category (or offence_code)');
  if (missing.length)
    faults.push(`lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (repeated.length)
    faults.push(`repeats the column${repeated.length > 1 ? 's' : ''} ${repeated.join(', ')}`);
  for (const [a, b] of [
    ['lat', 'lon'],
    ['easting', 'northing'],
  ] as const) {
    if ((col[a] === -1) !== (col[b] === -1))
      faults.push(`has ${col[a] === -1 ? b : a} but no ${col[a] === -1 ? a : b}`);
  }
  if (faults.length) {
    throw new BeatwiseError(
      'extract.header',
      `the force extract header ${faults.join('; ')}`,
      { file, line: 1 },
      {
        missing,
        repeated,
      },
    );
  }

  const width = header.length;
  const nameOf = (c: ExtractColumn): string => names[col[c]];
  const get = (fields: readonly string[], c: ExtractColumn): string => {
    const i = col[c];
    return i === -1 ? '' : fields[i].trim();
  };

  /** null when empty. */
  const timestamp = (
    fields: readonly string[],
    c: ExtractColumn,
    line: number,
  ): LondonTimestamp | null | RowProblem => {
    const text = get(fields, c);
    if (text === '') return null;
    const t = parseLondonTimestamp(text);
    if (t === null) {
      return problem(
        line,
        nameOf(c),
        `${nameOf(c)} "${clip(text)}" is not a date and time (YYYY-MM-DD HH:MM, Europe/London)`,
      );
    }
    return t;
  };

  const flag = (fields: readonly string[], c: ExtractColumn, line: number): boolean | null | RowProblem => {
    const text = get(fields, c);
    if (text === '') return null;
    const b = BOOLEANS.get(text.toLowerCase());
    if (b === undefined) return problem(line, nameOf(c), `${nameOf(c)} "${clip(text)}" is not Y/N`);
    return b;
  };

  const parse = (fields: readonly string[], line: number): CrimeRecord | RowProblem => {
    if (fields.length !== width)
      return problem(line, '(row)', `expected ${width} fields, found ${fields.length}`);

    const ref = get(fields, 'crime_reference');
    if (ref === '') return problem(line, nameOf('crime_reference'), `${nameOf('crime_reference')} is empty`);

    const recorded = timestamp(fields, 'recorded_at', line);
    if (recorded === null) return problem(line, nameOf('recorded_at'), `${nameOf('recorded_at')} is empty`);
    if ('reason' in recorded) return recorded;
    const from = timestamp(fields, 'occurred_from', line);
    if (from === null) return problem(line, nameOf('occurred_from'), `${nameOf('occurred_from')} is empty`);
    if ('reason' in from) return from;
    const to = timestamp(fields, 'occurred_to', line);
    if (to !== null && 'reason' in to) return to;
    if (to !== null && to.ms < from.ms) {
      return problem(
        line,
        nameOf('occurred_to'),
        `${nameOf('occurred_to')} is before ${nameOf('occurred_from')}`,
      );
    }
    const attended = timestamp(fields, 'attended_at', line);
    if (attended !== null && 'reason' in attended) return attended;

    const codeText = get(fields, 'offence_code');
    const code = codeText === '' ? null : normaliseOffenceCode(codeText);
    const categoryText = get(fields, 'category');
    let category: Category | null;
    if (categoryText !== '') {
      category = toCategory(categoryText);
      if (category === null) {
        return problem(line, nameOf('category'), `unknown police.uk category "${clip(categoryText)}"`);
      }
    } else if (code !== null) {
      category = offenceCategory(code);
      if (category === null) {
        return problem(
          line,
          nameOf('offence_code'),
          `offence code ${clip(code)} has no police.uk category; add a category column`,
        );
      }
    } else {
      const which = [col.category, col.offence_code].filter((i) => i !== -1).map((i) => names[i]);
      return problem(line, which[0], `${which.join(' and ')} ${which.length > 1 ? 'are' : 'is'} empty`);
    }

    let lon: number | null = null;
    let lat: number | null = null;
    if (col.lat !== -1) {
      const at = checkLonLat(get(fields, 'lon'), get(fields, 'lat'), line, nameOf('lon'), nameOf('lat'));
      if ('reason' in at) return at;
      lon = at.lon;
      lat = at.lat;
    }
    let easting: number | null = null;
    let northing: number | null = null;
    if (col.easting !== -1) {
      const eText = get(fields, 'easting');
      const nText = get(fields, 'northing');
      if (eText !== '' || nText !== '') {
        const eName = nameOf('easting');
        const nName = nameOf('northing');
        if (eText === '' || nText === '') {
          const [empty, given] = eText === '' ? [eName, nName] : [nName, eName];
          return problem(line, empty, `${empty} is empty but ${given} is given (give both or neither)`);
        }
        easting = toDecimal(eText);
        if (Number.isNaN(easting)) return problem(line, eName, `${eName} "${clip(eText)}" is not a number`);
        northing = toDecimal(nText);
        if (Number.isNaN(northing)) return problem(line, nName, `${nName} "${clip(nText)}" is not a number`);
        const eIn = easting >= 0 && easting <= BNG_BOUNDS.maxEasting;
        const nIn = northing >= 0 && northing <= BNG_BOUNDS.maxNorthing;
        if (!eIn || !nIn) {
          return problem(
            line,
            eIn ? nName : eName,
            `${eName} ${easting}, ${nName} ${northing} is not on the British National Grid ` +
              `(easting 0–${BNG_BOUNDS.maxEasting}, northing 0–${BNG_BOUNDS.maxNorthing} metres)`,
          );
        }
      }
    }

    let victimAge: number | null = null;
    const ageText = get(fields, 'victim_age');
    if (ageText !== '') {
      victimAge = /^\d{1,3}$/.test(ageText) ? Number(ageText) : -1;
      if (victimAge < 0 || victimAge > 120) {
        const n = nameOf('victim_age');
        return problem(line, n, `${n} "${clip(ageText)}" is not a whole number of years from 0 to 120`);
      }
    }
    const vulnerable = flag(fields, 'vulnerable_victim', line);
    if (vulnerable !== null && typeof vulnerable === 'object') return vulnerable;
    const domestic = flag(fields, 'domestic', line);
    if (domestic !== null && typeof domestic === 'object') return domestic;
    const declined = flag(fields, 'victim_declined_attendance', line);
    if (declined !== null && typeof declined === 'object') return declined;

    const force = get(fields, 'falls_within');
    const subcode = get(fields, 'offence_subcode');
    return {
      source: 'extract',
      crimeId: ref,
      month: recorded.month,
      reportedBy: force,
      fallsWithin: force,
      lon,
      lat,
      easting,
      northing,
      location: get(fields, 'location'),
      lsoaCode: '',
      lsoaName: '',
      category,
      outcome: get(fields, 'outcome'),
      context: '',
      offenceCode: code,
      offenceSubcode: subcode === '' ? null : subcode,
      occurredFrom: from.ms,
      occurredTo: to === null ? null : to.ms,
      recordedAt: recorded.ms,
      victimAge,
      vulnerable,
      domestic,
      attendedAt: attended === null ? null : attended.ms,
      declinedAttendance: declined,
    };
  };

  return { columns: col, parse };
}
