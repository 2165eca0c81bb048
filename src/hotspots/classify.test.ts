// hotspot_classify semantics on a constructed space-time cube whose classes are known by design.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Polygon } from '../core/geo/types.ts';
import { CLASS_LABELS, classifyHotspots } from './classify.ts';
import { buildSquareGrid, squareCellAt, squareNeighbours } from './grid.ts';

const SIZE = 100;
const SIDE = 30;
const square: Polygon = [
  [
    [0, 0],
    [SIDE * SIZE, 0],
    [SIDE * SIZE, SIDE * SIZE],
    [0, SIDE * SIZE],
    [0, 0],
  ],
];
const none = new Float64Array(0);
const { grid } = buildSquareGrid({ polygons: [[square]], x: none, y: none, size: SIZE });
const nb = squareNeighbours(grid);
const cell = (i: number, j: number) => squareCellAt(grid, (i + 0.5) * SIZE, (j + 0.5) * SIZE);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Poisson(10) background, then blocks of 3 × 3 cells raised by 40 or set to 0 in chosen periods. */
function cube(periods: number) {
  const r = rng(99);
  const out: Float64Array[] = [];
  for (let t = 0; t < periods; t++) {
    const v = new Float64Array(grid.n);
    for (let k = 0; k < grid.n; k++) {
      let n = 0;
      let p = r();
      const limit = Math.exp(-10);
      while (p > limit) {
        n++;
        p *= r();
      }
      v[k] = n;
    }
    out.push(v);
  }
  const block = (ci: number, cj: number, periodsOn: number[], f: (x: number) => number) => {
    for (const t of periodsOn)
      for (let dj = -1; dj <= 1; dj++)
        for (let di = -1; di <= 1; di++) out[t][cell(ci + di, cj + dj)] = f(out[t][cell(ci + di, cj + dj)]);
  };
  const hot = (x: number) => x + 40;
  const cold = () => 0;
  const all = Array.from({ length: periods }, (_, t) => t);
  block(5, 5, all, hot); // persistent hotspot
  block(15, 5, [8, 9], hot); // emerging: the 2 recent periods of 10
  block(25, 5, [0, 1, 2, 3, 4], hot); // former: older only
  block(5, 15, [2, 8], hot); // intermittent: once older, once recent
  block(15, 15, all, cold); // persistent coldspot
  block(25, 15, [0, 1, 2, 3, 4], cold); // former coldspot…
  block(25, 15, [8, 9], hot); // …and emerging hotspot: mixed
  return out;
}

const label = (r: ReturnType<typeof classifyHotspots>, i: number, j: number) =>
  CLASS_LABELS[r.classes[cell(i, j)]];

test('known classes come out of a constructed space-time cube (sfhotspot defaults)', () => {
  const r = classifyHotspots(cube(10), nb);
  assert.equal(r.recentPeriods, 2);
  assert.deepEqual(r.periodsUsed, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(label(r, 5, 5), 'persistent hotspot');
  assert.equal(label(r, 15, 5), 'emerging hotspot');
  assert.equal(label(r, 25, 5), 'former hotspot');
  assert.equal(label(r, 5, 15), 'intermittent hotspot');
  assert.equal(label(r, 15, 15), 'persistent coldspot');
  assert.equal(label(r, 25, 15), 'mixed hot/coldspot');
  assert.equal(r.hotPeriods[cell(5, 5)], 10);
  assert.equal(r.coldPeriods[cell(15, 15)], 10);
  // Far from every block, almost every cell shows no pattern (Holm across periods keeps chance low).
  let quiet = 0;
  let far = 0;
  for (let j = 22; j < 30; j++)
    for (let i = 0; i < 30; i++) {
      far++;
      if (label(r, i, j) === 'no pattern') quiet++;
    }
  assert.ok(quiet / far > 0.9, `${quiet} of ${far} background cells show no pattern`);
});

test('without the Holm adjustment chance significance turns more background cells into hotspots', () => {
  const strict = classifyHotspots(cube(10), nb);
  const loose = classifyHotspots(cube(10), nb, { pAdjust: 'none' });
  const count = (r: typeof strict) => r.classes.filter((c) => c !== 0).length;
  assert.ok(count(loose) > count(strict));
});

test('a period with no crime is left out with a warning; too few periods are refused', () => {
  const periods = cube(10);
  const r = classifyHotspots([...periods, new Float64Array(grid.n)], nb);
  assert.deepEqual(r.periodsUsed, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(r.warnings[0].code, 'empty_period');
  assert.equal(label(r, 15, 5), 'emerging hotspot');
  const few = classifyHotspots(periods.slice(0, 4), nb);
  assert.equal(few.recentPeriods, 1);
  assert.ok(few.warnings.some((w) => w.code === 'recent_periods'));
  assert.throws(() => classifyHotspots(periods.slice(0, 1), nb), /at least 2 periods/);
  assert.throws(() => classifyHotspots(periods, nb, { hotspotProp: 1.2 }), /greater than 0 and less than 1/);
});
