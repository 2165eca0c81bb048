/**
 * Which area contains a point, for millions of points: a flatbush R-tree over the bounding box of
 * every polygon part, then an exact test against the few parts whose box holds the point.
 *
 * Both steps are written to allocate nothing per lookup. flatbush's own search() builds two arrays
 * per call and cost ~0.5 µs a point here, so `find` walks flatbush's packed tree itself, through the
 * `_boxes`, `_indices` and `_levelBounds` fields its typings declare (boxes level by level from the
 * leaves up), with a preallocated stack. flatbush is pinned; the brute-force tests would catch a
 * change of layout.
 *
 * The exact test is the crossing-number rule of point-in-polygon-hao (same treatment of holes, and a
 * point on an edge counts as inside), run over flat Float64Arrays and only over the edges that can
 * cross the point's y: each part's edges are bucketed into horizontal bands, so a test costs a handful
 * of edges rather than the whole boundary (full-resolution boundaries have thousands of vertices).
 * Unlike hao it uses a plain floating-point cross product, not an exact one: that can only matter for
 * a point within ~1e-9 m of an edge, and shared edges are evaluated identically from both sides, so
 * such a point still lands in one of the two areas.
 */
import Flatbush from 'flatbush';
import type { MultiPolygon, Ring } from './types.ts';

/** Flatbush node size: smaller nodes test fewer boxes per point query (measured ~15% faster than 16). */
const NODE_SIZE = 8;
/** Target number of edges per band; each band then holds a few edges more (those spanning two bands). */
const EDGES_PER_BAND = 4;

/** Flat, typed-array form of every polygon part, built once. */
interface PartTables {
  /** Multipolygon index of each part (parts are numbered in multipolygon order). */
  owner: Int32Array;
  /** Bounding box per part: minX, minY, maxX, maxY. */
  bbox: Float64Array;
  /** All ring vertices as x,y pairs; every ring is stored closed. */
  coords: Float64Array;
  /** Per part: the first band's slot in bandStart, the band count, and the band height. */
  bandBase: Int32Array;
  bandCount: Int32Array;
  bandHeight: Float64Array;
  /** CSR: edges of band b of part p are bandEdges[bandStart[base+b] .. bandStart[base+b+1]). */
  bandStart: Int32Array;
  /** An edge is named by the index (in vertices) of its first vertex in coords. */
  bandEdges: Int32Array;
}

/** A built PolygonIndex as plain data: its part tables and flatbush's buffer. */
export interface PolygonIndexData {
  size: number;
  parts: PartTables;
  tree: ArrayBufferLike | null;
}

function isIndexData(source: readonly MultiPolygon[] | PolygonIndexData): source is PolygonIndexData {
  return !Array.isArray(source);
}

export class PolygonIndex {
  /** Number of multipolygons indexed. */
  readonly size: number;
  private readonly parts: PartTables;
  private readonly tree: Flatbush | null;
  private readonly stack: Int32Array;
  private readonly found: Int32Array;

  /**
   * `multiPolygons` in projected coordinates (BNG metres); an index into this array is what `find`
   * returns. Or an index built elsewhere, as `toData` gave it (typed arrays only: it crosses to a
   * worker thread as a copy of its memory, with nothing to parse or build again).
   */
  constructor(source: readonly MultiPolygon[] | PolygonIndexData) {
    if (isIndexData(source)) {
      this.size = source.size;
      this.parts = source.parts;
      this.tree = source.tree ? Flatbush.from(source.tree) : null;
    } else {
      this.size = source.length;
      this.parts = buildPartTables(source);
      const numParts = this.parts.owner.length;
      this.tree = numParts > 0 ? buildTree(this.parts.bbox, numParts) : null;
    }
    const numParts = this.parts.owner.length;
    // A depth-first walk holds at most one node's children per level, two ints each.
    const levels = this.tree ? this.tree._levelBounds.length : 0;
    this.stack = new Int32Array(2 * (levels + 1) * NODE_SIZE + 2);
    this.found = new Int32Array(numParts);
  }

