/**
 * The spatial layer of a PostgreSQL store, for GIS tools (QGIS, ArcGIS) only: nothing in Beatwise
 * reads it (every figure is computed in TypeScript from plain columns, DESIGN.md). Made when the
 * postgis extension can be installed, and left out otherwise; idempotent, run at every open.
 *
 * - areas: `geom_bng` (MultiPolygon, EPSG:27700) and `geom` (MultiPolygon, EPSG:4326);
 *   places: `geom_bng` (Point, 27700) and `geom` (Point, 4326); GiST indexes on each; kept current
 *   from the stored coordinates by triggers.
 * - views named for people: `gis_areas_harm` (each area with its latest rolling 12 months' harm and
 *   count, the 12 months before, and whether harm went up or down) and `gis_places_crimes` (each
 *   place with its crimes counted).
 */
import type pg from 'pg';

const STATEMENTS = [
  `ALTER TABLE areas ADD COLUMN IF NOT EXISTS geom_bng geometry(MultiPolygon, 27700)`,
  `ALTER TABLE areas ADD COLUMN IF NOT EXISTS geom geometry(MultiPolygon, 4326)`,
  `ALTER TABLE places ADD COLUMN IF NOT EXISTS geom_bng geometry(Point, 27700)`,
  `ALTER TABLE places ADD COLUMN IF NOT EXISTS geom geometry(Point, 4326)`,
  `CREATE INDEX IF NOT EXISTS areas_geom_bng ON areas USING gist (geom_bng)`,
  `CREATE INDEX IF NOT EXISTS areas_geom ON areas USING gist (geom)`,
  `CREATE INDEX IF NOT EXISTS places_geom_bng ON places USING gist (geom_bng)`,
  `CREATE INDEX IF NOT EXISTS places_geom ON places USING gist (geom)`,
  // areas.geometry / geometry_bng hold GeoJSON MultiPolygon coordinates (schema.ts).
  `CREATE OR REPLACE FUNCTION beatwise_area_geom() RETURNS trigger AS $$ BEGIN
     NEW.geom_bng := CASE WHEN NEW.geometry_bng IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(
       '{"type":"MultiPolygon","coordinates":' || NEW.geometry_bng || '}'), 27700)) END;
     NEW.geom := CASE WHEN NEW.geometry IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(
       '{"type":"MultiPolygon","coordinates":' || NEW.geometry || '}'), 4326)) END;
     RETURN NEW; END $$ LANGUAGE plpgsql`,
  `CREATE OR REPLACE FUNCTION beatwise_place_geom() RETURNS trigger AS $$ BEGIN
     NEW.geom_bng := CASE WHEN NEW.easting IS NULL OR NEW.northing IS NULL THEN NULL
       ELSE ST_SetSRID(ST_MakePoint(NEW.easting, NEW.northing), 27700) END;
     NEW.geom := CASE WHEN NEW.lon IS NULL OR NEW.lat IS NULL THEN NULL
       ELSE ST_SetSRID(ST_MakePoint(NEW.lon, NEW.lat), 4326) END;
     RETURN NEW; END $$ LANGUAGE plpgsql`,
  `DROP TRIGGER IF EXISTS areas_geom ON areas`,
  `CREATE TRIGGER areas_geom BEFORE INSERT OR UPDATE OF geometry, geometry_bng ON areas
     FOR EACH ROW EXECUTE FUNCTION beatwise_area_geom()`,
  `DROP TRIGGER IF EXISTS places_geom ON places`,
  `CREATE TRIGGER places_geom BEFORE INSERT OR UPDATE OF lon, lat, easting, northing ON places
     FOR EACH ROW EXECUTE FUNCTION beatwise_place_geom()`,
  // Rows stored before the layer existed (a store made without PostGIS, or copied in).
  `UPDATE areas SET geometry = geometry WHERE geom IS NULL AND geom_bng IS NULL
     AND (geometry IS NOT NULL OR geometry_bng IS NOT NULL)`,
  `UPDATE places SET easting = easting WHERE geom IS NULL AND geom_bng IS NULL
     AND (easting IS NOT NULL OR lon IS NOT NULL)`,
  `CREATE OR REPLACE VIEW gis_areas_harm AS
     WITH latest AS (SELECT force_id, max(month) AS month FROM cube GROUP BY force_id),
     sums AS (
       SELECT c.force_id, c.level, c.area_id,
         sum(CASE WHEN c.month > l.month - 12 THEN c.harm_milli ELSE 0 END) / 1000.0 AS harm_12m,
         sum(CASE WHEN c.month <= l.month - 12 THEN c.harm_milli ELSE 0 END) / 1000.0 AS harm_prior_12m,
         sum(CASE WHEN c.month > l.month - 12 THEN c.count ELSE 0 END) AS crimes_12m,
         l.month AS to_month
       FROM cube c JOIN latest l ON l.force_id = c.force_id
       WHERE c.month > l.month - 24
       GROUP BY c.force_id, c.level, c.area_id, l.month)
     SELECT a.id, f.slug AS force, a.level, a.code, a.name,
       to_char(make_date(1970 + s.to_month / 12, 1 + s.to_month % 12, 1), 'YYYY-MM') AS to_month,
       s.harm_12m, s.harm_prior_12m, s.crimes_12m,
       CASE WHEN s.harm_12m > s.harm_prior_12m THEN 'up' WHEN s.harm_12m < s.harm_prior_12m THEN 'down'
         ELSE 'level' END AS harm_direction,
       a.geom_bng, a.geom
     FROM areas a JOIN forces f ON f.id = a.force_id
     LEFT JOIN sums s ON s.force_id = a.force_id AND s.level = a.level AND s.area_id = a.id`,
  `CREATE OR REPLACE VIEW gis_places_crimes AS
     SELECT p.id, f.slug AS force, lo.text AS location, p.placement, count(r.id) AS crimes,
       min(r.month) AS first_month_index, max(r.month) AS last_month_index, p.geom_bng, p.geom
     FROM places p JOIN forces f ON f.id = p.force_id JOIN labels lo ON lo.id = p.location
     LEFT JOIN crime_records r ON r.place_id = p.id
     GROUP BY p.id, f.slug, lo.text`,
];

/**
 * Installs postgis when the server has it and makes the spatial layer; returns whether it is there.
 * A server without PostGIS (or a user not allowed to create the extension) gets none: it is optional.
 */
export async function ensureSpatial(client: pg.PoolClient): Promise<boolean> {
  const available = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'");
  if (available.rowCount === 0) return false;
  try {
    await client.query('BEGIN');
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    for (const s of STATEMENTS) await client.query(s);
    await client.query('COMMIT');
    return true;
  } catch (e) {
    await client.query('ROLLBACK');
    if ((e as { code?: string }).code === '42501') return false; // not allowed to create the extension
    throw e;
  }
}
