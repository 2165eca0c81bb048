/**
 * The generator's model of the West Midlands, built once per seed: the LSOAs with their calibrated
 * crime weights per category, the micro-places (hotspots) inside them, and the pickers that draw
 * from them. Rows are then drawn month by month (generate.ts).
 *
 * Where crime goes, for a crime of category c:
 * 1. an LSOA, in proportion to w_c(l) = crimes(l) × mix_c(l): the LSOA's real count (lsoa_ranking,
 *    carried onto 2011 LSOAs by `crosswalk`) times the category's share in the LSOA's group (top
 *    decile or the rest, hotspot_category_mix). Birmingham burglary is then re-spread over
 *    Birmingham's MSOAs in proportion to their real 2022 burglary counts (rts2). In each month the
 *    weights are multiplied by the LSOA's district trend, and the month's count of category c is the
 *    calibrated count times the category's trend and its districts' (trends.ts).
 * 2. a kind within the category (e.g. domestic, night-time economy or other violence), by its share;
 *    night-time economy kinds are rarer (× 0.15) in an LSOA without a night-time economy place;
 * 3. with the kind's probability `hot`, one of the LSOA's micro-places (by place weight × the kind's
 *    affinity for the place type), the point drawn around its centre (normal, σ 12–25 m); otherwise a
 *    point uniformly inside the LSOA polygon.
 */
import { BeatwiseError } from '../../core/errors.ts';
import { apportion, Rng, WeightedPicker } from '../../core/rng.ts';
import { formatMonth, parseMonth } from '../../core/time/month.ts';
import { CATEGORIES, type Category } from '../categories.ts';
import { offenceCategory } from '../offence-codes.ts';
import { type Calibration, CRIME_CATEGORIES, readCalibration } from './calibration.ts';
import { type CrosswalkEntry, crosswalk, Geography, readLsoas } from './geography.ts';
import {
  ageWeights,
  KINDS,
  type Kind,
  PLACE_SIGMA,
  PLACE_TYPES,
  type PlaceType,
  TIME_PROFILES,
  weekProfile,
} from './profiles.ts';
import { monthCategoryFactor, monthLsoaWeights } from './trends.ts';

export interface SynthOptions {
  /** First and last recorded month, 'YYYY-MM'. */
  from: string;
  to: string;
  seed: number;
  /** Share of the real monthly volume to generate (default 1). Ignored when `rows` is given. */
  fraction?: number;
  /** Exact total number of rows, spread over the months like the real volume. */
  rows?: number;
  /** Folders to read from instead of the bundled ones (tests). */
  calibrationDir?: string;
  lsoaDir?: string;
}

/** The micro-places, in LSOA order (CSR: places of LSOA l are start[l] .. start[l+1]). */
export interface Places {
  count: number;
  e: Float64Array;
  n: Float64Array;
  type: Uint8Array;
  lsoa: Int32Array;
  weight: Float64Array;
  start: Int32Array;
}

export interface SynthModel {
  options: Required<Pick<SynthOptions, 'from' | 'to' | 'seed'>> & { fraction: number; rows: number | null };
  calibration: Calibration;
  geography: Geography;
  crosswalk: CrosswalkEntry[];
  /** Per LSOA: the share of its credited crime from top-decile 2021 LSOAs. */
  topShare: Float64Array;
  places: Places;
  /** First month index (months since 1970-01) and rows per month × category (CRIME_CATEGORIES order). */
  firstMonth: number;
  counts: number[][];
  /**
   * Per category (CRIME_CATEGORIES order): the calibrated LSOA weights; a month's weights are these
   * times the district trends (trends.ts, `monthLsoaPickers`).
   */
  lsoaWeights: Float64Array[];
  /** Each LSOA's district (the key of the district trends). */
  districts: string[];
  /** Kind indexes (into KINDS) per category, and per category × LSOA the picker over them. */
  kindsOf: number[][];
  /** Per category × LSOA: the weights of its kinds (kindsOf order), and the picker over them. */
  kindWeights: number[][][];
  kindPickers: WeightedPicker[][];
  /** Per kind × LSOA: picker over the LSOA's places (indexes relative to places.start[l]), or null. */
  placePickers: (WeightedPicker | null)[][];
  /** Per kind: picker over its codes; per kind × code: picker over ages 0..100 (null: no victim age). */
  codePickers: WeightedPicker[];
  agePickers: (WeightedPicker | null)[][];
  /** Per time profile (TIME_PROFILES order): picker over the 168 hours of the week. */
  weekPickers: WeightedPicker[];
  /** Index into TIME_PROFILES of each kind's profile. */
  kindProfile: number[];
  outcomePicker: WeightedPicker;
  outcomeLabels: string[];
}

