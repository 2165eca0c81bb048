/**
 * Which coordinate system a boundary file is in. Beatwise reads two: WGS84 lon/lat and British
 * National Grid metres. A file says which in its GeoJSON `crs` member or its Shapefile .prj; failing
 * that the coordinates' range decides. Anything else is refused with advice to reproject, because a
 * silently misread CRS puts every crime in the wrong area.
 */
import { BeatwiseError } from '../errors.ts';
import { isBNGRange, isInUK } from './bng.ts';
import type { MultiPolygon } from './types.ts';

export type Crs = 'wgs84' | 'bng';

/** The CRS a file claims, and in words where the claim came from (for messages). */
export interface CrsClaim {
  crs: Crs;
  source: string;
}

export interface Extent {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const REPROJECT =
  'Reproject it to WGS84 (EPSG:4326) or British National Grid (EPSG:27700), e.g. in QGIS with ' +
  '"Export > Save Features As" or with ogr2ogr -t_srs EPSG:4326.';

/** EPSG codes we accept, by what they mean for the coordinates: ETRS89 (4258) is WGS84 to within a metre. */
const EPSG_CRS: Record<string, Crs> = { '4326': 'wgs84', '4258': 'wgs84', '27700': 'bng' };

/**
 * The CRS named by a GeoJSON `crs` member (the 2008 spec's named or EPSG-linked form); undefined when
 * there is none. Names such as "urn:ogc:def:crs:EPSG::27700", "EPSG:27700",
 * "http://www.opengis.net/def/crs/EPSG/0/27700" and "urn:ogc:def:crs:OGC:1.3:CRS84" are understood.
 */
export function crsFromGeoJsonMember(member: unknown, file: string): CrsClaim | undefined {
  if (member === undefined || member === null) return undefined;
  const props = isRecord(member) && isRecord(member.properties) ? member.properties : {};
  const name =
    typeof props.name === 'string'
      ? props.name
      : props.code !== undefined
        ? `EPSG:${String(props.code)}`
        : '';
  const source = `its crs member "${name}"`;
  if (/CRS84$/i.test(name)) return { crs: 'wgs84', source };
  const code = /EPSG/i.test(name) ? /(\d+)$/.exec(name)?.[1] : undefined;
  const crs = code === undefined ? undefined : EPSG_CRS[code];
  if (crs) return { crs, source };
  throw new BeatwiseError(
    'unsupported_crs',
    `The file declares a coordinate system Beatwise does not read (${name || 'an unnamed crs member'}). ${REPROJECT}`,
    { file },
  );
}

/**
 * The CRS described by a Shapefile's .prj (ESRI WKT). Projected coordinates count as BNG only when
 * the projection is the National Grid; geographic ones as WGS84 only on the WGS84 or ETRS89 datum
 * (OSGB36 lon/lat, which also says "OSGB", is ~100 m off and is refused).
 */
export function crsFromPrj(wkt: string, file: string): CrsClaim {
  const source = 'its .prj file';
  const projected = /^\s*PROJCR?S\s*\[/i.test(wkt);
  const name = /^\s*\w+\s*\[\s*"([^"]*)"/.exec(wkt)?.[1] ?? wkt.slice(0, 60);
  if (projected && /British[_ ]National[_ ]Grid|OSGB/i.test(wkt)) return { crs: 'bng', source };
  if (!projected && /WGS[_ ]?(19)?84|ETRS[_ ]?(19)?89/i.test(wkt)) return { crs: 'wgs84', source };
  throw new BeatwiseError(
    'unsupported_crs',
    `The Shapefile's .prj describes a coordinate system Beatwise does not read ("${name}"). ${REPROJECT}`,
    { file },
  );
}

export function emptyExtent(): Extent {
  return { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
}

/** Grows `into` to cover every position of `mp`. */
export function extendExtent(into: Extent, mp: MultiPolygon): Extent {
  for (const polygon of mp) {
    for (const ring of polygon) {
      for (const [x, y] of ring) {
        if (x < into.minX) into.minX = x;
        if (y < into.minY) into.minY = y;
        if (x > into.maxX) into.maxX = x;
        if (y > into.maxY) into.maxY = y;
      }
    }
  }
  return into;
}

export function fitsCrs(crs: Crs, e: Extent): boolean {
  if (crs === 'bng') return isBNGRange(e.minX, e.minY) && isBNGRange(e.maxX, e.maxY);
  return e.minX >= -180 && e.maxX <= 180 && e.minY >= -90 && e.maxY <= 90;
}

/** The CRS whose range holds the whole extent, lon/lat first; undefined when neither does. */
export function crsFromRange(e: Extent): Crs | undefined {
  if (fitsCrs('wgs84', e)) return 'wgs84';
  if (fitsCrs('bng', e)) return 'bng';
  return undefined;
}

/** True when "lon/lat" coordinates are really lat/lon in the UK: the classic swapped-axes export. */
export function looksSwapped(e: Extent): boolean {
  return isInUK(e.minY, e.minX) && isInUK(e.maxY, e.maxX);
}

export function describeExtent(e: Extent): string {
  const r = (v: number) => Number(v.toPrecision(8));
  return `x from ${r(e.minX)} to ${r(e.maxX)}, y from ${r(e.minY)} to ${r(e.maxY)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
