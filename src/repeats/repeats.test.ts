import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.ts';
import { alertAsHotspot, buildAlert, type Place } from './alerts.ts';
import {
  CLASSES,
  classifyRepeats,
  countClasses,
  ISOLATED,
  NEAR_REPEAT,
  ORIGINATOR,
  REPEAT,
} from './classify.ts';
import { evaluateCocooning, newcombe, wilson } from './cocooning.ts';
import { DEFAULT_RISK, parseDay } from './model.ts';
import { chooseRisk } from './risk.ts';

test('classification equals a brute-force reading of every pair', () => {
  const rng = new Rng(2);
  const n = 400;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const day = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const same = k > 0 && rng.chance(0.2);
    x[k] = same ? x[k - 1] : Math.round(rng.range(0, 2000));
    y[k] = same ? y[k - 1] : Math.round(rng.range(0, 2000));
    day[k] = rng.int(120);
  }
  const o = { radiusM: 150, days: 14, metric: 'euclidean' as const };
  const got = classifyRepeats(x, y, day, o);
  for (let b = 0; b < n; b++) {
    let rep = false;
    let near = false;
    let leads = false;
    for (let a = 0; a < n; a++) {
      if (a === b) continue;
      const d = Math.hypot(x[a] - x[b], y[a] - y[b]);
      if (d > o.radiusM) continue;
      const aFirst = day[a] < day[b] || (day[a] === day[b] && a < b);
      const gap = Math.abs(day[a] - day[b]);
      if (gap > o.days) continue;
      if (aFirst) {
        if (d === 0) rep = true;
        else near = true;
      } else leads = true;
    }
    const want = rep ? REPEAT : near ? NEAR_REPEAT : leads ? ORIGINATOR : ISOLATED;
    assert.equal(got[b], want, `crime ${b}`);
  }
  const counts = countClasses(
    got,
    new Int32Array(n).fill(3),
    Int32Array.from(day, (d) => Math.floor(d / 30)),
  );
  assert.equal(
    counts.reduce((s, c) => s + c.counts.reduce((a, v) => a + v, 0), 0),
    n,
  );
  assert.equal(CLASSES.length, 4);
});

test('an alert lists the places inside the radius by street, nearest first, per team', () => {
  const places: Place[] = [
    { id: 1, x: 0, y: 0, lon: null, lat: null, street: 'On or near Park Road', team: 7 },
    { id: 2, x: 50, y: 0, lon: null, lat: null, street: 'On or near Park Road', team: 7 },
    { id: 3, x: 0, y: 120, lon: null, lat: null, street: 'On or near Mill Lane', team: 7 },
    { id: 4, x: 300, y: 0, lon: null, lat: null, street: 'On or near Far Street', team: 8 },
    { id: 5, x: 500, y: 0, lon: null, lat: null, street: 'On or near Outside Way', team: 8 },
  ];
  const day = parseDay('2024-05-10') ?? 0;
  const a = buildAlert(
    { id: 99, x: 0, y: 0, day, monthOnly: false, team: 7, placeId: 1 },
    places,
    400,
    28,
    'euclidean',
  );
  assert.equal(a.places, 4);
  assert.equal(a.from, '2024-05-10');
  assert.equal(a.to, '2024-06-07');
  assert.deepEqual(
    a.visits.map((v) => [v.team, v.list.map((i) => i.street)]),
    [
      [7, ['On or near Park Road', 'On or near Mill Lane']],
      [8, ['On or near Far Street']],
    ],
  );
  assert.match(a.visits[0].list[0].action, /Victim's street/);
  assert.match(a.visits[0].list[1].action, /Knock on doors/);
  assert.match(a.visits[1].list[0].action, /leaflet/);
  assert.deepEqual(alertAsHotspot(a), {
    easting: 0,
    northing: 0,
    radiusM: 400,
    from: '2024-05-10',
    to: '2024-06-07',
  });
  // Month-only: the risk runs from the month's start to `days` after its end.
  const m = buildAlert(
    { id: 1, x: 0, y: 0, day: parseDay('2024-02') ?? 0, monthOnly: true, team: 7, placeId: 1 },
    places,
    400,
    28,
    'euclidean',
  );
  assert.equal(m.to, '2024-03-28');
});

test('Wilson and Newcombe intervals match published values', () => {
  const [lo, hi] = wilson(5, 10);
  assert.ok(Math.abs(lo - 0.2366) < 1e-4 && Math.abs(hi - 0.7634) < 1e-4);
  // Newcombe (1998) example: 56/70 vs 48/80 → difference 0.2, interval 0.0524 to 0.3339.
  const [dl, dh] = newcombe(56, 70, 48, 80);
  assert.ok(Math.abs(dl - 0.0524) < 1e-3 && Math.abs(dh - 0.3339) < 1e-3, `${dl} ${dh}`);
});

test('cocooning comparison: follow-on burglaries counted per group, recent ones left out', () => {
  // Burglary 0 (cocooned) is followed by 1 nearby 5 days later; 2 (not cocooned) by nothing; 3 too recent.
  const x = Float64Array.from([0, 100, 5000, 9000]);
  const y = Float64Array.from([0, 0, 0, 0]);
  const day = Float64Array.from([0, 5, 10, 95]);
  const e = evaluateCocooning(x, y, day, Uint8Array.from([1, 0, 0, 0]), {
    radiusM: 400,
    days: 28,
    metric: 'euclidean',
    lastDay: 100,
  });
  assert.equal(e.tooRecent, 1);
  assert.equal(e.cocooned.burglaries, 1);
  assert.equal(e.cocooned.followed, 1);
  assert.equal(e.notCocooned.burglaries, 2);
  assert.equal(e.notCocooned.followed, 0);
  assert.ok(e.difference && e.difference.estimate === 1);
  assert.ok(e.riskRatio && e.riskRatio.interval[0] < e.riskRatio.estimate);
  assert.match(e.caveat, /not a randomised comparison/);
});

test('risk: options, then saved settings, then the default', () => {
  assert.deepEqual(chooseRisk({}, null, DEFAULT_RISK), DEFAULT_RISK);
  const saved = { radiusM: 200, days: 31, source: 'knox' as const };
  assert.deepEqual(chooseRisk({}, saved, DEFAULT_RISK), saved);
  assert.deepEqual(chooseRisk({ days: 14 }, saved, DEFAULT_RISK), {
    radiusM: 200,
    days: 14,
    source: 'options',
  });
  assert.equal(parseDay('2024-02-30'), null);
});
