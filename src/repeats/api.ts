/**
 * The repeats functions the CLI and the API share: select burglaries (force, area, months), then
 * the Knox test, the classification, the alerts with visit lists, and the cocooning comparison.
 * Every result carries its caveats. The clock and random seeds come in as arguments.
 */
import { BeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import { formatMonth, parseMonth } from '../core/time/month.ts';
import { resolveArea } from '../hotspots/index.ts';
import { type Alert, alertAsHotspot, buildAlert, type HotspotArea } from './alerts.ts';
import { CLASSES, classifyRepeats, countClasses } from './classify.ts';
import { type CocooningEvaluation, evaluateCocooning } from './cocooning.ts';
import { checkBands, type KnoxResult, knox, type Scheme } from './knox.ts';
import {
  DEFAULT_RISK,
  dayText,
  EXTRACT_CAVEAT,
  MONTH_ONLY_CAVEATS,
  parseDay,
  type RiskSettings,
  SYNTHETIC_CAVEAT,
  suggestedBands,
} from './model.ts';
import type { Metric } from './pairs.ts';
import { chooseRisk, type KnoxRisk, riskFromKnox } from './risk.ts';
import {
  areaNames,
  type CocoonRecord,
  cocoonedCrimes,
  cocooningRecords,
  type LoadedBurglaries,
  loadBurglaries,
  placesNear,
  readRiskSettings,
  recordCocooning,
  saveRiskSettings,
} from './store.ts';

export interface RepeatSelection {
  force?: string;
  area?: string;
  /** 'YYYY-MM' inclusive. */
  from?: string;
  to?: string;
}

export interface Header {
  force: string;
  area: string;
  months: string;
  burglaries: number;
  monthOnly: boolean;
  synthetic: boolean;
  caveats: string[];
}

function monthOf(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  const m = parseMonth(text);
  if (m === null)
    throw new BeatwiseError('repeats.bad_month', `${field} must be YYYY-MM, got "${text}"`, { field });
  return m;
}

async function select(
  store: Store,
  sel: RepeatSelection,
): Promise<{ loaded: LoadedBurglaries; header: Header; forceId: number; forceSlug: string }> {
  const area = await resolveArea(store.db, sel.force, sel.area);
  const from = monthOf(sel.from, 'from');
  const to = monthOf(sel.to, 'to');
  if (from !== undefined && to !== undefined && from > to)
    throw new BeatwiseError('repeats.bad_months', `from ${sel.from} is after to ${sel.to}`, {
      field: 'from',
    });
  const loaded = await loadBurglaries(store.db, area, from, to);
  const b = loaded.b;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < b.n; k++) {
    if (b.month[k] < lo) lo = b.month[k];
    if (b.month[k] > hi) hi = b.month[k];
  }
  const caveats: string[] = [];
  if (loaded.synthetic) caveats.push(SYNTHETIC_CAVEAT);
  if (loaded.monthOnly) caveats.push(...MONTH_ONLY_CAVEATS);
  else caveats.push(EXTRACT_CAVEAT);
  if (loaded.unlocated) caveats.push(`${loaded.unlocated} burglaries have no location and are left out`);
  return {
    loaded,
    forceId: area.forceId,
    forceSlug: area.forceSlug,
    header: {
      force: area.forceName,
      area:
        area.level === 'force' ? `${area.name} (whole force)` : `${area.name} (${area.level} ${area.code})`,
      months: b.n
        ? lo === hi
          ? formatMonth(lo)
          : `${formatMonth(lo)} to ${formatMonth(hi)}`
        : 'no burglaries',
      burglaries: b.n,
      monthOnly: loaded.monthOnly,
      synthetic: loaded.synthetic,
      caveats,
    },
  };
}

export interface KnoxRequest extends RepeatSelection {
  distances?: number[];
  times?: number[];
  metric?: Metric;
  iterations?: number;
  scheme?: Scheme;
  alpha?: number;
  /** Required: the caller draws one (and reports it) when the user gives none. */
  seed: number;
  /** Save the risk radius and days the result supports as the force's settings. */
  save?: boolean;
}

export interface KnoxAnswer {
  header: Header;
  result: KnoxResult;
  distances: number[];
  times: number[];
  /** Whether the bands were the suggested ones for this data (none given). */
  bandsChosen: boolean;
  risk: KnoxRisk | null;
  saved: boolean;
  seconds: number;
}

export const MAX_ITERATIONS = 9999;

