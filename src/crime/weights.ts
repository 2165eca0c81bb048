import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { BeatwiseError } from '../core/errors.ts';
import { ASB, CATEGORIES, toCategory } from './categories.ts';
import { normaliseOffenceCode, offenceCategory } from './offence-codes.ts';

/**
 * Harm weights: how many days of imprisonment (Cambridge Crime Harm Index) a crime of a kind is
 * worth. A set is keyed by police.uk category or by Home Office offence code, and keeps where it
 * came from. Counting is the index with every weight 1.
 */
export type WeightKind = 'category' | 'offence';

export interface WeightSet {
  name: string;
  kind: WeightKind;
  /** The force the set was made for (police.uk slug), or null for a national set. */
  force: string | null;
  source: string;
  version: string;
  /** Category name (as police.uk writes it) or normalised offence code → weight. */
  weights: Map<string, number>;
}

const CCHI_SOURCE =
  'Cambridge Crime Harm Index (Sherman, Neyroud & Neyroud 2016; 2026 update): per Home Office offence subgroup the median CCHI days, averaged per police.uk category weighted by 2024/25 recorded volumes; via isthisben/cbl-realcrime@5591939 (data/SOURCES.md)';
const CCHI_VERSION = 'CCHI 2026 update, volumes 2024/25';

/** The category weight sets that ship with Beatwise (data/harm-weights/), national and per force. */
export function bundledWeightSets(dataDir: string): WeightSet[] {
  const dir = join(dataDir, 'harm-weights');
  const national = readCsvRows(join(dir, 'cchi_by_police_uk_category_national.csv'));
  const sets: WeightSet[] = [
    {
      name: 'cchi-national',
      kind: 'category',
      force: null,
      source: `${CCHI_SOURCE}; national volumes`,
      version: CCHI_VERSION,
      weights: new Map(national.rows.map((r) => [r[0], Number(r[1])])),
    },
  ];
  const perForce = readCsvRows(join(dir, 'cchi_by_force_category_subset.csv'));
  const byForce = new Map<string, Map<string, number>>();
  for (const [force, category, days] of perForce.rows) {
    const m = byForce.get(force) ?? new Map<string, number>();
    m.set(category, Number(days));
    byForce.set(force, m);
  }
  for (const [force, weights] of byForce) {
    const slug = force.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    sets.push({
      name: `cchi-${slug}`,
      kind: 'category',
      force: slug,
      source: `${CCHI_SOURCE}; ${force} volumes`,
      version: CCHI_VERSION,
      weights,
    });
  }
  for (const s of sets) validateWeights(s, join(dir, 'bundled'));
  return sets;
}

function readCsvRows(
  file: string,
  text = readFileSync(file, 'utf8'),
): { header: string[]; rows: string[][] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  return { header: header ?? [], rows };
}

/**
 * Reads a weights CSV a user or force supplies: a header `category,weight` (police.uk categories)
 * or `offence_code,weight` (Home Office codes), optional further columns ignored. The whole file is
 * refused, with its line and reason, on an unknown category or code, a weight that is negative or
 * not a number, or a key given twice.
 */
export function readWeightsCsv(
  file: string,
  meta: { name: string; force: string | null; source?: string },
): WeightSet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new BeatwiseError('weights.not_found', 'cannot read the weights file', { file });
  }
  const { header, rows } = readCsvRows(file, text);
  const h = header.map((x) => x.trim().toLowerCase());
  const keyCol = h.findIndex((x) => x === 'category' || x === 'crime_type' || x === 'offence_code');
  const weightCol = h.findIndex((x) => x === 'weight' || x === 'cchi_days' || x === 'days');
  if (keyCol < 0 || weightCol < 0) {
    throw new BeatwiseError(
      'weights.header',
      `the header must have a "category" or "offence_code" column and a "weight" column; found "${header.join(',')}"`,
      { file, line: 1 },
    );
  }
  const kind: WeightKind = h[keyCol] === 'offence_code' ? 'offence' : 'category';
  const weights = new Map<string, number>();
  rows.forEach((r, i) => {
    const line = i + 2;
    const rawKey = (r[keyCol] ?? '').trim();
    const rawWeight = (r[weightCol] ?? '').trim();
    let key: string;
    if (kind === 'category') {
      const c = toCategory(rawKey);
      if (!c)
        throw new BeatwiseError('weights.unknown_key', `unknown police.uk category "${rawKey}"`, {
          file,
          line,
          field: header[keyCol],
        });
      key = c;
    } else {
      key = normaliseOffenceCode(rawKey);
      if (!offenceCategory(key)) {
        throw new BeatwiseError('weights.unknown_key', `unknown Home Office offence code "${rawKey}"`, {
          file,
          line,
          field: header[keyCol],
        });
      }
    }
    const w = Number(rawWeight);
    if (rawWeight === '' || !Number.isFinite(w)) {
      throw new BeatwiseError('weights.bad_weight', `weight "${rawWeight}" is not a number`, {
        file,
        line,
        field: header[weightCol],
      });
    }
    if (w < 0)
      throw new BeatwiseError('weights.bad_weight', `weight ${w} is negative`, {
        file,
        line,
        field: header[weightCol],
      });
    if (weights.has(key)) {
      throw new BeatwiseError('weights.duplicate', `"${rawKey}" is given twice`, {
        file,
        line,
        field: header[keyCol],
      });
    }
    weights.set(key, w);
  });
  if (weights.size === 0) throw new BeatwiseError('weights.empty', 'the weights file has no rows', { file });
  return {
    name: meta.name,
    kind,
    force: meta.force,
    source: meta.source ?? `loaded from ${file}`,
    version: new Date().toISOString().slice(0, 10),
    weights,
  };
}

function validateWeights(s: WeightSet, file: string): void {
  for (const [k, w] of s.weights) {
    if (s.kind === 'category' && !toCategory(k))
      throw new BeatwiseError('weights.unknown_key', `unknown category "${k}"`, { file });
    if (!Number.isFinite(w) || w < 0)
      throw new BeatwiseError('weights.bad_weight', `bad weight for "${k}"`, { file });
  }
}

/**
 * The weights a force's harm is computed with: a category set, and an offence-code set when the
 * force supplied one (used for rows that carry an offence code; the category set for the rest).
 */
export class HarmWeights {
  /** Weight per category index, NaN where the set has none. */
  private readonly byCategory: Float64Array;

  constructor(
    readonly categorySet: WeightSet,
    readonly offenceSet: WeightSet | null,
  ) {
    this.byCategory = new Float64Array(CATEGORIES.length).fill(Number.NaN);
    CATEGORIES.forEach((c, i) => {
      const w = categorySet.weights.get(c);
      if (w !== undefined) this.byCategory[i] = w;
    });
  }

  /**
   * A crime's harm, or null when its offence has no weight (it is then counted and listed as
   * unweighted, never given zero). Anti-social behaviour has no harm unless the set gives it one.
   */
  harmOf(category: number, offenceCode: string | null): number | null {
    if (offenceCode && this.offenceSet) {
      const w = this.offenceSet.weights.get(normaliseOffenceCode(offenceCode));
      if (w !== undefined) return w;
    }
    const w = this.byCategory[category];
    if (!Number.isNaN(w)) return w;
    return CATEGORIES[category] === ASB ? 0 : null;
  }

  /** A label for outputs: which sets made these numbers. */
  describe(): string {
    return this.offenceSet
      ? `${this.offenceSet.name} (offence codes), else ${this.categorySet.name}`
      : this.categorySet.name;
  }
}
