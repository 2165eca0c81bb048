// Backtests: held-out scoring, tie handling, and the leakage guards (a method that peeks is caught).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BeatwiseError } from '../core/errors.ts';
import type { Polygon } from '../core/geo/types.ts';
import { auditLeakage, backtest, captured, scoreAtCoverage } from './backtest.ts';
import { assignCells, buildSquareGrid, cellAreas, squareCellAt, squareNeighbours } from './grid.ts';
import {
  buildCellSeries,
  type CellSeries,
  METHODS,
  makeMethod,
  type PredictMethod,
  TrainingView,
  topCells,
} from './predict.ts';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const square: Polygon = [
  [
    [0, 0],
    [2000, 0],
    [2000, 2000],
    [0, 2000],
    [0, 0],
  ],
];
const none = new Float64Array(0);

/** 24 months of crimes on a 20 × 20 grid of 100 m: a stable hotspot, a drifting one, noise. */
function fixture() {
  let s = 7;
  const r = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const x: number[] = [];
  const y: number[] = [];
  const month: number[] = [];
  const month0 = 600; // 2020-01
  for (let t = 0; t < 24; t++) {
    for (let k = 0; k < 30; k++) {
      x.push(450 + 100 * r());
      y.push(450 + 100 * r());
      month.push(month0 + t);
    }
    for (let k = 0; k < 15; k++) {
      x.push(1000 + t * 30 + 60 * r());
      y.push(1500 + 60 * r());
      month.push(month0 + t);
    }
    for (let k = 0; k < 40; k++) {
      x.push(2000 * r());
      y.push(2000 * r());
      month.push(month0 + t);
    }
  }
  const px = Float64Array.from(x);
  const py = Float64Array.from(y);
  const { grid } = buildSquareGrid({ polygons: [[square]], x: px, y: py, size: 100 });
  const cells = assignCells(grid, { x: px, y: py, lon: none, lat: none });
  const harm = Float64Array.from(x, (_, k) => 1 + (k % 5));
  const series = buildCellSeries(grid.n, cells, Int32Array.from(month), harm, px, py, month0, 24);
  return { grid, series, nb: squareNeighbours(grid), month0 };
}

test('a method that asks the training view for the test month is refused', () => {
  const { grid, series, nb, month0 } = fixture();
  const view = new TrainingView(series, month0 + 12, grid, nb);
  assert.throws(
    () => view.count(month0 + 13),
    (e: unknown) => e instanceof BeatwiseError && e.code === 'hotspots.leakage',
  );
  const peeking: PredictMethod = { name: 'peek-view', label: 'peeks', predict: (v) => v.count(v.origin + 1) };
  assert.throws(
    () => backtest(series, grid, nb, [makeMethod('naive'), peeking], { audit: false }),
    /asked for 2021-01/,
  );
});

test('a method that peeks at the test month through the raw data is caught by the audit', () => {
  const { grid, series, nb } = fixture();
  // Closes over the caller's arrays and returns next month's counts: a perfect, dishonest forecast.
  const cheat: PredictMethod = {
    name: 'oracle',
    label: 'reads the future',
    predict: (v: TrainingView) => {
      const t = v.origin + 1 - series.month0;
      return series.count.slice(t * series.n, (t + 1) * series.n);
    },
  };
  const before = series.count.slice();
  assert.throws(
    () => backtest(series, grid, nb, [makeMethod('naive'), cheat]),
    (e: unknown) => e instanceof BeatwiseError && e.code === 'hotspots.leakage' && /"oracle"/.test(e.message),
  );
  assert.deepEqual(series.count, before, 'the audit restores the data it scrambled');
  // Without the audit the cheat would look perfect: exactly what the audit exists to stop.
  const r = backtest(series, grid, nb, [makeMethod('naive'), cheat], { audit: false });
  const pei = r.summary.find((s) => s.method === 'oracle' && s.coverage === 0.05)!.pei;
  close(pei, 1);
  // A cheat through the points (KDE-style) is caught too.
  const pointCheat: PredictMethod = {
    name: 'points',
    label: 'reads future points',
    predict: (v) => {
      const out = new Float64Array(v.n);
      for (let k = 0; k < series.pmonth.length; k++)
        if (series.pmonth[k] === v.origin + 1) {
          const c = squareCellAt(grid as never, series.px[k], series.py[k]);
          if (c >= 0) out[c]++;
        }
      return out;
    },
  };
  assert.throws(
    () => auditLeakage(series, pointCheat, series.month0 + 12, grid, nb),
    /hotspots|changed its prediction/,
  );
});

