/**
 * Hotspot data lab: the shapes every hotspot function shares. Pure analytics take these typed arrays
 * and return typed arrays; only store.ts reads the store and only commands.ts prints.
 */

/** The largest study grid we build: beyond it the maths is slow and the map unreadable. */
export const MAX_CELLS = 1_000_000;

/** The largest bounding raster of a square grid (cells), used only as a dense lookup while building. */
export const MAX_RASTER_CELLS = 40_000_000;

/** H3 resolutions offered: 8 (~0.74 km² cells) to 10 (~0.015 km²). */
export const H3_RESOLUTIONS = [8, 9, 10] as const;

/** A problem worth telling the analyst about that does not stop the work (sfhotspot's classic warnings). */
export interface HotspotWarning {
  code:
    | 'unprojected'
    | 'bandwidth_below_cell'
    | 'bandwidth_far_above_cell'
    | 'sparse'
    | 'empty_period'
    | 'recent_periods'
    | 'no_points'
    | 'zero_coordinates';
  message: string;
}

/** The kinds of data a result can rest on: each brings its own caveat. */
export type DataKind = 'open' | 'extract' | 'synthetic';

/** What travels with every result built on each kind of data. */
export const CAVEATS: Record<DataKind, string> = {
  open:
    'open police.uk data: locations are approximate (snapped to anonymised map points) and carry the month ' +
    'only, so micro-place results are approximate and times of day cannot be derived',
  extract: 'force extract: locations and times as recorded by the force',
  synthetic: 'SYNTHETIC data, not real crimes: for testing and demonstration only',
};

/** Said whenever harm could not be weighted: harm then equals the count. */
export const CAVEAT_NO_HARM = 'harm weights not available: harm = count (weight 1 per crime)';

/**
 * Crime points as parallel typed arrays, in British National Grid metres (x = easting,
 * y = northing) and WGS84 (lon/lat, for H3). Unknown values: NaN for numbers, -1 for indexes/ages.
 */
export interface CrimePoints {
  n: number;
  x: Float64Array;
  y: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** Months since 1970-01. */
  month: Int32Array;
  /** Index into CATEGORIES (crime/categories.ts). */
  category: Uint8Array;
  /** Epoch ms (UTC) of occurred_from / occurred_to; NaN when unknown (police.uk rows). */
  occurredFrom: Float64Array;
  occurredTo: Float64Array;
  /** Victim age in years, -1 when unknown. */
  victimAge: Int16Array;
  /** Index into `offenceCodes`, -1 when the row has none. */
  offence: Int32Array;
  offenceCodes: string[];
  /** Harm weight of each crime (1 when harm weights are not available). */
  harm: Float64Array;
  /** 0 police.uk, 1 force extract. */
  source: Uint8Array;
}

/** An empty CrimePoints of n rows, every optional value unknown. */
export function emptyPoints(n: number): CrimePoints {
  return {
    n,
    x: new Float64Array(n),
    y: new Float64Array(n),
    lon: new Float64Array(n).fill(Number.NaN),
    lat: new Float64Array(n).fill(Number.NaN),
    month: new Int32Array(n),
    category: new Uint8Array(n),
    occurredFrom: new Float64Array(n).fill(Number.NaN),
    occurredTo: new Float64Array(n).fill(Number.NaN),
    victimAge: new Int16Array(n).fill(-1),
    offence: new Int32Array(n).fill(-1),
    offenceCodes: [],
    harm: new Float64Array(n).fill(1),
    source: new Uint8Array(n),
  };
}

/** The rows of `p` where `keep[i]` is 1, as a new CrimePoints. */
export function subsetPoints(p: CrimePoints, keep: Uint8Array): CrimePoints {
  let n = 0;
  for (let i = 0; i < p.n; i++) if (keep[i]) n++;
  const out = emptyPoints(n);
  out.offenceCodes = p.offenceCodes;
  let k = 0;
  for (let i = 0; i < p.n; i++) {
    if (!keep[i]) continue;
    out.x[k] = p.x[i];
    out.y[k] = p.y[i];
    out.lon[k] = p.lon[i];
    out.lat[k] = p.lat[i];
    out.month[k] = p.month[i];
    out.category[k] = p.category[i];
    out.occurredFrom[k] = p.occurredFrom[i];
    out.occurredTo[k] = p.occurredTo[i];
    out.victimAge[k] = p.victimAge[i];
    out.offence[k] = p.offence[i];
    out.harm[k] = p.harm[i];
    out.source[k] = p.source[i];
    k++;
  }
  return out;
}

/** Neighbour lists in compressed rows: the neighbours of cell i are index[start[i] .. start[i+1]). */
export interface Neighbours {
  start: Int32Array;
  index: Int32Array;
  /** True when every cell lists itself (Gi*), false for Gi. */
  selfIncluded: boolean;
  /** The distance (metres) or H3 ring the lists were built for, for reports. */
  description: string;
}
