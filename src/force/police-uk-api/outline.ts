/**
 * The outline of an area made of other areas (a team of wards or MSOAs), as police.uk gives a
 * neighbourhood boundary: one ring. Areas from one boundary file share their edges' vertices, so the
 * union's outline is the edges that belong to one member only (a shared edge appears twice, once in
 * each direction), chained back into rings. The largest ring is the outline; other rings (islands,
 * parts that do not touch) are counted so a caller can say the outline leaves them out.
 */
import type { MultiPolygon, Position, Ring } from '../../core/geo/types.ts';

const key = (p: Position): string => `${p[0].toFixed(7)},${p[1].toFixed(7)}`;

/** Twice the signed area of a ring (shoelace), in the ring's units squared. */
export function ringArea2(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a;
}

export interface Outline {
  ring: Ring;
  /** Outer rings of the union besides the one returned. */
  otherParts: number;
}

/** The outer rings of the union of polygons that share edges; the largest first. */
export function outlineOf(polygons: MultiPolygon): Outline | null {
  // Directed edges of every outer ring; an edge whose reverse is also present is interior.
  const edges = new Map<string, { from: Position; to: Position }>();
  for (const poly of polygons) {
    const outer = poly[0];
    if (!outer || outer.length < 4) continue;
    // Orient all outer rings the same way so that shared edges run in opposite directions.
    const ring = ringArea2(outer) < 0 ? [...outer].reverse() : outer;
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i];
      const b = ring[i + 1];
      const ka = key(a);
      const kb = key(b);
      if (ka === kb) continue;
      const reverse = `${kb}>${ka}`;
      if (edges.has(reverse)) edges.delete(reverse);
      else edges.set(`${ka}>${kb}`, { from: a, to: b });
    }
  }
  const next = new Map<string, { from: Position; to: Position }[]>();
  for (const e of edges.values()) {
    const k = key(e.from);
    const list = next.get(k);
    if (list) list.push(e);
    else next.set(k, [e]);
  }
  const rings: Ring[] = [];
  for (const start of edges.values()) {
    const list = next.get(key(start.from));
    if (!list?.includes(start)) continue;
    const ring: Ring = [start.from];
    let e: { from: Position; to: Position } | undefined = start;
    while (e) {
      const from = next.get(key(e.from));
      if (from) from.splice(from.indexOf(e), 1);
      ring.push(e.to);
      if (key(e.to) === key(ring[0])) break;
      e = next.get(key(e.to))?.[0];
    }
    if (ring.length >= 4 && key(ring[0]) === key(ring[ring.length - 1])) rings.push(ring);
  }
  if (rings.length === 0) {
    // Members that share no vertices: the largest member's outer ring.
    const outers = polygons.map((p) => p[0]).filter((r): r is Ring => !!r && r.length >= 4);
    if (outers.length === 0) return null;
    outers.sort((a, b) => Math.abs(ringArea2(b)) - Math.abs(ringArea2(a)));
    return { ring: outers[0], otherParts: outers.length - 1 };
  }
  // Holes run the other way round: keep outer rings only (positive, as oriented above).
  const outers = rings.filter((r) => ringArea2(r) > 0);
  const pool = outers.length ? outers : rings;
  pool.sort((a, b) => Math.abs(ringArea2(b)) - Math.abs(ringArea2(a)));
  return { ring: pool[0], otherParts: pool.length - 1 };
}

/** The centre of a ring's bounding box, [lon, lat]. */
export function boxCentre(ring: Ring): Position {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const [x, y] of ring) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [(x0 + x1) / 2, (y0 + y1) / 2];
}
