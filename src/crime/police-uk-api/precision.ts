/**
 * Where the public API says a crime happened: at police.uk's precision, never closer. A crime
 * imported from police.uk already sits on police.uk's anonymised map point: it keeps it. A crime
 * from a force extract has its exact point in the store: it is published at the centre of the
 * square of a published-precision grid (BEATWISE_PUBLIC_SNAP_M metres, default 200) that holds it,
 * named after its neighbourhood, never after the extract's location text (an address).
 */

import { BeatwiseError } from '../../core/errors.ts';
import { toWGS84 } from '../../core/geo/bng.ts';

/** Street ids of snapped squares start here; police.uk's own ids are far smaller. */
export const SNAP_ID_BASE = 1_000_000_000_000;
const ROW_SPAN = 1_000_000;

/** The snapping grid's size in metres: BEATWISE_PUBLIC_SNAP_M, default 200, at least 100. */
export function snapMetres(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.BEATWISE_PUBLIC_SNAP_M;
  if (v === undefined || v === '') return 200;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 100)
    throw new BeatwiseError(
      'config.invalid',
      `BEATWISE_PUBLIC_SNAP_M must be a whole number ≥ 100, not "${v}"`,
      {
        field: 'BEATWISE_PUBLIC_SNAP_M',
      },
    );
  return n;
}

export interface PublishedPoint {
  /** police.uk street id: the place's id, or a snapped square's id. */
  id: number;
  lon: number;
  lat: number;
}

/** The snapped square (its id and centre) of an exact BNG point. */
export function snapPoint(easting: number, northing: number, sizeM: number): PublishedPoint {
  const col = Math.floor(easting / sizeM);
  const row = Math.floor(northing / sizeM);
  const [lon, lat] = toWGS84((col + 0.5) * sizeM, (row + 0.5) * sizeM);
  return { id: SNAP_ID_BASE + col * ROW_SPAN + row, lon, lat };
}

/** The BNG box of a snapped square's id, or null when the id is a place's. */
export function snappedSquare(
  id: number,
  sizeM: number,
): { xMin: number; yMin: number; xMax: number; yMax: number } | null {
  if (id < SNAP_ID_BASE) return null;
  const k = id - SNAP_ID_BASE;
  const col = Math.floor(k / ROW_SPAN);
  const row = k % ROW_SPAN;
  return { xMin: col * sizeM, yMin: row * sizeM, xMax: (col + 1) * sizeM, yMax: (row + 1) * sizeM };
}
