import type { Kysely } from 'kysely';
import { projectMultiPolygonToBNG } from '../core/geo/bng.ts';
import {
  type BoundaryWarning,
  featureCode,
  featureName,
  type ReadBoundaryOptions,
  readBoundaryFile,
} from '../core/geo/readers.ts';
import type { Database } from '../core/store/schema.ts';
import type { BulkWriter, Store } from '../core/store/store.ts';
import type { Level } from './model.ts';
import { type ForceRow, linkCensusParents, requireForce, upsertArea } from './store.ts';

export type { BoundaryWarning } from '../core/geo/readers.ts';

export interface BoundaryImportResult {
  file: string;
  level: Level;
  features: number;
  crs: 'wgs84' | 'bng';
  format: string;
  /** Problems found and repaired or let through (an unclosed ring closed, a self-intersection). */
  warnings: BoundaryWarning[];
}

/** One area as a boundary file gives it, ready to store. */
export interface BoundaryAreaRow {
  code: string;
  name: string;
  /** MultiPolygon coordinates, WGS84 lon/lat, as JSON text. */
  geometry: string;
  /** The same in BNG metres (centimetres), as JSON text. */
  geometry_bng: string;
  props: string;
}

/** A boundary file read and checked, not yet stored: plain data, so a worker thread can make it. */
export interface BoundaryAreas extends Omit<BoundaryImportResult, 'features'> {
  rows: BoundaryAreaRow[];
}

export interface BoundaryReadOptions extends ReadBoundaryOptions {
  codeField?: string;
  nameField?: string;
}

/** Reads one file's areas (in this thread, or on a worker: see boundary-worker.ts). */
export type BoundaryReader = (
  file: string,
  level: Level,
  opts: BoundaryReadOptions,
) => Promise<BoundaryAreas>;

/** Reads, checks and projects one boundary file's areas; stores nothing. */
export async function readBoundaryAreas(
  file: string,
  level: Level,
  opts: BoundaryReadOptions = {},
): Promise<BoundaryAreas> {
  const read = await readBoundaryFile(file, opts);
  const rows = read.features.map((f) => {
    const code = featureCode(f, opts.codeField, file);
    const name = featureName(f, opts.nameField, file) ?? code;
    return {
      code,
      name,
      geometry: JSON.stringify(f.polygons),
      geometry_bng: JSON.stringify(roundBNG(projectMultiPolygonToBNG(f.polygons))),
      props: JSON.stringify(f.properties),
    };
  });
  return { file, level, crs: read.crs, format: read.format, rows, warnings: read.warnings };
}

/**
 * Stores a file's areas in a force, by code (re-importing updates the same areas). The SQLite store
 * answers synchronously, so a long run of writes would hold the thread that serves requests: every
 * 100 areas it lets waiting work run (requests that need the store wait for the transaction).
 */
export async function writeBoundaryAreas(
  db: Kysely<Database>,
  forceId: number,
  areas: BoundaryAreas,
): Promise<BoundaryImportResult> {
  for (const [i, r] of areas.rows.entries()) {
    if (i % 100 === 99) await yieldToEventLoop();
    await upsertArea(db, { force_id: forceId, level: areas.level, ...r });
  }
  const { rows, ...result } = areas;
  return { ...result, features: rows.length };
}

/**
 * Imports one boundary file as areas of one level (one transaction per file; re-importing updates
 * the same areas by code). Coordinates are kept in WGS84 and in BNG.
 */
export async function importBoundaryFile(
  store: Store,
  forceId: number,
  level: Level,
  file: string,
  opts: BoundaryReadOptions = {},
): Promise<BoundaryImportResult> {
  const areas = await readBoundaryAreas(file, level, opts);
  return store.transaction(async (tx) => {
    const r = await writeBoundaryAreas(tx, forceId, areas);
    await linkCensusParents(tx, forceId);
    return r;
  });
}

export interface BoundaryImport extends BoundaryReadOptions {
  /** The force's slug: it must exist (boundary imports never create a force). */
  force: string;
  level: Level;
  files: string[];
  /** How to read each file (default: in this thread). */
  read?: BoundaryReader;
  /**
   * Runs in the same transaction after the areas are written, e.g. placing the force's stored crimes
   * again; returns how many it placed.
   */
  afterWrite?: (tx: Kysely<Database>, bulk: BulkWriter, forceId: number) => Promise<number>;
}

/**
 * Imports boundary files into a force the store knows: every file is read and checked first, then
 * the areas of all of them, their census parents and whatever `afterWrite` does are one transaction.
 * A file that fails leaves the store as it was.
 */
export async function importBoundaries(
  store: Store,
  o: BoundaryImport,
): Promise<{ force: ForceRow; results: BoundaryImportResult[]; placed: number }> {
  const force = await requireForce(store.db, o.force);
  const read = o.read ?? readBoundaryAreas;
  const all: BoundaryAreas[] = [];
  const opts: BoundaryReadOptions = {
    crs: o.crs,
    maxBytes: o.maxBytes,
    codeField: o.codeField,
    nameField: o.nameField,
  };
  for (const f of o.files) all.push(await read(f, o.level, opts));
  return store.transaction(async (tx, bulk) => {
    const results: BoundaryImportResult[] = [];
    for (const areas of all) results.push(await writeBoundaryAreas(tx, force.id, areas));
    await linkCensusParents(tx, force.id);
    const placed = o.afterWrite ? await o.afterWrite(tx, bulk, force.id) : 0;
    return { force, results, placed };
  });
}

/** Lets timers and I/O waiting behind a run of synchronous store calls go first. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Centimetres are plenty for boundaries and keep the stored JSON small. */
function roundBNG<T>(value: T): T {
  if (typeof value === 'number') return (Math.round(value * 100) / 100) as T;
  if (Array.isArray(value)) return value.map(roundBNG) as T;
  return value;
}
