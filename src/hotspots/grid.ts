/**
 * Study grids: square cells in British National Grid metres, aligned to the national grid, and the
 * operations every hotspot method shares (assigning points to cells, counting, neighbour lists).
 *
 * Cell (i, j) of size s covers [i·s, (i+1)·s) × [j·s, (j+1)·s): i = ⌊x / s⌋, j = ⌊y / s⌋, so a
 * point on a cell's west or south edge belongs to that cell, one on its east or north edge to the
 * next, and negative offsets round down (x = −0.5 is in cell −1), never towards zero.
 *
 * The study grid of an area is every cell whose centre lies inside the area plus every cell that
 * holds one of the area's located crimes (a crime near the boundary can sit in a cell whose centre
 * is just outside). Cells with no crime are kept: hotspot statistics need the zeros.
 */
import { BeatwiseError } from '../core/errors.ts';
import { toWGS84 } from '../core/geo/bng.ts';
import type { MultiPolygon, Polygon } from '../core/geo/types.ts';
import type { H3Grid } from './h3.ts';
import { type HotspotWarning, MAX_CELLS, MAX_RASTER_CELLS, type Neighbours } from './model.ts';

export interface SquareGrid {
  kind: 'square';
  n: number;
  /** Cell side in metres. */
  size: number;
  /** The cells' bounding raster: cells i0..i0+width-1, j0..j0+height-1. */
  i0: number;
  j0: number;
  width: number;
  height: number;
  /** Study cells in row order (j, then i). */
  ci: Int32Array;
  cj: Int32Array;
  /** Raster position (j−j0)·width + (i−i0) → study cell, or −1. */
  lookup: Int32Array;
  /** 1 when the cell's centre is inside the study area, 0 when it is in the grid only for a crime. */
  inside: Uint8Array;
}

export type StudyGrid = SquareGrid | H3Grid;

/** The cell index of a coordinate: ⌊v / s⌋ (rounds down for negative values). */
export function cellOf(v: number, size: number): number {
  return Math.floor(v / size) + 0; // + 0 turns −0 into 0
}

export interface Extent {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function extentOf(polygons: readonly MultiPolygon[], x?: Float64Array, y?: Float64Array): Extent {
  const e = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const mp of polygons)
    for (const poly of mp)
      for (const ring of poly)
        for (const [px, py] of ring) {
          if (px < e.minX) e.minX = px;
          if (px > e.maxX) e.maxX = px;
          if (py < e.minY) e.minY = py;
          if (py > e.maxY) e.maxY = py;
        }
  if (x && y)
    for (let k = 0; k < x.length; k++) {
      if (x[k] < e.minX) e.minX = x[k];
      if (x[k] > e.maxX) e.maxX = x[k];
      if (y[k] < e.minY) e.minY = y[k];
      if (y[k] > e.maxY) e.maxY = y[k];
    }
  return e;
}

/**
 * sfhotspot's default cell size: about 50 cells across the shorter side of the extent, rounded down
 * to a whole 10 m (sfhotspot rounds to 100 m; micro-places need finer steps), at least 10 m.
 */
export function defaultCellSize(e: Extent): number {
  const side = Math.min(e.maxX - e.minX, e.maxY - e.minY);
  if (!(side > 0)) return 100;
  return Math.max(10, Math.floor(side / 50 / 10) * 10);
}

/** Warnings about the coordinates themselves: degrees instead of metres, points at 0,0. */
export function coordinateWarnings(x: Float64Array, y: Float64Array): HotspotWarning[] {
  const out: HotspotWarning[] = [];
  let degrees = 0;
  let zero = 0;
  for (let k = 0; k < x.length; k++) {
    if (Math.abs(x[k]) <= 180 && Math.abs(y[k]) <= 90) degrees++;
    if (x[k] === 0 && y[k] === 0) zero++;
  }
  if (x.length > 0 && degrees > x.length / 2)
    out.push({
      code: 'unprojected',
      message:
        `${degrees} of ${x.length} points look like longitude/latitude degrees, not British National Grid ` +
        'metres: cell sizes and bandwidths are in metres, so the grid would be meaningless. Give easting/northing ' +
        '(EPSG:27700) instead.',
    });
  if (zero > 0)
    out.push({
      code: 'zero_coordinates',
      message: `${zero} points are at 0,0, which usually means a missing location was written as zeros`,
    });
  return out;
}

