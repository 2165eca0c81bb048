import type { MultiPolygon } from './types.ts';

/** Distance from a point to the segment a–b (projected coordinates). */
export function distanceToSegment(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Distance from a point to the nearest edge of any ring of a multipolygon (projected coordinates). */
export function distanceToBoundary(x: number, y: number, mp: MultiPolygon): number {
  let best = Number.POSITIVE_INFINITY;
  for (const polygon of mp) {
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) {
        const d = distanceToSegment(x, y, ring[i - 1][0], ring[i - 1][1], ring[i][0], ring[i][1]);
        if (d < best) best = d;
      }
    }
  }
  return best;
}
