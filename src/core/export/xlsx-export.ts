/**
 * A table as an XLSX workbook: one sheet, what it holds and its caveats in the first rows (bold),
 * then a header row and the rows. Numbers stay numbers, rounded as in CSV exports.
 */
import ExcelJS from 'exceljs';
import { type ExportCell, exportNumber } from './csv-export.ts';

/** Text a spreadsheet would run as a formula (=, +, −, @ first) is written as plain text. */
function safeText(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function cellValue(v: ExportCell): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? Number(exportNumber(v)) : null;
  if (typeof v === 'boolean') return v;
  return safeText(v);
}

/** The workbook's bytes. `sheet` is cut to Excel's 31 characters and stripped of []:*?/\. */
export async function exportXlsx(
  sheet: string,
  notes: readonly string[],
  columns: readonly string[],
  rows: readonly (readonly ExportCell[])[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Table');
  for (const n of notes) ws.addRow([n]).font = { italic: true };
  if (notes.length) ws.addRow([]);
  ws.addRow([...columns]).font = { bold: true };
  for (const r of rows) ws.addRow(r.map(cellValue));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
