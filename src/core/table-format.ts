import { toCsvLine } from './csv/write.ts';

export type Format = 'table' | 'csv' | 'json';

export function parseFormat(text: string | undefined, fallback: Format = 'table'): Format {
  const f = (text ?? fallback).toLowerCase();
  if (f === 'table' || f === 'csv' || f === 'json') return f;
  throw new Error(`--format must be table, csv or json; got "${text}"`);
}

/** An aligned plain-text table: numbers right-aligned, text left-aligned. */
export function textTable(header: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '' : String(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const numeric = header.map((_, i) => cells.every((r) => r[i] === '' || /^[-+]?[\d.,]+%?$/.test(r[i])));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** CSV text with a header row. */
export function csvTable(header: string[], rows: (string | number | null)[][]): string {
  return [toCsvLine(header), ...rows.map((r) => toCsvLine(r))].join('\n');
}
