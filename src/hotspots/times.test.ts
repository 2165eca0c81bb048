import assert from 'node:assert/strict';
import { test } from 'node:test';
import { londonLocalToUtc } from '../core/time/london.ts';
import {
  BINS_PER_DAY,
  BINS_PER_WEEK,
  hourByWeekday,
  topWindows,
  weekBin,
  weekProfile,
  windowLabel,
} from './times.ts';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('week bins use London wall-clock time, Monday first, in summer and winter', () => {
  // Friday 2022-07-15 22:05 BST = 21:05 UTC.
  assert.equal(weekBin(londonLocalToUtc(2022, 7, 15, 22, 5)), 4 * BINS_PER_DAY + 22 * 6);
  // Friday 2022-01-14 22:05 GMT.
  assert.equal(weekBin(londonLocalToUtc(2022, 1, 14, 22, 5)), 4 * BINS_PER_DAY + 22 * 6);
  // Monday 00:00 and Sunday 23:59.
  assert.equal(weekBin(londonLocalToUtc(2022, 1, 10, 0, 0)), 0);
  assert.equal(weekBin(londonLocalToUtc(2022, 1, 16, 23, 59)), BINS_PER_WEEK - 1);
});

test('a crime known to lie between two times is spread evenly over them (aoristic)', () => {
  // Saturday 22:00 to Sunday 02:00 London time: 24 bins of 1/24 each, harm likewise.
  const from = Float64Array.from([
    londonLocalToUtc(2022, 3, 12, 22, 0),
    londonLocalToUtc(2022, 3, 14, 9, 30),
    Number.NaN,
  ]);
  const to = Float64Array.from([londonLocalToUtc(2022, 3, 13, 2, 0), Number.NaN, Number.NaN]);
  const harm = Float64Array.from([48, 10, 5]);
  const p = weekProfile(from, to, harm, [0, 1, 2]);
  assert.equal(p.timed, 2);
  assert.equal(p.untimed, 1);
  const sat22 = 5 * BINS_PER_DAY + 22 * 6;
  for (let b = 0; b < 24; b++) {
    close(p.count[(sat22 + b) % BINS_PER_WEEK], 1 / 24);
    close(p.harm[(sat22 + b) % BINS_PER_WEEK], 2);
  }
  close(p.count[9 * 6 + 3], 1); // Monday 09:30, a point in time
  close(
    p.count.reduce((a, b) => a + b),
    2,
  );
  const hw = hourByWeekday(p.count);
  close(hw[5 * 24 + 23], 0.25);
  close(hw[6 * 24 + 1], 0.25);
  close(hw[0 * 24 + 9], 1);
  // A span of a week or more says nothing about the time of week.
  const wide = weekProfile(
    Float64Array.from([0]),
    Float64Array.from([8 * 86_400_000]),
    Float64Array.from([1]),
    [0],
  );
  close(wide.count[0], 1 / BINS_PER_WEEK);
  assert.equal(wide.wide, 1);
});

test('the best ≤ 60-minute windows, non-overlapping, wrapping Sunday night into Monday', () => {
  const bins = new Float64Array(BINS_PER_WEEK);
  bins[BINS_PER_WEEK - 2] = 3; // Sun 23:40
  bins[1] = 3; // Mon 00:10
  bins[4 * BINS_PER_DAY + 22 * 6] = 5; // Fri 22:00
  bins[2 * BINS_PER_DAY + 12 * 6] = 1; // Wed 12:00
  const w = topWindows(bins, 60, 3);
  assert.equal(w[0].label, 'Sun 23:40–00:20');
  assert.equal(w[0].minutes, 40);
  close(w[0].value, 6);
  close(w[0].share, 0.5);
  assert.equal(w[1].value, 5);
  assert.equal(w[1].label, 'Fri 22:00–22:10');
  assert.equal(w[2].value, 1);
  assert.equal(w.length, 3);
  assert.equal(topWindows(bins, 30, 10).length, 4, 'no window without crime');
  assert.equal(windowLabel(0, 60), 'Mon 00:00–01:00');
});
