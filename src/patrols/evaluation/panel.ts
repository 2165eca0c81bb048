/**
 * The place-day panel: for each place (hotspot) and day, whether it was to be patrolled (the
 * intention-to-treat flag), its crimes and harm, and the crimes and harm in the ring around it
 * (displacement / diffusion). Built from crime points and times as pure arrays; store.ts reads them.
 */
import { type CsvCell, toCsvLine } from '../../core/csv/write.ts';

export interface PlaceDayPanel {
  /** Place ids, in place index order. */
  placeIds: string[];
  /** Per place: 1 when in the patrolled set (a non-randomised design; all 1 in a crossover). */
  treatedPlace: Uint8Array;
  /** The first patrol day (YYYY-MM-DD, Europe/London). */
  startDate: string;
  /** Calendar date of each day offset, from `firstDay`. */
  dates: string[];
  /** Day offset of the first panel day: 0, or −preDays when the panel has a period before. */
  firstDay: number;
  /** Rows (place-days); row i is place[i] on day[i]. */
  n: number;
  place: Int32Array;
  /** Day offset from the start date (negative: before patrols began). */
  day: Int32Array;
  /** 1 when the place was to be patrolled that day (allocation or patrolled set after the start). */
  treat: Uint8Array;
  crimes: Float64Array;
  harm: Float64Array;
  ringCrimes: Float64Array;
  ringHarm: Float64Array;
}

export interface PanelPlace {
  id: string;
  easting: number;
  northing: number;
  radiusM: number;
}

export interface PanelInput {
  places: PanelPlace[];
  startDate: string;
  /** Patrol days. */
  days: number;
  /** Days before the start also counted (non-randomised designs). */
  preDays: number;
  /** UTC epoch ms at which each panel day starts (length preDays + days + 1; local midnights). */
  dayStarts: Float64Array;
  dates: string[];
  ringWidthM: number;
  /** Crossover: flags per day × place (day-major); or null with `patrolled` for a non-randomised design. */
  allocation: Uint8Array | null;
  patrolled: Uint8Array;
  /** Crimes: BNG coordinates, time (epoch ms, NaN unknown) and harm weight. */
  x: Float64Array;
  y: Float64Array;
  time: Float64Array;
  weight: Float64Array;
}

/** Index of the day whose [start, next start) holds t, or −1. */
function dayOf(starts: Float64Array, t: number): number {
  if (!(t >= starts[0]) || t >= starts[starts.length - 1]) return -1;
  let lo = 0;
  let hi = starts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Counts each crime in every hotspot whose circle holds it (distance ≤ radius) and in every ring
 * (radius < distance ≤ radius + ring width) that holds it, on the day its time falls in. Rows are
 * day-major: row = (day − firstDay) × places + place.
 */
export function buildPanel(p: PanelInput): PlaceDayPanel {
  const P = p.places.length;
  const D = p.preDays + p.days;
  const n = P * D;
  const out: PlaceDayPanel = {
    placeIds: p.places.map((h) => h.id),
    treatedPlace: p.patrolled,
    startDate: p.startDate,
    dates: p.dates,
    firstDay: -p.preDays,
    n,
    place: new Int32Array(n),
    day: new Int32Array(n),
    treat: new Uint8Array(n),
    crimes: new Float64Array(n),
    harm: new Float64Array(n),
    ringCrimes: new Float64Array(n),
    ringHarm: new Float64Array(n),
  };
  for (let d = 0; d < D; d++) {
    const day = d - p.preDays;
    for (let h = 0; h < P; h++) {
      const i = d * P + h;
      out.place[i] = h;
      out.day[i] = day;
      if (day >= 0) out.treat[i] = p.allocation ? p.allocation[day * P + h] : p.patrolled[h];
    }
  }
  // A coarse box test first: most crimes of a force are far from every hotspot.
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  const outer = p.places.map((h) => h.radiusM + p.ringWidthM);
  p.places.forEach((h, k) => {
    minX = Math.min(minX, h.easting - outer[k]);
    maxX = Math.max(maxX, h.easting + outer[k]);
    minY = Math.min(minY, h.northing - outer[k]);
    maxY = Math.max(maxY, h.northing + outer[k]);
  });
  for (let c = 0; c < p.x.length; c++) {
    const cx = p.x[c];
    const cy = p.y[c];
    if (!(cx >= minX && cx <= maxX && cy >= minY && cy <= maxY)) continue;
    const d = dayOf(p.dayStarts, p.time[c]);
    if (d < 0) continue;
    for (let h = 0; h < P; h++) {
      const pl = p.places[h];
      const dx = cx - pl.easting;
      const dy = cy - pl.northing;
      const dist2 = dx * dx + dy * dy;
      if (dist2 > outer[h] * outer[h]) continue;
      const i = d * P + h;
      if (dist2 <= pl.radiusM * pl.radiusM) {
        out.crimes[i] += 1;
        out.harm[i] += p.weight[c];
      } else {
        out.ringCrimes[i] += 1;
        out.ringHarm[i] += p.weight[c];
      }
    }
  }
  return out;
}

export const PANEL_CSV_COLUMNS = [
  'place_id',
  'date',
  'day',
  'period',
  'patrolled_place',
  'treat',
  'crimes',
  'harm',
  'ring_crimes',
  'ring_harm',
] as const;

/**
 * The panel as CSV text (through core/csv/write.ts): one row per place-day; `label` lines (e.g.
 * SYNTHETIC) come first as `# …` comments so an analyst's reader can skip them.
 */
export function panelCsv(panel: PlaceDayPanel, labels: readonly string[] = []): string {
  const lines: string[] = labels.map((l) => `# ${l.replace(/[\r\n]+/g, ' ')}`);
  lines.push(toCsvLine([...PANEL_CSV_COLUMNS]));
  for (let i = 0; i < panel.n; i++) {
    const d = panel.day[i];
    const row: CsvCell[] = [
      panel.placeIds[panel.place[i]],
      panel.dates[d - panel.firstDay],
      d,
      d < 0 ? 'before' : 'during',
      panel.treatedPlace[panel.place[i]],
      panel.treat[i],
      panel.crimes[i],
      round(panel.harm[i]),
      panel.ringCrimes[i],
      round(panel.ringHarm[i]),
    ];
    lines.push(toCsvLine(row));
  }
  return `${lines.join('\n')}\n`;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