export async function knoxAnalysis(
  store: Store,
  r: KnoxRequest,
  now: () => string = () => new Date().toISOString(),
): Promise<KnoxAnswer> {
  const s = await select(store, r);
  const d = suggestedBands(s.loaded.monthOnly);
  const distances = r.distances ?? d.distances;
  const times = r.times ?? d.times;
  try {
    checkBands(distances, times);
  } catch (e) {
    throw new BeatwiseError('repeats.bad_bands', (e as Error).message, { field: 'distances' });
  }
  const iterations = r.iterations ?? d.iterations;
  if (!(Number.isInteger(iterations) && iterations >= 9 && iterations <= MAX_ITERATIONS))
    throw new BeatwiseError(
      'repeats.bad_iterations',
      `iterations must be a whole number from 9 to ${MAX_ITERATIONS}, got ${iterations}`,
      {
        field: 'iterations',
      },
    );
  const b = s.loaded.b;
  const t0 = performance.now();
  const result = knox(b.x, b.y, b.day, {
    distances,
    times,
    metric: r.metric ?? d.metric,
    iterations,
    seed: r.seed,
    scheme: r.scheme ?? d.scheme,
    alpha: r.alpha,
  });
  const seconds = (performance.now() - t0) / 1000;
  const risk = riskFromKnox(result, distances, times, s.loaded.monthOnly);
  let saved = false;
  if (r.save && risk) {
    await saveRiskSettings(
      store.db,
      s.forceId,
      {
        radiusM: risk.radiusM,
        days: risk.days,
        source: 'knox',
        knox: {
          area: s.header.area,
          months: s.header.months,
          distances,
          times,
          iterations,
          seed: r.seed,
          scheme: result.scheme,
          note: risk.note,
        },
      },
      now(),
    );
    saved = true;
  }
  return {
    header: s.header,
    result,
    distances,
    times,
    bandsChosen: !r.distances && !r.times,
    risk,
    saved,
    seconds,
  };
}

export interface ClassifyRequest extends RepeatSelection {
  radiusM?: number;
  days?: number;
  metric?: Metric;
  by?: 'team' | 'ward' | 'unit';
}

export interface ClassifyAnswer {
  header: Header;
  risk: RiskSettings;
  classes: readonly string[];
  totals: Record<string, number>;
  rows: {
    areaCode: string;
    areaName: string;
    month: string;
    isolated: number;
    originator: number;
    repeat: number;
    nearRepeat: number;
  }[];
}

export async function classifyAnalysis(store: Store, r: ClassifyRequest): Promise<ClassifyAnswer> {
  const s = await select(store, r);
  const risk = chooseRisk(
    { radiusM: r.radiusM, days: r.days },
    await readRiskSettings(store.db, s.forceId),
    DEFAULT_RISK,
  );
  const b = s.loaded.b;
  const clock = timeScale(s.loaded, risk.days);
  const cls = classifyRepeats(b.x, b.y, clock.t, {
    radiusM: risk.radiusM,
    days: clock.window,
    metric: r.metric ?? 'euclidean',
  });
  const by = r.by ?? 'team';
  const names = await areaNames(store.db, s.forceId);
  const counts = countClasses(cls, by === 'team' ? b.team : by === 'ward' ? b.ward : b.unit, b.month);
  const totals: Record<string, number> = Object.fromEntries(CLASSES.map((c) => [c, 0]));
  for (const c of cls) totals[CLASSES[c]]++;
  const header = { ...s.header };
  if (clock.note) header.caveats = [...header.caveats, clock.note];
  if (s.loaded.monthOnly)
    header.caveats = [
      ...header.caveats,
      'month-only data: crimes of the same month are ordered arbitrarily, so which of two is the originator is not known',
    ];
  return {
    header,
    risk,
    classes: CLASSES,
    totals,
    rows: counts.map((c) => ({
      areaCode: names.get(c.area)?.code ?? '(none)',
      areaName: names.get(c.area)?.name ?? '(no area)',
      month: formatMonth(c.month),
      isolated: c.counts[0],
      originator: c.counts[1],
      repeat: c.counts[2],
      nearRepeat: c.counts[3],
    })),
  };
}

export interface AlertsRequest {
  force?: string;
  area?: string;
  /** 'YYYY-MM-DD' or 'YYYY-MM': burglaries on or after it. */
  since: string;
  radiusM?: number;
  days?: number;
  metric?: Metric;
}

export interface NamedAlert extends Alert {
  teamName: string;
  cocooning: CocoonRecord | null;
  visitsByTeam: { team: number; teamName: string; list: Alert['visits'][number]['list'] }[];
  /** The area as a hotspot a patrol plan can take (alertAsHotspot). */
  hotspot: HotspotArea;
}

export interface AlertsAnswer {
  header: Header;
  since: string;
  risk: RiskSettings;
  alerts: NamedAlert[];
}

