/**
 * The West Midlands small areas the generator places crime in: the 2011 LSOA polygons bundled in
 * data/boundaries/west-midlands/lsoa (in BNG metres, rounded to the centimetre exactly as the store
 * keeps them, so the importer puts every generated point in the LSOA the generator chose), with
 *
 * - the calibration's 2021 LSOA counts mapped onto them (`crosswalk`),
 * - a sampler of uniform points inside any one LSOA (`randomPointIn`),
 * - the 100 m cells of the force area, for the concentration measure (`forceCells`).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../../core/data-dir.ts';
import { projectMultiPolygonToBNG } from '../../core/geo/bng.ts';
import { featureCode, featureName, readBoundaryFile } from '../../core/geo/readers.ts';
import { PolygonIndex } from '../../core/geo/spatial-index.ts';
import type { MultiPolygon } from '../../core/geo/types.ts';
import type { Rng } from '../../core/rng.ts';
import type { LsoaMarginal } from './calibration.ts';

export interface Lsoa {
  /** 2011 LSOA code and name ('Birmingham 067A'). */
  code: string;
  name: string;
  /** District name ('Birmingham'), from the LSOA name. */
  district: string;
  /** BNG metres, rounded to 0.01 m like the store's geometry_bng. */
  polygons: MultiPolygon;
  /** minE, minN, maxE, maxN */
  bbox: [number, number, number, number];
  /** Area in square metres. */
  area: number;
}

/** Side of the sub-cells used to draw uniform points inside an LSOA (metres). */
const SUB = 50;

export function lsoaBoundaryDir(): string {
  return join(dataDir(), 'boundaries', 'west-midlands', 'lsoa');
}

/** 'Birmingham 067A' → 'Birmingham'; 'Birmingham 067A' → MSOA 'Birmingham 067'. */
export const districtOf = (lsoaName: string): string => lsoaName.replace(/\s+\d+[A-Z]$/, '');
export const msoaOf = (lsoaName: string): string => lsoaName.replace(/[A-Z]$/, '');

function round2(mp: MultiPolygon): MultiPolygon {
  return mp.map((poly) =>
    poly.map((ring) => ring.map(([x, y]) => [Math.round(x * 100) / 100, Math.round(y * 100) / 100])),
  );
}

