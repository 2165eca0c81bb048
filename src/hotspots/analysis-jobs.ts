/**
 * The hotspot lab's HTTP analyses as jobs: a plain-data description of what to compute (so it can
 * cross to a worker thread), and the function that computes it into the response body.
 */
import type { Store } from '../core/store/store.ts';
import { cellOrDefault } from './cell-routes.ts';
import { type ExportGridRow, gridCsv, gridGeoJson, nameGridRows } from './grid-export.ts';
import {
  concentrationResult,
  gistarResult,
  kdeResult,
  type LabSelection,
  prepare,
  timesResult,
} from './lab.ts';
import { type PublicationRule, publishRows } from './publish.ts';
import { summaryOf } from './summary.ts';

export interface AnalysisJob {
  kind: 'grid' | 'concentration' | 'kde' | 'times';
  selection: LabSelection;
  /** KDE bandwidth, metres. */
  bandwidth?: number;
  /** Grid output. */
  format?: 'json' | 'csv' | 'geojson';
  /** GeoJSON: only the cells holding crime (what a map draws). */
  onlyCrime?: boolean;
  /** Set for anyone not allowed exact locations: the grid at published precision (publish.ts). */
  publication?: PublicationRule;
}

/** A response body with its content type, and a file name when it is a download. */
export interface AnalysisAnswer {
  type: string;
  body: string;
  filename?: string;
}

const json = (value: unknown): AnalysisAnswer => ({
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
});

export async function runAnalysis(store: Store, job: AnalysisJob): Promise<AnalysisAnswer> {
  // Micro-places by default: 150 m cells unless a cell size or an H3 resolution is asked for.
  const ctx = await prepare(store, { ...job.selection, cell: cellOrDefault(job.selection) });
  if (job.kind === 'concentration') return json(concentrationResult(ctx));
  if (job.kind === 'kde') return json(kdeResult(ctx, { bandwidth: job.bandwidth }));
  if (job.kind === 'times') return json(timesResult(ctx));
  const exact = gistarResult(ctx);
  const named = await nameGridRows(store, ctx, exact.rows);
  const published = job.publication ? publishRows(named.rows, job.publication) : null;
  // A suppressed cell does not name the place its few crimes were at.
  const rows: ExportGridRow[] = published
    ? published.rows.map((r) => (r.suppressed ? { ...r, place: null } : r))
    : named.rows;
  const notes = published ? [published.notice] : [];
  const caveats = [...exact.caveats, ...notes];
  const name = `${ctx.area.forceSlug}-hotspots${published ? '-published' : ''}`;
  if (job.format === 'csv')
    return { type: 'text/csv', body: gridCsv(ctx, rows, notes), filename: `${name}.csv` };
  if (job.format === 'geojson') {
    // Cells as WGS84 polygons with the same columns, for maps and QGIS.
    const meta = { selection: exact.selection, caveats, grid: exact.grid, months: exact.months };
    return {
      type: 'application/geo+json',
      body: gridGeoJson(ctx, rows, meta, job.onlyCrime === true),
      filename: `${name}.geojson`,
    };
  }
  return json({
    ...exact,
    caveats,
    ...(published
      ? { publication: { precision: 'published', suppressedCells: published.suppressedCells } }
      : {}),
    summary: summaryOf(ctx),
    rows,
  });
}
