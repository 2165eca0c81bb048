/**
 * H3 hexagon study grids (h3-js), resolutions 8–10. The study grid is every hexagon whose centre
 * lies inside the area (H3's own polygon fill rule) plus every hexagon holding one of the area's
 * located crimes. Centres are kept in BNG metres so that distances (KDE, prospective weights) use
 * the same maths as square grids; areas are H3's exact cell areas.
 */
import {
  cellArea,
  cellToBoundary,
  cellToLatLng,
  getHexagonAreaAvg,
  getHexagonEdgeLengthAvg,
  gridDisk,
  latLngToCell,
  polygonToCells,
} from 'h3-js';
import { BeatwiseError } from '../core/errors.ts';
import { toBNG } from '../core/geo/bng.ts';
import type { MultiPolygon } from '../core/geo/types.ts';
import type { GridBuild } from './grid.ts';
import { H3_RESOLUTIONS, type HotspotWarning, MAX_CELLS, type Neighbours } from './model.ts';

export class H3Grid {
  readonly kind = 'h3' as const;
  readonly n: number;
  /** Mean hexagon edge at this resolution (metres): the `size_m` of the grid CSV. */
  readonly edge: number;
  readonly cx: Float64Array;
  readonly cy: Float64Array;
  readonly xMin: Float64Array;
  readonly yMin: Float64Array;
  readonly area: Float64Array;
  private readonly byId: Map<string, number>;

  constructor(
    readonly resolution: number,
    readonly cells: string[],
    readonly inside: Uint8Array,
  ) {
    this.n = cells.length;
    this.edge = getHexagonEdgeLengthAvg(resolution, 'm');
    this.byId = new Map(cells.map((c, k) => [c, k]));
    this.cx = new Float64Array(this.n);
    this.cy = new Float64Array(this.n);
    this.xMin = new Float64Array(this.n);
    this.yMin = new Float64Array(this.n);
    this.area = new Float64Array(this.n);
    for (let k = 0; k < this.n; k++) {
      const [lat, lon] = cellToLatLng(cells[k]);
      const [x, y] = toBNG(lon, lat);
      this.cx[k] = x;
      this.cy[k] = y;
      let mx = Infinity;
      let my = Infinity;
      for (const [blat, blon] of cellToBoundary(cells[k])) {
        const [bx, by] = toBNG(blon, blat);
        if (bx < mx) mx = bx;
        if (by < my) my = by;
      }
      this.xMin[k] = mx;
      this.yMin[k] = my;
      this.area[k] = cellArea(cells[k], 'm2');
    }
  }

  indexOf(cell: string): number {
    return this.byId.get(cell) ?? -1;
  }

  /** Study cell of each point (−1 when outside the grid or unlocated). */
  assign(lon: Float64Array, lat: Float64Array): Int32Array {
    const out = new Int32Array(lon.length);
    for (let k = 0; k < lon.length; k++) {
      out[k] =
        Number.isFinite(lon[k]) && Number.isFinite(lat[k])
          ? this.indexOf(latLngToCell(lat[k], lon[k], this.resolution))
          : -1;
    }
    return out;
  }

  /** Neighbours within `ring` steps (1 = the 6 touching hexagons), self included for Gi*. */
  neighbours(ring = 1, includeSelf = true): Neighbours {
    const start = new Int32Array(this.n + 1);
    const index: number[] = [];
    for (let k = 0; k < this.n; k++) {
      start[k] = index.length;
      for (const h of gridDisk(this.cells[k], ring)) {
        const t = this.indexOf(h);
        if (t < 0 || (t === k && !includeSelf)) continue;
        index.push(t);
      }
    }
    start[this.n] = index.length;
    return {
      start,
      index: Int32Array.from(index),
      selfIncluded: includeSelf,
      description: `hexagons within ${ring} step${ring === 1 ? '' : 's'}${includeSelf ? ', self included' : ''}`,
    };
  }

