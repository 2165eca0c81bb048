/**
 * The near-repeat risk area a force's Knox result supports: the radius is the upper edge of the
 * furthest distance band that, together with every nearer band, is raised (p ≤ alpha and Knox ratio
 * ≥ MIN_RATIO) in the first time band; the days are the upper edge of the longest time band that,
 * with every shorter one, is raised in the first distance band. No significant first cell: no radius (the
 * force's settings or the default then apply).
 */
import type { KnoxResult } from './knox.ts';
import type { RiskSettings } from './model.ts';

/**
 * The Knox ratio a cell needs to count towards the risk area: the Near Repeat Calculator's summary
 * speaks of a "20% or greater" rise. With tens of thousands of crimes, ratios of 1.05 are
 * significant but too small to send officers to.
 */
export const MIN_RATIO = 1.2;

export interface KnoxRisk {
  radiusM: number;
  days: number;
  /** How the figures were read off the table, for the output. */
  note: string;
}

export function riskFromKnox(
  r: KnoxResult,
  distances: number[],
  times: number[],
  monthOnly: boolean,
  minRatio = MIN_RATIO,
): KnoxRisk | null {
  const raised = (d: number, t: number) => r.significant[d][t] && (r.ratio[d][t] ?? 0) >= minRatio;
  if (!raised(1, 0)) return null;
  let a = 0;
  while (a + 1 < distances.length && raised(a + 2, 0)) a++;
  let b = 0;
  while (b + 1 < times.length && raised(1, b + 1)) b++;
  let days = times[b];
  let note = `significant near-repeat cells reach ${distances[a]} m (first time band) and ${times[b]} days (first distance band)`;
  if (monthOnly && days < 31) {
    note += '; month-only data: "same month" read as a risk period of 31 days';
    days = 31;
  }
  if (days === 0) days = 1;
  return { radiusM: distances[a], days, note };
}

/** The risk to use: explicit options, else the force's saved settings, else the default. */
export function chooseRisk(
  options: { radiusM?: number; days?: number },
  saved: RiskSettings | null,
  fallback: RiskSettings,
): RiskSettings {
  if (options.radiusM !== undefined || options.days !== undefined) {
    const base = saved ?? fallback;
    return { radiusM: options.radiusM ?? base.radiusM, days: options.days ?? base.days, source: 'options' };
  }
  return saved ?? fallback;
}
