/**
 * Writing hotspot results: CSV (exact columns, one row per cell), GeoJSON in WGS84 (cells as
 * polygons, caveats as a top-level member) and aligned text tables.
 */
import { type CsvCell, toCsvLine } from '../core/csv/write.ts';
import type { StudyGrid } from './grid.ts';
import { cellRingWgs84 } from './grid.ts';

export type Cell = CsvCell;

/**
 * CSV text with a header row; numbers at full precision, NaN and null as empty fields, text a
 * spreadsheet would run as a formula neutralised (core/csv/write.ts).
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, Cell>[]): string {
  const lines = [toCsvLine(columns)];
  for (const r of rows) lines.push(toCsvLine(columns.map((c) => r[c])));
  return `${lines.join('\n')}\n`;
}

/**
 * A GeoJSON FeatureCollection of cells (WGS84 lon/lat polygons) with the rows as properties. The
 * selection, caveats and any other metadata ride along as top-level members.
 */
export function toGeoJson(
  grid: StudyGrid,
  cellIndexes: ArrayLike<number>,
  rows: readonly Record<string, Cell>[],
  meta: Record<string, unknown>,
): string {
  const features = [];
  for (let q = 0; q < cellIndexes.length; q++) {
    const ring = cellRingWgs84(grid, cellIndexes[q]).map(([x, y]) => [round(x, 7), round(y, 7)]);
    features.push({
      type: 'Feature',
      id: rows[q].cell_id,
      properties: rows[q],
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
  }
  return `${JSON.stringify({ type: 'FeatureCollection', ...meta, features })}\n`;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Columns padded to their widest entry; numbers right-aligned. */
export function table(headers: readonly string[], rows: readonly Cell[][]): string {
  const text = rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i]?.length ?? 0)));
  const numeric = headers.map((_, i) =>
    rows.every((r) => typeof r[i] === 'number' || r[i] === null || r[i] === ''),
  );
  const line = (cells: string[], isHeader: boolean) =>
    cells
      .map((c, i) => (numeric[i] && !isHeader ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line([...headers], true), ...text.map((r) => line(r, false))].join('\n');
}

export function pct(v: number, digits = 1): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(digits)}%` : '–';
}

export function num(v: number, digits = 2): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '–';
}
