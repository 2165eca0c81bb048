/**
 * The JSON the pages read, as docs/api.md describes it. These mirror the server's types (src/harm,
 * src/workforce, src/hotspots); the web app keeps its own copy so that it builds without the server.
 */

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
}

export interface Amount {
  count: number;
  harm: number;
}

export interface Period extends Amount {
  label: string;
  from: string;
  to: string;
}

export interface Change {
  count: number;
  countPct: number | null;
  harm: number;
  harmPct: number | null;
}

export const STATUSES = ['Outstanding', 'Good', 'No change', 'Needs improvement', 'Poor'] as const;
export type Status = (typeof STATUSES)[number];

export interface OverviewResponse {
  force: string;
  name: string;
  /** The month reported (null: the force has no crimes yet). */
  month: string | null;
  months: MonthRange | null;
  units: { code: string; name: string }[];
  teams: number;
  thisMonth: Amount;
  /** pctChange: % change of rolling harm from the month before (the status rule's change). */
  rolling12: { count: number | null; harm: number | null; pctChange: number | null; status: Status | null };
  ytd: { label: string; count: number; harm: number; lastYear: number; pctChange: number | null } | null;
  impactAreaStatus: Partial<Record<Status | 'No status', number>>;
  lastImport: string | null;
  caveats: string[];
}

export interface AreaRef {
  code: string;
  name: string;
  parent: string | null;
  parentLevel?: string | null;
  approximate?: boolean;
}

export interface AreasResponse {
  level: string;
  areas: AreaRef[];
}

export interface HarmRow {
  level: string;
  area_code: string;
  area_name: string;
  month: string;
  count: number;
  harm: number;
  rolling_count: number | null;
  rolling_harm: number | null;
  pct_change: number | null;
  new: boolean;
  status: Status | null;
  unweighted: number;
}

export interface HarmResponse {
  force: string;
  level: string;
  window: number;
  weights: string;
  selection: string;
  rows: HarmRow[];
  caveats: string[];
}

export interface ImpactAreaRow {
  code: string;
  name: string;
  /** Not sent by every server: the page fills it from /areas?level=impact-area. */
  unit?: string | null;
  rolling: (number | null)[];
  pctChange: (number | null)[];
  status: Status | null;
  spark: (number | null)[];
}

export interface ImpactAreasResponse {
  force?: string;
  /** Rolling window in months (12). */
  window?: number;
  month: string | null;
  windows: string[];
  rows: ImpactAreaRow[];
  caveats: string[];
}

export interface Driver {
  code: string;
  name: string;
  current: Amount;
  previous: Amount;
  change: Amount;
  shareOfChange: number | null;
}

export interface TrendResponse {
  selection: { name: string; label: string };
  level: string;
  /** Present when the report is restricted to one area (GET …/trends?area=CODE). */
  area?: { level: string; code: string; name: string } | null;
  to: string;
  financialYear: string;
  current: Period;
  lastYear: Period;
  baseline: Period;
  vsLastYear: Change;
  vsBaseline: Change;
  month: { current: Period; previous: Period; change: Change };
  drivers: { byArea: Driver[]; byCategory: Driver[] };
  caveats: string[];
}

export interface Comparison {
  establishment: number | null;
  strength: number | null;
  variance: number | null;
  fillRate: number | null;
}

export interface VarianceRow {
  department: string;
  label: string;
  cells: Record<string, Comparison>;
  total: Comparison;
}

export interface VarianceTable {
  roles: string[];
  departments: VarianceRow[];
  totals: Record<string, Comparison>;
  grandTotal: Comparison;
}

export interface SnapshotMeta {
  id: number;
  series: string;
  kind: 'establishment' | 'strength';
  asOf: string;
  title: string | null;
  source: string | null;
  notes: string[];
  file: string;
  loadedAt: string;
}

export interface TotalCheck {
  what: string;
  department: string | null;
  departmentLabel: string | null;
  role: string | null;
  line: number;
  field: string;
  printed: number;
  computed: number;
  difference: number;
  ok: boolean;
  message: string;
}

export interface SnapshotTotals {
  grand: number;
  printedGrand: number | null;
  discrepancies: TotalCheck[];
}

export interface WorkforceSeries {
  series: string;
  establishment: SnapshotMeta | null;
  strength: SnapshotMeta | null;
  table: VarianceTable;
  establishmentTotals: SnapshotTotals | null;
  strengthTotals: SnapshotTotals | null;
}

export interface WorkforceResponse {
  force: { slug: string; name: string };
  asOf: string | null;
  roles: { code: string; label: string; short: string }[];
  departments: { code: string; name: string; kind: 'unit' | 'department' }[];
  series: WorkforceSeries[];
  caveats?: string[];
}

/** One cell of the hotspot grid (the `rows` of the hotspot lab's grid/Gi* result). */
export interface GridCell {
  cell_id: string;
  count: number;
  harm: number;
  gi_z: number | null;
  gi_p: number | null;
  gi_q: number | null;
  gi_bin: number | null;
  /** The cell's most common police.uk location ("On or near …"); null when it holds no crime. */
  place: string | null;
  lsoa: string | null;
  ward: string | null;
  team: string | null;
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
  rejected: number;
  unlocated: number;
  outside: number;
}

export interface CrimeImportSummary {
  kind?: 'crimes';
  file: string;
  force: string | null;
  format?: string;
  counts: ImportCounts;
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
  properties: { code: string; name: string; level: string };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] } | null;
}

export interface BoundaryCollection {
  type: 'FeatureCollection';
  features: BoundaryFeature[];
}