function ringArea(ring: readonly [number, number][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(a / 2);
}

export class Geography {
  readonly lsoas: Lsoa[];
  readonly index: PolygonIndex;
  /** The same polygons in reverse order: its `find` gives the highest index containing a point. */
  private readonly reverse: PolygonIndex;
  /** Origin of the sub-cell grid and its size in sub-cells. */
  private readonly gx0: number;
  private readonly gy0: number;
  private readonly nx: number;
  private readonly ny: number;
  /** CSR lists of the sub-cells (packed ix * 65536 + iy) whose centre lies in each LSOA. */
  private readonly subStart: Int32Array;
  private readonly subCells: Int32Array;
  /**
   * Per sub-cell (ix * ny + iy): the LSOA that holds the whole closed square, alone (no boundary
   * edge touches the square), or -1. A point in such a square needs no point-in-polygon test.
   */
  private readonly interior: Int32Array;

  constructor(lsoas: Lsoa[]) {
    this.lsoas = lsoas;
    this.index = new PolygonIndex(lsoas.map((l) => l.polygons));
    this.reverse = new PolygonIndex(lsoas.map((l) => l.polygons).reverse());
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const l of lsoas) {
      minX = Math.min(minX, l.bbox[0]);
      minY = Math.min(minY, l.bbox[1]);
      maxX = Math.max(maxX, l.bbox[2]);
      maxY = Math.max(maxY, l.bbox[3]);
    }
    this.gx0 = Math.floor(minX / SUB) * SUB;
    this.gy0 = Math.floor(minY / SUB) * SUB;
    const nx = Math.ceil((maxX - this.gx0) / SUB) + 1;
    const ny = Math.ceil((maxY - this.gy0) / SUB) + 1;
    this.nx = nx;
    this.ny = ny;
    const owner = new Int32Array(nx * ny);
    const counts = new Int32Array(lsoas.length + 1);
    for (let ix = 0; ix < nx; ix++) {
      for (let iy = 0; iy < ny; iy++) {
        const l = this.index.find(this.gx0 + (ix + 0.5) * SUB, this.gy0 + (iy + 0.5) * SUB);
        owner[ix * ny + iy] = l;
        if (l >= 0) counts[l + 1]++;
      }
    }
    for (let i = 0; i < lsoas.length; i++) counts[i + 1] += counts[i];
    this.subStart = counts;
    this.subCells = new Int32Array(counts[lsoas.length]);
    const fill = counts.slice(0, lsoas.length);
    for (let ix = 0; ix < nx; ix++) {
      for (let iy = 0; iy < ny; iy++) {
        const l = owner[ix * ny + iy];
        if (l >= 0) this.subCells[fill[l]++] = ix * 65536 + iy;
      }
    }
    // Squares touched by any edge's bounding box (inclusive) are not interior.
    const crossed = new Uint8Array(nx * ny);
    const cellOf = (v: number, v0: number, size: number) =>
      Math.min(size - 1, Math.max(0, Math.floor((v - v0) / SUB)));
    for (const l of lsoas) {
      for (const poly of l.polygons) {
        for (const ring of poly) {
          for (let i = 1; i < ring.length; i++) {
            const [x0, y0] = ring[i - 1];
            const [x1, y1] = ring[i];
            const ax = cellOf(Math.min(x0, x1), this.gx0, nx);
            const bx = cellOf(Math.max(x0, x1), this.gx0, nx);
            const ay = cellOf(Math.min(y0, y1), this.gy0, ny);
            const by = cellOf(Math.max(y0, y1), this.gy0, ny);
            // An edge along a square's side touches the squares on both sides of it.
            for (let ix = Math.max(0, ax - 1); ix <= Math.min(nx - 1, bx + 1); ix++)
              for (let iy = Math.max(0, ay - 1); iy <= Math.min(ny - 1, by + 1); iy++) {
                const sx = this.gx0 + ix * SUB;
                const sy = this.gy0 + iy * SUB;
                if (
                  Math.max(x0, x1) >= sx &&
                  Math.min(x0, x1) <= sx + SUB &&
                  Math.max(y0, y1) >= sy &&
                  Math.min(y0, y1) <= sy + SUB
                )
                  crossed[ix * ny + iy] = 1;
              }
          }
        }
      }
    }
    this.interior = new Int32Array(nx * ny).fill(-1);
    const last = lsoas.length - 1;
    for (let ix = 0; ix < nx; ix++) {
      for (let iy = 0; iy < ny; iy++) {
        const c = ix * ny + iy;
        const l = owner[c];
        if (l < 0 || crossed[c]) continue;
        const x = this.gx0 + (ix + 0.5) * SUB;
        const y = this.gy0 + (iy + 0.5) * SUB;
        if (last - this.reverse.find(x, y) === l) this.interior[c] = l;
      }
    }
  }

  /** The LSOA whose interior holds the whole sub-cell of (e, n), or -1 (then test the polygons). */
  private interiorAt(e: number, n: number): number {
    const ix = Math.floor((e - this.gx0) / SUB);
    const iy = Math.floor((n - this.gy0) / SUB);
    if (ix < 0 || iy < 0 || ix >= this.nx || iy >= this.ny) return -1;
    return this.interior[ix * this.ny + iy];
  }

  /** Whether (e, n) lies in LSOA `l` and in no other (so any point-in-polygon tie-break agrees). */
  isIn(l: number, e: number, n: number): boolean {
    const inner = this.interiorAt(e, n);
    return inner !== -1 ? inner === l : this.isInExact(l, e, n);
  }

  /** isIn by point-in-polygon tests alone (no interior sub-cell shortcut). */
  isInExact(l: number, e: number, n: number): boolean {
    // The lowest and the highest index containing the point are both l: no other LSOA contains it.
    return this.index.find(e, n) === l && this.lsoas.length - 1 - this.reverse.find(e, n) === l;
  }

  /**
   * A point drawn uniformly inside LSOA `l`, rounded to whole metres, written to `out`.
   * Draws a 50 m sub-cell whose centre is in the LSOA, then a point in it, until the point is in
   * the LSOA; small LSOAs without such a sub-cell fall back to their bounding box.
   */
  randomPointIn(l: number, rng: Rng, out: Float64Array): void {
    const start = this.subStart[l];
    const count = this.subStart[l + 1] - start;
    const [bx0, by0, bx1, by1] = this.lsoas[l].bbox;
    for (let t = 0; t < 200; t++) {
      let e: number;
      let n: number;
      if (count > 0) {
        const packed = this.subCells[start + rng.int(count)];
        e = Math.round(this.gx0 + (Math.floor(packed / 65536) + rng.float()) * SUB);
        n = Math.round(this.gy0 + ((packed & 0xffff) + rng.float()) * SUB);
      } else {
        e = Math.round(bx0 + rng.float() * (bx1 - bx0));
        n = Math.round(by0 + rng.float() * (by1 - by0));
      }
      if (this.isIn(l, e, n)) {
        out[0] = e;
        out[1] = n;
        return;
      }
    }
    throw new Error(`no point found inside LSOA ${this.lsoas[l].code}`);
  }

  /**
   * The force area's 100 m cells: those (aligned to multiples of `size` metres on the BNG) whose
   * centre lies in one of the LSOAs. Returns the packed cell keys (see `cellKey`).
   */
  forceCells(size = 100): Float64Array {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const l of this.lsoas) {
      minX = Math.min(minX, l.bbox[0]);
      minY = Math.min(minY, l.bbox[1]);
      maxX = Math.max(maxX, l.bbox[2]);
      maxY = Math.max(maxY, l.bbox[3]);
    }
    const keys: number[] = [];
    for (let ix = Math.floor(minX / size); ix <= Math.floor(maxX / size); ix++) {
      for (let iy = Math.floor(minY / size); iy <= Math.floor(maxY / size); iy++) {
        if (this.index.find((ix + 0.5) * size, (iy + 0.5) * size) >= 0) keys.push(ix * 1e6 + iy);
      }
    }
    return Float64Array.from(keys);
  }
}

