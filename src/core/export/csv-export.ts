/**
 * A table as a CSV download: what it shows and its caveats (SYNTHETIC data, approximate open-data
 * locations) first, as `# ` lines, then a header row and the rows with numbers rounded to sensible
 * decimals. Every field goes through core/csv/write.ts, so its escaping applies to exports too.
 */
import { toCsvLine } from '../csv/write.ts';

export type ExportCell = string | number | boolean | null | undefined;

/**
 * A number as export text: integers as they are; |v| ≥ 1 to 2 decimals (harm days, counts per km²);
 * smaller values to 4 significant figures (shares, p-values), so no float noise like
 * 800.7800000000001 reaches a spreadsheet. NaN and ±Infinity are empty.
 */
export function exportNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return String(v);
  const r = Math.abs(v) >= 1 ? Math.round(v * 100) / 100 : Number(v.toPrecision(4));
  return String(r);
}

function cellText(v: ExportCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return exportNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

/** The `# ` lines that say what a file holds; one per note, line breaks flattened. */
export function noteLines(notes: readonly string[]): string[] {
  return notes.filter((n) => n.trim() !== '').map((n) => `# ${n.replace(/\s*[\r\n]+\s*/g, ' ')}`);
}

/** CSV text: the notes as `# ` lines, a header row, then one line per row. */
export function exportCsv<R extends { [K in C]: ExportCell }, C extends string>(
  notes: readonly string[],
  columns: readonly C[],
  rows: readonly R[],
): string {
  const lines = [...noteLines(notes), toCsvLine(columns)];
  for (const r of rows) lines.push(toCsvLine(columns.map((c) => cellText(r[c]))));
  return `${lines.join('\n')}\n`;
}
