/**
 * The work a hotspot request implies, computed before doing it, and the bounds it must stay within:
 * study cells (the area over the cell size squared), H3 cells (the area over the hexagon area) and
 * KDE kernel evaluations (crimes × the cells each kernel covers). Past a bound the request is refused
 * with a message naming the parameter, the work it implies and the limit, and what to change.
 * The bounds come from the environment (BEATWISE_MAX_CELLS, BEATWISE_MAX_H3_CELLS,
 * BEATWISE_MAX_KDE_WORK); the CLI can lift them (`--no-limits`).
 */
import { getHexagonAreaAvg } from 'h3-js';
import { BeatwiseError } from '../core/errors.ts';
import type { MultiPolygon } from '../core/geo/types.ts';
import { defaultCellSize, type Extent, extentOf, type StudyGrid } from './grid.ts';
import { ruleOfThumbBandwidth } from './kde.ts';
import { H3_RESOLUTIONS } from './model.ts';

export interface WorkLimits {
  /** Square study cells. */
  cells: number;
  /** H3 study cells (each costs far more than a square: ids, outlines, projection). */
  h3Cells: number;
  /** KDE kernel evaluations: crimes × cells within a kernel's reach. */
  kdeWork: number;
  /** Gi* neighbour pairs: cells × cells within the neighbour distance (CLI --distance). */
  neighbours: number;
}

export const DEFAULT_LIMITS: Readonly<WorkLimits> = {
  cells: 500_000,
  h3Cells: 50_000,
  kdeWork: 300_000_000,
  neighbours: 50_000_000,
};

/** No bounds beyond the grid's own hard limits (the CLI's `--no-limits`). */
export const NO_LIMITS: Readonly<WorkLimits> = {
  cells: Infinity,
  h3Cells: Infinity,
  kdeWork: Infinity,
  neighbours: Infinity,
};

const ENV: Record<keyof WorkLimits, string> = {
  cells: 'BEATWISE_MAX_CELLS',
  h3Cells: 'BEATWISE_MAX_H3_CELLS',
  kdeWork: 'BEATWISE_MAX_KDE_WORK',
  neighbours: 'BEATWISE_MAX_NEIGHBOURS',
};

/** The bounds in force: the defaults, each overridable by its environment variable. */
export function workLimits(env: NodeJS.ProcessEnv = process.env): WorkLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(ENV) as (keyof WorkLimits)[]) {
    const text = env[ENV[key]];
    if (text === undefined || text === '') continue;
    const v = Number(text);
    if (!(v > 0))
      throw new BeatwiseError('config.limit', `${ENV[key]} must be a positive number, got "${text}"`, {
        field: ENV[key],
      });
    out[key] = v;
  }
  return out;
}

const fmt = (v: number) =>
  Number.isFinite(v) && v < 1e15 ? Math.round(v).toLocaleString('en-GB') : v.toExponential(2);

function refuse(parameter: string, message: string, work: number, limit: number, env: string): BeatwiseError {
  return new BeatwiseError(
    'hotspots.too_much_work',
    `${message} (the limit is ${fmt(limit)}, set by ${env})`,
    { field: parameter },
    { parameter, work: Math.round(work), limit },
  );
}

/** Area in m² of multipolygons (outer rings minus holes, shoelace). */
export function polygonArea(polygons: readonly MultiPolygon[]): number {
  let total = 0;
  for (const mp of polygons)
    for (const poly of mp)
      poly.forEach((ring, r) => {
        let a = 0;
        for (let k = 0, m = ring.length; k < m; k++) {
          const [x1, y1] = ring[k];
          const [x2, y2] = ring[(k + 1) % m];
          a += x1 * y2 - x2 * y1;
        }
        total += (r === 0 ? 1 : -1) * Math.abs(a / 2);
      });
  return total;
}

export interface GridRequest {
  cell?: number;
  h3?: number;
  /** The study area in BNG metres. */
  polygons: readonly MultiPolygon[];
  /** Located crimes, BNG metres. */
  x: Float64Array;
  y: Float64Array;
}

/** Estimated study cells of a grid request: the area over the cell's area (crimes' cells without a boundary). */
export function gridWork(r: GridRequest): { cells: number; cellM: number; extent: Extent } {
  const extent = extentOf(r.polygons, r.x, r.y);
  const area = polygonArea(r.polygons);
  if (r.h3 !== undefined) {
    // A resolution H3 does not offer is refused by the grid itself.
    if (!(H3_RESOLUTIONS as readonly number[]).includes(r.h3)) return { cells: 0, cellM: 0, extent };
    const hexM2 = getHexagonAreaAvg(r.h3, 'm2');
    return { cells: area > 0 ? area / hexM2 : r.x.length, cellM: Math.sqrt(hexM2), extent };
  }
  const size = r.cell ?? (Number.isFinite(extent.minX) ? defaultCellSize(extent) : 100);
  const raster =
    (Math.floor((extent.maxX - extent.minX) / size) + 2) *
    (Math.floor((extent.maxY - extent.minY) / size) + 2);
  const cells = area > 0 ? area / (size * size) : Math.min(r.x.length, raster);
  // A tiny cell gives Infinity, refused; only a grid of nothing (NaN) counts as none.
  return { cells: Number.isNaN(cells) ? 0 : cells, cellM: size, extent };
}

