import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellsForShare, concentration, gini, lorenz, sampleCurve, sharesAtArea } from './concentration.ts';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('x% of the area holds y% of crime and z% of harm, ranked by crime', () => {
  // 1000 cells: 10 cells with 50 crimes (harm 10 each crime), 90 with 5 (harm 100 each), 900 empty.
  const count = new Float64Array(1000);
  const harm = new Float64Array(1000);
  for (let k = 0; k < 10; k++) {
    count[k * 7] = 50;
    harm[k * 7] = 500;
  }
  for (let k = 100; k < 190; k++) {
    count[k] = 5;
    harm[k] = 500;
  }
  const c = concentration(count, harm);
  assert.equal(c.totalCount, 950);
  assert.equal(c.totalHarm, 50_000);
  const top1 = sharesAtArea(c, 0.01, count);
  assert.equal(top1.cells, 10);
  close(top1.areaShare, 0.01);
  close(top1.countShare, 500 / 950);
  close(top1.harmShare, 5000 / 50_000);
  assert.equal(top1.tiedLeftOut, 0);
  // 1.4% = 14 cells: the 10 plus 4 of the 90 tied at 5 crimes (86 left out of the tie).
  const top14 = sharesAtArea(c, 0.014, count);
  assert.equal(top14.cells, 14);
  close(top14.countShare, 520 / 950);
  assert.equal(top14.tiedLeftOut, 86);
  // Ranked by harm the order flips: the 100 cells all have harm 500, tie broken by crimes.
  const byHarm = concentration(count, harm, undefined, 'harm');
  const h1 = sharesAtArea(byHarm, 0.01, harm);
  close(h1.harmShare, 0.1);
  close(h1.countShare, 500 / 950, 1e-12);
});

test('the smallest set of cells holding p% of crime', () => {
  const count = Float64Array.from([0, 40, 0, 30, 20, 10, 0, 0, 0, 0]);
  const c = concentration(count, count);
  const half = cellsForShare(c, 0.5, count);
  assert.equal(half.cells, 2); // 40 + 30 = 70% ≥ 50%; 40 alone is 40%
  close(half.countShare, 0.7);
  close(half.areaShare, 0.2);
  assert.equal(cellsForShare(c, 0.4, count).cells, 1);
  assert.equal(cellsForShare(c, 1, count).cells, 4);
  // Unequal cell areas (hexagons): area shares use the areas.
  const area = Float64Array.from([1, 3, 1, 1, 1, 1, 1, 1, 1, 1]);
  const ca = concentration(count, count, area);
  close(cellsForShare(ca, 0.4, count).areaShare, 3 / 12);
});

test('Gini: 0 when even, (n−1)/n when all in one cell, and the textbook formula otherwise', () => {
  close(gini(new Float64Array(10).fill(4)), 0);
  const one = new Float64Array(10);
  one[3] = 7;
  close(gini(one), 0.9);
  const x = Float64Array.from([3, 0, 1, 8, 2, 2, 0, 5]);
  const sorted = [...x].sort((a, b) => a - b);
  const n = x.length;
  const total = sorted.reduce((a, b) => a + b);
  const textbook = (2 * sorted.reduce((a, v, i) => a + (i + 1) * v, 0)) / (n * total) - (n + 1) / n;
  close(gini(x), textbook);
  assert.ok(Number.isNaN(gini(new Float64Array(5))));
});

test('the Lorenz curve runs from (0,0) to (1,1), convex, least first', () => {
  const x = Float64Array.from([3, 0, 1, 8, 2, 2, 0, 5]);
  const l = lorenz(x);
  assert.equal(l.x[0], 0);
  assert.equal(l.y[0], 0);
  close(l.x[l.x.length - 1], 1);
  close(l.y[l.y.length - 1], 1);
  for (let k = 1; k < l.x.length; k++) {
    assert.ok(l.y[k] >= l.y[k - 1]);
    assert.ok(l.y[k] <= l.x[k] + 1e-12, 'below the line of equality');
  }
  const s = sampleCurve(l, 5);
  assert.deepEqual(s.x, [0, 0.25, 0.5, 0.75, 1]);
  close(s.y[2], 3 / 21); // the 4 smallest: 0, 0, 1, 2
  close(s.y[4], 1);
});
