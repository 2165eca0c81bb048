/**
 * Turns a feature's GeoJSON geometry into our MultiPolygon, or says exactly what is wrong with it.
 * One repair is made, the standard one: a ring that does not end where it starts is closed, and a
 * warning says so. Anything else broken (too few positions, bad numbers) is refused: guessing would
 * hide a broken export. The messages name the feature (by index and its first text property, which in ONS
 * and most force files is the area code) and say what to do.
 */
import { BeatwiseError } from '../errors.ts';
import type { MultiPolygon, Polygon, Position, Ring } from './types.ts';

/** Where a feature sits, for messages, and where its warnings go. */
export interface FeatureRef {
  file: string;
  index: number;
  properties: Record<string, unknown>;
  /** Called for each repair made (code, message naming the feature). */
  warn?: (code: string, message: string) => void;
}

/** `Feature "E01008881"` using the first string property, or `This feature` when there is none. */
export function featureTitle(properties: Record<string, unknown>): string {
  const label = Object.values(properties).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return label === undefined ? 'This feature' : `Feature "${label}"`;
}

/** The GeoJSON type of a geometry value, or a word for what it is instead. */
export function geometryTypeOf(geometry: unknown): string {
  if (geometry === null || geometry === undefined) return 'none';
  if (typeof geometry !== 'object') return typeof geometry;
  const type = (geometry as { type?: unknown }).type;
  return typeof type === 'string' ? type : 'unknown';
}

/** Polygon, MultiPolygon, or a GeometryCollection of only those (what KML MultiGeometry becomes). */
export function isPolygonal(geometry: unknown): boolean {
  const type = geometryTypeOf(geometry);
  if (type === 'Polygon' || type === 'MultiPolygon') return true;
  if (type !== 'GeometryCollection') return false;
  const members = (geometry as { geometries?: unknown }).geometries;
  return Array.isArray(members) && members.length > 0 && members.every(isPolygonal);
}

/** The feature's geometry as a MultiPolygon of [x, y] positions (any z or m dropped). */
export function toMultiPolygon(geometry: unknown, ref: FeatureRef): MultiPolygon {
  const type = geometryTypeOf(geometry);
  if (!isPolygonal(geometry)) throw notPolygonal(type, geometry, ref);
  const g = geometry as { coordinates?: unknown; geometries?: unknown[] };
  let polygons: MultiPolygon;
  if (type === 'GeometryCollection') polygons = (g.geometries ?? []).flatMap((m) => toMultiPolygon(m, ref));
  else if (type === 'Polygon') polygons = [toPolygon(g.coordinates, 0, ref)];
  else polygons = asArray(g.coordinates, 'coordinates', ref).map((p, i) => toPolygon(p, i, ref));
  if (polygons.length === 0) throw broken(ref, 'has an empty geometry (no polygons)');
  return polygons;
}

function toPolygon(value: unknown, part: number, ref: FeatureRef): Polygon {
  const rings = asArray(value, `polygon ${part}`, ref);
  if (rings.length === 0) throw broken(ref, `has an empty polygon (polygon ${part} has no rings)`);
  return rings.map((ring, r) =>
    toRing(ring, r === 0 ? `polygon ${part}, outer ring` : `polygon ${part}, hole ${r}`, ref),
  );
}

function toRing(value: unknown, where: string, ref: FeatureRef): Ring {
  const positions = asArray(value, where, ref);
  const ring = positions.map((p, i) => toPosition(p, `${where}, position ${i}`, ref));
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length >= 3 && (first[0] !== last[0] || first[1] !== last[1])) {
    ring.push([first[0], first[1]]);
    ref.warn?.(
      'ring_closed',
      `${featureTitle(ref.properties)} had an unclosed ring (${where}): it started at ${fmt(first)} but ended ` +
        `at ${fmt(last)}; it was closed by repeating its first position`,
    );
  }
  if (ring.length < 4) {
    throw broken(
      ref,
      `has a ring with only ${ring.length} position(s) (${where}); a closed ring needs at least 4 ` +
        '(three corners and the first repeated at the end)',
    );
  }
  return ring;
}

function toPosition(value: unknown, where: string, ref: FeatureRef): Position {
  if (Array.isArray(value) && value.length >= 2) {
    const [x, y] = value;
    if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y))
      return [x, y];
  }
  throw broken(ref, `has a position that is not a pair of finite numbers (${where}: ${preview(value)})`);
}

function asArray(value: unknown, where: string, ref: FeatureRef): unknown[] {
  if (Array.isArray(value)) return value;
  throw broken(ref, `has malformed coordinates (${where} is ${preview(value)}, not an array)`);
}

/** A short rendering of a bad value: enough to recognise it, never a whole geometry. */
function preview(value: unknown): string {
  const text = value === undefined ? 'missing' : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function fmt([x, y]: Position): string {
  return `(${x}, ${y})`;
}

function broken(ref: FeatureRef, what: string): BeatwiseError {
  return new BeatwiseError(
    'broken_polygon',
    `${featureTitle(ref.properties)} ${what}. Fix the geometry in your GIS (in QGIS: Vector > Geometry Tools > ` +
      'Check Validity, or Fix Geometries) and export the file again.',
    { file: ref.file, feature: ref.index },
  );
}

function notPolygonal(type: string, geometry: unknown, ref: FeatureRef): BeatwiseError {
  let what = type === 'none' ? 'has no geometry' : `is a ${type}, not an area`;
  if (type === 'GeometryCollection') {
    const members = (geometry as { geometries?: unknown }).geometries;
    const types = Array.isArray(members) ? [...new Set(members.map(geometryTypeOf))].join(', ') : 'nothing';
    what = `is a collection of ${types || 'nothing'}, not only areas`;
  }
  return new BeatwiseError(
    'not_polygonal',
    `${featureTitle(ref.properties)} ${what}. A boundary file must hold only Polygon or MultiPolygon ` +
      'features: remove the others (points, lines, empty features) or export only the boundary layer.',
    { file: ref.file, feature: ref.index },
  );
}