/** Refuses a grid request whose estimated cells exceed the bound, saying which cell size would do. */
export function checkGridWork(r: GridRequest, limits: WorkLimits): void {
  const { cells, cellM } = gridWork(r);
  const areaM2 = polygonArea(r.polygons);
  const km2 = (areaM2 / 1e6).toFixed(1);
  if (r.h3 !== undefined) {
    if (cells > limits.h3Cells)
      throw refuse(
        'h3',
        `h3=${r.h3} over ${km2} km² implies about ${fmt(cells)} H3 cells: use a coarser resolution (a smaller h3) or a smaller area`,
        cells,
        limits.h3Cells,
        ENV.h3Cells,
      );
    return;
  }
  if (cells > limits.cells) {
    const fitting = areaM2 > 0 ? Math.sqrt(areaM2 / limits.cells) : cellM * Math.sqrt(cells / limits.cells);
    const minCell = Math.ceil(fitting / 10) * 10;
    throw refuse(
      'cell',
      `cell=${cellM} m over ${km2} km² implies about ${fmt(cells)} cells: use cell=${minCell} or larger, or a smaller area`,
      cells,
      limits.cells,
      ENV.cells,
    );
  }
}

export interface KdeRequest {
  bandwidth?: number;
  /** Cell size (square) or mean hexagon edge (H3), metres. */
  cellM: number;
  /** Cells of the grid's bounding raster (square) or of the grid (H3): no kernel covers more. */
  rasterCells: number;
  x: Float64Array;
  y: Float64Array;
  /** Binned mode first tabulates the kernel over every cell within h, whatever the raster. */
  mode?: 'exact' | 'binned';
}

/** Kernel evaluations a KDE implies: each crime's kernel covers (2h/cell + 1)² cells, at most the raster. */
export function kdeWork(r: KdeRequest): { work: number; bandwidth: number } {
  let h = r.bandwidth ?? ruleOfThumbBandwidth(r.x, r.y);
  if (!(h > 0)) h = r.cellM * 4;
  const side = (2 * h) / r.cellM + 1;
  const footprint = Math.min(side * side, r.rasterCells);
  const table = r.mode === 'binned' ? side * side : 0;
  return { work: r.x.length * footprint + table, bandwidth: h };
}

export function checkKdeWork(r: KdeRequest, limits: WorkLimits): void {
  const { work, bandwidth } = kdeWork(r);
  if (work <= limits.kdeWork) return;
  const n = r.x.length;
  // The largest bandwidth within the bound: n·(2h/cell + 1)² = limit.
  const maxH = Math.max(0, Math.floor(((Math.sqrt(limits.kdeWork / Math.max(n, 1)) - 1) * r.cellM) / 2));
  throw refuse(
    'bandwidth',
    `bandwidth=${fmt(bandwidth)} m over ${fmt(n)} crimes on ${fmt(r.cellM)} m cells implies about ${fmt(work)} kernel evaluations: ` +
      `use a bandwidth of at most ${fmt(maxH)} m, or fewer months, fewer crime types or a smaller area`,
    work,
    limits.kdeWork,
    ENV.kdeWork,
  );
}

/** The KDE request of a prepared grid: its cell size, raster and located crimes. */
export function kdeRequest(
  ctx: { grid: StudyGrid; points: { x: Float64Array; y: Float64Array } },
  bandwidth: number | undefined,
  mode?: 'exact' | 'binned',
): KdeRequest {
  const g = ctx.grid;
  return {
    bandwidth,
    mode: g.kind === 'square' ? mode : 'exact',
    cellM: g.kind === 'square' ? g.size : g.edge,
    rasterCells: g.kind === 'square' ? g.width * g.height : g.n,
    x: ctx.points.x,
    y: ctx.points.y,
  };
}

/**
 * The same bound on the grid as built, for when the estimate could not know the cell size (a default
 * chosen while building): cheap next to what the analyses would then do with every cell.
 */
export function checkBuiltGrid(grid: StudyGrid, limits: WorkLimits): void {
  const h3 = grid.kind === 'h3';
  const limit = h3 ? limits.h3Cells : limits.cells;
  if (grid.n <= limit) return;
  throw refuse(
    h3 ? 'h3' : 'cell',
    h3
      ? `h3=${grid.resolution} gives ${fmt(grid.n)} H3 cells: use a coarser resolution or a smaller area`
      : `cells of ${grid.size} m give ${fmt(grid.n)} cells: use cell=${Math.ceil((grid.size * Math.sqrt(grid.n / limit)) / 10) * 10} or larger, or a smaller area`,
    grid.n,
    limit,
    h3 ? ENV.h3Cells : ENV.cells,
  );
}

/**
 * Neighbour pairs a Gi* distance implies: every cell lists the cells within the distance, a square
 * of (2d/cell + 1)² on a square grid (a hexagonal ring of 3r(r+1) + 1 on H3).
 */
export function neighbourWork(grid: StudyGrid, distance: number | undefined): number {
  if (distance === undefined) return 0;
  if (grid.kind === 'square') {
    const side = 2 * Math.floor(distance / grid.size) + 1;
    return grid.n * side * side;
  }
  const ring = Math.max(1, Math.round(distance / (Math.sqrt(3) * grid.edge)));
  return grid.n * (3 * ring * (ring + 1) + 1);
}

export function checkNeighbourWork(grid: StudyGrid, distance: number | undefined, limits: WorkLimits): void {
  const work = neighbourWork(grid, distance);
  if (work <= limits.neighbours) return;
  throw refuse(
    'distance',
    `distance=${fmt(distance ?? 0)} m over ${fmt(grid.n)} cells implies about ${fmt(work)} neighbour pairs: use a shorter distance, larger cells or a smaller area`,
    work,
    limits.neighbours,
    ENV.neighbours,
  );
}
