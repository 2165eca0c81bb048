// KDE: spatstat agreement (fixture from bench/peers/make-fixtures.sh), mass conservation, weights,
// the bandwidth rule and warnings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Polygon } from '../core/geo/types.ts';
import { nums, readCsvColumns } from './fixtures.test-support.ts';
import { buildSquareGrid, cellAreas, squareCellAt } from './grid.ts';
import { bandwidthNrd, quartic, quarticKde, ruleOfThumbBandwidth } from './kde.ts';

const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];
const none = new Float64Array(0);

function spatstatCase() {
  const pts = readCsvColumns('kde-points.csv');
  const x = nums(pts.x);
  const y = nums(pts.y);
  // The fixture's window: [-1500, 2500] × [-800, 1600], 100 m pixels, h = 350 m.
  const { grid } = buildSquareGrid({
    polygons: [[rect(-1500, -800, 2500, 1600)]],
    x: none,
    y: none,
    size: 100,
  });
  const r = readCsvColumns('kde-spatstat.csv');
  const at = Int32Array.from(r.x, (cx, k) => squareCellAt(grid, Number(cx), Number(r.y[k])));
  return { x, y, grid, theirs: nums(r.density), at };
}

test('binned mode equals spatstat density.ppp(kernel = "quartic", sigma = h/√8, edge = FALSE)', () => {
  const { x, y, grid, theirs, at } = spatstatCase();
  assert.equal(grid.n, 40 * 24);
  assert.equal(theirs.length, grid.n);
  const ours = quarticKde(grid, x, y, undefined, { bandwidth: 350, mode: 'binned' });
  let max = 0;
  for (const v of theirs) max = Math.max(max, v);
  for (let k = 0; k < theirs.length; k++) {
    assert.ok(at[k] >= 0, 'every spatstat pixel is one of our cells');
    const mine = ours.density[at[k]] / 1e6; // ours is per km², spatstat's per m²
    assert.ok(Math.abs(mine - theirs[k]) <= 1e-9 * max, `pixel ${k}: ${mine} vs ${theirs[k]}`);
  }
});

test('exact mode (points where they are) stays close to spatstat, which moves them to pixel centres', () => {
  const { x, y, grid, theirs, at } = spatstatCase();
  const ours = quarticKde(grid, x, y, undefined, { bandwidth: 350 });
  let max = 0;
  let sumAbs = 0;
  let sum = 0;
  for (let k = 0; k < theirs.length; k++) {
    max = Math.max(max, theirs[k]);
    sumAbs += Math.abs(ours.density[at[k]] / 1e6 - theirs[k]);
    sum += theirs[k];
  }
  // Moving points by up to half a cell (71 m) against a 350 m kernel: the surfaces differ by a few %.
  assert.ok(sumAbs / sum < 0.1, `mean relative difference ${sumAbs / sum}`);
  for (let k = 0; k < theirs.length; k++)
    assert.ok(Math.abs(ours.density[at[k]] / 1e6 - theirs[k]) < 0.25 * max);
});

test('mass is conserved: density × cell area sums to the crimes (exactly when binned)', () => {
  // 500 points well inside a 6 × 6 km grid, kernels never reach the edge.
  let s = 12345;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const x = Float64Array.from({ length: 500 }, () => 2000 + 2000 * rnd());
  const y = Float64Array.from({ length: 500 }, () => 2000 + 2000 * rnd());
  const { grid } = buildSquareGrid({ polygons: [[rect(0, 0, 6000, 6000)]], x: none, y: none, size: 50 });
  const area = cellAreas(grid);
  const mass = (d: Float64Array) => d.reduce((a, v, k) => a + (v * area[k]) / 1e6, 0);
  for (const h of [120, 400, 1000]) {
    const binned = quarticKde(grid, x, y, undefined, { bandwidth: h, mode: 'binned' });
    assert.ok(Math.abs(mass(binned.density) - 500) < 1e-9, `binned h=${h}: ${mass(binned.density)}`);
    const exact = quarticKde(grid, x, y, undefined, { bandwidth: h });
    assert.ok(Math.abs(mass(exact.density) / 500 - 1) < 0.01, `exact h=${h}: ${mass(exact.density)}`);
  }
  // Weighted by harm: the mass is the total harm.
  const w = Float64Array.from(x, (_, k) => 1 + (k % 7));
  const total = w.reduce((a, b) => a + b);
  const weighted = quarticKde(grid, x, y, w, { bandwidth: 400, mode: 'binned' });
  assert.ok(Math.abs(mass(weighted.density) - total) < 1e-8);
});

test('the quartic kernel integrates to 1 and vanishes at the bandwidth', () => {
  const h = 300;
  let integral = 0;
  const step = 1;
  for (let r = step / 2; r < h; r += step) integral += quartic(r, h) * 2 * Math.PI * r * step;
  assert.ok(Math.abs(integral - 1) < 1e-5);
  assert.equal(quartic(h, h), 0);
  assert.equal(quartic(h + 1, h), 0);
  assert.ok(Math.abs(quartic(0, h) - 3 / (Math.PI * h * h)) < 1e-18);
});

test('rule-of-thumb bandwidth: MASS::bandwidth.nrd on x and y, averaged', () => {
  // 1..101: sd = sqrt(858.5), IQR (type 7) = 50 → IQR/1.34 < sd.
  const v = Float64Array.from({ length: 101 }, (_, k) => k + 1);
  const expected = 4 * 1.06 * Math.min(Math.sqrt(858.5), 50 / 1.34) * 101 ** -0.2;
  assert.ok(Math.abs(bandwidthNrd(v) - expected) < 1e-12);
  const y = Float64Array.from(v, (a) => a * 3);
  assert.ok(Math.abs(ruleOfThumbBandwidth(v, y) - 2 * expected) < 1e-9);
  const { grid } = buildSquareGrid({ polygons: [[rect(0, 0, 1000, 1000)]], x: none, y: none, size: 100 });
  const r = quarticKde(grid, v, y);
  assert.equal(r.bandwidthChosen, true);
  assert.ok(Math.abs(r.bandwidth - 2 * expected) < 1e-9);
});

test('a bandwidth below the cell size is warned about, and so is one far above it', () => {
  const { grid } = buildSquareGrid({ polygons: [[rect(0, 0, 1000, 1000)]], x: none, y: none, size: 100 });
  const x = Float64Array.from([500]);
  const below = quarticKde(grid, x, x, undefined, { bandwidth: 60 });
  assert.deepEqual(
    below.warnings.map((w) => w.code),
    ['bandwidth_below_cell'],
  );
  assert.match(below.warnings[0].message, /smaller than the cells \(100 m\)/);
  assert.deepEqual(quarticKde(grid, x, x, undefined, { bandwidth: 400 }).warnings, []);
  assert.equal(
    quarticKde(grid, x, x, undefined, { bandwidth: 5000 }).warnings[0].code,
    'bandwidth_far_above_cell',
  );
});
