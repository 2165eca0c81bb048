/**
 * The generator's year-on-year trends: invented, seeded by nothing (they are fixed numbers), and
 * documented here, in data/samples/west-midlands/README.md and in docs/decisions.md. Without them
 * every year repeats the calibration year and every force-wide trend reads 0.0%.
 *
 * The expected count of category c in district d in month m is
 *
 *   calibration mean for m's calendar month × share of d in c × (1 + g_c)^t × (1 + g_d)^t,
 *   t = (m − 2022-04) / 12 years,
 *
 * so the expected change over any 12 months of category c in district d is (1 + g_c)(1 + g_d) − 1,
 * whatever the months (the seasonality cancels). Force-wide, a category changes by (1 + g_c) times
 * the mix of its districts' factors; the whole force by the mix of both. The factors depend on the
 * month alone (never on the range asked for), so a month is still the same whatever range it is
 * generated in. At 2022-04 every factor is 1: the shipped two years (2021-04..2023-03) keep about
 * the calibrated volume.
 */
import { ASB, type Category } from '../categories.ts';
import { CRIME_CATEGORIES } from './calibration.ts';

/** The month at which every factor is 1 (months since 1970-01 of 2022-04). */
export const TREND_ANCHOR = (2022 - 1970) * 12 + 3;

/** Annual change per category (crime categories; anti-social behaviour is not generated). */
export const CATEGORY_TRENDS: Readonly<Record<Exclude<Category, 'Anti-social behaviour'>, number>> = {
  'Bicycle theft': -0.15,
  Burglary: -0.12,
  'Criminal damage and arson': -0.05,
  Drugs: -0.1,
  'Other crime': 0,
  'Other theft': -0.06,
  'Possession of weapons': 0.08,
  'Public order': 0.04,
  Robbery: 0.1,
  Shoplifting: 0.18,
  'Theft from the person': 0.12,
  'Vehicle crime': -0.08,
  'Violence and sexual offences': 0.06,
};

/** Annual change per district (the seven West Midlands districts, as the LSOA names give them). */
export const DISTRICT_TRENDS: Readonly<Record<string, number>> = {
  Birmingham: 0.03,
  Coventry: -0.06,
  Dudley: 0.05,
  Sandwell: -0.04,
  Solihull: 0.08,
  Walsall: -0.08,
  Wolverhampton: 0,
};

/** The annual change g_c of category index `c` (CRIME_CATEGORIES order). */
export function categoryTrend(c: number): number {
  const name = CRIME_CATEGORIES[c];
  return name === ASB ? 0 : CATEGORY_TRENDS[name as keyof typeof CATEGORY_TRENDS];
}

/** Years from the anchor to month `m` (months since 1970-01). */
export function trendYears(m: number): number {
  return (m - TREND_ANCHOR) / 12;
}

/** The category factor (1 + g_c)^t of category index `c` (CRIME_CATEGORIES order) in month `m`. */
export function categoryFactor(c: number, m: number): number {
  return (1 + categoryTrend(c)) ** trendYears(m);
}

/** The district factor (1 + g_d)^t in month `m`; a district without a trend has none (1). */
export function districtFactor(district: string, m: number): number {
  return (1 + (DISTRICT_TRENDS[district] ?? 0)) ** trendYears(m);
}

/** Expected change over 12 months of category `c` in `district`, as a ratio (1.05 = +5%). */
export function expectedYearOnYear(c: number, district: string): number {
  return (1 + categoryTrend(c)) * (1 + (DISTRICT_TRENDS[district] ?? 0));
}

/**
 * Per LSOA, its weight in month `m`: the calibrated weight times its district's factor. `districts`
 * gives each LSOA's district; the result is a new array.
 */
export function monthLsoaWeights(
  weights: Float64Array,
  districts: readonly string[],
  m: number,
  out = new Float64Array(weights.length),
): Float64Array {
  const cache = new Map<string, number>();
  for (let l = 0; l < weights.length; l++) {
    const d = districts[l];
    let f = cache.get(d);
    if (f === undefined) {
      f = districtFactor(d, m);
      cache.set(d, f);
    }
    out[l] = weights[l] * f;
  }
  return out;
}

/**
 * The factor on a category's calibrated monthly count in month `m`: its own trend times the
 * weighted mean of its districts' factors (weights: its calibrated LSOA weights).
 */
export function monthCategoryFactor(
  c: number,
  weights: Float64Array,
  districts: readonly string[],
  m: number,
): number {
  let base = 0;
  let trended = 0;
  const cache = new Map<string, number>();
  for (let l = 0; l < weights.length; l++) {
    const d = districts[l];
    let f = cache.get(d);
    if (f === undefined) {
      f = districtFactor(d, m);
      cache.set(d, f);
    }
    base += weights[l];
    trended += weights[l] * f;
  }
  return base > 0 ? (categoryFactor(c, m) * trended) / base : categoryFactor(c, m);
}
