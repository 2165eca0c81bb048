import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.ts';
import { knox, pairsPerTimeBand } from './knox.ts';
import { closePairs, distance, type Metric } from './pairs.ts';

/** Clustered points with duplicates (same map point) and whole or fractional days. */
function sample(n: number, seed: number, whole = true) {
  const rng = new Rng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const t = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (k > 0 && rng.chance(0.2)) {
      const s = rng.int(k);
      x[k] = x[s];
      y[k] = y[s];
    } else {
      x[k] = Math.round(rng.range(0, 3000));
      y[k] = Math.round(rng.range(0, 3000));
    }
    t[k] = whole ? rng.int(200) : rng.range(0, 200);
  }
  return { x, y, t };
}

/** All n² pairs by brute force, binned like knox() bins them. */
function brute(
  x: Float64Array,
  y: Float64Array,
  t: Float64Array,
  ds: number[],
  ts: number[],
  metric: Metric,
) {
  const nd = ds.length + 2;
  const nt = ts.length + 1;
  const out = Array.from({ length: nd }, () => new Array<number>(nt).fill(0));
  for (let a = 0; a < x.length; a++)
    for (let b = a + 1; b < x.length; b++) {
      const d = distance(metric, x[b] - x[a], y[b] - y[a]);
      let r = d === 0 ? 0 : 1;
      if (d > 0) while (r <= ds.length && d > ds[r - 1]) r++;
      const g = Math.abs(t[a] - t[b]);
      let c = 0;
      while (c < ts.length && g > ts[c]) c++;
      out[r][c]++;
    }
  return out;
}

for (const metric of ['euclidean', 'manhattan'] as const)
  for (const whole of [true, false])
    test(`observed counts equal a brute-force count of every pair (${metric}, ${whole ? 'whole' : 'fractional'} days)`, () => {
      const { x, y, t } = sample(700, whole ? 3 : 4, whole);
      const ds = [50, 150, 400];
      const ts = [0, 7, 30, 60];
      const r = knox(x, y, t, { distances: ds, times: ts, metric, iterations: 5, seed: 1, scheme: 'times' });
      assert.deepEqual(r.observed, brute(x, y, t, ds, ts, metric));
      assert.equal(r.pairs, (700 * 699) / 2);
      assert.equal(
        r.observed.flat().reduce((s, v) => s + v, 0),
        r.pairs,
      );
      assert.equal(r.distanceLabels.length, 5);
      assert.equal(r.timeLabels.length, 5);
    });

test('close pairs are exactly the pairs within the distance', () => {
  const { x, y } = sample(400, 9);
  const p = closePairs(x, y, 120, 'euclidean');
  let count = 0;
  for (let a = 0; a < 400; a++)
    for (let b = a + 1; b < 400; b++) if (Math.hypot(x[b] - x[a], y[b] - y[a]) <= 120) count++;
  assert.equal(p.n, count);
  for (let k = 0; k < p.n; k++) assert.ok(p.i[k] < p.j[k] && p.d[k] <= 120);
});

test('pairs per time band sum to every pair and match a brute count', () => {
  const { t } = sample(300, 5);
  const got = pairsPerTimeBand(t, [0, 10, 50]);
  const want = [0, 0, 0, 0];
  for (let a = 0; a < 300; a++)
    for (let b = a + 1; b < 300; b++) {
      const g = Math.abs(t[a] - t[b]);
      want[g <= 0 ? 0 : g <= 10 ? 1 : g <= 50 ? 2 : 3]++;
    }
  assert.deepEqual([...got], want);
});

test('permutations keep the time-band totals; a seed reproduces the result; p ≥ 1/(B+1)', () => {
  const { x, y, t } = sample(500, 6);
  const o = {
    distances: [100, 200],
    times: [14, 28],
    metric: 'euclidean' as const,
    iterations: 49,
    seed: 42,
    scheme: 'times' as const,
  };
  const a = knox(x, y, t, o);
  const b = knox(x, y, t, o);
  assert.deepEqual(a, b);
  assert.equal(a.minP, 1 / 50);
  for (const row of a.p) for (const p of row) assert.ok(p >= a.minP && p <= 1);
  // Column sums of the expected table equal the observed column sums (times are only shuffled).
  for (let c = 0; c < 3; c++) {
    const obs = a.observed.reduce((s, r) => s + r[c], 0);
    const exp = a.expected.reduce((s, r) => s + r[c], 0);
    assert.ok(Math.abs(obs - exp) < 1e-6);
  }
  const c = knox(x, y, t, { ...o, seed: 43 });
  assert.notDeepEqual(a.expected, c.expected);
});

test("'pairs' scheme: the expected count is the hypergeometric mean (row total × column total / pairs)", () => {
  const { x, y, t } = sample(400, 8);
  const r = knox(x, y, t, {
    distances: [200],
    times: [10],
    metric: 'euclidean',
    iterations: 2000,
    seed: 3,
    scheme: 'pairs',
  });
  const closeSpace = r.observed[0].reduce((s, v) => s + v, 0) + r.observed[1].reduce((s, v) => s + v, 0);
  const closeTime = r.observed.reduce((s, row) => s + row[0], 0);
  const mean = (closeSpace * closeTime) / r.pairs;
  assert.ok(
    Math.abs(r.cumulative.expected[0][0] - mean) < 0.05 * mean + 0.2,
    `${r.cumulative.expected[0][0]} vs ${mean}`,
  );
});

test('a planted near-repeat pattern is found and random timing is not', () => {
  const rng = new Rng(10);
  const n = 600;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const t = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (k >= 400) {
      const s = rng.int(400);
      x[k] = x[s] + rng.range(-80, 80);
      y[k] = y[s] + rng.range(-80, 80);
      t[k] = t[s] + 1 + rng.int(10);
    } else {
      x[k] = rng.range(0, 8000);
      y[k] = rng.range(0, 8000);
      t[k] = rng.int(365);
    }
  }
  const o = {
    distances: [200, 400],
    times: [14, 28],
    metric: 'euclidean' as const,
    iterations: 99,
    seed: 1,
    scheme: 'times' as const,
  };
  const r = knox(x, y, t, o);
  assert.equal(r.significant[1][0], true);
  assert.ok((r.ratio[1][0] ?? 0) > 2);
  const shuffled = Float64Array.from(t);
  for (let k = n - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    [shuffled[k], shuffled[j]] = [shuffled[j], shuffled[k]];
  }
  const null0 = knox(x, y, shuffled, o);
  assert.ok(null0.cumulative.p[0][0] > 0.01);
});

test('bad bands are refused', () => {
  const z = new Float64Array(3);
  assert.throws(() =>
    knox(z, z, z, {
      distances: [200, 100],
      times: [7],
      metric: 'euclidean',
      iterations: 9,
      seed: 1,
      scheme: 'times',
    }),
  );
  assert.throws(() =>
    knox(z, z, z, {
      distances: [100],
      times: [],
      metric: 'euclidean',
      iterations: 9,
      seed: 1,
      scheme: 'times',
    }),
  );
});
