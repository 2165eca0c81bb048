/**
 * Geometry as plain nested arrays, in the GeoJSON order (x then y): lon,lat for WGS84, easting,northing
 * for British National Grid. Rings are closed (first position repeated at the end).
 */
export type Position = [number, number];
export type Ring = Position[];
/** Outer ring first, then its holes. */
export type Polygon = Ring[];
export type MultiPolygon = Polygon[];

/** One area read from a boundary file, always in WGS84 lon,lat. */
export interface BoundaryFeature {
  /** 0-based position of the feature in its file, so errors can point back at it. */
  index: number;
  properties: Record<string, unknown>;
  polygons: MultiPolygon;
}
