// npm run bench:patrols: a force-wide patrol plan on the 3,000,000-crime West Midlands store
// (built once by bench/lib/wm-store.ts, shared with bench:api) against 2 s, and dosage of 100,000
// patrol events (assembly + dosage) against 0.5 s. Prints its figures against the targets.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../src/core/store/sqlite.ts';
import { allocateCrossover } from '../src/patrols/allocation.ts';
import {
  assemblePatrols,
  buildPlan,
  dosage,
  groupPings,
  type PatrolEvent,
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

// 1. Dosage of 100,000 events: 20 hotspots, 90 days, start/tactic/end per patrol.
{
  const rng = new Rng(1);
  const H = 20;
  const days = 90;
  const start = '2024-01-01';
  const n = Number(values.events);
  const events: PatrolEvent[] = [];
  const geo = Array.from({ length: H }, (_, h) => ({
    x: 400_000 + h * 600,
    y: 290_000,
    radiusM: 150,
    windows: [],
  }));
  let id = 1;
  for (let p = 0; events.length < n; p++) {
    const h = rng.int(H);
    const d = rng.int(days);
    const t = planDayStart(start, d) + rng.int(24 * 60) * 60_000;
    const base = {
      planId: 1,
      versionId: 1,
      hotspotRank: h + 1,
      patrolKey: `p${p}`,
      officerId: `o${rng.int(200)}`,
      source: 'phone' as const,
      x: geo[h].x,
      y: geo[h].y,
      tactic: null,
      note: null,
      correctsId: null,
      clientEventId: '',
      synthetic: true,
    };
    events.push({ ...base, id: id++, kind: 'start', atMs: t });
    events.push({ ...base, id: id++, kind: 'tactic', atMs: t + 60_000, tactic: 'visible-foot' });
    events.push({ ...base, id: id++, kind: 'end', atMs: t + (10 + rng.int(10)) * 60_000 });
  }
  const pings = Array.from({ length: 50_000 }, () => ({
    officerId: `o${rng.int(200)}`,
    atMs: planDayStart(start, rng.int(days)) + rng.int(86_400_000),
    x: 400_000 + rng.int(12_000),
    y: 290_000 + rng.int(200) - 100,
  }));
  const alloc = allocateCrossover({ hotspots: H, days, patrolShare: 0.5, seed: 3 });
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
  const ms = performance.now() - t0;
  line(
    `dosage of ${events.length.toLocaleString('en-GB')} events (${patrols.length.toLocaleString('en-GB')} patrols, 50,000 pings)`,
    ms,
    500,
  );
  console.log(
    `  compliance ${((d.total.compliance ?? 0) * 100).toFixed(1)}%, tracked share ${((d.trackedShare ?? 0) * 100).toFixed(1)}%`,
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
