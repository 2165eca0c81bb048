/**
 * The real West Midlands marginals the generator is calibrated on, read from the copies bundled in
 * data/samples/west-midlands/calibration/ (gzipped; see data/SOURCES.md):
 *
 * - lsoa_ranking.csv: crimes per LSOA (2021 codes), 2024-04..2026-04, police.uk, ASB included;
 * - monthly_trends.csv: force crimes per category per month, 2024-04..2026-04;
 * - hotspot_category_mix.csv: the category mix in the top-decile LSOAs and in the rest;
 * - outcomes_over_time.csv: outcome groups per month;
 * - birmingham_crime.csv (rts2): Birmingham burglaries per MSOA (2021 codes) per month of 2022.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { dataDir } from '../../core/data-dir.ts';
import { BeatwiseError } from '../../core/errors.ts';
import { ASB, CATEGORIES, type Category, toCategory } from '../categories.ts';

export const FORCE_NAME = 'West Midlands Police';

/** The crime categories the generator writes: every police.uk category but anti-social behaviour. */
export const CRIME_CATEGORIES: readonly Category[] = CATEGORIES.filter((c) => c !== ASB);

export interface LsoaMarginal {
  /** 2021 LSOA code. */
  code: string;
  /** 2021 LSOA name, e.g. 'Birmingham 138A'. */
  name: string;
  /** Crimes (ASB included) over the 25 months. */
  crimes: number;
  /** 1 = the force's top 10% of LSOAs by crime. */
  decile: number;
}

export interface BirminghamMsoa {
  /** 2021 MSOA code and name ('Birmingham 001'). */
  code: string;
  name: string;
  /** Burglaries in each month of 2022 (index 0 = January). */
  months: number[];
  total: number;
}

export interface Calibration {
  lsoas: LsoaMarginal[];
  /**
   * Mean crimes per calendar month (index 0 = January) and category (index into
   * CRIME_CATEGORIES), averaged over the years 2024-04..2026-04 hold for that month.
   */
  monthly: number[][];
  /** How many years were averaged for each calendar month. */
  monthlyYears: number[];
  /** Months the monthly figures came from, 'YYYY-MM' first and last. */
  monthlyRange: [string, string];
  /** Share of each category (index into CATEGORIES, ASB included) in the top-decile LSOAs and the rest. */
  mixTop: number[];
  mixRest: number[];
  /** Outcome groups with their shares over all months. */
  outcomes: { label: string; share: number }[];
  birmingham: BirminghamMsoa[];
}

export function calibrationDir(): string {
  return join(dataDir(), 'samples', 'west-midlands', 'calibration');
}

function readRows(dir: string, name: string): Record<string, string>[] {
  const file = join(dir, `${name}.csv.gz`);
  let text: string;
  try {
    text = gunzipSync(readFileSync(file)).toString('utf8');
  } catch (e) {
    throw new BeatwiseError(
      'synth.calibration',
      `cannot read the calibration file (${(e as Error).message}); it ships in data/samples/west-midlands/calibration/`,
      { file },
    );
  }
  const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true, skipEmptyLines: true });
  if (parsed.errors.length) {
    const e = parsed.errors[0];
    throw new BeatwiseError('synth.calibration', `cannot parse the calibration file: ${e.message}`, {
      file,
      line: (e.row ?? 0) + 2,
    });
  }
  return parsed.data;
}

function num(s: string | undefined): number {
  const n = Number(s);
  return Number.isFinite(n) ? n : 0;
}

function category(name: string, file: string): Category {
  const c = toCategory(name);
  if (!c) throw new BeatwiseError('synth.calibration', `unknown crime type "${name}"`, { file });
  return c;
}

/** Reads the bundled calibration files (West Midlands Police rows only). */
export function readCalibration(dir = calibrationDir()): Calibration {
  const lsoas: LsoaMarginal[] = readRows(dir, 'lsoa_ranking')
    .filter((r) => r.force === FORCE_NAME)
    .map((r) => ({ code: r.lsoa_code, name: r.lsoa_name, crimes: num(r.crimes), decile: num(r.decile) }));

  const sums = Array.from({ length: 12 }, () => new Array<number>(CRIME_CATEGORIES.length).fill(0));
  const seen = Array.from({ length: 12 }, () => new Set<string>());
  let first = '9999-99';
  let last = '0000-00';
  for (const r of readRows(dir, 'monthly_trends')) {
    if (r.force !== FORCE_NAME || r.crime_type === 'All crime') continue;
    const c = category(r.crime_type, 'monthly_trends.csv');
    if (c === ASB) continue;
    const ym = r.month.slice(0, 7);
    const m = Number(ym.slice(5, 7)) - 1;
    sums[m][CRIME_CATEGORIES.indexOf(c)] += num(r.crimes);
    seen[m].add(ym);
    if (ym < first) first = ym;
    if (ym > last) last = ym;
  }
  const monthlyYears = seen.map((s) => s.size);
  if (monthlyYears.some((n) => n === 0))
    throw new BeatwiseError('synth.calibration', 'monthly_trends.csv does not cover all 12 calendar months', {
      file: 'monthly_trends.csv',
    });
  const monthly = sums.map((row, m) => row.map((v) => v / monthlyYears[m]));

  const top = new Array<number>(CATEGORIES.length).fill(0);
  const rest = new Array<number>(CATEGORIES.length).fill(0);
  for (const r of readRows(dir, 'hotspot_category_mix')) {
    if (r.force !== FORCE_NAME) continue;
    const i = CATEGORIES.indexOf(category(r.crime_type, 'hotspot_category_mix.csv'));
    (r.area_group === 'top decile' ? top : rest)[i] += num(r.crimes);
  }
  const norm = (v: number[]) => {
    const s = v.reduce((a, b) => a + b, 0);
    return v.map((x) => x / s);
  };

  const byOutcome = new Map<string, number>();
  for (const r of readRows(dir, 'outcomes_over_time')) {
    if (r.force !== FORCE_NAME) continue;
    byOutcome.set(r.outcome_group, (byOutcome.get(r.outcome_group) ?? 0) + num(r.crimes));
  }
  const outcomeTotal = [...byOutcome.values()].reduce((a, b) => a + b, 0);
  const outcomes = [...byOutcome]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([label, n]) => ({ label, share: n / outcomeTotal }));

  const birmingham = readRows(dir, 'birmingham_crime').map((r) => {
    const months = Array.from({ length: 12 }, (_, i) => num(r[`t${i + 1}`]));
    return { code: r.MSOA21CD, name: r.MSOA21NM, months, total: months.reduce((a, b) => a + b, 0) };
  });

  return {
    lsoas,
    monthly,
    monthlyYears,
    monthlyRange: [first, last],
    mixTop: norm(top),
    mixRest: norm(rest),
    outcomes,
    birmingham,
  };
}
