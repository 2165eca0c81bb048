/**
 * Reads a boundary file (GeoJSON, KML or zipped Shapefile) into areas in WGS84 lon/lat.
 *
 * Each format is parsed into plain GeoJSON-like features; then every feature is checked the same way
 * (boundary-geometry.ts), the coordinate system is settled (boundary-crs.ts) and British National
 * Grid input is reprojected. A problem anywhere rejects the whole file with an error naming the file
 * and, where it applies, the feature.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { read as readShapefile } from 'shapefile';
import { BeatwiseError } from '../errors.ts';
import { projectMultiPolygonToWGS84 } from './bng.ts';
import {
  type Crs,
  type CrsClaim,
  crsFromGeoJsonMember,
  crsFromPrj,
  crsFromRange,
  describeExtent,
  emptyExtent,
  extendExtent,
  fitsCrs,
  looksSwapped,
} from './boundary-crs.ts';
import {
  type FeatureRef,
  featureTitle,
  geometryTypeOf,
  isPolygonal,
  toMultiPolygon,
} from './boundary-geometry.ts';
import { ringCrossing } from './ring-crossing.ts';
import type { BoundaryFeature, MultiPolygon } from './types.ts';

export type { Crs } from './boundary-crs.ts';
export { featureCode, featureName } from './feature-fields.ts';

export type BoundaryFormat = 'geojson' | 'kml' | 'shapefile';

export interface ReadBoundaryOptions {
  /** The file's coordinate system, when it does not say and its coordinates are ambiguous. */
  crs?: Crs;
  /**
   * The most bytes the file may hold once unpacked (a .gz inflated, the Shapefile's parts in a .zip),
   * and the largest plain file read. Default: `BEATWISE_MAX_INFLATE_MB` megabytes, else 512.
   */
  maxBytes?: number;
}

/** `BEATWISE_MAX_INFLATE_MB` (megabytes of 2^20 bytes), else 512. */
export function maxInflateBytes(): number {
  const mb = Number(process.env.BEATWISE_MAX_INFLATE_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : 512) * 2 ** 20;
}

/** A problem in one feature that did not stop the import: repaired, or let through and reported. */
export interface BoundaryWarning {
  file: string;
  feature: number;
  code: string;
  message: string;
}

export interface BoundaryFile {
  /** The areas, in file order, always in WGS84 lon/lat. */
  features: BoundaryFeature[];
  /** What was repaired or is suspect, per feature (the import goes on). */
  warnings: BoundaryWarning[];
  /** The coordinate system the file was in. */
  crs: Crs;
  format: BoundaryFormat;
}

/** A feature as parsed, before its geometry is checked. */
interface RawFeature {
  properties: Record<string, unknown>;
  geometry: unknown;
}

interface ParsedFile {
  features: RawFeature[];
  claim?: CrsClaim;
}

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

const ACCEPTED =
  'Use GeoJSON (.geojson or .json, optionally gzipped as .gz), KML (.kml) or a zipped Shapefile ' +
  '(.zip holding the .shp, .shx, .dbf and .prj).';

export async function readBoundaryFile(path: string, opts: ReadBoundaryOptions = {}): Promise<BoundaryFile> {
  const format = formatOf(path);
  const limit = opts.maxBytes ?? maxInflateBytes();
  const bytes = await readBytes(path, limit);
  const parsed = await parse(format, bytes, path, limit);
  checkSomePolygons(parsed.features, path);
  const warnings: BoundaryWarning[] = [];
  const refs = parsed.features.map(
    (f, index): FeatureRef => ({
      file: path,
      index,
      properties: f.properties,
      warn: (code, message) => warnings.push({ file: path, feature: index, code, message }),
    }),
  );
  const shapes = parsed.features.map((f, i) => toMultiPolygon(f.geometry, refs[i]));
  const crs = settleCrs(shapes, path, opts.crs ? { crs: opts.crs, source: 'the crs option' } : parsed.claim);
  const features = shapes.map(
    (mp, index): BoundaryFeature => ({
      index,
      properties: parsed.features[index].properties,
      polygons: crs === 'bng' ? projectMultiPolygonToWGS84(mp) : mp,
    }),
  );
  for (const f of features) {
    checkInUK(f, path);
    warnCrossings(f, refs[f.index]);
  }
  warnings.sort((a, b) => a.feature - b.feature);
  return { features, crs, format, warnings };
}

