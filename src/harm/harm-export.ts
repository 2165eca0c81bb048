/**
 * The harm table as a download: the CSV (or XLSX) of its rows, with what was selected, the weights,
 * the status rule and the caveats first.
 */
import { exportCsv } from '../core/export/csv-export.ts';
import { exportXlsx } from '../core/export/xlsx-export.ts';
import type { HarmReport } from './reports.ts';
import type { HarmRow } from './table.ts';

export const HARM_COLUMNS = [
  'level',
  'area_code',
  'area_name',
  'month',
  'count',
  'harm',
  'rolling_count',
  'rolling_harm',
  'pct_change',
  'new',
  'status',
  'too_few',
  'unweighted',
] as const satisfies readonly (keyof HarmRow)[];

export function harmNotes(r: HarmReport): string[] {
  return [
    `Beatwise harm table: ${r.force}, ${r.level}, rolling ${r.window} months, ${r.selection}; harm weights: ${r.weights}`,
    r.ruleText,
    ...r.caveats,
  ];
}

export function harmCsv(r: HarmReport): string {
  return exportCsv(harmNotes(r), HARM_COLUMNS, r.rows);
}

export function harmXlsx(r: HarmReport): Promise<Buffer> {
  return exportXlsx(
    'Harm',
    harmNotes(r),
    HARM_COLUMNS,
    r.rows.map((row) => HARM_COLUMNS.map((c) => row[c])),
  );
}
