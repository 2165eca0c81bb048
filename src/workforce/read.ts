import ExcelJS from 'exceljs';
import { readCsv } from '../core/csv/reader.ts';
import { BeatwiseError } from '../core/errors.ts';

/** One row of a table file: its cells as text and the line (CSV) or row number (XLSX) it is on. */
export interface TableRow {
  line: number;
  cells: string[];
}

export interface ReadTableOptions {
  /** Worksheet name for a workbook; default the first sheet. */
  sheet?: string;
}

/** True for the spreadsheet formats read with exceljs. */
export function isWorkbook(file: string): boolean {
  return /\.(xlsx|xlsm)$/i.test(file);
}

/**
 * Reads a small table file (CSV, CSV.gz or XLSX) into rows of text cells, with their line numbers.
 * Blank rows are skipped. Numbers keep their value (`7.00` in a workbook is `7`), dates become
 * `YYYY-MM-DD`, formulas give their last computed result.
 */
export async function readTableRows(file: string, opts: ReadTableOptions = {}): Promise<TableRow[]> {
  return isWorkbook(file) ? readWorkbookRows(file, opts.sheet) : readCsvRows(file);
}

async function readCsvRows(file: string): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const batch of readCsv(file)) {
    for (let i = 0; i < batch.rows.length; i++) {
      const problem = batch.problems?.get(i);
      if (problem) {
        throw new BeatwiseError('workforce.bad_row', `this row cannot be read: ${problem}`, {
          file,
          line: batch.lines[i],
        });
      }
      const cells = batch.rows[i].map((c) => c.trim());
      if (cells.some((c) => c !== '')) rows.push({ line: batch.lines[i], cells });
    }
  }
  return rows;
}

async function readWorkbookRows(file: string, sheet: string | undefined): Promise<TableRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BeatwiseError(
      missing ? 'workforce.not_found' : 'workforce.bad_workbook',
      missing ? 'no such file' : `not a readable Excel workbook (.xlsx): ${(e as Error).message}`,
      { file },
    );
  }
  const ws = sheet === undefined ? wb.worksheets[0] : wb.getWorksheet(sheet);
  if (!ws) {
    const names = wb.worksheets.map((w) => w.name);
    throw new BeatwiseError(
      'workforce.no_sheet',
      sheet === undefined
        ? 'the workbook has no worksheets'
        : `no worksheet named "${sheet}"; the workbook has: ${names.join(', ')}`,
      { file },
    );
  }
  const rows: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    // row.values is 1-based: index 0 is always empty.
    const values = row.values as ExcelJS.CellValue[];
    for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]).trim());
    if (cells.some((c) => c !== '')) rows.push({ line: rowNumber, cells });
  });
  return rows;
}

/** The text of a workbook cell, as a CSV export of it would show the value. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('error' in v) return String(v.error);
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: unknown }).result;
    if (result === undefined || result === null) return '';
    if (typeof result === 'object' && 'error' in (result as object))
      return String((result as { error: unknown }).error);
    return cellText(result as ExcelJS.CellValue);
  }
  if ('text' in v) return String((v as { text: unknown }).text);
  return String(v);
}
