import { basename } from 'node:path';
import { readCsv } from '../../core/csv/reader.ts';
import { RejectsWriter } from '../../core/csv/rejects.ts';
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