/**
 * Marks, in a raster of cells, every cell whose centre lies inside the polygon (outer ring minus
 * holes, even-odd rule), by scanlines through the row centres. An edge counts for the row centres y
 * with min(y1,y2) ≤ y < max(y1,y2) and a row fills centres x with xa ≤ x < xb, so a centre exactly on
 * an edge shared by two polygons falls in exactly one of them.
 */
export function markCentresInPolygon(
  poly: Polygon,
  size: number,
  i0: number,
  j0: number,
  width: number,
  height: number,
  mask: Uint8Array,
  bit: number,
): void {
  const rows: number[] = [];
  const xs: number[] = [];
  for (const ring of poly) {
    const m = ring.length;
    for (let k = 0; k < m; k++) {
      const [x1, y1] = ring[k];
      const [x2, y2] = ring[(k + 1) % m];
      if (y1 === y2) continue;
      const ylo = Math.min(y1, y2);
      const yhi = Math.max(y1, y2);
      let j = Math.ceil(ylo / size - 0.5);
      while ((j + 0.5) * size < ylo) j++;
      while ((j - 0.5) * size >= ylo) j--;
      for (; (j + 0.5) * size < yhi; j++) {
        const yc = (j + 0.5) * size;
        rows.push(j);
        xs.push(x1 + ((yc - y1) * (x2 - x1)) / (y2 - y1));
      }
    }
  }
  const order = Array.from(rows.keys()).sort((a, b) => rows[a] - rows[b] || xs[a] - xs[b]);
  for (let k = 0; k + 1 < order.length; ) {
    const row = rows[order[k]];
    let end = k;
    while (end < order.length && rows[order[end]] === row) end++;
    const r = row - j0;
    if (r >= 0 && r < height) {
      for (let a = k; a + 1 < end; a += 2) {
        const xa = xs[order[a]];
        const xb = xs[order[a + 1]];
        let i = Math.ceil(xa / size - 0.5);
        while ((i + 0.5) * size < xa) i++;
        while ((i - 0.5) * size >= xa) i--;
        for (; (i + 0.5) * size < xb; i++) {
          const c = i - i0;
          if (c >= 0 && c < width) mask[r * width + c] |= bit;
        }
      }
    }
    k = end;
  }
}

export interface SquareGridInput {
  /** The study area in BNG metres (any number of multipolygons; their union is used). */
  polygons: readonly MultiPolygon[];
  /** Located crimes of the area, BNG metres: their cells join the grid. */
  x: Float64Array;
  y: Float64Array;
  /** Cell size in metres; default by the sfhotspot rule (reported back in `size`). */
  size?: number;
  maxCells?: number;
}

export interface GridBuild<G> {
  grid: G;
  /** True when the size was chosen by the default rule. */
  sizeChosen: boolean;
  warnings: HotspotWarning[];
}

function km(v: number): string {
  return (v / 1000).toFixed(1);
}

