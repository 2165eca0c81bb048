/**
 * Street labels with no tile server: the police.uk map points in a map's view, each with its
 * street (the "On or near …" text police.uk gives it, without those words) and its crimes, so a
 * map at close zoom shows where it is. Public precision only: a point is returned only when every
 * crime at it came from police.uk's files, whose map points are already anonymised and published
 * (src/crime/police-uk-api/precision.ts). A force extract's exact points and their location texts
 * (addresses) are never returned. The view is bounded (at most MAX_SPAN_M a side) and so is the
 * answer (the busiest LIMIT points); answers are cached by the server's response cache.
 */
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { BeatwiseError } from '../core/errors.ts';
import { toBNG } from '../core/geo/bng.ts';
import { route } from '../core/http/route.ts';
import type { Database } from '../core/store/schema.ts';
import type { Store } from '../core/store/store.ts';

/** The widest view answered, metres a side (a close-zoom map on a large screen is ~3 km). */
export const MAX_SPAN_M = 6000;
/** The most points one answer holds: the busiest first. */
export const STREET_LABEL_LIMIT = 2000;
/** Crime source of a police.uk file (a force extract is 1). */
const POLICE_UK = 0;

export type Bbox = [west: number, south: number, east: number, north: number];

/** `west,south,east,north` in degrees (WGS84), checked: four numbers, in range, west < east, south < north. */
export function parseBbox(text: string): Bbox {
  const parts = text.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  const bad = (why: string) =>
    new BeatwiseError('hotspots.bad_bbox', `bbox "${text}": ${why}`, { field: 'bbox' });
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v)))
    throw bad('give four numbers, west,south,east,north in degrees');
  const [w, s, e, n] = parts;
  if (w < -180 || e > 180 || s < -90 || n > 90) throw bad('longitudes are −180…180 and latitudes −90…90');
  if (!(w < e && s < n)) throw bad('west must be less than east and south less than north');
  return [w, s, e, n];
}

/** The British National Grid box (metres) around a bbox's four corners. */
export function bngBox(b: Bbox): { xMin: number; yMin: number; xMax: number; yMax: number } {
  const corners = [toBNG(b[0], b[1]), toBNG(b[0], b[3]), toBNG(b[2], b[1]), toBNG(b[2], b[3])];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { xMin: Math.min(...xs), yMin: Math.min(...ys), xMax: Math.max(...xs), yMax: Math.max(...ys) };
}

/** The street of a police.uk location text: "On or near High Street" → "High Street". */
export function streetOf(location: string): string {
  return location.replace(/^\s*on or near\s+/i, '').trim();
}

export interface StreetLabelAnswer {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    geometry: { type: 'Point'; coordinates: [number, number] };
    properties: { label: string; location: string; crimes: number };
  }[];
  /** More points were in view than LIMIT: the busiest are given. */
  truncated: boolean;
  caveat: string;
}

/** The police.uk map points of a force inside a bbox, busiest first, at most `limit`. */
export async function streetLabels(
  db: Kysely<Database>,
  forceSlug: string,
  bbox: Bbox,
  limit = STREET_LABEL_LIMIT,
): Promise<StreetLabelAnswer> {
  const box = bngBox(bbox);
  if (box.xMax - box.xMin > MAX_SPAN_M || box.yMax - box.yMin > MAX_SPAN_M)
    throw new BeatwiseError(
      'hotspots.bbox_too_wide',
      `street labels are for close zoom: the view must be at most ${MAX_SPAN_M / 1000} km a side (this one is ${((box.xMax - box.xMin) / 1000).toFixed(1)} × ${((box.yMax - box.yMin) / 1000).toFixed(1)} km)`,
      { field: 'bbox' },
    );
  const force = await db.selectFrom('forces').select('id').where('slug', '=', forceSlug).executeTakeFirst();
  if (!force) throw new BeatwiseError('hotspots.unknown_force', `no force "${forceSlug}" in the store`);
  // Every crime at the point from police.uk (max(source) = 0): an extract's exact point never qualifies.
  const rows = await sql<{ lon: number; lat: number; location: string; n: number | string }>`
    SELECT p.lon, p.lat, l.text AS location, count(*) AS n
    FROM places p
    JOIN labels l ON l.id = p.location
    JOIN crime_records r ON r.place_id = p.id
    WHERE p.force_id = ${force.id} AND p.easting IS NOT NULL AND p.lon IS NOT NULL
      AND p.easting >= ${box.xMin} AND p.easting <= ${box.xMax}
      AND p.northing >= ${box.yMin} AND p.northing <= ${box.yMax}
    GROUP BY p.id, p.lon, p.lat, l.text
    HAVING max(r.source) = ${POLICE_UK} AND min(r.source) = ${POLICE_UK}
    ORDER BY count(*) DESC, p.id
    LIMIT ${limit + 1}`.execute(db);
  const inView = rows.rows.filter(
    (r) => r.lon >= bbox[0] && r.lon <= bbox[2] && r.lat >= bbox[1] && r.lat <= bbox[3] && r.location,
  );
  return {
    type: 'FeatureCollection',
    features: inView.slice(0, limit).map((r) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [Number(r.lon), Number(r.lat)] },
      properties: { label: streetOf(r.location), location: r.location, crimes: Number(r.n) },
    })),
    truncated: rows.rows.length > limit,
    caveat: 'police.uk map points: locations approximate (anonymised map points), month only',
  };
}

/** GET /api/forces/:force/hotspots/street-labels?bbox=west,south,east,north (public). */
export function streetLabelRoutes(app: FastifyInstance, store: Store): void {
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/hotspots/street-labels',
      access: { resource: 'hotspots', action: 'read' },
      summary:
        "police.uk map points in a view (≤ 6 km a side) with their streets ('On or near …') for map labels; GeoJSON, public precision only",
      tag: 'hotspots',
      params: z.object({ force: z.string().min(1) }),
      query: z.object({
        bbox: z.string().min(7).max(120).describe('west,south,east,north in degrees (WGS84)'),
      }),
    },
    async ({ params: p, query: q }) => streetLabels(store.db, p.force, parseBbox(q.bbox)),
  );
}
