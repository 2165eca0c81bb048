import { projectMultiPolygonToBNG } from '../core/geo/bng.ts';
import { featureCode, featureName, readBoundaryFile } from '../core/geo/readers.ts';
import type { Store } from '../core/store/store.ts';
import type { Level } from './model.ts';
import { linkCensusParents, upsertArea } from './store.ts';

export interface BoundaryImportResult {
  file: string;
  level: Level;
  features: number;
  crs: 'wgs84' | 'bng';
  format: string;
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
  opts: { codeField?: string; nameField?: string } = {},
): Promise<BoundaryImportResult> {
  const read = await readBoundaryFile(file);
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
  await store.transaction(async (tx) => {
    for (const r of rows) await upsertArea(tx, { force_id: forceId, level, ...r });
    await linkCensusParents(tx, forceId);
  });
  return { file, level, features: rows.length, crs: read.crs, format: read.format };
}

/** Centimetres are plenty for boundaries and keep the stored JSON small. */
function roundBNG<T>(value: T): T {
  if (typeof value === 'number') return (Math.round(value * 100) / 100) as T;
  if (Array.isArray(value)) return value.map(roundBNG) as T;
  return value;
}