/**
 * The extent Beatwise's areas must lie in: Great Britain and Northern Ireland with their coastal
 * waters (longitude −9 to 2.1, latitude 49.8 to 61). A polygon in Paris for a UK force is a wrong
 * file or a wrong coordinate system, never an area to place crimes in.
 */
export const UK_EXTENT = { minX: -9, minY: 49.8, maxX: 2.1, maxY: 61 } as const;

function checkInUK(f: BoundaryFeature, path: string): void {
  const e = extendExtent(emptyExtent(), f.polygons);
  if (
    e.minX >= UK_EXTENT.minX &&
    e.maxX <= UK_EXTENT.maxX &&
    e.minY >= UK_EXTENT.minY &&
    e.maxY <= UK_EXTENT.maxY
  )
    return;
  throw new BeatwiseError(
    'outside_uk',
    `${featureTitle(f.properties)} lies outside Great Britain and Northern Ireland (lon/lat ${describeExtent(e)}): ` +
      'every area must lie within longitude −9 to 2.1 and latitude 49.8 to 61. Check that this is the right ' +
      'file and that its coordinate system is declared correctly.',
    { file: path, feature: f.index },
  );
}

/** A ring that crosses itself is kept (no standard repair is available here) and reported. */
function warnCrossings(f: BoundaryFeature, ref: FeatureRef): void {
  f.polygons.forEach((polygon, p) => {
    polygon.forEach((ring, r) => {
      const at = ringCrossing(ring);
      if (!at) return;
      const where = r === 0 ? `polygon ${p}, outer ring` : `polygon ${p}, hole ${r}`;
      ref.warn?.(
        'self_intersection',
        `${featureTitle(f.properties)} has a ring that crosses itself (${where}) near lon/lat ` +
          `(${at[0].toFixed(5)}, ${at[1].toFixed(5)}): crimes in the crossed part may be placed wrongly. ` +
          'It was imported as it is; fix it in your GIS (in QGIS: Vector > Geometry Tools > Fix Geometries) ' +
          'and import the file again.',
      );
    });
  });
}

function formatOf(path: string): BoundaryFormat {
  const name = basename(path).toLowerCase().replace(/\.gz$/, '');
  const ext = extname(name);
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  if (ext === '.kml') return 'kml';
  if (ext === '.zip') return 'shapefile';
  const hint =
    ext === '.shp' || ext === '.dbf' || ext === '.shx'
      ? ' A Shapefile is several files: zip the .shp together with its .shx, .dbf and .prj and import the .zip.'
      : '';
  const message = `Cannot read "${ext || name}" files as boundaries. ${ACCEPTED}${hint}`;
  throw new BeatwiseError('unsupported_format', message, { file: path });
}

async function readBytes(path: string, limit: number): Promise<Uint8Array> {
  try {
    const size = (await stat(path)).size;
    if (size > limit) throw tooLarge(path, `The file is ${megabytes(size)}`, limit);
    return await readFile(path);
  } catch (e) {
    if (e instanceof BeatwiseError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const message = 'File not found. Check the path and the file name.';
      throw new BeatwiseError('file_not_found', message, { file: path });
    }
    const reason = code === 'EISDIR' ? 'it is a folder, not a file' : (e as Error).message;
    throw new BeatwiseError('unreadable_file', `Cannot read the file: ${reason}.`, { file: path });
  }
}

async function parse(
  format: BoundaryFormat,
  bytes: Uint8Array,
  path: string,
  limit: number,
): Promise<ParsedFile> {
  if (format === 'shapefile') return parseShapefileZip(bytes, path, limit);
  const plain = gunzipIfNeeded(bytes, path, limit);
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(plain);
  } catch (e) {
    // Past the longest string the JavaScript engine can make (~512 MB).
    if (e instanceof RangeError) throw tooLarge(path, `It holds ${megabytes(plain.length)} of text`, limit);
    throw e;
  }
  return format === 'kml' ? parseKml(text, path) : parseGeoJson(text, path);
}

