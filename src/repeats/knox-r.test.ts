// The Knox test against R's surveillance::knox on a fixture (fixtures/knox-r.R made the input and
// the reference JSON; the test never runs R). The statistic must be equal; the permutation p-values
// agree within Monte Carlo error: both are binomial estimates, so their difference has standard
// error sqrt(p(1−p)(1/B_R + 1/B_ours)) and we allow 4 of those.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { knox } from './knox.ts';

const dir = join(import.meta.dirname, 'fixtures');
const ref = JSON.parse(readFileSync(join(dir, 'knox-r.json'), 'utf8')) as {
  eps_s: number;
  eps_t: number;
  B: number;
  n: number;
  statistic: number;
  expected: number;
  p_pairs_surveillance: number;
  p_times_r: number;
  mean_times_r: number;
  statistic_manhattan: number;
  table: [[number, number], [number, number]];
};
const rows = readFileSync(join(dir, 'knox-r-input.csv'), 'utf8').trim().split('\n').slice(1);
const x = Float64Array.from(rows, (r) => Number(r.split(',')[0]));
const y = Float64Array.from(rows, (r) => Number(r.split(',')[1]));
const t = Float64Array.from(rows, (r) => Number(r.split(',')[2]));
const B = 9999;

const within = (ours: number, theirs: number) => {
  const p = (ours + theirs) / 2;
  const se = Math.sqrt(Math.max(p * (1 - p), 1e-4) * (1 / B + 1 / ref.B));
  assert.ok(
    Math.abs(ours - theirs) <= 4 * se,
    `p ${ours} vs R ${theirs}: more than 4 SE (${se.toFixed(4)}) apart`,
  );
};

test('fixture: the statistic and the 2×2 table equal surveillance::knox', () => {
  assert.equal(t.length, ref.n);
  const r = knox(x, y, t, {
    distances: [ref.eps_s],
    times: [ref.eps_t],
    metric: 'euclidean',
    iterations: 9,
    seed: 1,
    scheme: 'times',
  });
  assert.equal(r.cumulative.observed[0][0], ref.statistic);
  // R: rows dt ≤ / >, columns ds ≤ / >. Ours: rows same location, ≤ eps, beyond; columns ≤ eps_t, beyond.
  assert.equal(r.observed[0][1] + r.observed[1][1], ref.table[1][0]);
  assert.equal(r.observed[2][0], ref.table[0][1]);
  assert.equal(r.observed[2][1], ref.table[1][1]);
  const m = knox(x, y, t, {
    distances: [ref.eps_s],
    times: [ref.eps_t],
    metric: 'manhattan',
    iterations: 9,
    seed: 1,
    scheme: 'times',
  });
  assert.equal(m.cumulative.observed[0][0], ref.statistic_manhattan);
});

test("fixture: the 'pairs' scheme's p-value and expectation agree with surveillance::knox within Monte Carlo error", () => {
  const r = knox(x, y, t, {
    distances: [ref.eps_s],
    times: [ref.eps_t],
    metric: 'euclidean',
    iterations: B,
    seed: 7,
    scheme: 'pairs',
  });
  within(r.cumulative.p[0][0], ref.p_pairs_surveillance);
  // surveillance's expectation is exact (row × column total / pairs); ours is a mean of B draws.
  assert.ok(
    Math.abs(r.cumulative.expected[0][0] - ref.expected) < 0.2,
    `${r.cumulative.expected[0][0]} vs ${ref.expected}`,
  );
});

test("fixture: the 'times' scheme's p-value agrees with the same permutation written in R", () => {
  const r = knox(x, y, t, {
    distances: [ref.eps_s],
    times: [ref.eps_t],
    metric: 'euclidean',
    iterations: B,
    seed: 11,
    scheme: 'times',
  });
  within(r.cumulative.p[0][0], ref.p_times_r);
  assert.ok(Math.abs(r.cumulative.expected[0][0] - ref.mean_times_r) < 0.3);
});