test('every honest method passes the audit; origins roll and each is scored on the next month only', () => {
  const { grid, series, nb, month0 } = fixture();
  const methods = METHODS.map((m) => makeMethod(m, { bandwidth: 250 }));
  const r = backtest(series, grid, nb, methods, { minTrainMonths: 12 });
  assert.equal(r.audited, true);
  assert.deepEqual(
    r.origins,
    Array.from({ length: 12 }, (_, k) => month0 + 11 + k),
  );
  assert.equal(r.methods[0].name, 'naive');
  for (const s of r.summary) {
    assert.equal(s.origins, 12);
    assert.ok(s.hitRate > 0 && s.hitRate <= 1);
    assert.ok(s.pei > 0 && s.pei <= 1 + 1e-12, `${s.method} PEI ${s.pei}`);
    close(s.pai, s.hitRate / s.coverage, 0.05 * s.pai);
  }
  // The stable hotspot (30 of 85 crimes a month in one cell) is found by naive at 1%.
  const naive1 = r.summary.find((s) => s.method === 'naive' && s.coverage === 0.01)!;
  assert.ok(naive1.hitRate > 0.3, `naive hit rate ${naive1.hitRate}`);
  // Scores on one origin are the same as scoring that origin's prediction on the next month directly.
  const origin = r.origins[3];
  const view = new TrainingView(series, origin, grid, nb);
  const t = origin + 1 - series.month0;
  const direct = scoreAtCoverage(
    methods[0].predict(view),
    cellAreas(grid),
    0.05,
    series.count.subarray(t * series.n, (t + 1) * series.n),
    series.harm.subarray(t * series.n, (t + 1) * series.n),
  );
  assert.deepEqual(r.scores[0][2][3], direct);
});

test('tied scores at the area budget count in proportion (the expected result of a random tie-break)', () => {
  const area = new Float64Array(10).fill(1);
  const actual = Float64Array.from([5, 0, 0, 3, 0, 0, 0, 0, 0, 2]);
  // Cell 0 scores 2; cells 1..9 tie at 1. Budget 30% = 3 cells: cell 0 + 2 of the 9 tied.
  const score = Float64Array.from([2, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  const got = captured(score, area, 0.3, actual);
  close(got.count, 5 + (2 / 9) * 5);
  close(got.area, 0.3);
  // The order cells are stored in cannot change the result.
  const perm = [9, 3, 1, 2, 4, 5, 6, 7, 8, 0];
  const got2 = captured(
    Float64Array.from(perm, (k) => score[k]),
    area,
    0.3,
    Float64Array.from(perm, (k) => actual[k]),
  );
  close(got2.count, got.count);
  const s = scoreAtCoverage(score, area, 0.3, actual, actual);
  close(s.hitRate, got.count / 10);
  close(s.pai, s.hitRate / 0.3);
  close(s.pei, got.count / 10); // the best 3 cells hold all 10
});

test('prospective scores decay with distance and time; topCells covers the asked share of area', () => {
  const { grid, nb } = fixture();
  const series: CellSeries = {
    n: grid.n,
    month0: 0,
    months: 2,
    count: new Float64Array(grid.n * 2),
    harm: new Float64Array(grid.n * 2),
    px: none,
    py: none,
    pmonth: new Int32Array(0),
    pharm: none,
  };
  const at = squareCellAt(grid, 1050, 1050);
  series.count[grid.n + at] = 1; // one crime in the origin month (t = 0)
  const older = squareCellAt(grid, 350, 350);
  series.count[older] = 1; // one the month before (t = 1)
  const score = makeMethod('prospective').predict(new TrainingView(series, 1, grid, nb));
  close(score[at], 1);
  close(score[squareCellAt(grid, 1150, 1050)], 1 / 2);
  close(score[squareCellAt(grid, 1350, 1050)], 1 / 4);
  assert.equal(score[squareCellAt(grid, 1550, 1050)], 0, '500 m is beyond the 400 m band');
  close(score[older], 1 / 2);
  const chosen = topCells(score, cellAreas(grid), 0.01);
  assert.equal(chosen.length, 4);
  assert.equal(chosen[0], at);
});