/** Builds the square study grid, or refuses (BeatwiseError 'hotspots.too_many_cells') above the limit. */
export function buildSquareGrid(input: SquareGridInput): GridBuild<SquareGrid> {
  const { polygons, x, y } = input;
  const maxCells = input.maxCells ?? MAX_CELLS;
  const warnings = coordinateWarnings(x, y);
  const e = extentOf(polygons, x, y);
  if (!Number.isFinite(e.minX))
    throw new BeatwiseError(
      'hotspots.empty_area',
      'the study area has no boundary and no located crimes: load boundaries for it, or choose another --area',
    );
  const sizeChosen = input.size === undefined;
  const size = input.size ?? defaultCellSize(e);
  if (!(size > 0) || !Number.isFinite(size))
    throw new BeatwiseError(
      'hotspots.bad_cell',
      `cell size must be a positive number of metres, got ${size}`,
    );
  const i0 = cellOf(e.minX, size);
  const j0 = cellOf(e.minY, size);
  const width = cellOf(e.maxX, size) - i0 + 1;
  const height = cellOf(e.maxY, size) - j0 + 1;
  const spanX = e.maxX - e.minX;
  const spanY = e.maxY - e.minY;
  const refuse = (cells: number, what: string) => {
    const minSize = Math.ceil((size * Math.sqrt(cells / maxCells)) / 10) * 10;
    return new BeatwiseError(
      'hotspots.too_many_cells',
      `${what} ${cells.toLocaleString('en-GB')} cells of ${size} m (the limit is ${maxCells.toLocaleString('en-GB')}): ` +
        `the study area spans ${km(spanX)} km × ${km(spanY)} km. Use --cell ${minSize} or larger, or a smaller ` +
        '--area (a unit or team instead of the whole force), or --h3 with a coarser resolution.',
      {},
      { cells, size, suggestedSize: minSize, extent: e },
    );
  };
  if (width * height > MAX_RASTER_CELLS) {
    // Too wide to rasterise: estimate the study cells from the extent to say what to change.
    throw refuse(width * height, 'the grid would span');
  }
  const mask = new Uint8Array(width * height);
  for (const mp of polygons)
    for (const poly of mp) markCentresInPolygon(poly, size, i0, j0, width, height, mask, 1);
  for (let k = 0; k < x.length; k++) {
    if (!Number.isFinite(x[k]) || !Number.isFinite(y[k])) continue;
    const c = cellOf(x[k], size) - i0;
    const r = cellOf(y[k], size) - j0;
    mask[r * width + c] |= 2;
  }
  let n = 0;
  for (let k = 0; k < mask.length; k++) if (mask[k]) n++;
  if (n > maxCells) throw refuse(n, 'the grid would have');
  const ci = new Int32Array(n);
  const cj = new Int32Array(n);
  const inside = new Uint8Array(n);
  const lookup = new Int32Array(width * height).fill(-1);
  let s = 0;
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const m = mask[r * width + c];
      if (!m) continue;
      lookup[r * width + c] = s;
      ci[s] = i0 + c;
      cj[s] = j0 + r;
      inside[s] = m & 1;
      s++;
    }
  if (n === 0)
    warnings.push({
      code: 'no_points',
      message: 'the study grid is empty: the area has no cells and no crimes',
    });
  return {
    grid: { kind: 'square', n, size, i0, j0, width, height, ci, cj, lookup, inside },
    sizeChosen,
    warnings,
  };
}

/**
 * A square grid made of the given cells (i, j indexes), in the order given: for fixtures, for peers
 * that name their cells, and for benchmarks.
 */
export function squareGridFromCells(size: number, ci: Int32Array, cj: Int32Array): SquareGrid {
  const n = ci.length;
  let i0 = Infinity;
  let j0 = Infinity;
  let i1 = -Infinity;
  let j1 = -Infinity;
  for (let k = 0; k < n; k++) {
    i0 = Math.min(i0, ci[k]);
    i1 = Math.max(i1, ci[k]);
    j0 = Math.min(j0, cj[k]);
    j1 = Math.max(j1, cj[k]);
  }
  if (n === 0) i0 = j0 = i1 = j1 = 0;
  const width = i1 - i0 + 1;
  const height = j1 - j0 + 1;
  if (width * height > MAX_RASTER_CELLS)
    throw new BeatwiseError('hotspots.too_many_cells', `cells span ${width} × ${height}: too wide a raster`);
  const lookup = new Int32Array(width * height).fill(-1);
  for (let k = 0; k < n; k++) {
    const at = (cj[k] - j0) * width + (ci[k] - i0);
    if (lookup[at] >= 0)
      throw new BeatwiseError('hotspots.duplicate_cell', `cell ${ci[k]},${cj[k]} is listed twice`);
    lookup[at] = k;
  }
  return {
    kind: 'square',
    n,
    size,
    i0,
    j0,
    width,
    height,
    ci: Int32Array.from(ci),
    cj: Int32Array.from(cj),
    lookup,
    inside: new Uint8Array(n).fill(1),
  };
}