export const DEFAULT_SEED = 1;
/** Rows a month can hold (generate.ts sorts a month with the row number in 21 bits). */
export const MAX_MONTH_ROWS = 2 ** 21;
const NTE_ELSEWHERE = 0.15;

function monthIndex(text: string, what: string): number {
  const m = parseMonth(text);
  if (m === null)
    throw new BeatwiseError('synth.options', `${what} "${text}" is not a month (YYYY-MM)`, { field: what });
  return m;
}

/** Checks every kind's offence codes against the importer's code → category table. */
export function checkKinds(kinds: readonly Kind[] = KINDS): void {
  for (const k of kinds) {
    for (const c of k.codes) {
      const cat = offenceCategory(c.code);
      if (cat !== k.category)
        throw new Error(`kind ${k.name}: offence code ${c.code} is ${cat ?? 'unknown'}, not ${k.category}`);
    }
  }
}

/** Builds the model: reads the calibration and boundaries, places the micro-places, makes the pickers. */
export async function buildModel(opts: SynthOptions): Promise<SynthModel> {
  const first = monthIndex(opts.from, '--from');
  const last = monthIndex(opts.to, '--to');
  if (last < first)
    throw new BeatwiseError('synth.options', `--to ${opts.to} is before --from ${opts.from}`, {
      field: '--to',
    });
  if (last - first >= 1200)
    throw new BeatwiseError('synth.options', 'the range is longer than 100 years', { field: '--to' });
  const seed = opts.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new BeatwiseError('synth.options', `--seed must be an integer 0..4294967295, got ${seed}`, {
      field: '--seed',
    });
  const fraction = opts.fraction ?? 1;
  if (!(fraction > 0 && fraction <= 10))
    throw new BeatwiseError('synth.options', `--fraction must be above 0 and at most 10, got ${fraction}`, {
      field: '--fraction',
    });
  if (opts.rows !== undefined && !(Number.isInteger(opts.rows) && opts.rows > 0))
    throw new BeatwiseError('synth.options', `--rows must be a positive integer, got ${opts.rows}`, {
      field: '--rows',
    });
  checkKinds();

  const calibration = readCalibration(opts.calibrationDir);
  const geography = new Geography(await readLsoas(opts.lsoaDir));
  const lsoas = geography.lsoas;
  const xw = crosswalk(lsoas, calibration.lsoas);
  const topShare = Float64Array.from(xw, (x) => x.topCrimes / x.crimes);

  // LSOA weights per category.
  const catIndex = (c: Category) => CATEGORIES.indexOf(c);
  const lsoaWeights = CRIME_CATEGORIES.map((c) => {
    const ci = catIndex(c);
    return Float64Array.from(
      xw,
      (x, l) =>
        x.crimes * (topShare[l] * calibration.mixTop[ci] + (1 - topShare[l]) * calibration.mixRest[ci]),
    );
  });
  spreadBirminghamBurglary(lsoaWeights[CRIME_CATEGORIES.indexOf('Burglary')], lsoas, xw, calibration);

  // Rows per month × category.
  const months = last - first + 1;
  const districts = lsoas.map((l) => l.district);
  const expected = Array.from({ length: months }, (_, i) =>
    calibration.monthly[(first + i) % 12].map(
      (v, c) => v * fraction * monthCategoryFactor(c, lsoaWeights[c], districts, first + i),
    ),
  );
  const monthTotals =
    opts.rows !== undefined
      ? apportion(
          expected.map((row) => row.reduce((a, b) => a + b, 0)),
          opts.rows,
        )
      : expected.map((row) => Math.round(row.reduce((a, b) => a + b, 0)));
  const counts = expected.map((row, i) => apportion(row, monthTotals[i]));
  const busiest = Math.max(...monthTotals);
  if (busiest >= MAX_MONTH_ROWS)
    throw new BeatwiseError(
      'synth.options',
      `a month would have ${busiest} rows; at most ${MAX_MONTH_ROWS - 1} a month can be generated`,
      { field: '--fraction' },
    );

  const places = placeMicroPlaces(geography, xw, topShare, calibration, new Rng((seed ^ 0x5eed1e55) >>> 0));

  const kindsOf = CRIME_CATEGORIES.map((c) => KINDS.flatMap((k, i) => (k.category === c ? [i] : [])));
  for (const [i, ks] of kindsOf.entries())
    if (!ks.length) throw new Error(`no kind for category ${CRIME_CATEGORIES[i]}`);

  const placePickers = KINDS.map((k) =>
    lsoas.map((_, l) => {
      const s = places.start[l];
      const e = places.start[l + 1];
      const w: number[] = [];
      let any = false;
      for (let p = s; p < e; p++) {
        const a = (k.affinity[PLACE_TYPES[places.type[p]]] ?? 0) * places.weight[p];
        w.push(a);
        if (a > 0) any = true;
      }
      return any ? new WeightedPicker(w) : null;
    }),
  );
  const hasNte = lsoas.map((_, l) => {
    for (let p = places.start[l]; p < places.start[l + 1]; p++)
      if (PLACE_TYPES[places.type[p]] === 'nte') return true;
    return false;
  });
  const kindWeights = kindsOf.map((ks, c) => balancedKindWeights(ks, lsoaWeights[c], hasNte));
  const kindPickers = kindWeights.map((perLsoa) => perLsoa.map((w) => new WeightedPicker(w)));

  const codePickers = KINDS.map((k) => new WeightedPicker(k.codes.map((c) => c.weight)));
  const agePickers = KINDS.map((k) =>
    k.codes.map((c) => {
      const profile = c.ageProfile ?? k.age;
      return profile === null ? null : new WeightedPicker(ageWeights(profile, c.ages));
    }),
  );
  const weekPickers = TIME_PROFILES.map((p) => new WeightedPicker(weekProfile(p)));
  const kindProfile = KINDS.map((k) => TIME_PROFILES.indexOf(k.time));

  return {
    options: { from: formatMonth(first), to: formatMonth(last), seed, fraction, rows: opts.rows ?? null },
    calibration,
    geography,
    crosswalk: xw,
    topShare,
    places,
    firstMonth: first,
    counts,
    lsoaWeights,
    districts,
    kindsOf,
    kindWeights,
    kindPickers,
    placePickers,
    codePickers,
    agePickers,
    weekPickers,
    kindProfile,
    outcomePicker: new WeightedPicker(calibration.outcomes.map((o) => o.share)),
    outcomeLabels: calibration.outcomes.map((o) => o.label),
  };
}

