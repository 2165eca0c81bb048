// The pure patrol logic: merging cells into separated hotspots, assembling patrols from append-only
// events (corrections, flags), minutes from pings, dosage and compliance, windows, tracks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocateCrossover } from './allocation.ts';
import { assemblePatrols, groupPings, type HotspotGeometry, trackedMinutes } from './assemble.ts';
import { planDayStart } from './days.ts';
import { dosage } from './dosage.ts';
import { nearestHotspot, validateEvents } from './events.ts';
import { mergeHotspots } from './merge-hotspots.ts';
import type { PatrolEvent } from './model.ts';
import { parseGpx, parseTrackCsv } from './tracks.ts';
import { DEFAULT_SHIFT_WINDOWS, hotspotWindows, inWindow } from './windows.ts';

test('merging: adjacent hot cells make one hotspot; centres keep the minimum separation; shares count points in circles', () => {
  // Three hot cells side by side at (1000..1200, 1000), one at 1300 (too close to merge or keep), one far away.
  const cx = Float64Array.from([1000, 1100, 1200, 1300, 5000, 9000]);
  const cy = Float64Array.from([1000, 1000, 1000, 1000, 5000, 9000]);
  const score = Float64Array.from([10, 9, 8, 7, 5, 0]);
  const px = Float64Array.from([1000, 1100, 1100, 5000, 5050, 9000, 20000, 1300]);
  const py = Float64Array.from([1000, 1000, 1010, 5000, 5000, 9000, 20000, 1000]);
  const pharm = Float64Array.from([1, 1, 1, 10, 10, 1, 1, 1]);
  const r = mergeHotspots(
    { cx, cy, score, px, py, pharm, areaM2: 1e8 },
    { count: 5, radiusM: 150, minSeparationM: 500 },
  );
  assert.equal(
    r.hotspots.length,
    2,
    'the 1300 cell is within 500 m of the first centre; the zero cell is not hot',
  );
  const [a, b] = r.hotspots;
  assert.ok(a.x > 1000 && a.x < 1100, `weighted centre ${a.x}`);
  assert.equal(a.cells, 2, 'the cell 200 m away is beyond the 150 m radius');
  assert.equal(b.x, 5000);
  for (const h of r.hotspots)
    for (const g of r.hotspots) if (h !== g) assert.ok(Math.hypot(h.x - g.x, h.y - g.y) >= 500);
  assert.equal(b.crimes, 2);
  assert.equal(r.crimeShare, (a.crimes + b.crimes) / 8);
  assert.ok(Math.abs(r.areaShare - (2 * Math.PI * 150 * 150) / 1e8) < 1e-12);
  assert.ok(Math.abs(r.harmShare - (a.harm + 20) / 26) < 1e-12);
});

const H: HotspotGeometry = { x: 0, y: 0, radiusM: 150, windows: [] };
const T0 = Date.UTC(2024, 4, 6, 19, 0); // Mon 6 May 2024 20:00 BST

function ev(
  id: number,
  kind: PatrolEvent['kind'],
  minutes: number,
  extra: Partial<PatrolEvent> = {},
): PatrolEvent {
  return {
    id,
    planId: 1,
    versionId: 1,
    hotspotRank: 1,
    patrolKey: 'p1',
    kind,
    atMs: T0 + minutes * 60_000,
    officerId: 'o1',
    source: 'phone',
    x: null,
    y: null,
    tactic: null,
    note: null,
    correctsId: null,
    clientEventId: `c${id}`,
    synthetic: false,
    ...extra,
  };
}

test('patrols: start + end make a patrol; a correction supersedes without rewriting; flags over-cap and overlap', () => {
  const events = [
    ev(1, 'start', 0),
    ev(2, 'tactic', 5, { tactic: 'visible-foot' }),
    ev(3, 'end', 90),
    ev(4, 'correction', 95, { correctsId: 3, atMs: T0 + 20 * 60_000 }),
    ev(5, 'start', 10, { patrolKey: 'p2' }),
    ev(6, 'end', 30, { patrolKey: 'p2' }),
  ];
  const ps = assemblePatrols(events, () => H, new Map(), 60);
  assert.equal(ps.length, 2);
  const p1 = ps.find((p) => p.patrolKey === 'p1');
  assert.ok(p1);
  assert.equal(p1.typedMinutes, 20, 'the correction moved the end to 20 minutes');
  assert.deepEqual(p1.tactics, ['visible-foot']);
  assert.ok(p1.flags.includes('overlap'));
  assert.ok(!p1.flags.includes('over-cap'));
  assert.equal(events[2].atMs, T0 + 90 * 60_000, 'the stored end event is unchanged');
  const long = assemblePatrols([ev(1, 'start', 0), ev(2, 'end', 75)], () => H, new Map(), 60);
  assert.deepEqual(long[0].flags, ['over-cap']);
  const open = assemblePatrols([ev(1, 'start', 0)], () => H, new Map(), 60);
  assert.ok(open[0].flags.includes('no-end'));
});

