/**
 * The generator's "truth": what it put where, known exactly from the model rather than estimated
 * from the rows. Hotspot methods can be tested against it: the micro-places (hotspots), their type
 * and centre, and how many of the rows each is expected to hold; and the share of rows drawn at
 * micro-places at all (the rest are spread uniformly over their LSOA).
 */
import { CRIME_CATEGORIES } from './calibration.ts';
import type { SynthModel } from './model.ts';
import { KINDS, PLACE_SIGMA, PLACE_TYPES, type PlaceType } from './profiles.ts';
import { monthLsoaWeights } from './trends.ts';

/** Bump when the output for a given seed and options changes. */
export const SYNTH_VERSION = 2;

export interface TruthHotspot {
  /** Index of the micro-place (stable for a seed). */
  id: number;
  type: PlaceType;
  /** 2011 LSOA code. */
  lsoa: string;
  easting: number;
  northing: number;
  /** Standard deviation (metres, each axis) of the points around the centre. */
  sigma: number;
  /** Rows expected at this place over the generated range, all categories. */
  expected: number;
  /** expected / all rows. */
  share: number;
}

export interface SynthTruth {
  synthetic: true;
  generator: string;
  version: number;
  force: 'west-midlands';
  from: string;
  to: string;
  seed: number;
  fraction: number | null;
  rows: number;
  /** Expected share of all rows drawn at a micro-place, overall and per category. */
  hotShare: number;
  hotShareByCategory: Record<string, number>;
  /** How the concentration figures are measured (see concentration.ts). */
  concentrationDefinition: string;
  placesByType: Record<PlaceType, number>;
  /** Every micro-place, busiest (by expected rows) first. */
  hotspots: TruthHotspot[];
}

export const CONCENTRATION_DEFINITION =
  'share of crimes in the busiest 5% (and 1%) of 100 m British National Grid cells of the force area; ' +
  'the force area is every cell whose centre lies in a West Midlands 2011 LSOA, occupied or not, plus any ' +
  'edge cell holding a crime';

/** The truth of a model: exact expectations over its months and categories. */
export function synthTruth(model: SynthModel): SynthTruth {
  const { places, geography } = model;
  const expected = new Float64Array(places.count);
  const hotByCat: Record<string, number> = {};
  let rows = 0;
  let hotRows = 0;
  CRIME_CATEGORIES.forEach((category, c) => {
    const n = model.counts.reduce((s, month) => s + month[c], 0);
    rows += n;
    // Expected rows per LSOA: each month's count spread by that month's weights (district trends).
    const perLsoa = new Float64Array(geography.lsoas.length);
    const w = new Float64Array(perLsoa.length);
    model.counts.forEach((month, i) => {
      monthLsoaWeights(model.lsoaWeights[c], model.districts, model.firstMonth + i, w);
      const total = w.reduce((a, b) => a + b, 0);
      for (let l = 0; l < w.length; l++) perLsoa[l] += (month[c] * w[l]) / total;
    });
    let hot = 0;
    for (let l = 0; l < geography.lsoas.length; l++) {
      const inLsoa = perLsoa[l];
      if (inLsoa === 0) continue;
      const kw = model.kindWeights[c][l];
      const kwTotal = kw.reduce((a, b) => a + b, 0);
      model.kindsOf[c].forEach((k, j) => {
        if (model.placePickers[k][l] === null) return;
        const kind = KINDS[k];
        const atPlaces = (inLsoa * kw[j] * kind.hot) / kwTotal;
        let aff = 0;
        for (let p = places.start[l]; p < places.start[l + 1]; p++)
          aff += (kind.affinity[PLACE_TYPES[places.type[p]]] ?? 0) * places.weight[p];
        for (let p = places.start[l]; p < places.start[l + 1]; p++) {
          const a = (kind.affinity[PLACE_TYPES[places.type[p]]] ?? 0) * places.weight[p];
          expected[p] += (atPlaces * a) / aff;
        }
        hot += atPlaces;
      });
    }
    hotByCat[category] = n ? hot / n : 0;
    hotRows += hot;
  });
  const placesByType = Object.fromEntries(PLACE_TYPES.map((t) => [t, 0])) as Record<PlaceType, number>;
  const hotspots: TruthHotspot[] = [];
  for (let p = 0; p < places.count; p++) {
    const type = PLACE_TYPES[places.type[p]];
    placesByType[type]++;
    hotspots.push({
      id: p,
      type,
      lsoa: geography.lsoas[places.lsoa[p]].code,
      easting: places.e[p],
      northing: places.n[p],
      sigma: PLACE_SIGMA[type],
      expected: expected[p],
      share: rows ? expected[p] / rows : 0,
    });
  }
  hotspots.sort((a, b) => b.expected - a.expected || a.id - b.id);
  const o = model.options;
  return {
    synthetic: true,
    generator: 'beatwise synth',
    version: SYNTH_VERSION,
    force: 'west-midlands',
    from: o.from,
    to: o.to,
    seed: o.seed,
    fraction: o.rows === null ? o.fraction : null,
    rows,
    hotShare: rows ? hotRows / rows : 0,
    hotShareByCategory: hotByCat,
    concentrationDefinition: CONCENTRATION_DEFINITION,
    placesByType,
    hotspots,
  };
}
