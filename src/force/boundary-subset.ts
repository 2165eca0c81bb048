/**
 * What one area's page needs of a level's boundaries: that area and its neighbours (the areas whose
 * bounding boxes touch its own), each simplified for the map's zoom (Douglas–Peucker with a
 * tolerance of half a pixel at that zoom: 360° / (256 · 2^zoom) / 2 of longitude). A whole level of
 * wards is megabytes of GeoJSON; an area and its neighbours at zoom 12 are a few kilobytes.
 */

type Ring = [number, number][];
type MultiPolygonCoords = Ring[][];

/** Bounding box [minX, minY, maxX, maxY] of a MultiPolygon's coordinates. */
export function bbox(coords: MultiPolygonCoords): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of coords)
    for (const ring of poly)
      for (const [x, y] of ring) {
        if (x < b[0]) b[0] = x;
        if (y < b[1]) b[1] = y;
        if (x > b[2]) b[2] = x;
        if (y > b[3]) b[3] = y;
      }
  return b;
}

function touches(a: readonly number[], b: readonly number[], margin: number): boolean {
  return a[0] - margin <= b[2] && b[0] - margin <= a[2] && a[1] - margin <= b[3] && b[1] - margin <= a[3];
}

/** Indexes of `all` that are `target` or its neighbours (bounding boxes within `margin` degrees). */
export function withNeighbours(all: readonly MultiPolygonCoords[], target: number, margin = 1e-6): number[] {
  const boxes = all.map(bbox);
  const t = boxes[target];
  return boxes.flatMap((b, i) => (i === target || touches(t, b, margin) ? [i] : []));
}

/** Tolerance in degrees for a web-map zoom: half a pixel of a 256-pixel tile. */
export function zoomTolerance(zoom: number): number {
  return 360 / (256 * 2 ** zoom) / 2;
}

/** Douglas–Peucker on one ring, keeping its first and last points; a ring never drops below 4 points. */
export function simplifyRing(ring: Ring, tolerance: number): Ring {
  const n = ring.length;
  if (n <= 4 || tolerance <= 0) return ring;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const t2 = tolerance * tolerance;
  const stack: [number, number][] = [[0, n - 1]];
  while (stack.length) {
    const [a, b] = stack.pop() as [number, number];
    const [ax, ay] = ring[a];
    const [bx, by] = ring[b];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let far = 0;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = ring[i];
      let d2: number;
      if (len2 === 0) d2 = (px - ax) ** 2 + (py - ay) ** 2;
      else {
        const u = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        d2 = (px - ax - u * dx) ** 2 + (py - ay - u * dy) ** 2;
      }
      if (d2 > far) {
        far = d2;
        worst = i;
      }
    }
    if (worst >= 0 && far > t2) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const out: Ring = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(ring[i]);
  if (out.length >= 4) return out;
  // Too few left to stay a ring: keep the most distant points in order.
  const step = (n - 1) / 3;
  return [ring[0], ring[Math.round(step)], ring[Math.round(2 * step)], ring[n - 1]];
}

/** A MultiPolygon's coordinates simplified ring by ring. */
export function simplifyMultiPolygon(coords: MultiPolygonCoords, tolerance: number): MultiPolygonCoords {
  return coords.map((poly) => poly.map((ring) => simplifyRing(ring, tolerance)));
}

/** One feature of a level: its properties and its MultiPolygon coordinates as stored (JSON text). */
export interface BoundaryFeature {
  code: string;
  props: Record<string, unknown>;
  coordinates: string;
}

/**
 * The features an area's page draws: with `area`, that area (marked `selected`) and its neighbours,
 * else all; with `zoom`, simplified for it. Returns null when `area` is not among them.
 */
export function boundarySubset(
  features: readonly BoundaryFeature[],
  o: { area?: string; zoom?: number },
): BoundaryFeature[] | null {
  let picked = features;
  let parsed: MultiPolygonCoords[] | null = null;
  if (o.area !== undefined) {
    const target = features.findIndex((f) => f.code === o.area);
    if (target < 0) return null;
    parsed = features.map((f) => JSON.parse(f.coordinates) as MultiPolygonCoords);
    const keep = withNeighbours(parsed, target);
    picked = keep.map((i) => ({ ...features[i], props: { ...features[i].props, selected: i === target } }));
    parsed = keep.map((i) => (parsed as MultiPolygonCoords[])[i]);
  }
  if (o.zoom === undefined) return [...picked];
  const tolerance = zoomTolerance(o.zoom);
  return picked.map((f, i) => ({
    ...f,
    coordinates: JSON.stringify(
      simplifyMultiPolygon(parsed ? parsed[i] : (JSON.parse(f.coordinates) as MultiPolygonCoords), tolerance),
    ),
  }));
}
