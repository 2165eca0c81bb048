/**
 * The JSON the pages read, as docs/api.md describes it. The harm, workforce and hotspot responses
 * are the server's own types (type-only imports: nothing of the server is bundled), so a change on
 * the server that the pages do not follow fails the web typecheck. Only the small route shapes
 * without a named server type are written here.
 */
import type { ImpactAreaTable, Overview } from '../../../src/harm/overview.ts';

export type { Amount } from '../../../src/harm/periods.ts';
export type { HarmReport as HarmResponse } from '../../../src/harm/reports.ts';
export { STATUSES, type Status } from '../../../src/harm/status.ts';
export type { HarmRow } from '../../../src/harm/table.ts';
export type { Change, Driver, Period, TrendReport as TrendResponse } from '../../../src/harm/trends.ts';
export type { NamedGridRow as GridCell } from '../../../src/hotspots/grid-export.ts';

import type { NamedGridRow as GridCell } from '../../../src/hotspots/grid-export.ts';
import type { WorkforceReport } from '../../../src/workforce/api.ts';

export type {
  SeriesReport as WorkforceSeries,
  SnapshotMeta,
} from '../../../src/workforce/api.ts';
export type { SnapshotTotals, TotalCheck } from '../../../src/workforce/totals.ts';
export type { Comparison, VarianceRow, VarianceTable } from '../../../src/workforce/variance.ts';

export type OverviewResponse = Overview;

/** A row of the Impact Area table; the page fills `unit` from /areas?level=impact-area. */
export type ImpactAreaRow = ImpactAreaTable['rows'][number] & { unit?: string | null };
export type ImpactAreasResponse = Omit<ImpactAreaTable, 'rows'> & { rows: ImpactAreaRow[] };

/** The workforce report (src/workforce/api.ts); caveats, when a server sends them, are shown. */
export type WorkforceResponse = WorkforceReport & { caveats?: string[] };

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface MonthRange {
  from: string;
  to: string;
}

export interface ForceLevel {
  level: string;
  areas: number;
  withBoundary: number;
}

export interface ForceSummary {
  slug: string;
  name: string;
  months: MonthRange | null;
  crimes: number;
  levels: ForceLevel[];
  /** Not every server sends caveats here; the per-force responses always do. */
  caveats?: string[];
}

export interface ForcesResponse {
  forces: ForceSummary[];
}

export interface ConfigResponse {
  /** Raster tile URL template ({z}/{x}/{y}) for a base map, or null: our own boundaries only. */
  tileUrl: string | null;
  tileAttribution?: string | null;
  /** This server's address of the local PMTiles base map (BEATWISE_PMTILES), or null. */
  pmtilesUrl?: string | null;
}

/** One area of GET /areas (src/force/routes.ts builds it in its query). */
export interface AreaListItem {
  code: string;
  name: string;
  parent: string | null;
  parentLevel?: string | null;
  approximate?: boolean;
}

export interface AreasResponse {
  level: string;
  areas: AreaListItem[];
}

/** GET /hotspots/cell: one cell's locations with their crimes. */
export interface CellPlaces {
  cell_id: string;
  count: number;
  harm: number;
  place: string | null;
  lsoa: string | null;
  ward: string | null;
  team: string | null;
  places: { location: string; count: number }[];
  summary: string;
  caveats: string[];
}

/** GET /hotspots/times: hour × weekday profiles of the top cells and their best patrol windows. */
export interface PatrolTimes {
  available: boolean;
  reason?: string;
  summary?: string;
  windowMinutes?: number;
  rankedBy?: string;
  caveats: string[];
  hotspots: {
    cell_id: string;
    count: number;
    harm: number;
    timed: number;
    untimed: number;
    hourByWeekday: { days: string[]; count: number[]; harm: number[] };
    windows: { start: number; minutes: number; value: number; share: number; label: string }[];
  }[];
}

export interface GridFeatureCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id?: string | number;
    properties: GridCell;
    geometry: { type: 'Polygon'; coordinates: number[][][] };
  }[];
  selection?: string;
  /** Cells, months, crime selection and harm weights in one line. */
  summary?: string;
  /** Every cell's Gi* class counted (bin → cells), also when only the cells holding crime are features. */
  giBins?: Record<string, number>;
  months?: MonthRange | null;
  grid?: { kind: string; cells: number; cellSizeM: number; areaKm2: number; cellsInsideArea: number };
  caveats?: string[];
  warnings?: { code: string; message: string }[];
}

export interface ImportRecord {
  id: number;
  force: string;
  file: string;
  format: string;
  startedAt: string;
  finishedAt: string | null;
  rows: number;
  loaded: number;
  duplicates: number;
  rejected: number;
  unlocated: number;
  outside: number;
  conflicts?: number;
  badQuoteLines?: number;
  /** The rejects download: an unguessable address of this import's own, or null. */
  rejectsUrl: string | null;
  synthetic?: boolean;
}

export interface ImportsResponse {
  imports: ImportRecord[];
}

export interface ImportCounts {
  rows: number;
  loaded: number;
  duplicates: number;
  /** Same Crime ID as a stored crime, other content (the later outcome is kept). */
  conflicts?: number;
  rejected: number;
  unlocated: number;
  outside: number;
  /** Of rejected: lines a bad quote spoiled. */
  badQuoteLines?: number;
}

export interface CrimeImportSummary {
  kind?: 'crimes';
  file: string;
  force: string | null;
  format?: string;
  counts: ImportCounts;
  /** This import's rejects download (an unguessable address), when it has rejects. */
  rejectsUrl?: string | null;
  warnings?: string[];
}

export interface BoundaryImportSummary {
  kind: 'boundaries';
  file: string;
  force: string;
  level: string;
  features: number;
  crs?: string;
  /** Crimes placed again in the new areas. */
  placed?: unknown;
}

export type ImportSummary = CrimeImportSummary | BoundaryImportSummary;

export interface BoundaryFeature {
  type: 'Feature';
  id?: string | number;
  /** composed: an area made of others (a unit of wards), drawn with its members' shapes. */
  properties: { code: string; name: string; level: string; composed?: boolean };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] } | null;
}

export interface BoundaryCollection {
  type: 'FeatureCollection';
  features: BoundaryFeature[];
}
