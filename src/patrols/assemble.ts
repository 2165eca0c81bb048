/**
 * Patrols from the append-only event log: an officer's start and end events sharing a patrol key
 * make one patrol; tactic and note events attach to it; a correction event names an earlier event
 * and supersedes its time, hotspot or text without rewriting it (the latest correction wins). Then
 * each patrol's minutes inside its hotspot are measured from GPS/radio pings where the officer has
 * any during the patrol, else taken from the start and end typed in, and the flags are raised.
 */
import type { EventSource, PatrolEvent, PatrolWindow, Ping } from './model.ts';
import { inWindow } from './windows.ts';

export const FLAGS = {
  'over-cap': 'longer than the patrol cap',
  'never-entered': 'never entered its hotspot',
  overlap: 'overlaps another patrol by the same officer',
  'outside-window': 'started outside the hotspot’s windows',
  'no-end': 'started but not ended',
} as const;
export type Flag = keyof typeof FLAGS;

/** A ping further apart than this from the next one says nothing about the time between. */
export const MAX_PING_GAP_MS = 5 * 60_000;
/** Tolerance on a phone's or ping's position (GPS error) when asking "was it in the hotspot?". */
export const POSITION_TOLERANCE_M = 25;

export interface HotspotGeometry {
  x: number;
  y: number;
  radiusM: number;
  windows: readonly PatrolWindow[];
}

export interface Patrol {
  officerId: string;
  patrolKey: string;
  versionId: number;
  /** Hotspot rank (1 = first), or null when unknown. */
  hotspotRank: number | null;
  startMs: number;
  /** null when not ended. */
  endMs: number | null;
  source: EventSource;
  /** Minutes between start and end (0 when not ended). */
  typedMinutes: number;
  /** Minutes inside the hotspot by the pings, or null when the officer has no pings during the patrol. */
  trackedMinutes: number | null;
  /** Minutes counted as present: tracked where there are pings, else typed. */
  minutes: number;
  tactics: string[];
  notes: string[];
  flags: Flag[];
  /** Event ids making up the patrol. */
  eventIds: number[];
}

/** Pings of one officer, sorted by time. */
export type PingsByOfficer = Map<string, { t: Float64Array; x: Float64Array; y: Float64Array }>;

/**
 * Pings by officer, each officer's sorted by time (ties keep their input order). The ping objects
 * are read once (officer numbered on first sight, time and position copied out); then the pings are
 * laid out officer by officer in three typed arrays (each officer's track is a view of them), and
 * an officer's pings that arrive out of order are sorted with a native numeric sort of packed keys.
 */
export function groupPings(pings: readonly Ping[]): PingsByOfficer {
  const n = pings.length;
  const index = new Map<string, number>();
  const names: string[] = [];
  const officerOf = new Int32Array(n);
  const t0 = new Float64Array(n);
  const x0 = new Float64Array(n);
  const y0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = pings[i];
    const id = p.officerId;
    let o = index.get(id);
    if (o === undefined) {
      o = names.length;
      index.set(id, o);
      names.push(id);
    }
    officerOf[i] = o;
    t0[i] = p.atMs;
    x0[i] = p.x;
    y0[i] = p.y;
  }
  const O = names.length;
  const offset = new Int32Array(O + 1);
  for (let i = 0; i < n; i++) offset[officerOf[i] + 1]++;
  for (let o = 0; o < O; o++) offset[o + 1] += offset[o];
  const fill = offset.slice(0, O);
  const t = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = fill[officerOf[i]]++;
    t[k] = t0[i];
    x[k] = x0[i];
    y[k] = y0[i];
  }
  const out: PingsByOfficer = new Map();
  for (let o = 0; o < O; o++) {
    const a = offset[o];
    const b = offset[o + 1];
    let sorted = true;
    for (let k = a + 1; k < b && sorted; k++) if (t[k] < t[k - 1]) sorted = false;
    if (!sorted) sortTrack(t, x, y, a, b);
    out.set(names[o], { t: t.subarray(a, b), x: x.subarray(a, b), y: y.subarray(a, b) });
  }
  return out;
}

/**
 * Sorts pings [a, b) by time, ties in their order. When the times are whole milliseconds and
 * (span × count) fits a double's 53-bit integers, each ping's key is (time − first) × count + its
 * place, so a native sort of plain numbers does it; else a comparator sort.
 */
