/**
 * Where a ring crosses itself (a "bow-tie"): two of its edges that are not neighbours cross at a
 * point inside both. Such a ring has no one inside: point-in-polygon answers differ between tools,
 * so crimes in the loop may land in the wrong area. Touching at a vertex is not counted.
 *
 * The edges are swept in order of their west end, and each is tested only against the edges whose
 * x ranges overlap it: a ring of n edges costs about n log n plus its overlaps.
 */
import type { Position, Ring } from './types.ts';

/** Edge pairs tested at most per ring: past it the ring is let through unchecked (never seen in real files). */
const MAX_TESTS = 20_000_000;

/** The first crossing found in a closed ring, or null when it crosses nowhere (or is too big to check). */
export function ringCrossing(ring: Ring): Position | null {
  const n = ring.length - 1; // edges of a closed ring
  if (n < 4) return null;
  const minX = new Float64Array(n);
  const maxX = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = ring[i][0];
    const b = ring[i + 1][0];
    minX[i] = Math.min(a, b);
    maxX[i] = Math.max(a, b);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => minX[a] - minX[b]);
  let tests = 0;
  for (let s = 0; s < n; s++) {
    const i = order[s];
    for (let t = s + 1; t < n; t++) {
      const j = order[t];
      if (minX[j] > maxX[i]) break;
      if (++tests > MAX_TESTS) return null;
      if (neighbours(i, j, n)) continue;
      const hit = crossing(ring[i], ring[i + 1], ring[j], ring[j + 1]);
      if (hit) return hit;
    }
  }
  return null;
}

function neighbours(i: number, j: number, n: number): boolean {
  const d = Math.abs(i - j);
  return d <= 1 || d === n - 1;
}

function orient(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** The point where segments ab and cd cross properly (each strictly through the other), or null. */
function crossing(a: Position, b: Position, c: Position, d: Position): Position | null {
  const d1 = orient(a, b, c);
  const d2 = orient(a, b, d);
  if ((d1 > 0 && d2 > 0) || (d1 < 0 && d2 < 0) || d1 === 0 || d2 === 0) return null;
  const d3 = orient(c, d, a);
  const d4 = orient(c, d, b);
  if ((d3 > 0 && d4 > 0) || (d3 < 0 && d4 < 0) || d3 === 0 || d4 === 0) return null;
  const t = d3 / (d3 - d4);
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}