/** The key of the `size`-metre cell holding (e, n): ix * 1e6 + iy. */
export function cellKey(e: number, n: number, size = 100): number {
  return Math.floor(e / size) * 1e6 + Math.floor(n / size);
}

/** Reads the bundled 2011 LSOA boundaries, sorted by code. */
export async function readLsoas(dir = lsoaBoundaryDir()): Promise<Lsoa[]> {
  const files = readdirSync(dir)
    .filter((f) => /\.(geo)?json(\.gz)?$/i.test(f))
    .sort();
  const out: Lsoa[] = [];
  for (const f of files) {
    const file = join(dir, f);
    const read = await readBoundaryFile(file);
    for (const feature of read.features) {
      const polygons = round2(projectMultiPolygonToBNG(feature.polygons));
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      let area = 0;
      for (const poly of polygons) {
        poly.forEach((ring, i) => {
          area += (i === 0 ? 1 : -1) * ringArea(ring);
          for (const [x, y] of ring) {
            if (x < minX) minX = x;
            if (y < minY) minY = y;
            if (x > maxX) maxX = x;
            if (y > maxY) maxY = y;
          }
        });
      }
      const name = featureName(feature, undefined, file);
      out.push({
        code: featureCode(feature, undefined, file),
        name,
        district: districtOf(name),
        polygons,
        bbox: [minX, minY, maxX, maxY],
        area,
      });
    }
  }
  out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return out;
}

