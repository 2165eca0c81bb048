/**
 * Writing CSV text. Fields are quoted per RFC 4180 only when they need it: when they contain a
 * comma, a double quote, a carriage return or a line feed. Quotes inside are doubled.
 *
 * Every CSV Beatwise writes for people (exports, rejects files) goes through `toCsvLine`, which
 * also neutralises text a spreadsheet would run as a formula (OWASP "CSV injection"): a text cell
 * starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front, as spreadsheets
 * expect. Numbers passed as numbers are written as they are (a negative variance stays a number);
 * only text is neutralised. `beatwise synth` writes input data, not an export, and does not use it.
 */

const NEEDS_QUOTES = /[",\r\n]/;

/** Whether a spreadsheet would take text starting with this character for a formula. */
function startsFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13; // = + - @ tab CR
}

/** Text as a spreadsheet shows it, never run: a `'` before a leading = + - @ tab or CR. */
export function neutraliseFormula(text: string): string {
  return startsFormula(text) ? `'${text}` : text;
}

/** One field as CSV text, quoted when it needs to be (no formula neutralising: see toCsvCell). */
export function toCsvField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** A cell a person may open in a spreadsheet: text neutralised, numbers as numbers, nothing as ''. */
export type CsvCell = string | number | null | undefined;

/** One cell as CSV text: numbers at full precision (NaN as empty), text neutralised and quoted. */
export function toCsvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  return toCsvField(neutraliseFormula(v));
}

/** One record as a CSV line, without the line terminator (callers add '\n' or '\r\n'). */
export function toCsvLine(cells: readonly CsvCell[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) out += ',';
    out += toCsvCell(cells[i]);
  }
  return out;
}

/**
 * Fields joined as a CSV record exactly as given (quoted where needed, nothing neutralised): for a
 * row of an input file kept as one text, e.g. in a rejects file, whose cell toCsvLine neutralises.
 */
export function joinCsvFields(fields: readonly string[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += ',';
    out += toCsvField(fields[i]);
  }
  return out;
}