  /** The built index as plain data, for `new PolygonIndex(data)` (on another thread, say). */
  toData(): PolygonIndexData {
    return { size: this.size, parts: this.parts, tree: this.tree ? this.tree.data : null };
  }

  /**
   * Index of the multipolygon containing (x, y), or -1. When several contain it (a point on a shared
   * boundary, or overlapping areas) the lowest index wins, so results never depend on tree order.
   */
  find(x: number, y: number): number {
    const n = this.candidates(x, y);
    const { owner } = this.parts;
    let best = -1;
    for (let i = 0; i < n; i++) {
      const part = this.found[i];
      const o = owner[part];
      if (best !== -1 && o >= best) continue;
      if (this.partContains(part, x, y)) best = o;
    }
    return best;
  }

  /** Indexes of every multipolygon containing (x, y), ascending. */
  findAll(x: number, y: number): number[] {
    const n = this.candidates(x, y);
    const hits = new Set<number>();
    for (let i = 0; i < n; i++) {
      const part = this.found[i];
      if (this.partContains(part, x, y)) hits.add(this.parts.owner[part]);
    }
    return [...hits].sort((a, b) => a - b);
  }

  /** Parts whose bounding box holds (x, y), written to this.found; returns how many. */
  private candidates(x: number, y: number): number {
    const tree = this.tree;
    if (tree === null) return 0;
    const boxes = tree._boxes;
    const indices = tree._indices;
    const levelBounds = tree._levelBounds;
    const leafEnd = tree.numItems * 4;
    const stack = this.stack;
    const found = this.found;
    let sp = 0;
    let n = 0;
    stack[sp++] = boxes.length - 4; // the root box
    stack[sp++] = levelBounds.length - 1;
    while (sp > 0) {
      const level = stack[--sp];
      const node = stack[--sp];
      const end = Math.min(node + NODE_SIZE * 4, levelBounds[level]);
      const isLeafLevel = node < leafEnd;
      for (let pos = node; pos < end; pos += 4) {
        // Written so that NaN coordinates match nothing.
        if (!(x >= boxes[pos] && y >= boxes[pos + 1] && x <= boxes[pos + 2] && y <= boxes[pos + 3])) continue;
        const index = indices[pos >> 2];
        if (isLeafLevel) {
          found[n++] = index;
        } else {
          stack[sp++] = index;
          stack[sp++] = level - 1;
        }
      }
    }
    return n;
  }

  /** Crossing-number test of one part (outer ring and holes together) over the edges in y's band. */
  private partContains(part: number, x: number, y: number): boolean {
    const { bbox, coords, bandBase, bandCount, bandHeight, bandStart, bandEdges } = this.parts;
    const count = bandCount[part];
    let band = Math.floor((y - bbox[part * 4 + 1]) / bandHeight[part]);
    if (band >= count) band = count - 1;
    if (band < 0) band = 0;
    const slot = bandBase[part] + band;
    let crossings = 0;
    for (let j = bandStart[slot], end = bandStart[slot + 1]; j < end; j++) {
      const k = bandEdges[j] * 2;
      const u1 = coords[k] - x;
      const v1 = coords[k + 1] - y;
      const u2 = coords[k + 2] - x;
      const v2 = coords[k + 3] - y;
      if (v1 === 0 && v2 === 0) {
        // A horizontal edge on the point's line: on the boundary if it spans x.
        if ((u2 <= 0 && u1 >= 0) || (u1 <= 0 && u2 >= 0)) return true;
      } else if ((v2 >= 0 && v1 <= 0) || (v2 <= 0 && v1 >= 0)) {
        const f = u2 * v1 - u1 * v2; // hao's orient2d(u1, u2, v1, v2, 0, 0)
        if (f === 0) return true;
        if ((f > 0 && v2 > 0 && v1 <= 0) || (f < 0 && v2 <= 0 && v1 > 0)) crossings++;
      }
    }
    return (crossings & 1) === 1;
  }
}

