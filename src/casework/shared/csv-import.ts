import { basename } from 'node:path';
import { readCsv } from '../../core/csv/reader.ts';
import { RejectsWriter } from '../../core/csv/rejects.ts';
import { type CsvCell, toCsvLine } from '../../core/csv/write.ts';
import { BeatwiseError } from '../../core/errors.ts';

/** A row's problem: the column at fault and why. */
export interface RowProblem {
  field: string;
  reason: string;
}

/** One row read by name: `get('team')` is the trimmed field ('' when absent). */
export type RowReader = (column: string) => string;

export interface ParsedRows<T> {
  rows: { line: number; value: T }[];
  rejected: number;
  /** Where the rejects went (null: none). */
  rejectsPath: string | null;
  total: number;
}

/**
 * Reads a casework CSV: checks the header has `required` columns (a missing one stops the file,
 * naming it), parses each row with `parse`, and writes rows it refuses to `<rejectsDir>/<file>.csv`
 * with file, line, field and reason. Returns the good rows with their line numbers; the caller
 * upserts them on their natural key in one transaction, so a re-import never duplicates.
 */
export async function readRecordCsv<T>(
  file: string,
  required: readonly string[],
  parse: (get: RowReader, line: number) => T | RowProblem,
  rejectsDir: string,
): Promise<ParsedRows<T>> {
  const rejects = new RejectsWriter(rejectsDir, file);
  const out: { line: number; value: T }[] = [];
  let header: Map<string, number> | null = null;
  let total = 0;
  try {
    for await (const batch of readCsv(file)) {
      for (let i = 0; i < batch.rows.length; i++) {
        const fields = batch.rows[i];
        const line = batch.lines[i];
        if (header === null) {
          header = new Map(
            fields.map((h, j) => [
              h
                .trim()
                .toLowerCase()
                .replace(/^\uFEFF/, ''),
              j,
            ]),
          );
          const missing = required.filter((c) => !header?.has(c));
          if (missing.length)
            throw new BeatwiseError(
              'casework.bad_header',
              `${basename(file)}: the header lacks ${missing.map((m) => `"${m}"`).join(', ')} (see docs/formats.md)`,
              { file, line, field: missing[0] },
            );
          continue;
        }
        total++;
        const problem = batch.problems?.get(i);
        if (problem) {
          rejects.write(line, '(row)', problem, fields);
          continue;
        }
        const h = header;
        const get: RowReader = (c) => {
          const j = h.get(c);
          return j === undefined ? '' : (fields[j] ?? '').trim();
        };
        const r = parse(get, line);
        if (isProblem(r)) rejects.write(line, r.field, r.reason, fields);
        else out.push({ line, value: r });
      }
    }
  } finally {
    await rejects.close();
  }
  if (header === null)
    throw new BeatwiseError('casework.bad_header', `${basename(file)} has no header row`, { file, line: 1 });
  return { rows: out, rejected: rejects.count, rejectsPath: rejects.count ? rejects.path : null, total };
}

export function isProblem(v: unknown): v is RowProblem {
  return typeof v === 'object' && v !== null && 'reason' in v && 'field' in v && Object.keys(v).length === 2;
}

/** The outcome of an import, as the CLI prints it and the API returns it. */
export interface ImportSummary {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectsPath: string | null;
}

/** Counts an upsert on a natural key returns (updated: 0 for add-only records such as events). */
export interface UpsertCounts {
  inserted: number;
  updated?: number;
  unchanged: number;
}

/**
 * Imports one record CSV: `readRecordCsv` (header check; rows refused with file, line, field and
 * reason to the rejects file), then the good rows to `upsert`, which writes them on their natural
 * key in one transaction, so a re-import changes nothing. Returns what the CLI prints and the API
 * answers.
 */
export async function importRecordCsv<T>(o: {
  file: string;
  required: readonly string[];
  parse: (get: RowReader, line: number) => T | RowProblem;
  rejectsDir: string;
  upsert: (rows: T[]) => Promise<UpsertCounts>;
}): Promise<ImportSummary> {
  const parsed = await readRecordCsv(o.file, o.required, o.parse, o.rejectsDir);
  const c = await o.upsert(parsed.rows.map((r) => r.value));
  return {
    file: basename(o.file),
    rows: parsed.total,
    inserted: c.inserted,
    updated: c.updated ?? 0,
    unchanged: c.unchanged,
    rejected: parsed.rejected,
    rejectsPath: parsed.rejectsPath,
  };
}

/**
 * Records as CSV in their import format (so an export re-imports): the header, then one line per
 * record. Every cell goes through toCsvLine, which neutralises formulas (core/csv/write.ts).
 */
export function recordsCsv<T>(
  columns: readonly string[],
  records: readonly T[],
  cells: (r: T) => readonly CsvCell[],
): string {
  const lines = [toCsvLine(columns)];
  for (const r of records) lines.push(toCsvLine(cells(r)));
  return `${lines.join('\n')}\n`;
}

/** A yes/no column as the import formats write it. */
export const yn = (v: boolean): string => (v ? 'Y' : 'N');