/** The study cell of a point on a square grid, or −1 when the point is outside the grid. */
export function squareCellAt(g: SquareGrid, x: number, y: number): number {
  const c = cellOf(x, g.size) - g.i0;
  const r = cellOf(y, g.size) - g.j0;
  if (c < 0 || r < 0 || c >= g.width || r >= g.height) return -1;
  return g.lookup[r * g.width + c];
}

/** The study cell of every point (−1 outside the grid). H3 grids use lon/lat, square grids x/y. */
export function assignCells(
  g: StudyGrid,
  pts: { x: Float64Array; y: Float64Array; lon: Float64Array; lat: Float64Array },
): Int32Array {
  if (g.kind === 'h3') return g.assign(pts.lon, pts.lat);
  const out = new Int32Array(pts.x.length);
  for (let k = 0; k < out.length; k++) out[k] = squareCellAt(g, pts.x[k], pts.y[k]);
  return out;
}

/** Sums weights (or counts, without weights) per cell; points with cell −1 are skipped. */
export function binCells(
  cells: Int32Array,
  n: number,
  weights?: Float64Array,
  keep?: Uint8Array,
): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < cells.length; k++) {
    const c = cells[k];
    if (c < 0 || (keep && !keep[k])) continue;
    out[c] += weights ? weights[k] : 1;
  }
  return out;
}

/** Centre of every cell in BNG metres. */
export function cellCentres(g: StudyGrid): { cx: Float64Array; cy: Float64Array } {
  if (g.kind === 'h3') return { cx: g.cx, cy: g.cy };
  const cx = new Float64Array(g.n);
  const cy = new Float64Array(g.n);
  for (let k = 0; k < g.n; k++) {
    cx[k] = (g.ci[k] + 0.5) * g.size;
    cy[k] = (g.cj[k] + 0.5) * g.size;
  }
  return { cx, cy };
}

/** Area of every cell in square metres. */
export function cellAreas(g: StudyGrid): Float64Array {
  if (g.kind === 'h3') return g.area;
  return new Float64Array(g.n).fill(g.size * g.size);
}

/** The id a cell is known by in files: '100m_4512_3012' (size, i, j) or the H3 index. */
export function cellId(g: StudyGrid, k: number): string {
  return g.kind === 'h3' ? g.cells[k] : `${g.size}m_${g.ci[k]}_${g.cj[k]}`;
}

/** The south-west corner (BNG) and size reported for a cell in the grid CSV. */
export function cellCorner(g: StudyGrid, k: number): { xMin: number; yMin: number; sizeM: number } {
  if (g.kind === 'h3')
    return {
      xMin: Math.round(g.xMin[k] * 100) / 100,
      yMin: Math.round(g.yMin[k] * 100) / 100,
      sizeM: Math.round(g.edge * 10) / 10,
    };
  return { xMin: g.ci[k] * g.size, yMin: g.cj[k] * g.size, sizeM: g.size };
}

/** The cell's outline in WGS84 lon/lat, closed, for GeoJSON. */
export function cellRingWgs84(g: StudyGrid, k: number): [number, number][] {
  if (g.kind === 'h3') return g.ringWgs84(k);
  const x0 = g.ci[k] * g.size;
  const y0 = g.cj[k] * g.size;
  const s = g.size;
  const corners: [number, number][] = [
    [x0, y0],
    [x0 + s, y0],
    [x0 + s, y0 + s],
    [x0, y0 + s],
    [x0, y0],
  ];
  return corners.map(([cx, cy]) => toWGS84(cx, cy));
}