/**
 * gzip is recognised by its magic bytes, so a .gz suffix is neither needed nor trusted. Inflating
 * stops at `limit` bytes: a small file that unpacks to gigabytes (a "gzip bomb") is refused, not read.
 */
function gunzipIfNeeded(bytes: Uint8Array, path: string, limit: number): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
      throw tooLarge(path, 'It unpacks', limit);
    throw unparseable(path, 'a gzip-compressed file', (e as Error).message);
  }
}

/** `file_too_large`: the file, or what it unpacks to, is past the limit; says how to go on. */
function tooLarge(path: string, what: string, limit: number): BeatwiseError {
  return new BeatwiseError(
    'file_too_large',
    `${what} to more than Beatwise reads as one boundary file (${megabytes(limit)}, BEATWISE_MAX_INFLATE_MB). ` +
      'Split it into smaller files (one per district, say) or simplify its geometry, and import those; ' +
      'or raise BEATWISE_MAX_INFLATE_MB if the file is genuine and the machine has the memory.',
    { file: path },
    { limitBytes: limit },
  );
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 2 ** 20) * 10) / 10} MB`;
}

function parseGeoJson(text: string, path: string): ParsedFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw unparseable(path, 'GeoJSON', (e as Error).message);
  }
  if (!isRecord(json)) throw unparseable(path, 'GeoJSON', 'the file holds JSON but not a JSON object');
  const claim = crsFromGeoJsonMember(json.crs, path);
  const type = json.type;
  if (type === 'FeatureCollection') {
    if (!Array.isArray(json.features)) {
      throw unparseable(path, 'GeoJSON', 'the FeatureCollection has no features array');
    }
    return { features: json.features.map((f, i) => rawFeature(f, i, path)), claim };
  }
  if (type === 'Feature') return { features: [rawFeature(json, 0, path)], claim };
  if (typeof type === 'string' && GEOMETRY_TYPES.has(type)) {
    return { features: [{ properties: {}, geometry: json }], claim };
  }
  throw unparseable(path, 'GeoJSON', `its type is ${JSON.stringify(type) ?? 'missing'}`);
}

function rawFeature(value: unknown, index: number, path: string): RawFeature {
  if (!isRecord(value) || value.type !== 'Feature') {
    throw new BeatwiseError(
      'unparseable_file',
      'This entry of the features array is not a GeoJSON Feature object. Check the file was exported as GeoJSON.',
      { file: path, feature: index },
    );
  }
  const properties = isRecord(value.properties) ? value.properties : {};
  return { properties, geometry: value.geometry };
}

function parseKml(text: string, path: string): ParsedFile {
  // A DTD can define entities that expand to gigabytes ("billion laughs"); KML never needs one.
  const declaration = /<!(DOCTYPE|ENTITY)\b/i.exec(text);
  if (declaration) {
    throw new BeatwiseError(
      'xml_declarations',
      `The KML file holds a <!${declaration[1].toUpperCase()}> declaration. KML needs no document type or entity ` +
        'declarations, and Beatwise does not read them (they can expand to gigabytes). Remove them, or export the ' +
        'file again from your GIS.',
      { file: path },
    );
  }
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    // Stop at the first real error: xmldom otherwise logs it and builds a partial document.
    const parser = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    });
    doc = parser.parseFromString(text, 'text/xml');
  } catch (e) {
    const cause = (e as Error).cause;
    throw unparseable(path, 'KML', cause instanceof Error ? cause.message : (e as Error).message);
  }
  const root = doc.documentElement?.localName;
  if (root !== 'kml') {
    throw unparseable(path, 'KML', `the document's root element is <${root ?? ''}>, not <kml>`);
  }
  const features = kml(doc).features.map((f) => ({ properties: f.properties ?? {}, geometry: f.geometry }));
  return { features, claim: { crs: 'wgs84', source: 'the KML standard' } };
}

