/**
 * Checking patrol events before they are appended: each error names the event (its index in the
 * batch) and the field, and a batch with any error stores nothing. Checks: the time is a time and
 * not in the future (beyond a few minutes of clock drift); the hotspot is one of the plan version's;
 * an end is not before its patrol's start; a tactic is on the force's list; a correction names an
 * earlier event of the same officer and plan.
 */
import { BeatwiseError } from '../core/errors.ts';
import { toBNG } from '../core/geo/bng.ts';
import { parseLondonTimestamp } from '../core/time/london.ts';
import type { EventInput, PatrolEvent, PlanVersion } from './model.ts';
import type { NewEvent } from './store.ts';

/** Clock drift allowed between a phone and the server. */
export const FUTURE_SLACK_MS = 5 * 60_000;

/** What checking an event needs of a plan version. */
export type EventPlan = Pick<PlanVersion, 'planId' | 'versionId' | 'version'> & {
  hotspots: readonly { rank: number }[];
};

export interface EventContext {
  /** Every version of the plan, by version number. */
  versions: ReadonlyMap<number, EventPlan>;
  latest: EventPlan;
  /** Events already stored for this plan (any officer). */
  stored: readonly PatrolEvent[];
  tactics: ReadonlySet<string>;
  nowMs: number;
}

function fail(i: number, field: string, message: string): BeatwiseError {
  return new BeatwiseError('patrols.bad_event', `events[${i}].${field}: ${message}`, {
    field: `events[${i}].${field}`,
  });
}

/** Validates a batch for one officer; returns the events to append, in order. */
export function validateEvents(
  inputs: readonly EventInput[],
  officerId: string,
  c: EventContext,
): NewEvent[] {
  const starts = new Map<string, number>();
  for (const e of c.stored)
    if (e.officerId === officerId && e.kind === 'start') starts.set(e.patrolKey, e.atMs);
  const out: NewEvent[] = [];
  inputs.forEach((e, i) => {
    if (e.planId !== c.latest.planId) throw fail(i, 'planId', `this request is for plan ${c.latest.planId}`);
    const plan = e.version === undefined ? c.latest : c.versions.get(e.version);
    if (!plan) throw fail(i, 'version', `plan ${c.latest.planId} has no version ${e.version}`);
    const t = parseLondonTimestamp(e.at);
    if (!t) throw fail(i, 'at', `"${e.at}" is not a time like 2024-05-03T21:15:00Z`);
    if (t.ms > c.nowMs + FUTURE_SLACK_MS) throw fail(i, 'at', `${e.at} is in the future`);
    if (e.hotspot !== undefined && !plan.hotspots.some((h) => h.rank === e.hotspot))
      throw fail(
        i,
        'hotspot',
        `plan ${plan.planId} version ${plan.version} has no hotspot ${e.hotspot} (it has 1–${plan.hotspots.length})`,
      );
    if (e.kind === 'start' && e.hotspot === undefined)
      throw fail(i, 'hotspot', 'a start names the hotspot patrolled');
    if (e.kind === 'tactic' && !e.tactic) throw fail(i, 'tactic', 'a tactic event names the tactic');
    if (e.tactic && !c.tactics.has(e.tactic))
      throw fail(
        i,
        'tactic',
        `"${e.tactic}" is not on the force's tactic list (${[...c.tactics].join(', ')})`,
      );
    if (e.kind === 'note' && !e.note) throw fail(i, 'note', 'a note event carries the note');
    if ((e.lon === undefined) !== (e.lat === undefined))
      throw fail(i, 'lat', 'give both lat and lon, or neither');
    let correctsId: number | null = null;
    if (e.kind === 'correction') {
      if (e.corrects === undefined) throw fail(i, 'corrects', 'a correction names the event it corrects');
      const target = c.stored.find((s) => s.id === e.corrects);
      if (!target || target.officerId !== officerId || target.planId !== c.latest.planId)
        throw fail(i, 'corrects', `no event ${e.corrects} of yours in plan ${c.latest.planId}`);
      correctsId = target.id;
    }
    if (e.kind === 'start') starts.set(e.patrolKey, t.ms);
    if (e.kind === 'end') {
      const s = starts.get(e.patrolKey);
      if (s === undefined) throw fail(i, 'patrolKey', `no start of patrol "${e.patrolKey}" to end`);
      if (t.ms <= s) throw fail(i, 'at', `the end (${e.at}) is not after the patrol's start`);
    }
    const xy = e.lon !== undefined && e.lat !== undefined ? toBNG(e.lon, e.lat) : null;
    out.push({
      planId: plan.planId,
      versionId: plan.versionId,
      hotspotRank: e.hotspot ?? null,
      patrolKey: e.patrolKey,
      kind: e.kind,
      atMs: t.ms,
      officerId,
      source: e.source,
      x: xy ? Math.round(xy[0] * 10) / 10 : null,
      y: xy ? Math.round(xy[1] * 10) / 10 : null,
      tactic: e.tactic ?? null,
      note: e.note ?? null,
      correctsId,
      clientEventId: e.clientEventId,
      synthetic: false,
    });
  });
  return out;
}

/** The hotspot nearest a position (BNG metres), with its distance. */
export function nearestHotspot(
  hotspots: readonly { rank: number; x: number; y: number; radiusM: number }[],
  x: number,
  y: number,
): { rank: number; distanceM: number; inside: boolean } | null {
  let best: { rank: number; distanceM: number; inside: boolean } | null = null;
  for (const h of hotspots) {
    const d = Math.hypot(h.x - x, h.y - y);
    if (!best || d < best.distanceM) best = { rank: h.rank, distanceM: d, inside: d <= h.radiusM };
  }
  return best;
}
