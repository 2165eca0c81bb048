/**
 * Exact point-in-polygon tests over our nested-array geometry. point-in-polygon-hao does the work: it
 * counts ring crossings over the outer ring and the holes together (so a point in a hole is outside)
 * and reports a point on any edge as 0, which we count as inside so that a point on a shared
 * boundary belongs to some area rather than to none.
 */
import pointInPolygon from 'point-in-polygon-hao';
import type { MultiPolygon, Polygon } from './types.ts';

// Reused query point: lookups run per crime, so they should not allocate.
const point: [number, number] = [0, 0];

/** Whether (x, y) is inside the polygon (outer ring minus holes) or on its boundary. */
export function pointInPolygonWithHoles(x: number, y: number, polygon: Polygon): boolean {
  point[0] = x;
  point[1] = y;
  return pointInPolygon(point, polygon) !== false;
}

/** Whether (x, y) is inside, or on the boundary of, any part of the multipolygon. */
export function pointInMultiPolygon(x: number, y: number, mp: MultiPolygon): boolean {
  for (let i = 0; i < mp.length; i++) {
    if (pointInPolygonWithHoles(x, y, mp[i])) return true;
  }
  return false;
}
