import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMonth } from '../core/time/month.ts';
import { percentChanges, rollingSums, roundTo } from './rolling.ts';
import type { Series } from './series.ts';
import { PAPER_RULE, statusOf, statusSeries } from './status.ts';
import { harmTable } from './table.ts';

test('rolling sums need a full window; months with no crime count as zeros', () => {
  const v = Float64Array.from([1, 0, 0, 4, 5, 0]);
  assert.deepEqual([...rollingSums(v, 1, 6, 3)], [Number.NaN, Number.NaN, 1, 4, 9, 9]);
  assert.deepEqual([...rollingSums(v, 1, 6, 1)], [1, 0, 0, 4, 5, 0]);
  assert.throws(() => rollingSums(v, 1, 6, 0), /positive integer/);
});

test('rolling sums keep rows apart', () => {
  const v = Float64Array.from([1, 2, 3, 10, 20, 30]);
  assert.deepEqual([...rollingSums(v, 2, 3, 2)], [Number.NaN, 3, 5, Number.NaN, 30, 50]);
});

test('% change: 0 → 0 is no change, 0 → n is new, undefined before a full window', () => {
  const rolling = Float64Array.from([Number.NaN, 0, 0, 5, 10, 5]);
  const p = percentChanges(rolling, 1, 6);
  assert.ok(Number.isNaN(p[0]) && Number.isNaN(p[1]));
  assert.equal(p[2], 0);
  assert.equal(p[3], Number.POSITIVE_INFINITY);
  assert.equal(p[4], 100);
  assert.equal(p[5], -50);
});

test('rounding to 2 dp is half away from zero, as printed', () => {
  assert.equal(roundTo(1.005, 2), 1.01);
  assert.equal(roundTo(-2.835, 2), -2.84);
  assert.equal(roundTo(0.124999, 2), 0.12);
});

test('status runs are counted back from the latest month', () => {
  assert.equal(statusOf([10, 9, 8, 7]), 'Outstanding');
  assert.equal(statusOf([10, 11, 10, 9]), 'Good');
  assert.equal(statusOf([10, 9, 8, 9]), 'Needs improvement');
  assert.equal(statusOf([7, 8, 9, 10]), 'Poor');
  assert.equal(statusOf([10, 10]), 'No change');
  assert.equal(statusOf([10]), null, 'no history, no status');
  assert.equal(statusOf([Number.NaN, 10]), null);
});

test('a configurable minimum change turns small moves into "no change"', () => {
  const rule = { ...PAPER_RULE, minPercent: 1 };
  assert.equal(statusOf([100, 99, 98, 97.5], rule), 'No change', '−0.51% is below 1%');
  assert.equal(statusOf([100, 98, 96, 94], rule), 'Outstanding');
  assert.equal(statusOf([100, 99.5, 98, 96], rule), 'Good', 'the first move was too small, so the run is 2');
  assert.equal(statusOf([100, 110, 120], { months: 2, minPercent: 0, minVolume: 0 }), 'Poor');
  assert.equal(statusOf([100, 103], { ...PAPER_RULE, minVolume: 5 }), 'No change');
});

test('statusSeries agrees with statusOf on every prefix', () => {
  const totals = [Number.NaN, Number.NaN, 5, 4, 3, 3, 4, 5, 6, 6.5, 2];
  const series = statusSeries(totals);
  for (let i = 0; i < totals.length; i++)
    assert.equal(series[i], statusOf(totals.slice(0, i + 1)), `at ${i}`);
});

test('the harm table spans years, uses earlier months for the first window, and has no status without history', () => {
  // Two areas over 2021-11 .. 2022-04 (crossing a calendar and a financial year); area B appears in 2022-02.
  const start = parseMonth('2021-11') as number;
  const s: Series = {
    level: 'ward',
    start,
    months: 6,
    areas: [
      { id: 1, code: 'A', name: 'Area A' },
      { id: 2, code: 'B', name: 'Area B' },
    ],
    count: Float64Array.from([1, 2, 3, 4, 5, 6, 0, 0, 0, 1, 1, 0]),
    harm: Float64Array.from([10, 20, 30, 40, 50, 60, 0, 0, 0, 5, 5, 0]),
    unweighted: new Float64Array(12),
  };
  const rows = harmTable(s, { window: 3, from: parseMonth('2022-01') as number });
  const a = rows.filter((r) => r.area_code === 'A');
  assert.deepEqual(
    a.map((r) => [r.month, r.rolling_harm, r.pct_change, r.status]),
    [
      ['2022-01', 60, null, null],
      ['2022-02', 90, 50, 'Needs improvement'],
      ['2022-03', 120, 33.33, 'Needs improvement'],
      ['2022-04', 150, 25, 'Poor'],
    ],
  );
  const b = rows.filter((r) => r.area_code === 'B');
  assert.deepEqual(
    b.map((r) => [r.month, r.rolling_harm, r.pct_change, r.new, r.status]),
    [
      ['2022-01', 0, null, false, null],
      ['2022-02', 5, null, true, 'Needs improvement'],
      ['2022-03', 10, 100, false, 'Needs improvement'],
      ['2022-04', 10, 0, false, 'No change'],
    ],
  );
});