/**
 * The Shapefile in a zip. The zip's directory is read first, without unpacking anything; then only
 * the layer's own parts (.shp, .dbf, .prj, .cpg) are unpacked, and only when the sizes the directory
 * gives them add up to at most `limit`; while they are unpacked the bytes are counted again, so a zip
 * whose directory understates its sizes is stopped at `limit` too (see unzipParts).
 */
async function parseShapefileZip(bytes: Uint8Array, path: string, limit: number): Promise<ParsedFile> {
  const sizes = new Map<string, number>();
  try {
    unzipSync(bytes, {
      filter: (f) => {
        sizes.set(f.name, f.originalSize);
        return false;
      },
    });
  } catch (e) {
    throw unparseable(path, 'a zip file holding a Shapefile', (e as Error).message);
  }
  // Skip macOS resource forks (__MACOSX/, ._name), which carry the same extensions.
  const names = [...sizes.keys()].filter((n) => !n.startsWith('__MACOSX/') && !basename(n).startsWith('._'));
  const shps = names.filter((n) => n.toLowerCase().endsWith('.shp'));
  if (shps.length !== 1) {
    const found =
      shps.length === 0 ? `no .shp file (it holds: ${names.join(', ') || 'nothing'})` : shps.join(', ');
    throw new BeatwiseError(
      shps.length === 0 ? 'unparseable_file' : 'ambiguous_shapefile',
      `The zip must hold exactly one Shapefile layer; found ${found}. Zip one layer's .shp, .shx, .dbf and .prj.`,
      { file: path },
    );
  }
  const stem = shps[0].slice(0, -4).toLowerCase();
  const wanted = new Set(
    names.filter((n) => ['.shp', '.dbf', '.prj', '.cpg'].some((ext) => n.toLowerCase() === stem + ext)),
  );
  const total = [...wanted].reduce((sum, n) => sum + (sizes.get(n) ?? 0), 0);
  if (total > limit) throw tooLarge(path, `Its Shapefile (${[...wanted].join(', ')}) unpacks`, limit);
  const entries = unzipParts(bytes, wanted, limit, path);
  const part = (ext: string) => {
    const name = names.find((n) => n.toLowerCase() === stem + ext);
    return name === undefined ? undefined : entries[name];
  };
  const dbf = part('.dbf');
  if (!dbf) {
    throw new BeatwiseError(
      'incomplete_shapefile',
      `The zip has ${shps[0]} but no matching .dbf (the attribute table with area codes and names). ` +
        "Zip all of the layer's files: .shp, .shx, .dbf and .prj.",
      { file: path },
    );
  }
  const prj = part('.prj');
  const cpg = part('.cpg');
  const claim = prj ? crsFromPrj(new TextDecoder().decode(prj), path) : undefined;
  try {
    // Copies: the shapefile reader assumes its bytes start at offset 0 of their buffer.
    const fc = await readShapefile(new Uint8Array(entries[shps[0]]), new Uint8Array(dbf), {
      encoding: dbfEncoding(cpg),
    });
    return {
      features: fc.features.map((f) => ({ properties: f.properties ?? {}, geometry: f.geometry })),
      claim,
    };
  } catch (e) {
    throw unparseable(path, 'a Shapefile', (e as Error).message);
  }
}

/**
 * The named entries of a zip, inflated as a stream fed 16 KB at a time and counted as they come:
 * past `limit` bytes in all, unpacking stops (within ~16 MB of it, the most 16 KB of deflate can
 * become) and the file is refused. Memory and time stay bounded whatever the zip's directory claims.
 */