export async function alertsFor(store: Store, r: AlertsRequest): Promise<AlertsAnswer> {
  const since = parseDay(r.since);
  if (since === null)
    throw new BeatwiseError('repeats.bad_since', `since must be YYYY-MM-DD or YYYY-MM, got "${r.since}"`, {
      field: 'since',
    });
  const sinceMonth = formatMonth(monthIndexOfDay(since));
  const s = await select(store, { force: r.force, area: r.area, from: sinceMonth });
  const risk = chooseRisk(
    { radiusM: r.radiusM, days: r.days },
    await readRiskSettings(store.db, s.forceId),
    DEFAULT_RISK,
  );
  const b = s.loaded.b;
  const picked: number[] = [];
  for (let k = 0; k < b.n; k++)
    if (b.dated[k] ? b.day[k] >= since : b.day[k] >= monthStartOfDay(since)) picked.push(k);
  const places = await placesNear(
    store.db,
    s.forceId,
    picked.map((k) => ({ x: b.x[k], y: b.y[k] })),
    risk.radiusM,
  );
  const names = await areaNames(store.db, s.forceId);
  const records = await cocooningRecords(
    store.db,
    s.forceId,
    picked.map((k) => b.id[k]),
  );
  const alerts = picked
    .map((k) =>
      buildAlert(
        {
          id: b.id[k],
          x: b.x[k],
          y: b.y[k],
          day: b.day[k],
          monthOnly: b.dated[k] === 0,
          team: b.team[k],
          placeId: b.place[k],
        },
        places,
        risk.radiusM,
        risk.days,
        r.metric ?? 'euclidean',
      ),
    )
    .sort((a, c) => c.date.localeCompare(a.date) || a.crimeId - c.crimeId)
    .map(
      (a): NamedAlert => ({
        ...a,
        teamName: names.get(a.team)?.name ?? '(no team)',
        cocooning: records.get(a.crimeId) ?? null,
        visitsByTeam: a.visits.map((v) => ({ ...v, teamName: names.get(v.team)?.name ?? '(no team)' })),
        hotspot: alertAsHotspot(a),
      }),
    );
  return { header: s.header, since: dayText(since), risk, alerts };
}

/**
 * The clock classification and the cocooning comparison run on: days for dated data; for month-only
 * data months (the days rounded to whole months, at least one), since a gap of "28 days" between two
 * month starts would count February to March but not January to February.
 */
function timeScale(
  l: LoadedBurglaries,
  days: number,
): { t: Float64Array; window: number; note: string | null } {
  if (!l.monthOnly) return { t: l.b.day, window: days, note: null };
  const months = Math.max(1, Math.round(days / 30.4375));
  return {
    t: Float64Array.from(l.b.month),
    window: months,
    note: `month-only data: the ${days} days are read as ${months} whole month${months > 1 ? 's' : ''} (a later burglary in the same month or up to ${months} month${months > 1 ? 's' : ''} after counts)`,
  };
}

function monthIndexOfDay(day: number): number {
  const d = new Date(day * 86_400_000);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

function monthStartOfDay(day: number): number {
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 86_400_000;
}

export interface CocooningRequest extends RepeatSelection {
  radiusM?: number;
  days?: number;
  metric?: Metric;
}

export async function cocooningAnalysis(
  store: Store,
  r: CocooningRequest,
): Promise<{ header: Header; risk: RiskSettings; evaluation: CocooningEvaluation }> {
  const s = await select(store, r);
  const risk = chooseRisk(
    { radiusM: r.radiusM, days: r.days },
    await readRiskSettings(store.db, s.forceId),
    DEFAULT_RISK,
  );
  const b = s.loaded.b;
  const done = await cocoonedCrimes(store.db, s.forceId);
  const cocooned = Uint8Array.from(b.id, (id) => (done.has(id) ? 1 : 0));
  const clock = timeScale(s.loaded, risk.days);
  let last = -Infinity;
  for (let k = 0; k < b.n; k++) if (clock.t[k] > last) last = clock.t[k];
  const evaluation = evaluateCocooning(b.x, b.y, clock.t, cocooned, {
    radiusM: risk.radiusM,
    days: clock.window,
    metric: r.metric ?? 'euclidean',
    lastDay: last,
    unit: s.loaded.monthOnly ? 'months' : 'days',
  });
  const header = clock.note ? { ...s.header, caveats: [...s.header.caveats, clock.note] } : s.header;
  return { header, risk, evaluation };
}

/** Marks a burglary's neighbourhood cocooned (or planned); returns the force's id for the caller's checks. */
export async function markCocooning(
  store: Store,
  force: string | undefined,
  rec: CocoonRecord,
  now: () => string = () => new Date().toISOString(),
): Promise<void> {
  const area = await resolveArea(store.db, force);
  await recordCocooning(store.db, area.forceId, rec, now());
}

/** Sets the force's near-repeat risk radius and days by hand. */
export async function setRisk(
  store: Store,
  force: string | undefined,
  radiusM: number,
  days: number,
  now: () => string = () => new Date().toISOString(),
): Promise<void> {
  const area = await resolveArea(store.db, force);
  await saveRiskSettings(store.db, area.forceId, { radiusM, days, source: 'settings', knox: null }, now());
}