/** Per category: the picker over LSOAs for month `m` (calibrated weights × district trends). */
export function monthLsoaPickers(model: SynthModel, m: number): WeightedPicker[] {
  const out = new Float64Array(model.districts.length);
  return model.lsoaWeights.map((w) => new WeightedPicker(monthLsoaWeights(w, model.districts, m, out)));
}

/**
 * The weights of a category's kinds in each LSOA: each kind's share, × 0.15 for a night-time
 * economy kind where the LSOA has no night-time economy place, then scaled per kind (a few
 * fixed-point rounds) so that over the force each kind keeps its share of the category.
 */
function balancedKindWeights(
  ks: readonly number[],
  lsoaW: Float64Array,
  hasNte: readonly boolean[],
): number[][] {
  const total = lsoaW.reduce((a, b) => a + b, 0);
  const scale = ks.map(() => 1);
  const weights = () =>
    hasNte.map((nte) =>
      ks.map((k, j) => KINDS[k].share * scale[j] * (KINDS[k].affinity.nte === 1 && !nte ? NTE_ELSEWHERE : 1)),
    );
  for (let round = 0; round < 30; round++) {
    const w = weights();
    const realised = ks.map(() => 0);
    w.forEach((row, l) => {
      const sum = row.reduce((a, b) => a + b, 0);
      row.forEach((x, j) => {
        realised[j] += (lsoaW[l] / total) * (x / sum);
      });
    });
    ks.forEach((k, j) => {
      scale[j] *= KINDS[k].share / realised[j];
    });
  }
  return weights();
}