test('pings: minutes inside the circle from pings; a patrol whose pings never enter is flagged', () => {
  const pings = [0, 2, 4, 6, 8, 10].map((m, i) => ({
    officerId: 'o1',
    atMs: T0 + m * 60_000,
    x: i < 3 ? 50 : 400,
    y: 0,
  }));
  const g = groupPings(pings);
  const t = trackedMinutes(g.get('o1'), T0, T0 + 10 * 60_000, H);
  assert.deepEqual(t, { minutes: 6, pings: 6, inside: 3 });
  const ps = assemblePatrols([ev(1, 'start', 0), ev(2, 'end', 10)], () => H, g, 60);
  assert.equal(ps[0].minutes, 6);
  assert.equal(ps[0].trackedMinutes, 6);
  const away = groupPings(pings.map((p) => ({ ...p, x: 900 })));
  assert.ok(
    assemblePatrols([ev(1, 'start', 0), ev(2, 'end', 10)], () => H, away, 60)[0].flags.includes(
      'never-entered',
    ),
  );
  const far = assemblePatrols(
    [ev(1, 'start', 0, { x: 800, y: 0 }), ev(2, 'end', 10)],
    () => H,
    new Map(),
    60,
  );
  assert.ok(far[0].flags.includes('never-entered'), 'the phone said it started 800 m away');
});

test('windows: outside-window flag; police.uk data falls back to the default shift pattern', () => {
  const w = [{ weekday: 0, startMinute: 20 * 60, minutes: 60, label: 'Mon 20:00–21:00', share: 0.3 }];
  assert.equal(inWindow(w, T0 + 10 * 60_000), true);
  assert.equal(inWindow(w, T0 + 70 * 60_000), false);
  const flagged = assemblePatrols(
    [ev(1, 'start', 120), ev(2, 'end', 135)],
    () => ({ ...H, windows: w }),
    new Map(),
    60,
  );
  assert.deepEqual(flagged[0].flags, ['outside-window']);
  const none = hotspotWindows(
    new Float64Array([Number.NaN]),
    new Float64Array([Number.NaN]),
    new Float64Array([1]),
    [0],
    2,
    15,
  );
  assert.equal(none.source, 'default shift');
  assert.deepEqual(none.windows, [...DEFAULT_SHIFT_WINDOWS]);
  // Crimes on Fridays 22:00–22:30 London time give a Friday window.
  const fri = Date.UTC(2024, 4, 10, 21, 0);
  const from = Float64Array.from([fri, fri + 7 * 86_400_000]);
  const to = Float64Array.from([fri + 30 * 60_000, fri + 7 * 86_400_000 + 30 * 60_000]);
  const timed = hotspotWindows(from, to, new Float64Array([1, 1]), [0, 1], 1, 15);
  assert.equal(timed.source, 'crime times');
  assert.match(timed.windows[0].label, /^Fri 22:00/);
});

test('dosage: visits, minutes, gaps, runs; compliance against a crossover allocation; control-day minutes', () => {
  const alloc = allocateCrossover({ hotspots: 2, days: 4, patrolShare: 0.5, seed: 3 });
  const start = '2024-05-06';
  const on = (d: number) => (alloc[d * 2] === 1 ? 1 : 2); // the hotspot patrolled on day d
  const off = (d: number) => 3 - on(d);
  const at = (d: number, m: number) => planDayStart(start, d) + m * 60_000;
  const patrols = [
    { hotspotRank: on(0), startMs: at(0, 600), endMs: at(0, 615), minutes: 15, trackedMinutes: 15 },
    { hotspotRank: on(0), startMs: at(0, 700), endMs: at(0, 710), minutes: 10, trackedMinutes: null },
    { hotspotRank: on(1), startMs: at(1, 600), endMs: at(1, 640), minutes: 40, trackedMinutes: null },
    { hotspotRank: off(2), startMs: at(2, 600), endMs: at(2, 605), minutes: 5, trackedMinutes: null },
    { hotspotRank: 1, startMs: at(9, 600), endMs: at(9, 615), minutes: 15, trackedMinutes: null },
  ];
  const d = dosage(patrols, {
    startDate: start,
    days: 4,
    hotspots: [
      { rank: 1, teamCode: 'A' },
      { rank: 2, teamCode: 'B' },
    ],
    allocation: alloc,
    visitsPerDay: 2,
    visitMinutes: 15,
  });
  assert.equal(d.total.plannedMinutes, 4 * 30, 'one hotspot a day, 2 × 15 minutes');
  assert.equal(d.total.deliveredMinutes, 25 + 30, 'day 1 is capped at its 30 planned minutes');
  assert.equal(d.total.compliance, 55 / 120);
  assert.equal(d.controlMinutes, 5);
  assert.equal(d.controlVisits, 1);
  assert.equal(d.outsidePlan, 1);
  assert.equal(d.trackedShare, 15 / 70);
  const day0 = d.days.find((x) => x.day === 0 && x.rank === on(0));
  assert.equal(day0?.visits, 2);
  assert.equal(day0?.meanGapMinutes, 85);
  assert.equal(day0?.minutesPerVisit, 12.5);
  assert.equal(d.weeks.length, 1);
  assert.equal(
    d.teams.reduce((s, t) => s + t.plannedMinutes, 0),
    120,
  );
});