function sortTrack(t: Float64Array, x: Float64Array, y: Float64Array, a: number, b: number): void {
  const len = b - a;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let whole = true;
  for (let k = a; k < b; k++) {
    const v = t[k];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (!Number.isInteger(v)) whole = false;
  }
  let order: ArrayLike<number>;
  if (whole && (hi - lo + 1) * len < Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(len);
    for (let k = 0; k < len; k++) keys[k] = (t[a + k] - lo) * len + k;
    keys.sort();
    const idx = new Int32Array(len);
    for (let k = 0; k < len; k++) idx[k] = a + (keys[k] % len);
    order = idx;
  } else {
    order = Array.from({ length: len }, (_, k) => a + k).sort((i, j) => t[i] - t[j] || i - j);
  }
  const ts = new Float64Array(len);
  const xs = new Float64Array(len);
  const ys = new Float64Array(len);
  for (let k = 0; k < len; k++) {
    const i = order[k];
    ts[k] = t[i];
    xs[k] = x[i];
    ys[k] = y[i];
  }
  t.set(ts, a);
  x.set(xs, a);
  y.set(ys, a);
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Minutes inside a circle between two instants by pings: each ping inside counts the time to the
 * next ping (at most MAX_PING_GAP_MS, and not past the end). Null when there is no ping in the span.
 */
export function trackedMinutes(
  track: { t: Float64Array; x: Float64Array; y: Float64Array } | undefined,
  startMs: number,
  endMs: number,
  h: { x: number; y: number; radiusM: number },
): { minutes: number; pings: number; inside: number } | null {
  if (!track) return null;
  const r = h.radiusM + POSITION_TOLERANCE_M;
  const r2 = r * r;
  let i = lowerBound(track.t, startMs);
  let pings = 0;
  let inside = 0;
  let ms = 0;
  for (; i < track.t.length && track.t[i] <= endMs; i++) {
    pings++;
    const dx = track.x[i] - h.x;
    const dy = track.y[i] - h.y;
    if (dx * dx + dy * dy > r2) continue;
    inside++;
    const next = i + 1 < track.t.length ? track.t[i + 1] : endMs;
    ms += Math.max(0, Math.min(next, endMs, track.t[i] + MAX_PING_GAP_MS) - track.t[i]);
  }
  return pings ? { minutes: ms / 60_000, pings, inside } : null;
}

/** Applies corrections: each corrected event takes the latest correction's non-null values. */
export function applyCorrections(events: readonly PatrolEvent[]): PatrolEvent[] {
  const latest = new Map<number, PatrolEvent>();
  for (const e of events)
    if (e.kind === 'correction' && e.correctsId !== null) {
      const prev = latest.get(e.correctsId);
      if (!prev || e.id > prev.id) latest.set(e.correctsId, e);
    }
  const out: PatrolEvent[] = [];
  for (const e of events) {
    if (e.kind === 'correction') continue;
    const c = latest.size ? latest.get(e.id) : undefined;
    out.push(
      c
        ? {
            ...e,
            atMs: c.atMs,
            hotspotRank: c.hotspotRank ?? e.hotspotRank,
            tactic: c.tactic ?? e.tactic,
            note: c.note ?? e.note,
            x: c.x ?? e.x,
            y: c.y ?? e.y,
          }
        : e,
    );
  }
  return out;
}

/** The event as its latest correction leaves it (see applyCorrections). */
function corrected(e: PatrolEvent, latest: ReadonlyMap<number, PatrolEvent>): PatrolEvent {
  const c = latest.size ? latest.get(e.id) : undefined;
  return c
    ? {
        ...e,
        atMs: c.atMs,
        hotspotRank: c.hotspotRank ?? e.hotspotRank,
        tactic: c.tactic ?? e.tactic,
        note: c.note ?? e.note,
        x: c.x ?? e.x,
        y: c.y ?? e.y,
      }
    : e;
}

const KIND_OTHER = 0;
const KIND_START = 1;
const KIND_END = 2;
const KIND_CORRECTION = 3;

/**
 * The patrols of a plan's events. `hotspots` maps a rank to its geometry (of the version the patrol
 * was logged under: `geometryOf(versionId, rank)`).
 *
 * The same answer as applying the corrections, grouping the events by officer and patrol key and
 * measuring each group, but built for a phone-synced log of 100,000 events: the event objects are
 * read once, in one pass that numbers officers and their patrol keys (no key strings, no list per
 * patrol) and keeps each event's group, kind, id and texts in flat arrays. A correction changes an
 * event's time, hotspot, position or text, never its officer, patrol key, kind or id, so the grouping
 * is done on the raw events and only the events a patrol reads are corrected. Each patrol's events
 * keep their order (a counting sort). Patrols come out sorted by start, then officer, then first
 * appearance, and overlaps are found in that order.
 */
export function assemblePatrols(
  events: readonly PatrolEvent[],
  geometryOf: (versionId: number, rank: number) => HotspotGeometry | undefined,
  pings: PingsByOfficer,
  capMinutes: number,
): Patrol[] {
  const n = events.length;
  const officerIndex = new Map<string, number>();
  const keysOf: Map<string, number>[] = [];
  const officerNames: string[] = [];
  const groupOf = new Int32Array(n);
  const kindOf = new Uint8Array(n);
  const idOf = new Float64Array(n);
  const tacticOf: (string | null)[] = new Array(n).fill(null);
  const noteOf: (string | null)[] = new Array(n).fill(null);
  const groupOfficer: number[] = [];
  const latest = new Map<number, PatrolEvent>();
  for (let i = 0; i < n; i++) {
    const e = events[i];
    const kind = e.kind;
    idOf[i] = e.id;
    if (kind === 'correction') {
      kindOf[i] = KIND_CORRECTION;
      groupOf[i] = -1;
      if (e.correctsId !== null) {
        const prev = latest.get(e.correctsId);
        if (!prev || e.id > prev.id) latest.set(e.correctsId, e);
      }
      continue;
    }
    kindOf[i] = kind === 'start' ? KIND_START : kind === 'end' ? KIND_END : KIND_OTHER;
    tacticOf[i] = e.tactic;
    noteOf[i] = e.note;
    let o = officerIndex.get(e.officerId);
    if (o === undefined) {
      o = officerNames.length;
      officerIndex.set(e.officerId, o);
      officerNames.push(e.officerId);
      keysOf.push(new Map());
    }
    const keys = keysOf[o];
    let g = keys.get(e.patrolKey);
    if (g === undefined) {
      g = groupOfficer.length;
      keys.set(e.patrolKey, g);
      groupOfficer.push(o);
    }
    groupOf[i] = g;
  }
  const G = groupOfficer.length;
  // Each group's events in order (counting sort), and its first start and last end by event id.
  const offset = new Int32Array(G + 1);
  for (let i = 0; i < n; i++) if (groupOf[i] >= 0) offset[groupOf[i] + 1]++;
  for (let g = 0; g < G; g++) offset[g + 1] += offset[g];
  const fill = offset.slice(0, G);
  const members = new Int32Array(offset[G]);
  const startOf = new Int32Array(G).fill(-1);
  const endOf = new Int32Array(G).fill(-1);
  for (let i = 0; i < n; i++) {
    const g = groupOf[i];
    if (g < 0) continue;
    members[fill[g]++] = i;
    const k = kindOf[i];
    if (k === KIND_START) {
      const s = startOf[g];
      if (s < 0 || idOf[i] < idOf[s]) startOf[g] = i;
    } else if (k === KIND_END) {
      const s = endOf[g];
      if (s < 0 || idOf[i] > idOf[s]) endOf[g] = i;
    }
  }
  // Corrections may give an event a tactic or a note it did not have: then read the corrected texts.
  if (latest.size)
    for (let i = 0; i < n; i++) {
      if (groupOf[i] < 0) continue;
      const c = latest.get(idOf[i]);
      if (c) {
        tacticOf[i] = c.tactic ?? tacticOf[i];
        noteOf[i] = c.note ?? noteOf[i];
      }
    }
  const patrols: Patrol[] = [];
  const patrolOfficer: number[] = [];
  for (let g = 0; g < G; g++) {
    if (startOf[g] < 0) continue; // tactics or an end without a start: nothing to measure yet
    const start = corrected(events[startOf[g]], latest);
    const end = endOf[g] < 0 ? undefined : corrected(events[endOf[g]], latest);
    const tactics: string[] = [];
    const notes: string[] = [];
    const a = offset[g];
    const b = offset[g + 1];
    const eventIds = new Array<number>(b - a);
    for (let k = a; k < b; k++) {
      const i = members[k];
      eventIds[k - a] = idOf[i];
      const tactic = tacticOf[i];
      if (tactic && !tactics.includes(tactic)) tactics.push(tactic);
      const note = noteOf[i];
      if (note) notes.push(note);
    }
    const rank = start.hotspotRank ?? end?.hotspotRank ?? null;
    const endMs = end && end.atMs > start.atMs ? end.atMs : null;
    const typed = endMs === null ? 0 : (endMs - start.atMs) / 60_000;
    const geo = rank === null ? undefined : geometryOf(start.versionId, rank);
    // trackedMinutes, inline (no result object per patrol): null when no ping falls in the patrol.
    let tracked: number | null = null;
    let trackedInside = 0;
    if (geo && endMs !== null) {
      const track = pings.get(start.officerId);
      if (track) {
        const tt = track.t;
        const tx = track.x;
        const ty = track.y;
        const r = geo.radiusM + POSITION_TOLERANCE_M;
        const r2 = r * r;
        const len = tt.length;
        let i = lowerBound(tt, start.atMs);
        let seen = 0;
        let ms = 0;
        for (; i < len && tt[i] <= endMs; i++) {
          seen++;
          const dx = tx[i] - geo.x;
          const dy = ty[i] - geo.y;
          if (dx * dx + dy * dy > r2) continue;
          trackedInside++;
          const ti = tt[i];
          const next = i + 1 < len ? tt[i + 1] : endMs;
          ms += Math.max(0, Math.min(next, endMs, ti + MAX_PING_GAP_MS) - ti);
        }
        if (seen) tracked = ms / 60_000;
      }
    }
    const flags: Flag[] = [];
    if (endMs === null) flags.push('no-end');
    if (typed > capMinutes) flags.push('over-cap');
    if (geo) {
      if (tracked !== null) {
        if (trackedInside === 0) flags.push('never-entered');
      } else if (start.x !== null && start.y !== null) {
        const dx = start.x - geo.x;
        const dy = start.y - geo.y;
        const r = geo.radiusM + 2 * POSITION_TOLERANCE_M;
        if (dx * dx + dy * dy > r * r) flags.push('never-entered');
      }
      if (!inWindow(geo.windows, start.atMs)) flags.push('outside-window');
    }
    patrols.push({
      officerId: start.officerId,
      patrolKey: start.patrolKey,
      versionId: start.versionId,
      hotspotRank: rank,
      startMs: start.atMs,
      endMs,
      source: start.source,
      typedMinutes: typed,
      trackedMinutes: tracked,
      minutes: tracked !== null ? tracked : typed,
      tactics,
      notes,
      flags,
      eventIds,
    });
    patrolOfficer.push(groupOfficer[g]);
  }
  // Sort once: by start, then officer id (as strings compare), then first appearance.
  const O = officerNames.length;
  const byName = Array.from({ length: O }, (_, o) => o).sort((p, q) => {
    const a = officerNames[p];
    const b = officerNames[q];
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const officerRank = new Int32Array(O);
  for (let r = 0; r < O; r++) officerRank[byName[r]] = r;
  const P = patrols.length;
  const startMs = new Float64Array(P);
  const orank = new Int32Array(P);
  for (let i = 0; i < P; i++) {
    startMs[i] = patrols[i].startMs;
    orank[i] = officerRank[patrolOfficer[i]];
  }
  const order = patrolOrder(startMs, orank, O);
  markOverlaps(patrols, order, patrolOfficer, O);
  return order.map((i) => patrols[i]);
}

/**
 * Patrol indexes sorted by start, then officer rank, then index. When the starts are whole
 * milliseconds and (span × count) fits a double's 53-bit integers, a counting sort by officer (stable,
 * so index order within an officer) gives each patrol its tie place, and a native sort of the packed
 * keys (start − first) × count + place does the rest: no comparator call per pair. Else a comparator.
 */
function patrolOrder(startMs: Float64Array, orank: Int32Array, officers: number): number[] {
  const P = startMs.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let whole = true;
  for (let i = 0; i < P; i++) {
    const v = startMs[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (!Number.isInteger(v)) whole = false;
  }
  if (P === 0 || !whole || (hi - lo + 1) * P >= Number.MAX_SAFE_INTEGER)
    return Array.from({ length: P }, (_, i) => i).sort(
      (i, j) => startMs[i] - startMs[j] || orank[i] - orank[j] || i - j,
    );
  const at = new Int32Array(officers + 1);
  for (let i = 0; i < P; i++) at[orank[i] + 1]++;
  for (let o = 0; o < officers; o++) at[o + 1] += at[o];
  const place = new Int32Array(P);
  const byPlace = new Int32Array(P);
  for (let i = 0; i < P; i++) {
    const q = at[orank[i]]++;
    place[i] = q;
    byPlace[q] = i;
  }
  const keys = new Float64Array(P);
  for (let i = 0; i < P; i++) keys[i] = (startMs[i] - lo) * P + place[i];
  keys.sort();
  const order = new Array<number>(P);
  for (let k = 0; k < P; k++) order[k] = byPlace[keys[k] % P];
  return order;
}

/**
 * Flags patrols of one officer whose spans overlap: in start order (`order`), a patrol starting
 * before the furthest end so far overlaps the patrol holding that end.
 */
function markOverlaps(
  patrols: readonly Patrol[],
  order: readonly number[],
  officerOf: readonly number[],
  officers: number,
): void {
  const reach = new Float64Array(officers).fill(Number.NEGATIVE_INFINITY);
  const holder = new Int32Array(officers).fill(-1);
  for (const i of order) {
    const p = patrols[i];
    if (p.endMs === null) continue;
    const o = officerOf[i];
    const h = holder[o];
    if (h >= 0 && p.startMs < reach[o]) {
      if (!p.flags.includes('overlap')) p.flags.push('overlap');
      const q = patrols[h];
      if (!q.flags.includes('overlap')) q.flags.push('overlap');
    }
    if (p.endMs > reach[o]) {
      reach[o] = p.endMs;
      holder[o] = i;
    }
  }
}
