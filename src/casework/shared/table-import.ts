/**
 * Importing one CSV file of casework records of one type: the header names the columns (any
 * order, case-insensitive); each row is checked with the record type's schema, then saved by its
 * natural key (a re-import updates, never duplicates). A bad row goes to the rejects file with its
 * file, line, field and reason; good rows still load. One transaction per file.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { readCsv } from '../../core/csv/reader.ts';
import { RejectsWriter } from '../../core/csv/rejects.ts';
import { BeatwiseError } from '../../core/errors.ts';
import type { Database } from '../../core/store/schema.ts';
import type { Store } from '../../core/store/store.ts';
import { requireForce } from '../../force/index.ts';
import { firstIssue, withoutBlanks } from '../volunteers/fields.ts';

/** Why a valid-looking row could not be saved (an unknown group or team...). */
export interface SaveProblem {
  field: string;
  reason: string;
}

export interface RecordType<S extends z.ZodType> {
  /** The name used on the command line, e.g. "groups". */
  name: string;
  /** The columns a file must have (others are optional or ignored). */
  required: readonly string[];
  /** Every column, in the order exports write them. */
  columns: readonly string[];
  schema: S;
  /** Saves one checked row by its natural key; a problem instead rejects the row. */
  save(tx: Kysely<Database>, forceId: number, value: z.infer<S>): Promise<SaveProblem | null>;
}

/** A record type with its schema hidden: checks and saves one row given as text cells. */
export interface RecordImporter {
  name: string;
  required: readonly string[];
  columns: readonly string[];
  /** Checks the row and saves it; a problem (bad value, unknown reference) rejects it. */
  load(tx: Kysely<Database>, forceId: number, row: Record<string, string>): Promise<SaveProblem | null>;
}

export function importerOf<S extends z.ZodType>(t: RecordType<S>): RecordImporter {
  return {
    name: t.name,
    required: t.required,
    columns: t.columns,
    async load(tx, forceId, row) {
      const parsed = t.schema.safeParse(withoutBlanks(row));
      if (!parsed.success) return firstIssue(parsed.error);
      return t.save(tx, forceId, parsed.data);
    },
  };
}

export interface ImportResult {
  file: string;
  type: string;
  loaded: number;
  rejected: number;
  /** The rejects file, when there were rejects. */
  rejectsPath: string | null;
}

/** Rows of a small CSV file with their line numbers (problem rows are rejected by the caller). */
async function readRows(file: string) {
  const rows: { line: number; cells: string[]; problem?: string }[] = [];
  for await (const b of readCsv(file))
    for (let i = 0; i < b.rows.length; i++)
      rows.push({ line: b.lines[i], cells: b.rows[i], problem: b.problems?.get(i) });
  return rows;
}

export async function importRecords(
  store: Store,
  file: string,
  force: string,
  type: RecordImporter,
  rejectsDir = `${store.location}.rejects`,
): Promise<ImportResult> {
  const f = await requireForce(store.db, force);
  const rows = await readRows(file);
  const head = rows.shift();
  if (!head) throw new BeatwiseError('csv.empty', 'the file has no header row', { file });
  const header = head.cells.map((h) => h.trim().toLowerCase());
  for (const c of type.required)
    if (!header.includes(c))
      throw new BeatwiseError(
        'casework.missing_column',
        `the file has no "${c}" column; ${type.name} files need ${type.required.join(', ')}`,
        { file, line: head.line, field: c },
      );
  const rejects = new RejectsWriter(rejectsDir, file);
  let loaded = 0;
  try {
    await store.transaction(async (tx) => {
      for (const r of rows) {
        if (r.problem) {
          rejects.write(r.line, '(row)', r.problem, r.cells);
          continue;
        }
        if (r.cells.length !== header.length) {
          rejects.write(
            r.line,
            '(row)',
            `${r.cells.length} fields where the header has ${header.length}`,
            r.cells,
          );
          continue;
        }
        const obj: Record<string, string> = {};
        header.forEach((h, i) => {
          obj[h] = r.cells[i];
        });
        const problem = await type.load(tx, f.id, obj);
        if (problem) rejects.write(r.line, problem.field, problem.reason, r.cells);
        else loaded++;
      }
    });
  } finally {
    await rejects.close();
  }
  return {
    file,
    type: type.name,
    loaded,
    rejected: rejects.count,
    rejectsPath: rejects.count ? rejects.path : null,
  };
}
