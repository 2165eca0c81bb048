/**
 * A force's neighbourhoods as police.uk describes them: its teams, their boundaries from the store
 * (a team made of wards or MSOAs is outlined from its members), their public fields, and the team
 * whose boundary holds a point (locate-neighbourhood).
 */
import { type Kysely, sql } from 'kysely';
import { toBNG } from '../../core/geo/bng.ts';
import { pointInMultiPolygon } from '../../core/geo/point-in-polygon.ts';
import type { MultiPolygon, Ring } from '../../core/geo/types.ts';
import type { Database } from '../../core/store/schema.ts';
import { ForceShapes } from '../geometry.ts';
import { boxCentre, type Outline, outlineOf } from './outline.ts';
import { EMPTY_PUBLIC, type TeamPublic, teamPublicByCode } from './public-info.ts';

export interface Neighbourhood {
  areaId: number;
  code: string;
  name: string;
  public: TeamPublic;
}

/** A force's teams, by code order, with their public fields. */
export async function neighbourhoodsOf(db: Kysely<Database>, forceId: number): Promise<Neighbourhood[]> {
  const rows = await db
    .selectFrom('areas')
    .select(['id', 'code', 'name'])
    .where('force_id', '=', forceId)
    .where('level', '=', 'team')
    .orderBy('code')
    .execute();
  const pub = await teamPublicByCode(db, forceId);
  return rows.map((r) => ({
    areaId: r.id,
    code: r.code,
    name: r.name,
    public: pub.get(r.code) ?? EMPTY_PUBLIC,
  }));
}

/** The shapes (WGS84 and BNG) that draw each team of a force. */
export interface TeamShapes {
  wgs84: MultiPolygon;
  bng: MultiPolygon;
}

export async function teamShapes(
  db: Kysely<Database>,
  forceId: number,
  teams: readonly Neighbourhood[],
): Promise<Map<string, TeamShapes>> {
  const shapes = await ForceShapes.load(db, forceId);
  const out = new Map<string, TeamShapes>();
  for (const t of teams) {
    const parts = shapes.shapesOf(t.areaId);
    const wgs84: MultiPolygon = [];
    const bng: MultiPolygon = [];
    for (const p of parts) {
      if (p.geometry) wgs84.push(...(JSON.parse(p.geometry) as MultiPolygon));
      if (p.geometry_bng) bng.push(...(JSON.parse(p.geometry_bng) as MultiPolygon));
    }
    if (wgs84.length) out.set(t.code, { wgs84, bng });
  }
  return out;
}

/** The team's outline (lon, lat ring) or null when it has no boundary. */
export function teamOutline(s: TeamShapes | undefined): Outline | null {
  return s ? outlineOf(s.wgs84) : null;
}

/** The centre police.uk gives: of the outline's box. */
export function teamCentre(outline: Outline | null): { latitude: string; longitude: string } | null {
  if (!outline) return null;
  const [lon, lat] = boxCentre(outline.ring);
  return { latitude: lat.toFixed(6), longitude: lon.toFixed(6) };
}

/** The team whose boundary holds (lon, lat), or null. */
export function locateTeam(
  teams: readonly Neighbourhood[],
  shapes: Map<string, TeamShapes>,
  lon: number,
  lat: number,
): Neighbourhood | null {
  const [x, y] = toBNG(lon, lat);
  for (const t of teams) {
    const s = shapes.get(t.code);
    if (s && pointInMultiPolygon(x, y, s.bng)) return t;
  }
  return null;
}

/** An outline as police.uk's boundary list: latitude and longitude as strings, ring not closed twice. */
export function boundaryPoints(ring: Ring): { latitude: string; longitude: string }[] {
  const pts =
    ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]
      ? ring.slice(0, -1)
      : ring;
  return pts.map(([lon, lat]) => ({ latitude: lat.toFixed(10), longitude: lon.toFixed(10) }));
}

/** Every team's shapes and outline of a force, as of one version of the store's areas. */
export interface ForceGeometry {
  shapes: Map<string, TeamShapes>;
  outline(code: string): Outline | null;
}

const geometryCache = new WeakMap<object, Map<number, { version: string; geometry: ForceGeometry }>>();

/**
 * The teams' shapes and outlines, kept until the force's structure changes (the `areas` data
 * version moves on every write to areas, members or a team's public fields): parsing a force's
 * boundaries takes tens of milliseconds, and police.uk clients ask for them often.
 */
export async function forceGeometry(db: Kysely<Database>, forceId: number): Promise<ForceGeometry> {
  const v = await sql<{ v: string }>`SELECT
      (SELECT coalesce(max(version), 0) FROM data_versions WHERE name = 'areas') || ':' ||
      (SELECT count(*) || '/' || coalesce(max(id), 0) FROM areas) AS v`.execute(db);
  const version = v.rows[0]?.v ?? '';
  let byForce = geometryCache.get(db);
  if (!byForce) {
    byForce = new Map();
    geometryCache.set(db, byForce);
  }
  const hit = byForce.get(forceId);
  if (hit && hit.version === version) return hit.geometry;
  const teams = await neighbourhoodsOf(db, forceId);
  const shapes = await teamShapes(db, forceId, teams);
  const outlines = new Map<string, Outline | null>();
  const geometry: ForceGeometry = {
    shapes,
    outline(code) {
      if (!outlines.has(code)) outlines.set(code, teamOutline(shapes.get(code)));
      return outlines.get(code) ?? null;
    },
  };
  byForce.set(forceId, { version, geometry });
  return geometry;
}
