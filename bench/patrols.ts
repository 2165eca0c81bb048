// npm run bench:patrols: a force-wide patrol plan on the 3,000,000-crime West Midlands store
// (built once by bench/lib/wm-store.ts, shared with bench:api) against 2 s, and dosage of 100,000
// patrol events (grouping pings, assembly + dosage) against 0.5 s. Prints its figures against the targets.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../src/core/store/sqlite.ts';
import { allocateCrossover } from '../src/patrols/allocation.ts';
import {
  assemblePatrols,
  buildPlan,
  DEFAULT_SHIFT_WINDOWS,
  dosage,
  groupPings,
  type PatrolEvent,
  type Ping,
  planDayStart,
} from '../src/patrols/index.ts';
import { MB, vmHwmBytes } from './lib/memory.ts';
import { Rng } from './lib/rng.ts';
import { westMidlandsStore } from './lib/wm-store.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '3000000' },
    seed: { type: 'string', default: '7' },
    events: { type: 'string', default: '100000' },
    out: { type: 'string', default: join(ROOT, 'bench', 'out', 'api') },
    'skip-plan': { type: 'boolean', default: false },
  },
});

function line(what: string, ms: number, targetMs: number): void {
  console.log(
    `${what.padEnd(58)} ${(ms / 1000).toFixed(3).padStart(7)} s   target < ${targetMs / 1000} s   ${ms < targetMs ? 'OK' : 'SLOW'}`,
  );
}

// 1. Dosage of 100,000 events: 20 hotspots (with the default shift windows), 90 days, start/tactic/end
// per patrol by 200 officers. Half the officers carry a radio that pings once a minute: their patrols
// are tracked (pings inside the hotspot, a few stepping outside, within the patrol's times), so the
// track-overlap path is measured; a tenth of the pings are elsewhere (off patrol). Timed: grouping
// the pings, assembling the patrols (corrections, tracks, flags) and the dosage tables.
{
  const rng = new Rng(1);
  const H = 20;
  const days = 90;
  const start = '2024-01-01';
  const n = Number(values.events);
  const officers = 200;
  const events: PatrolEvent[] = [];
  const pings: Ping[] = [];
  const geo = Array.from({ length: H }, (_, h) => ({
    x: 400_000 + h * 600,
    y: 290_000,
    radiusM: 150,
    windows: DEFAULT_SHIFT_WINDOWS,
  }));
  /** A point within `r` metres of (x, y), uniform over the disc. */
  const near = (x: number, y: number, r: number) => {
    const a = rng.float() * 2 * Math.PI;
    const d = r * Math.sqrt(rng.float());
    return { x: x + d * Math.cos(a), y: y + d * Math.sin(a) };
  };
  let id = 1;
  for (let p = 0; events.length < n; p++) {
    const h = rng.int(H);
    const d = rng.int(days);
    const t = planDayStart(start, d) + rng.int(24 * 60) * 60_000;
    const o = rng.int(officers);
    const base = {
      planId: 1,
      versionId: 1,
      hotspotRank: h + 1,
      patrolKey: `p${p}`,
      officerId: `o${o}`,
      source: 'phone' as const,
      x: geo[h].x,
      y: geo[h].y,
      tactic: null,
      note: null,
      correctsId: null,
      clientEventId: '',
      synthetic: true,
    };
    const end = t + (10 + rng.int(10)) * 60_000;
    events.push({ ...base, id: id++, kind: 'start', atMs: t });
    events.push({ ...base, id: id++, kind: 'tactic', atMs: t + 60_000, tactic: 'visible-foot' });
    events.push({ ...base, id: id++, kind: 'end', atMs: end });
    if (o % 2 === 0)
      for (let at = t + rng.int(60) * 1000; at <= end; at += 60_000) {
        // Nine pings in ten inside the hotspot; the others up to 400 m away (stepping out).
        const q = rng.chance(0.9) ? near(geo[h].x, geo[h].y, 150) : near(geo[h].x, geo[h].y, 400);
        pings.push({ officerId: base.officerId, atMs: at, ...q });
      }
  }
  const onPatrols = pings.length;
  for (let k = 0; k < onPatrols / 9; k++)
    pings.push({
      officerId: `o${rng.int(officers)}`,
      atMs: planDayStart(start, rng.int(days)) + rng.int(86_400_000),
      x: 400_000 + rng.int(12_000),
      y: 290_000 + rng.int(2_000) - 1_000,
    });
  const alloc = allocateCrossover({ hotspots: H, days, patrolShare: 0.5, seed: 3 });
  const run = () => {
    const t0 = performance.now();
    const patrols = assemblePatrols(events, (_v, rank) => geo[rank - 1], groupPings(pings), 60);
    const d = dosage(patrols, {
      startDate: start,
      days,
      hotspots: geo.map((_, h) => ({ rank: h + 1, teamCode: `T${h % 4}` })),
      allocation: alloc,
      visitsPerDay: 2,
      visitMinutes: 15,
    });
    return { patrols, d, ms: performance.now() - t0 };
  };
  // The first call in a fresh process (cold code) is the one a user meets after a restart; the
  // median of the next five is a server that has answered before. Both are printed; the target is
  // judged on the first.
  const { patrols, d, ms } = run();
  const warm = Array.from({ length: 5 }, () => run().ms).sort((a, b) => a - b)[2];
  const tracked = patrols.filter((p) => p.trackedMinutes !== null).length;
  line(
    `dosage of ${events.length.toLocaleString('en-GB')} events (${patrols.length.toLocaleString('en-GB')} patrols, ${pings.length.toLocaleString('en-GB')} pings)`,
    ms,
    500,
  );
  console.log(`  the same again in this process (warm code), median of 5: ${(warm / 1000).toFixed(3)} s`);
  console.log(
    `  compliance ${((d.total.compliance ?? 0) * 100).toFixed(1)}%, tracked share ${((d.trackedShare ?? 0) * 100).toFixed(1)}% of minutes (${((tracked / patrols.length) * 100).toFixed(1)}% of patrols tracked, ${((onPatrols / pings.length) * 100).toFixed(0)}% of pings on patrols)`,
  );
}

// 2. A force-wide plan on the benchmark store.
if (!values['skip-plan']) {
  const rows = Number(values.rows);
  const built = await westMidlandsStore(values.out as string, rows, Number(values.seed));
  console.log(
    built.reused
      ? `store: reusing ${built.path}`
      : `store: built in ${((built.generateMs + built.importMs) / 1000).toFixed(0)} s`,
  );
  const store = await SqliteStore.open(built.path);
  try {
    for (const method of ['naive', undefined] as const) {
      const t0 = performance.now();
      const draft = await buildPlan(store, 'west-midlands', {
        startDate: '2024-01-01',
        endDate: '2024-03-30',
        hotspots: 20,
        randomise: true,
        method,
      });
      const ms = performance.now() - t0;
      line(
        `force-wide plan, ${rows.toLocaleString('en-GB')} crimes, method ${method ?? 'chosen by back-test'}`,
        ms,
        2000,
      );
      console.log(`  ${draft.summary.sentence}`);
      console.log(`  method: ${draft.summary.methodReason}`);
    }
  } finally {
    await store.close();
  }
}
console.log(`peak memory ${((vmHwmBytes() ?? 0) / MB).toFixed(0)} MB`);