/** How the 2021 LSOA counts were carried onto one 2011 LSOA. */
export interface CrosswalkEntry {
  /** Crimes (25 months, ASB included) credited to the 2011 LSOA. */
  crimes: number;
  /** The part of `crimes` that came from 2021 LSOAs in the force's top decile. */
  topCrimes: number;
  /** 2021 MSOA name of the largest contributor ('Birmingham 138'). */
  msoa21: string;
  /** 'code' (same code in 2021), 'msoa', 'sibling', 'district' (spread), or 'floor' (nothing mapped). */
  how: 'code' | 'msoa' | 'sibling' | 'district' | 'floor';
}

/**
 * Carries the 2021 LSOA counts onto the 2011 LSOAs:
 * 1. a 2021 code that is also a 2011 code (unchanged LSOA) gives its count to that LSOA;
 * 2. any other 2021 LSOA (a split or merge) spreads its count equally over the 2011 LSOAs that kept
 *    no 2021 code and lie in the same MSOA by name ('Coventry 031E' → 'Coventry 031C');
 * 3. failing that, over those in the 2011 MSOAs of its matched 2021 siblings (a renumbered MSOA:
 *    2021 'Sandwell 040' was 2011 'Sandwell 026');
 * 4. failing that, over those of its district (then over every LSOA of the district).
 * A 2011 LSOA left with nothing gets the smallest count the ranking has (so no LSOA is empty).
 */
export function crosswalk(lsoas: readonly Lsoa[], marginals: readonly LsoaMarginal[]): CrosswalkEntry[] {
  const byCode = new Map(lsoas.map((l, i) => [l.code, i]));
  const out: CrosswalkEntry[] = lsoas.map(() => ({ crimes: 0, topCrimes: 0, msoa21: '', how: 'floor' }));
  const best = new Float64Array(lsoas.length);
  const credit = (i: number, crimes: number, top: boolean, msoa21: string, how: CrosswalkEntry['how']) => {
    const e = out[i];
    e.crimes += crimes;
    if (top) e.topCrimes += crimes;
    if (crimes > best[i]) {
      best[i] = crimes;
      e.msoa21 = msoa21;
      if (e.how !== 'code') e.how = how;
    }
  };
  const matched = new Set<number>();
  const unmatched: LsoaMarginal[] = [];
  for (const m of marginals) {
    const i = byCode.get(m.code);
    if (i === undefined) unmatched.push(m);
    else {
      matched.add(i);
      out[i].how = 'code';
      credit(i, m.crimes, m.decile === 1, msoaOf(m.name), 'code');
    }
  }
  const free = lsoas.map((_, i) => i).filter((i) => !matched.has(i));
  // 2011 MSOA names of the matched LSOAs, per 2021 MSOA name.
  const siblings2011 = new Map<string, Set<string>>();
  for (const m of marginals) {
    const i = byCode.get(m.code);
    if (i === undefined) continue;
    const k = msoaOf(m.name);
    const set = siblings2011.get(k) ?? new Set<string>();
    set.add(msoaOf(lsoas[i].name));
    siblings2011.set(k, set);
  }
  for (const m of unmatched) {
    const msoa = msoaOf(m.name);
    const district = districtOf(m.name);
    let how: CrosswalkEntry['how'] = 'msoa';
    let targets = free.filter((i) => msoaOf(lsoas[i].name) === msoa);
    if (!targets.length) {
      how = 'sibling';
      const sib = siblings2011.get(msoa) ?? new Set<string>();
      targets = free.filter((i) => sib.has(msoaOf(lsoas[i].name)));
    }
    if (!targets.length) {
      how = 'district';
      targets = free.filter((i) => lsoas[i].district === district);
      if (!targets.length) targets = lsoas.map((_, i) => i).filter((i) => lsoas[i].district === district);
    }
    if (!targets.length) continue; // a district the boundaries do not have: dropped
    for (const i of targets) credit(i, m.crimes / targets.length, m.decile === 1, msoa, how);
  }
  const floor = Math.min(...marginals.map((m) => m.crimes));
  for (let i = 0; i < out.length; i++) {
    if (out[i].crimes === 0) {
      out[i].crimes = floor;
      out[i].msoa21 = msoaOf(lsoas[i].name);
      out[i].how = 'floor';
    }
  }
  return out;
}
