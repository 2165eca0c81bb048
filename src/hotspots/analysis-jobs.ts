/**
 * The hotspot lab's HTTP analyses as jobs: a plain-data description of what to compute (so it can
 * cross to a worker thread), and the function that computes it into the response body.
 */
import type { Store } from '../core/store/store.ts';
import { type Cell, toCsv, toGeoJson } from './format.ts';
import {
  concentrationResult,
  GRID_COLUMNS,
  gistarResult,
  kdeResult,
  type LabSelection,
  prepare,
  timesResult,
} from './lab.ts';
import { type PublicationRule, publishRows } from './publish.ts';

export interface AnalysisJob {
  kind: 'grid' | 'concentration' | 'kde' | 'times';
  selection: LabSelection;
  /** KDE bandwidth, metres. */
  bandwidth?: number;
  /** Grid output. */
  format?: 'json' | 'csv' | 'geojson';
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
  const ctx = await prepare(store, job.selection);
  if (job.kind === 'concentration') return json(concentrationResult(ctx));
  if (job.kind === 'kde') return json(kdeResult(ctx, { bandwidth: job.bandwidth }));
  if (job.kind === 'times') return json(timesResult(ctx));
  const exact = gistarResult(ctx);
  const published = job.publication ? publishRows(exact.rows, job.publication) : null;
  const r = published
    ? {
        ...exact,
        caveats: [...exact.caveats, published.notice],
        publication: { precision: 'published', suppressedCells: published.suppressedCells },
        rows: published.rows,
      }
    : exact;
  const name = `${ctx.area.forceSlug}-hotspots${published ? '-published' : ''}`;
  const rows = r.rows as unknown as Record<string, Cell>[];
  if (job.format === 'csv') {
    // A CSV has nowhere for a caveat but its columns: each suppressed cell says why.
    const columns = published ? [...GRID_COLUMNS, 'suppressed'] : GRID_COLUMNS;
    return { type: 'text/csv', body: toCsv(columns, rows), filename: `${name}.csv` };
  }
  if (job.format === 'geojson') {
    // Cells as WGS84 polygons with the same columns, for maps and QGIS.
    const cells = Int32Array.from({ length: ctx.grid.n }, (_, i) => i);
    return {
      type: 'application/geo+json',
      body: toGeoJson(ctx.grid, cells, rows, { selection: r.selection, caveats: r.caveats }),
      filename: `${name}.geojson`,
    };
  }
  return json(r);
}
