import type { MultiLineString, MultiPolygon, Position } from 'geojson';

/**
 * The outer edges of an area made of others (a unit of wards, a team of LSOAs): every ring segment
 * its members do not share. Members cut from one boundary set share their common edges vertex for
 * vertex, so a segment found twice (either way round) is inside the area and is dropped; what is
 * left draws the area as one outline, without every member's line inside it.
 */
export function outerEdges(mp: MultiPolygon): MultiLineString {
  const key = (a: Position, b: Position) => {
    const p = `${a[0].toFixed(7)},${a[1].toFixed(7)}`;
    const q = `${b[0].toFixed(7)},${b[1].toFixed(7)}`;
    return p < q ? `${p}|${q}` : `${q}|${p}`;
  };
  const seen = new Map<string, { a: Position; b: Position; n: number }>();
  for (const poly of mp.coordinates)
    for (const ring of poly)
      for (let i = 1; i < ring.length; i++) {
        const k = key(ring[i - 1], ring[i]);
        const e = seen.get(k);
        if (e) e.n++;
        else seen.set(k, { a: ring[i - 1], b: ring[i], n: 1 });
      }
  const lines: Position[][] = [];
  for (const e of seen.values()) if (e.n === 1) lines.push([e.a, e.b]);
  return { type: 'MultiLineString', coordinates: lines };
}
