/**
 * The demo's patrols: a plan for the busiest Leicestershire team, built from its real (police.uk)
 * hotspots, randomised, for the four weeks after the data ends; and SYNTHETIC patrol logs (with a
 * few GPS pings and some flagged patrols) so the dosage page has something to show. Run once: a
 * force that already has a plan is left alone.
 */

import { toBNG, toWGS84 } from '../core/geo/bng.ts';
import { Rng } from '../core/rng.ts';
import type { Store } from '../core/store/store.ts';
import { formatMonth } from '../core/time/month.ts';
import { createPlan } from './api.ts';
import { dateText, planDayStart } from './days.ts';
import { DEFAULT_TACTICS } from './model.ts';
import { appendEvents, forceIdOf, listPlans, type NewEvent, planAllocation, savePings } from './store.ts';

export const DEMO_FORCE = 'leicestershire';

export async function loadPatrolDemo(store: Store, log: (m: string) => void = console.log): Promise<void> {
  const f = await store.db
    .selectFrom('forces')
    .select('id')
    .where('slug', '=', DEMO_FORCE)
    .executeTakeFirst();
  if (!f) return;
  if ((await listPlans(store, DEMO_FORCE)).length > 0) return;
  const busiest = await store.db
    .selectFrom('crimes')
    .innerJoin('areas', 'areas.id', 'crimes.team_id')
    .select([
      'areas.code',
      (e) => e.fn.countAll<number>().as('n'),
      (e) => e.fn.max('crimes.month').as('last'),
    ])
    .where('crimes.force_id', '=', f.id)
    .groupBy('areas.code')
    .orderBy('n', 'desc')
    .executeTakeFirst();
  if (!busiest) return;
  const last = Number(busiest.last);
  const y = Math.floor((last + 1) / 12) + 1970;
  const m = ((last + 1) % 12) + 1;
  const start = dateText(Date.UTC(y, m - 1, 1) / 86_400_000);
  const end = dateText(Date.UTC(y, m - 1, 28) / 86_400_000);
  const plan = await createPlan(
    store,
    DEMO_FORCE,
    {
      name: `Demo plan: team ${busiest.code}, ${formatMonth(last + 1)}`,
      area: `team:${busiest.code}`,
      from: formatMonth(last - 11),
      to: formatMonth(last),
      hotspots: 8,
      startDate: start,
      endDate: end,
      randomise: true,
      patrolShare: 0.5,
      seed: 20240501,
      note: 'demo',
    },
    'demo',
  );
  log(
    `Patrols: demo plan ${plan.planId} for team ${busiest.code} (${plan.hotspots.length} hotspots); ${plan.summary.sentence}`,
  );
  if (plan.hotspots.length < 2) return;
  const events: NewEvent[] = [];
  const pings: { officerId: string; atMs: number; x: number; y: number }[] = [];
  const rng = new Rng(7);
  const alloc = planAllocation(plan);
  const H = plan.hotspots.length;
  const officers = ['demo-officer-1', 'demo-officer-2', 'demo-pcso-1', 'demo-pcso-2'];
  let n = 0;
  for (let d = 0; d < plan.days; d++)
    for (const h of plan.hotspots) {
      const patrolDay = !alloc || alloc[d * H + h.rank - 1] === 1;
      // SYNTHETIC: about 80% of planned visits happen; now and then a control hotspot is visited.
      const visits = patrolDay
        ? rng.float() < 0.8
          ? 2
          : rng.float() < 0.5
            ? 1
            : 0
        : rng.float() < 0.05
          ? 1
          : 0;
      for (let v = 0; v < visits; v++) {
        const w = h.windows[v % h.windows.length];
        const officer = officers[rng.int(officers.length)];
        const startMs = planDayStart(plan.startDate, d) + (w.startMinute + rng.int(20)) * 60_000;
        const minutes = rng.float() < 0.04 ? 70 : 10 + rng.int(11);
        const key = `demo-${d}-${h.rank}-${v}`;
        const base = {
          planId: plan.planId,
          versionId: plan.versionId,
          hotspotRank: h.rank,
          patrolKey: key,
          officerId: officer,
          source: 'phone' as const,
          x: h.x + (rng.float() - 0.5) * 100,
          y: h.y + (rng.float() - 0.5) * 100,
          tactic: null,
          note: null,
          correctsId: null,
          synthetic: true,
        };
        events.push({ ...base, kind: 'start', atMs: startMs, clientEventId: `${key}-s` });
        events.push({
          ...base,
          kind: 'tactic',
          atMs: startMs + 60_000,
          tactic: DEFAULT_TACTICS[rng.int(3)].code,
          clientEventId: `${key}-t`,
        });
        events.push({ ...base, kind: 'end', atMs: startMs + minutes * 60_000, clientEventId: `${key}-e` });
        // A third of patrols carry radio pings every 2 minutes, mostly inside the hotspot.
        if (n++ % 3 === 0)
          for (let t = 0; t <= minutes; t += 2) {
            const [lon, lat] = toWGS84(h.x, h.y);
            const [px, py] = toBNG(lon + (rng.float() - 0.5) * 0.002, lat + (rng.float() - 0.5) * 0.0015);
            pings.push({ officerId: officer, atMs: startMs + t * 60_000, x: px, y: py });
          }
      }
    }
  const forceId = await forceIdOf(store.db, DEMO_FORCE);
  await appendEvents(store, forceId, events);
  await savePings(store, forceId, pings, 'synthetic', 'SYNTHETIC demo pings');
  log(
    `Patrols: ${events.length} SYNTHETIC patrol events and ${pings.length} SYNTHETIC pings logged against plan ${plan.planId}`,
  );
}
