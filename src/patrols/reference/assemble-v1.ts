// The implementation before the typed-array rewrite (December 2026), kept unchanged only as the
// reference that equivalence.test.ts compares the current one with. Not used by the application.
/**
 * Patrols from the append-only event log: an officer's start and end events sharing a patrol key
 * make one patrol; tactic and note events attach to it; a correction event names an earlier event
 * and supersedes its time, hotspot or text without rewriting it (the latest correction wins). Then
 * each patrol's minutes inside its hotspot are measured from GPS/radio pings where the officer has
 * any during the patrol, else taken from the start and end typed in, and the flags are raised.
 */
import type { EventSource, PatrolEvent, PatrolWindow, Ping } from '../model.ts';
import { inWindow } from '../windows.ts';

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

export function groupPings(pings: readonly Ping[]): PingsByOfficer {
  const by = new Map<string, Ping[]>();
  for (const p of pings) {
    const list = by.get(p.officerId);
    if (list) list.push(p);
    else by.set(p.officerId, [p]);
  }
  const out: PingsByOfficer = new Map();
  for (const [officer, list] of by) {
    list.sort((a, b) => a.atMs - b.atMs);
    out.set(officer, {
      t: Float64Array.from(list, (p) => p.atMs),
      x: Float64Array.from(list, (p) => p.x),
      y: Float64Array.from(list, (p) => p.y),
    });
  }
  return out;
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
    const c = latest.get(e.id);
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

/**
 * The patrols of a plan's events. `hotspots` maps a rank to its geometry (of the version the patrol
 * was logged under: `geometryOf(versionId, rank)`).
 */
export function assemblePatrols(
  events: readonly PatrolEvent[],
  geometryOf: (versionId: number, rank: number) => HotspotGeometry | undefined,
  pings: PingsByOfficer,
  capMinutes: number,
): Patrol[] {
  const byKey = new Map<string, PatrolEvent[]>();
  for (const e of applyCorrections(events)) {
    const k = `${e.officerId}\u0000${e.patrolKey}`;
    const list = byKey.get(k);
    if (list) list.push(e);
    else byKey.set(k, [e]);
  }
  const patrols: Patrol[] = [];
  for (const list of byKey.values()) {
    let start: PatrolEvent | undefined;
    let end: PatrolEvent | undefined;
    const tactics: string[] = [];
    const notes: string[] = [];
    for (const e of list) {
      if (e.kind === 'start' && (!start || e.id < start.id)) start = e;
      else if (e.kind === 'end' && (!end || e.id > end.id)) end = e;
      if (e.tactic && !tactics.includes(e.tactic)) tactics.push(e.tactic);
      if (e.note) notes.push(e.note);
    }
    if (!start) continue; // tactics or an end without a start: nothing to measure yet
    const rank = start.hotspotRank ?? end?.hotspotRank ?? null;
    const endMs = end && end.atMs > start.atMs ? end.atMs : null;
    const typed = endMs === null ? 0 : (endMs - start.atMs) / 60_000;
    const geo = rank === null ? undefined : geometryOf(start.versionId, rank);
    const tracked =
      geo && endMs !== null ? trackedMinutes(pings.get(start.officerId), start.atMs, endMs, geo) : null;
    const flags: Flag[] = [];
    if (endMs === null) flags.push('no-end');
    if (typed > capMinutes) flags.push('over-cap');
    if (geo) {
      if (tracked) {
        if (tracked.inside === 0) flags.push('never-entered');
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
      trackedMinutes: tracked ? tracked.minutes : null,
      minutes: tracked ? tracked.minutes : typed,
      tactics,
      notes,
      flags,
      eventIds: list.map((e) => e.id),
    });
  }
  markOverlaps(patrols);
  patrols.sort(
    (a, b) => a.startMs - b.startMs || (a.officerId < b.officerId ? -1 : a.officerId > b.officerId ? 1 : 0),
  );
  return patrols;
}

/** Flags patrols of one officer whose spans overlap. */
function markOverlaps(patrols: Patrol[]): void {
  const by = new Map<string, Patrol[]>();
  for (const p of patrols) {
    if (p.endMs === null) continue;
    const list = by.get(p.officerId);
    if (list) list.push(p);
    else by.set(p.officerId, [p]);
  }
  for (const list of by.values()) {
    list.sort((a, b) => a.startMs - b.startMs);
    let reach = Number.NEGATIVE_INFINITY;
    let holder: Patrol | null = null;
    for (const p of list) {
      if (holder && p.startMs < reach) {
        if (!p.flags.includes('overlap')) p.flags.push('overlap');
        if (!holder.flags.includes('overlap')) holder.flags.push('overlap');
      }
      if ((p.endMs ?? p.startMs) > reach) {
        reach = p.endMs ?? p.startMs;
        holder = p;
      }
    }
  }
}