function buildTree(bbox: Float64Array, numParts: number): Flatbush {
  const tree = new Flatbush(numParts, NODE_SIZE);
  for (let p = 0; p < numParts; p++) tree.add(bbox[p * 4], bbox[p * 4 + 1], bbox[p * 4 + 2], bbox[p * 4 + 3]);
  tree.finish();
  return tree;
}

/** Ring with its first vertex repeated at the end when the input left it open. */
function closedLength(ring: Ring): number {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first[0] === last[0] && first[1] === last[1] ? ring.length : ring.length + 1;
}

function buildPartTables(multiPolygons: readonly MultiPolygon[]): PartTables {
  const polygons = multiPolygons.flatMap((mp, owner) => mp.map((polygon) => ({ owner, polygon })));
  const numParts = polygons.length;
  let numVertices = 0;
  for (const { polygon } of polygons) {
    for (const ring of polygon) if (ring.length > 0) numVertices += closedLength(ring);
  }

  const t: PartTables = {
    owner: new Int32Array(numParts),
    bbox: new Float64Array(numParts * 4),
    coords: new Float64Array(numVertices * 2),
    bandBase: new Int32Array(numParts),
    bandCount: new Int32Array(numParts),
    bandHeight: new Float64Array(numParts),
    bandStart: new Int32Array(0),
    bandEdges: new Int32Array(0),
  };
  // Edges of each part as [first vertex index, ...], kept until the bands are laid out.
  const partEdges: number[][] = [];
  let v = 0;
  polygons.forEach(({ owner, polygon }, p) => {
    t.owner[p] = owner;
    const edges: number[] = [];
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const ring of polygon) {
      if (ring.length === 0) continue;
      const len = closedLength(ring);
      for (let i = 0; i < len; i++) {
        const [x, y] = ring[i % ring.length];
        t.coords[(v + i) * 2] = x;
        t.coords[(v + i) * 2 + 1] = y;
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
        if (i < len - 1) edges.push(v + i);
      }
      v += len;
    }
    // A part with no vertices gets a point box at the origin; with no edges it never contains anything.
    t.bbox.set(edges.length > 0 ? [minX, minY, maxX, maxY] : [0, 0, 0, 0], p * 4);
    partEdges.push(edges);
  });
  layOutBands(t, partEdges);
  return t;
}

/** Buckets every part's edges into horizontal bands of equal height (counting pass, then filling pass). */
function layOutBands(t: PartTables, partEdges: number[][]): void {
  let totalBands = 0;
  partEdges.forEach((edges, p) => {
    const count = Math.max(1, Math.ceil(edges.length / EDGES_PER_BAND));
    const height = (t.bbox[p * 4 + 3] - t.bbox[p * 4 + 1]) / count;
    t.bandBase[p] = totalBands;
    t.bandCount[p] = count;
    t.bandHeight[p] = height > 0 ? height : 1; // a flat part still needs a finite divisor
    totalBands += count;
  });

  const bandOf = (p: number, y: number) => {
    const b = Math.floor((y - t.bbox[p * 4 + 1]) / t.bandHeight[p]);
    return Math.min(t.bandCount[p] - 1, Math.max(0, b));
  };
  const forEachBand = (p: number, edge: number, fn: (slot: number) => void) => {
    const y1 = t.coords[edge * 2 + 1];
    const y2 = t.coords[edge * 2 + 3];
    const from = bandOf(p, Math.min(y1, y2));
    const to = bandOf(p, Math.max(y1, y2));
    for (let b = from; b <= to; b++) fn(t.bandBase[p] + b);
  };

  const sizes = new Int32Array(totalBands);
  partEdges.forEach((edges, p) => {
    for (const edge of edges) forEachBand(p, edge, (slot) => sizes[slot]++);
  });
  t.bandStart = new Int32Array(totalBands + 1);
  for (let s = 0; s < totalBands; s++) t.bandStart[s + 1] = t.bandStart[s] + sizes[s];
  t.bandEdges = new Int32Array(t.bandStart[totalBands]);
  const fill = t.bandStart.slice(0, totalBands);
  partEdges.forEach((edges, p) => {
    for (const edge of edges) forEachBand(p, edge, (slot) => (t.bandEdges[fill[slot]++] = edge));
  });
}
