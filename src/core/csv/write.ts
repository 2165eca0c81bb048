/**
 * Writing CSV text. Fields are quoted per RFC 4180 only when they need it: when they contain a
 * comma, a double quote, a carriage return or a line feed. Quotes inside are doubled.
 */

const NEEDS_QUOTES = /[",\r\n]/;

/** One field as CSV text. */
export function toCsvField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** One record as a CSV line, without the line terminator (callers add '\n' or '\r\n'). */
export function toCsvLine(fields: readonly string[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += ',';
    out += toCsvField(fields[i]);
  }
  return out;
}