test('tracks: CSV and GPX read; malformed files are refused naming line and field', () => {
  const csv =
    'officer_id,time,lat,lon\no1,2024-05-06T19:00:00Z,52.63,-1.13\no1,2024-05-06 20:02,52.631,-1.131\n';
  const p = parseTrackCsv(csv, 't.csv');
  assert.equal(p.length, 2);
  assert.equal(p[0].atMs, Date.UTC(2024, 4, 6, 19, 0));
  assert.equal(p[1].atMs, Date.UTC(2024, 4, 6, 19, 2), 'a time without a zone is London time');
  assert.throws(
    () => parseTrackCsv('officer_id,time,lat,lon\no1,yesterday,52.63,-1.13\n', 't.csv'),
    (e: Error & { where?: { line?: number; field?: string } }) =>
      e.where?.line === 2 && e.where.field === 'time',
  );
  assert.throws(() => parseTrackCsv('officer_id,when,lat,lon\no1,x,1,2\n', 't.csv'), /no "time" column/);
  assert.throws(
    () => parseTrackCsv('officer_id,time,lat,lon\no1,2024-05-06 20:00,10,10\n', 't.csv'),
    /not a position in the UK/,
  );
  const gpx =
    '<?xml version="1.0"?><gpx version="1.1"><trk><trkseg><trkpt lat="52.63" lon="-1.13"><time>2024-05-06T19:00:00Z</time></trkpt></trkseg></trk></gpx>';
  assert.equal(parseGpx(gpx, 't.gpx', 'o1').length, 1);
  assert.throws(
    () => parseGpx('<gpx><trkpt lat="52.6" lon="-1.1"></trkpt></gpx>', 't.gpx', 'o1'),
    /no <time>/,
  );
});

test('events: end before start, unknown hotspot, future time and unknown tactic are refused naming the field', () => {
  const plan = { planId: 1, versionId: 10, version: 1, hotspots: [{ rank: 1 }] };
  const ctx = {
    versions: new Map([[1, plan]]),
    latest: plan,
    stored: [],
    tactics: new Set(['visible-foot']),
    nowMs: T0 + 3_600_000,
  };
  const base = { clientEventId: 'a', planId: 1, patrolKey: 'k', source: 'phone' as const };
  const ok = validateEvents(
    [
      { ...base, kind: 'start', at: '2024-05-06T19:00:00Z', hotspot: 1 },
      { ...base, clientEventId: 'b', kind: 'end', at: '2024-05-06T19:15:00Z' },
    ],
    'o1',
    ctx,
  );
  assert.equal(ok.length, 2);
  assert.equal(ok[0].versionId, 10);
  const field = (f: string) => (e: Error & { where?: { field?: string } }) => e.where?.field === f;
  assert.throws(
    () =>
      validateEvents(
        [
          { ...base, kind: 'start', at: '2024-05-06T19:00:00Z', hotspot: 1 },
          { ...base, clientEventId: 'b', kind: 'end', at: '2024-05-06T18:15:00Z' },
        ],
        'o1',
        ctx,
      ),
    field('events[1].at'),
  );
  assert.throws(
    () => validateEvents([{ ...base, kind: 'start', at: '2024-05-06T19:00:00Z', hotspot: 9 }], 'o1', ctx),
    field('events[0].hotspot'),
  );
  assert.throws(
    () => validateEvents([{ ...base, kind: 'start', at: '2024-05-07T19:00:00Z', hotspot: 1 }], 'o1', ctx),
    /in the future/,
  );
  assert.throws(
    () => validateEvents([{ ...base, kind: 'tactic', at: '2024-05-06T19:00:00Z', tactic: 'x' }], 'o1', ctx),
    field('events[0].tactic'),
  );
  assert.deepEqual(
    nearestHotspot(
      [
        { rank: 1, x: 0, y: 0, radiusM: 150 },
        { rank: 2, x: 1000, y: 0, radiusM: 150 },
      ],
      900,
      0,
    ),
    {
      rank: 2,
      distanceM: 100,
      inside: true,
    },
  );
});