function unzipParts(
  bytes: Uint8Array,
  names: Set<string>,
  limit: number,
  path: string,
): Record<string, Uint8Array> {
  const chunks = new Map<string, Uint8Array[]>();
  let total = 0;
  let over = false;
  let failure: Error | null = null;
  const unzip = new Unzip((file) => {
    if (!names.has(file.name) || chunks.has(file.name)) return;
    const list: Uint8Array[] = [];
    chunks.set(file.name, list);
    file.ondata = (err, data) => {
      if (err) {
        failure ??= err;
        return;
      }
      if (over) return;
      total += data.length;
      if (total > limit) {
        over = true;
        file.terminate();
        return;
      }
      list.push(data);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const step = 16 * 1024;
  try {
    for (let i = 0; i < bytes.length && !over && !failure; i += step)
      unzip.push(bytes.subarray(i, i + step), i + step >= bytes.length);
  } catch (e) {
    failure ??= e as Error;
  }
  if (over) throw tooLarge(path, 'Its Shapefile unpacks', limit);
  if (failure) throw unparseable(path, 'a zip file holding a Shapefile', (failure as Error).message);
  const out: Record<string, Uint8Array> = {};
  for (const [name, list] of chunks) {
    const whole = new Uint8Array(list.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of list) {
      whole.set(c, at);
      at += c.length;
    }
    out[name] = whole;
  }
  return out;
}

/** The .dbf text encoding: UTF-8 when the .cpg says so (ONS files), else the format's Windows-1252. */
function dbfEncoding(cpg: Uint8Array | undefined): string {
  const declared = cpg ? new TextDecoder().decode(cpg).trim() : '';
  return /utf-?8/i.test(declared) ? 'utf-8' : 'windows-1252';
}

/** Points or lines alone mean the wrong layer was exported: say so once, not per feature. */
function checkSomePolygons(features: RawFeature[], path: string): void {
  if (features.some((f) => isPolygonal(f.geometry))) return;
  const types = [...new Set(features.map((f) => geometryTypeOf(f.geometry)))].join(', ');
  const found =
    features.length === 0 ? 'no features at all' : `${features.length} feature(s) of type ${types}`;
  throw new BeatwiseError(
    'no_polygons',
    `The file has no areas: it holds ${found}. A boundary file must hold Polygon or MultiPolygon features.`,
    { file: path },
  );
}

/**
 * The CRS to read the coordinates in: the one claimed (option, crs member, .prj, KML), else the one
 * whose range holds them all. Then every feature must fit it, and lon/lat must not be swapped.
 */
function settleCrs(shapes: MultiPolygon[], path: string, claim: CrsClaim | undefined): Crs {
  const all = shapes.reduce(extendExtent, emptyExtent());
  const crs = claim?.crs ?? crsFromRange(all);
  const expected = crs === 'bng' ? 'British National Grid metres (0–700000, 0–1300000)' : 'WGS84 lon/lat';
  const why = claim ? `, as ${claim.source} says` : '';
  for (let i = 0; i < shapes.length; i++) {
    const own = extendExtent(emptyExtent(), shapes[i]);
    if (crs === undefined ? crsFromRange(own) !== undefined : fitsCrs(crs, own)) continue;
    const message =
      crs === undefined
        ? `Coordinates are neither WGS84 lon/lat nor British National Grid metres (${describeExtent(own)}).`
        : `Coordinates are outside ${expected}, the file's coordinate system${why} (${describeExtent(own)}).`;
    throw new BeatwiseError(
      'coordinates_out_of_range',
      `${message} Reproject the file to WGS84 (EPSG:4326) or British National Grid (EPSG:27700).`,
      { file: path, feature: i },
    );
  }
  if (crs === undefined) {
    // Every feature fits one range, but not the same one.
    throw new BeatwiseError(
      'coordinates_out_of_range',
      `The file mixes lon/lat and metre coordinates (${describeExtent(all)}). Reproject it to one coordinate system.`,
      { file: path },
    );
  }
  if (crs === 'wgs84' && looksSwapped(all)) {
    throw new BeatwiseError(
      'swapped_axes',
      `The coordinates are latitude,longitude; they must be longitude,latitude (${describeExtent(all)}). ` +
        'Export the file again with x = longitude and y = latitude.',
      { file: path },
    );
  }
  return crs;
}

function unparseable(path: string, expected: string, reason: string): BeatwiseError {
  return new BeatwiseError(
    'unparseable_file',
    `Cannot read the file as ${expected}: ${reason}. ${ACCEPTED}`,
    { file: path },
    { expected },
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
