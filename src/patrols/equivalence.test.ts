// The typed-array rewrite of groupPings, assemblePatrols and dosage gives exactly what the previous
// implementation (kept in reference/) gave, on seeded random logs with everything that changes an
// answer: corrections (of times, hotspots, texts; corrections of corrections), repeated starts and
// ends, ends without starts, unended patrols, unknown hotspots, overlapping patrols, pings out of
// order and at the same instant, hotspots with windows, and a randomised allocation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.ts';
import { allocateCrossover } from './allocation.ts';
import { assemblePatrols, groupPings, type HotspotGeometry } from './assemble.ts';
import { planDayStart } from './days.ts';
import { dosage } from './dosage.ts';
import type { EventKind, PatrolEvent, Ping } from './model.ts';
import * as v1 from './reference/assemble-v1.ts';
import { dosage as dosageV1 } from './reference/dosage-v1.ts';
import { DEFAULT_SHIFT_WINDOWS } from './windows.ts';

const START = '2024-03-25'; // the clocks go forward on 31 March: days of 23 hours inside the plan
const DAYS = 21;

function world(seed: number) {
  const rng = new Rng(seed);
  const H = 6;
  const geo: HotspotGeometry[] = Array.from({ length: H }, (_, h) => ({
    x: 450_000 + h * 700,
    y: 300_000,
    radiusM: 150,
    windows: h % 2 ? DEFAULT_SHIFT_WINDOWS : [],
  }));
  const events: PatrolEvent[] = [];
  const pings: Ping[] = [];
  let id = 1;
  const push = (e: Omit<PatrolEvent, 'id'>) => {
    const ev = { ...e, id: id++ };
    events.push(ev);
    return ev;
  };
  const kinds: EventKind[] = ['start', 'end', 'tactic', 'note'];
  for (let p = 0; p < 400; p++) {
    const officerId = `o${rng.int(12)}`;
    // Patrol keys repeat across officers: the key is per officer.
    const patrolKey = `k${rng.int(150)}`;
    const h = rng.chance(0.05) ? 99 : rng.int(H) + 1;
    const t = planDayStart(START, rng.int(DAYS + 2) - 1) + rng.int(1440) * 60_000;
    const base = {
      planId: 1,
      versionId: 1 + rng.int(2),
      hotspotRank: rng.chance(0.1) ? null : h,
      patrolKey,
      officerId,
      source: rng.pick(['phone', 'track', 'manual'] as const),
      x: rng.chance(0.5) ? null : 450_000 + rng.int(5_000),
      y: rng.chance(0.5) ? null : 300_000 + rng.int(300),
      tactic: null,
      note: null,
      correctsId: null,
      clientEventId: '',
      synthetic: false,
    };
    const n = 1 + rng.int(5);
    for (let k = 0; k < n; k++) {
      const kind = k === 0 && rng.chance(0.9) ? 'start' : rng.pick(kinds);
      push({
        ...base,
        kind,
        atMs: t + (kind === 'start' ? rng.int(5) : rng.int(90)) * 60_000,
        tactic:
          kind === 'tactic' || rng.chance(0.1)
            ? rng.pick(['visible-foot', 'engagement', 'stationary'])
            : null,
        note: kind === 'note' || rng.chance(0.05) ? `note ${rng.int(5)}` : null,
      });
    }
    if (rng.chance(0.5)) {
      const tracked = rng.chance(0.3) ? `o${rng.int(12)}` : officerId;
      for (let at = t - 10 * 60_000; at < t + 70 * 60_000; at += (30 + rng.int(400)) * 1000) {
        const near = rng.chance(0.8);
        pings.push({
          officerId: tracked,
          atMs: rng.chance(0.02) ? at + 0.5 : at,
          x: (geo[(h - 1) % H]?.x ?? 450_000) + (near ? rng.int(200) - 100 : rng.int(2000)),
          y: 300_000 + (near ? rng.int(200) - 100 : rng.int(2000)),
        });
        if (rng.chance(0.05)) pings.push({ ...pings[pings.length - 1], x: pings[pings.length - 1].x + 5 });
      }
    }
  }
  // Corrections of random earlier events (and now and then of a correction).
  const n = events.length;
  for (let c = 0; c < 120; c++) {
    const target = events[rng.int(n + c)] ?? events[0];
    push({
      ...target,
      kind: 'correction',
      correctsId: target.id,
      atMs: target.atMs + (rng.int(40) - 20) * 60_000,
      hotspotRank: rng.chance(0.3) ? rng.int(H) + 1 : null,
      tactic: rng.chance(0.2) ? 'engagement' : null,
      note: rng.chance(0.2) ? 'corrected' : null,
      x: null,
      y: null,
    });
  }
  // Shuffle pings, so that each officer's arrive out of order.
  for (let i = pings.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pings[i], pings[j]] = [pings[j], pings[i]];
  }
  return { events, pings, geo, H };
}

const plain = (g: Map<string, { t: Float64Array; x: Float64Array; y: Float64Array }>) =>
  [...g].map(([k, v]) => [k, Array.from(v.t), Array.from(v.x), Array.from(v.y)]);

test('the rewrite gives the previous implementation’s pings, patrols and dosage on seeded random logs', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const { events, pings, geo, H } = world(seed);
    const g = groupPings(pings);
    const g1 = v1.groupPings(pings);
    assert.deepEqual(plain(g), plain(g1), `seed ${seed}: pings`);
    const geometryOf = (v: number, rank: number) => (v === 1 ? geo[rank - 1] : geo[H - rank]);
    const ps = assemblePatrols(events, geometryOf, g, 60);
    const ps1 = v1.assemblePatrols(events, geometryOf, g1, 60);
    assert.ok(ps.length > 100, `seed ${seed}: ${ps.length} patrols`);
    assert.ok(
      ps.some((p) => p.flags.includes('overlap')) && ps.some((p) => p.trackedMinutes !== null),
      `seed ${seed}: the world has overlaps and tracks`,
    );
    assert.deepEqual(ps, ps1, `seed ${seed}: patrols`);
    for (const allocation of [null, allocateCrossover({ hotspots: H, days: DAYS, patrolShare: 0.5, seed })]) {
      const plan = {
        startDate: START,
        days: DAYS,
        hotspots: geo.map((_, h) => ({ rank: h + 1, teamCode: h % 3 ? `T${h % 3}` : '' })),
        allocation,
        visitsPerDay: 2,
        visitMinutes: 15,
      };
      assert.deepEqual(dosage(ps, plan), dosageV1(ps1, plan), `seed ${seed}: dosage`);
    }
  }
});