/**
 * Binary distance-band neighbours on a square grid: cells whose centres are within d metres
 * (default s·√2: the 8 surrounding cells), and the cell itself when `includeSelf` (Gi*). Distances
 * are compared with a relative tolerance of 1e-9, so d = s·√2 keeps the diagonals however √2 rounds.
 */
export function squareNeighbours(g: SquareGrid, d = g.size * Math.SQRT2, includeSelf = true): Neighbours {
  const reach = (d / g.size) * (1 + 1e-9);
  const r = Math.floor(reach);
  const di: number[] = [];
  const dj: number[] = [];
  for (let b = -r; b <= r; b++)
    for (let a = -r; a <= r; a++) {
      if (a === 0 && b === 0 && !includeSelf) continue;
      if (a * a + b * b <= reach * reach) {
        di.push(a);
        dj.push(b);
      }
    }
  const start = new Int32Array(g.n + 1);
  const tmp = new Int32Array(g.n * di.length);
  let m = 0;
  for (let k = 0; k < g.n; k++) {
    start[k] = m;
    const c = g.ci[k] - g.i0;
    const rr = g.cj[k] - g.j0;
    for (let s = 0; s < di.length; s++) {
      const cc = c + di[s];
      const r2 = rr + dj[s];
      if (cc < 0 || r2 < 0 || cc >= g.width || r2 >= g.height) continue;
      const t = g.lookup[r2 * g.width + cc];
      if (t >= 0) tmp[m++] = t;
    }
  }
  start[g.n] = m;
  return {
    start,
    index: tmp.slice(0, m),
    selfIncluded: includeSelf,
    description: `cells with centres within ${+d.toFixed(1)} m${includeSelf ? ', self included' : ''}`,
  };
}

/**
 * Sums, for every study cell, kernel(distance) × value over the study cells within `radius` metres
 * of it (centre to centre). The kernel is evaluated once per offset (square grids) or per ring (H3).
 */
export function smoothCells(
  g: StudyGrid,
  values: Float64Array,
  radius: number,
  kernel: (distanceM: number) => number,
): Float64Array {
  if (g.kind === 'h3') return g.smooth(values, radius, kernel);
  const out = new Float64Array(g.n);
  const r = Math.floor(radius / g.size);
  const offA: number[] = [];
  const offB: number[] = [];
  const w: number[] = [];
  for (let b = -r; b <= r; b++)
    for (let a = -r; a <= r; a++) {
      const dist = Math.hypot(a, b) * g.size;
      if (dist > radius) continue;
      const kv = kernel(dist);
      if (kv === 0) continue;
      offA.push(a);
      offB.push(b);
      w.push(kv);
    }
  // Scatter each non-zero cell's value to its neighbours: most cells are zero.
  const { width, height, lookup } = g;
  for (let k = 0; k < g.n; k++) {
    const v = values[k];
    if (v === 0) continue;
    const c = g.ci[k] - g.i0;
    const rr = g.cj[k] - g.j0;
    for (let s = 0; s < w.length; s++) {
      const cc = c + offA[s];
      const r2 = rr + offB[s];
      if (cc < 0 || r2 < 0 || cc >= width || r2 >= height) continue;
      const t = lookup[r2 * width + cc];
      if (t >= 0) out[t] += v * w[s];
    }
  }
  return out;
}

/**
 * The neighbour lists Gi* uses: square cells within d metres (default s·√2, the 8 around), or
 * hexagons within the number of steps nearest d / (√3·edge) (default 1, the 6 around).
 */
export function gridNeighbours(g: StudyGrid, d?: number, includeSelf = true): Neighbours {
  if (g.kind === 'square') return squareNeighbours(g, d ?? g.size * Math.SQRT2, includeSelf);
  const ring = d === undefined ? 1 : Math.max(1, Math.round(d / (Math.sqrt(3) * g.edge)));
  return g.neighbours(ring, includeSelf);
}