  /** Σ kernel(distance) × value over cells whose centres are within radius metres. */
  smooth(values: Float64Array, radius: number, kernel: (d: number) => number): Float64Array {
    const out = new Float64Array(this.n);
    const ring = Math.max(0, Math.ceil(radius / (1.4 * this.edge)));
    for (let k = 0; k < this.n; k++) {
      const v = values[k];
      if (v === 0) continue;
      for (const h of gridDisk(this.cells[k], ring)) {
        const t = this.indexOf(h);
        if (t < 0) continue;
        const d = Math.hypot(this.cx[t] - this.cx[k], this.cy[t] - this.cy[k]);
        if (d <= radius) out[t] += v * kernel(d);
      }
    }
    return out;
  }

  /** Outline in WGS84 lon/lat, closed. */
  ringWgs84(k: number): [number, number][] {
    return cellToBoundary(this.cells[k], true) as [number, number][];
  }
}

export interface H3GridInput {
  /** The study area in WGS84 lon/lat. */
  polygons: readonly MultiPolygon[];
  lon: Float64Array;
  lat: Float64Array;
  resolution: number;
  maxCells?: number;
}

/** Builds an H3 study grid, or refuses above the cell limit. */
export function buildH3Grid(input: H3GridInput): GridBuild<H3Grid> {
  const { polygons, lon, lat, resolution } = input;
  const maxCells = input.maxCells ?? MAX_CELLS;
  if (!(H3_RESOLUTIONS as readonly number[]).includes(resolution))
    throw new BeatwiseError(
      'hotspots.bad_h3',
      `H3 resolution must be one of ${H3_RESOLUTIONS.join(', ')} (8 ≈ 0.74 km² hexagons, 10 ≈ 0.015 km²), got ${resolution}`,
    );
  const warnings: HotspotWarning[] = [];
  const set = new Map<string, number>();
  // Estimate first: polygonToCells on a huge area at a fine resolution would allocate millions.
  let bboxKm2 = 0;
  for (const mp of polygons)
    for (const poly of mp) {
      let a = Infinity;
      let b = -Infinity;
      let c = Infinity;
      let d = -Infinity;
      for (const [x, y] of poly[0]) {
        a = Math.min(a, x);
        b = Math.max(b, x);
        c = Math.min(c, y);
        d = Math.max(d, y);
      }
      bboxKm2 += (b - a) * 111.32 * Math.cos((((c + d) / 2) * Math.PI) / 180) * (d - c) * 110.57;
    }
  const hexKm2 = getHexagonAreaAvg(resolution, 'km2');
  if (bboxKm2 / hexKm2 > maxCells * 4)
    throw new BeatwiseError(
      'hotspots.too_many_cells',
      `the area would need about ${Math.round(bboxKm2 / hexKm2).toLocaleString('en-GB')} H3 cells at resolution ${resolution} ` +
        `(the limit is ${maxCells.toLocaleString('en-GB')}): use a coarser --h3 resolution or a smaller --area`,
    );
  for (const mp of polygons)
    for (const poly of mp) for (const h of polygonToCells(poly, resolution, true)) set.set(h, 1);
  for (let k = 0; k < lon.length; k++) {
    if (!Number.isFinite(lon[k]) || !Number.isFinite(lat[k])) continue;
    const h = latLngToCell(lat[k], lon[k], resolution);
    set.set(h, (set.get(h) ?? 0) | 2);
  }
  if (set.size > maxCells)
    throw new BeatwiseError(
      'hotspots.too_many_cells',
      `the grid would have ${set.size.toLocaleString('en-GB')} H3 cells at resolution ${resolution} (the limit is ` +
        `${maxCells.toLocaleString('en-GB')}): use a coarser --h3 resolution or a smaller --area`,
    );
  const cells = [...set.keys()].sort();
  const inside = Uint8Array.from(cells, (c) => (set.get(c)! & 1 ? 1 : 0));
  return { grid: new H3Grid(resolution, cells, inside), sizeChosen: false, warnings };
}
