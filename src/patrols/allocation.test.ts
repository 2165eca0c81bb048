import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocateCrossover, patrolledPerDay, releasedThrough } from './allocation.ts';

test('each day patrols the same number of hotspots, and the seed gives the same allocation', () => {
  const d = { hotspots: 21, days: 90, patrolShare: 1 / 3, seed: 42 };
  const a = allocateCrossover(d);
  assert.equal(patrolledPerDay(d), 7);
  for (let day = 0; day < d.days; day++) {
    let n = 0;
    for (let h = 0; h < d.hotspots; h++) n += a[day * d.hotspots + h];
    assert.equal(n, 7, `day ${day}`);
  }
  assert.deepEqual(allocateCrossover(d), a);
  assert.notDeepEqual(allocateCrossover({ ...d, seed: 43 }), a);
});

test('over many days every hotspot is patrolled about its share of days', () => {
  const d = { hotspots: 20, days: 900, patrolShare: 0.5, seed: 7 };
  const a = allocateCrossover(d);
  for (let h = 0; h < d.hotspots; h++) {
    let n = 0;
    for (let day = 0; day < d.days; day++) n += a[day * d.hotspots + h];
    // Binomial(900, 0.5) has sd 15: 6 sd either side.
    assert.ok(Math.abs(n - 450) < 90, `hotspot ${h}: ${n}`);
  }
});

test('a design that leaves no control, or has one hotspot, is refused', () => {
  assert.throws(() => patrolledPerDay({ hotspots: 1, patrolShare: 0.5 }), /at least 2/);
  assert.throws(() => patrolledPerDay({ hotspots: 5, patrolShare: 1 }), /between 0 and 1/);
  assert.equal(patrolledPerDay({ hotspots: 5, patrolShare: 0.99 }), 4);
});

test('allocations are released a whole week at a time', () => {
  assert.equal(releasedThrough(90, 0), 7);
  assert.equal(releasedThrough(90, 6), 7);
  assert.equal(releasedThrough(90, 7), 14);
  assert.equal(releasedThrough(10, 30), 10);
});
