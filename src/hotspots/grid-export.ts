/**
 * The hotspot grid as the page and its downloads show it: each cell named by where it is (its most
 * common police.uk location, LSOA, ward and team), with the summary line and caveats in every file.
 */
import { exportCsv } from '../core/export/csv-export.ts';
import type { Store } from '../core/store/store.ts';
import { type CellName, loadPlaceCounts, nameCells } from './cell-places.ts';
import { type Cell, toGeoJson } from './format.ts';
import { GRID_COLUMNS, type GridRow, type LabContext } from './lab.ts';
import { summaryOf } from './summary.ts';

export const NAMED_GRID_COLUMNS = [...GRID_COLUMNS, 'place', 'lsoa', 'ward', 'team'] as const;

export type NamedGridRow = GridRow & {
  place: string | null;
  lsoa: string | null;
  ward: string | null;
  team: string | null;
};

/**
 * A named row as exported: a row at published precision (publish.ts) has its figures null and says
 * why in `suppressed`.
 */
export type ExportGridRow = Omit<NamedGridRow, 'count' | 'harm'> & {
  count: number | null;
  harm: number | null;
  suppressed?: string | null;
};

/** The grid rows with their cells' names (null for a cell holding no crime of the selection). */
export async function nameGridRows(
  store: Store,
  ctx: LabContext,
  rows: readonly GridRow[],
): Promise<{ rows: NamedGridRow[]; names: Map<number, CellName> }> {
  const places = await loadPlaceCounts(store.db, ctx.area, ctx.selection);
  const names = nameCells(ctx.grid, places);
  return {
    names,
    rows: rows.map((r, k) => {
      const n = names.get(k);
      return {
        ...r,
        place: n?.place ?? null,
        lsoa: n?.lsoa ?? null,
        ward: n?.ward ?? null,
        team: n?.team ?? null,
      };
    }),
  };
}

/** The notes every export of a selection starts with: the summary line, then the caveats. */
export function exportNotes(ctx: LabContext, more: readonly string[] = []): string[] {
  return [
    `Beatwise hotspot grid: ${summaryOf(ctx)}`,
    ...ctx.caveats,
    ...more,
    ...ctx.warnings.map((w) => w.message),
  ];
}

/** The grid as CSV; rows at published precision add a `suppressed` column saying why. */
export function gridCsv(
  ctx: LabContext,
  rows: readonly ExportGridRow[],
  notes: readonly string[] = [],
): string {
  const published = rows.some((r) => r.suppressed !== undefined);
  const full = rows.map((r) => ({ ...r, suppressed: r.suppressed ?? null }));
  return published
    ? exportCsv(exportNotes(ctx, notes), [...NAMED_GRID_COLUMNS, 'suppressed'] as const, full)
    : exportCsv(exportNotes(ctx, notes), NAMED_GRID_COLUMNS, full);
}

/**
 * The grid as GeoJSON. With `withCrimeOnly`, only the cells holding crime are features (a map of a
 * force at 150 m has tens of thousands of empty cells); `giBins` then still counts every cell's Gi*
 * class, and `grid.cells` says how many cells there are in all.
 */
export function gridGeoJson(
  ctx: LabContext,
  rows: readonly ExportGridRow[],
  meta: Record<string, unknown>,
  withCrimeOnly = false,
): string {
  const keep: number[] = [];
  const giBins: Record<string, number> = {};
  for (let k = 0; k < ctx.grid.n; k++) {
    if (!withCrimeOnly || (rows[k].count ?? 0) > 0) keep.push(k);
    const b = rows[k].gi_bin;
    if (b !== null) giBins[b] = (giBins[b] ?? 0) + 1;
  }
  return toGeoJson(
    ctx.grid,
    Int32Array.from(keep),
    keep.map((k) => rows[k]) as unknown as Record<string, Cell>[],
    {
      ...meta,
      summary: summaryOf(ctx),
      giBins,
      featuresAre: withCrimeOnly ? 'the cells holding crime' : 'every cell',
    },
  );
}