/**
 * Re-spreads Birmingham's burglary weight over its MSOAs in proportion to their real 2022 burglary
 * counts (rts2; 12-month totals: per MSOA per month the counts average ~5, mostly Poisson noise),
 * and within an MSOA in proportion to the LSOAs' own burglary weights. Birmingham's total is kept.
 */
export function spreadBirminghamBurglary(
  w: Float64Array,
  lsoas: readonly { district: string }[],
  xw: readonly CrosswalkEntry[],
  cal: Calibration,
): void {
  const rts = new Map(cal.birmingham.map((m) => [m.name, m.total]));
  const byMsoa = new Map<string, number[]>();
  lsoas.forEach((l, i) => {
    if (l.district !== 'Birmingham' || !rts.has(xw[i].msoa21)) return;
    const list = byMsoa.get(xw[i].msoa21) ?? [];
    list.push(i);
    byMsoa.set(xw[i].msoa21, list);
  });
  let covered = 0;
  let rtsTotal = 0;
  for (const [msoa, list] of byMsoa) {
    for (const i of list) covered += w[i];
    rtsTotal += rts.get(msoa) ?? 0;
  }
  if (covered <= 0 || rtsTotal <= 0) return;
  for (const [msoa, list] of byMsoa) {
    const target = (covered * (rts.get(msoa) ?? 0)) / rtsTotal;
    const own = list.reduce((s, i) => s + w[i], 0);
    for (const i of list) w[i] = own > 0 ? (target * w[i]) / own : target / list.length;
  }
}

/**
 * The micro-places of every LSOA (deterministic for the seed, whatever the months asked for):
 * - residential (a problem street or block): 1 + ⌊crimes / 600⌋
 * - retail (a shop, parade or centre): 1 + ⌊expected shoplifting / 150⌋
 * - night-time economy (bars, clubs): ⌊top-decile crimes / 700⌋, plus one with probability 0.12
 * - transport (stations, interchanges): ⌊top-decile crimes / 1500⌋, plus one with probability 0.15
 * - parking: 1 + ⌊crimes / 1500⌋
 * (crimes = the LSOA's 25-month police.uk count; each number capped at 25), each at a uniform point
 * of the LSOA with a lognormal weight (median 1, log-sd 1.1).
 */
function placeMicroPlaces(
  geo: Geography,
  xw: readonly CrosswalkEntry[],
  topShare: Float64Array,
  cal: Calibration,
  rng: Rng,
): Places {
  const shop = CATEGORIES.indexOf('Shoplifting');
  const e: number[] = [];
  const n: number[] = [];
  const type: number[] = [];
  const lsoa: number[] = [];
  const weight: number[] = [];
  const start = new Int32Array(geo.lsoas.length + 1);
  const at = new Float64Array(2);
  const cap = (x: number) => Math.min(25, x);
  for (let l = 0; l < geo.lsoas.length; l++) {
    start[l] = e.length;
    const crimes = xw[l].crimes;
    const top = xw[l].topCrimes;
    const shoplifting = crimes * (topShare[l] * cal.mixTop[shop] + (1 - topShare[l]) * cal.mixRest[shop]);
    const howMany: Record<PlaceType, number> = {
      nte: cap(Math.floor(top / 700) + (rng.chance(0.12) ? 1 : 0)),
      retail: cap(1 + Math.floor(shoplifting / 150)),
      transport: cap(Math.floor(top / 1500) + (rng.chance(0.15) ? 1 : 0)),
      residential: cap(1 + Math.floor(crimes / 600)),
      parking: cap(1 + Math.floor(crimes / 1500)),
    };
    PLACE_TYPES.forEach((t, ti) => {
      for (let k = 0; k < howMany[t]; k++) {
        geo.randomPointIn(l, rng, at);
        e.push(at[0]);
        n.push(at[1]);
        type.push(ti);
        lsoa.push(l);
        weight.push(rng.lognormal(1, 1.1));
      }
    });
  }
  start[geo.lsoas.length] = e.length;
  return {
    count: e.length,
    e: Float64Array.from(e),
    n: Float64Array.from(n),
    type: Uint8Array.from(type),
    lsoa: Int32Array.from(lsoa),
    weight: Float64Array.from(weight),
    start,
  };
}

export { PLACE_SIGMA };
