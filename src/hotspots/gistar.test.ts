// Gi* against R spdep::localG, and BH/Holm against R's p.adjust, on fixtures written by
// bench/peers/make-fixtures.sh (the tests never run R).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bhAdjust, holmAdjust, orderAscending } from './bh.ts';
import { nums, readCsvColumns } from './fixtures.test-support.ts';
import { giBins, giStar, giStarFull, twoSidedP, upperTail } from './gistar.ts';
import { squareGridFromCells, squareNeighbours } from './grid.ts';
import type { Neighbours } from './model.ts';

function fixtureGrid() {
  const cells = readCsvColumns('gistar-cells.csv');
  const size = Number(cells.size_m[0]);
  const ci = Int32Array.from(cells.x_min, (x) => Math.round(Number(x) / size));
  const cj = Int32Array.from(cells.y_min, (y) => Math.round(Number(y) / size));
  return { ids: cells.cell_id, count: nums(cells.count), grid: squareGridFromCells(size, ci, cj), size };
}

function compare(name: string, ours: Float64Array, theirs: Float64Array, tol: number): number {
  assert.equal(ours.length, theirs.length);
  let worst = 0;
  for (let k = 0; k < ours.length; k++) {
    const d = Math.abs(ours[k] - theirs[k]);
    if (!(d <= tol)) assert.fail(`${name}[${k}]: ours ${ours[k]}, R ${theirs[k]}`);
    worst = Math.max(worst, d);
  }
  return worst;
}

for (const [file, distance] of [
  ['gistar-spdep.csv', undefined],
  ['gistar-spdep-500.csv', 500],
] as const) {
  test(`Gi* equals spdep::localG to 1e-9 (${file}, distance ${distance ?? 'cell × √2'})`, () => {
    const { ids, count, grid, size } = fixtureGrid();
    const r = readCsvColumns(file);
    assert.deepEqual(r.cell_id, ids, 'same cells in the same order');
    const nb = squareNeighbours(grid, distance ?? size * Math.SQRT2, true);
    const card = nums(r.card);
    for (let k = 0; k < grid.n; k++)
      assert.equal(nb.start[k + 1] - nb.start[k], card[k], `neighbours of ${ids[k]}`);
    const ours = giStarFull(count, nb, 'q');
    const worstZ = compare('z', ours.z, nums(r.gi_z), 1e-9);
    compare('p', ours.p, nums(r.gi_p), 1e-9);
    compare('q', ours.q, nums(r.gi_q), 1e-9);
    assert.ok(worstZ < 1e-11, `worst z difference ${worstZ}`);
    // The fixture is real data with hot spots: some cells must be significant.
    assert.ok(ours.bin.some((b) => b === 3));
  });
}

test('Benjamini–Hochberg and Holm equal R p.adjust, ties, 0, 1 and NA included', () => {
  const r = readCsvColumns('bh-padjust.csv');
  const p = nums(r.p);
  const bh = bhAdjust(p);
  const holm = holmAdjust(p);
  const rbh = nums(r.bh);
  const rholm = nums(r.holm);
  for (let k = 0; k < p.length; k++) {
    if (Number.isNaN(rbh[k])) {
      assert.ok(Number.isNaN(bh[k]) && Number.isNaN(holm[k]), `NA stays NA at ${k}`);
      continue;
    }
    assert.ok(Math.abs(bh[k] - rbh[k]) <= 1e-15, `BH[${k}]: ${bh[k]} vs ${rbh[k]}`);
    assert.ok(Math.abs(holm[k] - rholm[k]) <= 1e-15, `Holm[${k}]: ${holm[k]} vs ${rholm[k]}`);
  }
});

test('the radix order used for large inputs sorts p-values like a comparison sort, ties, 0 and 1 included', () => {
  const p = Float64Array.from({ length: 5000 }, (_, k) =>
    k % 7 === 0 ? 0 : k % 11 === 0 ? 1 : ((k * 7919) % 1009) / 1009,
  );
  p[17] = Number.NaN;
  p[18] = 1e-300;
  p[19] = 5e-324;
  const order = orderAscending(p);
  assert.equal(order.length, 4999);
  for (let r = 1; r < order.length; r++) assert.ok(p[order[r - 1]] <= p[order[r]], `rank ${r}`);
  assert.equal(order[0] % 7, 0);
  // BH through the radix path equals BH through the comparison path on the same values.
  const small = bhAdjust(p.subarray(0, 400));
  const big = bhAdjust(Float64Array.from({ length: 4000 }, (_, k) => p[k % 400]));
  for (let k = 0; k < 400; k++) {
    if (Number.isNaN(small[k])) continue;
    const direct = Math.min(1, small[k]); // q scales with n/rank: same value when every p repeats 10×
    assert.ok(Math.abs(big[k] - direct) < 1e-12, `${k}: ${big[k]} vs ${direct}`);
  }
});

test('the normal tail equals R pnorm to 1e-15 relative, from the centre to the far tail', () => {
  const r = readCsvColumns('pnorm.csv');
  const z = nums(r.z);
  const upper = nums(r.upper);
  const two = nums(r.two_sided);
  for (let k = 0; k < z.length; k++) {
    const u = upperTail(z[k]);
    assert.ok(Math.abs(u - upper[k]) <= 1e-15 * upper[k] + 1e-300, `z = ${z[k]}: ${u} vs ${upper[k]}`);
    assert.ok(Math.abs(twoSidedP(z[k]) - two[k]) <= 2e-15 * two[k] + 1e-300, `z = ${z[k]} two-sided`);
  }
  assert.equal(twoSidedP(0), 1);
  assert.ok(Number.isNaN(twoSidedP(Number.NaN)));
  assert.ok(Math.abs(twoSidedP(1.959963984540054) - 0.05) < 1e-15);
  assert.ok(Math.abs(twoSidedP(-2.5758293035489004) - 0.01) < 1e-15);
});

function line(n: number): Neighbours {
  // Cells on a line, each with itself and its two neighbours.
  const start = new Int32Array(n + 1);
  const index: number[] = [];
  for (let k = 0; k < n; k++) {
    start[k] = index.length;
    for (const j of [k - 1, k, k + 1]) if (j >= 0 && j < n) index.push(j);
  }
  start[n] = index.length;
  return { start, index: Int32Array.from(index), selfIncluded: true, description: 'line' };
}

test('Gi* by hand on a small line of cells, and Gi (self excluded)', () => {
  const x = Float64Array.from([0, 0, 10, 0, 1, 0, 0, 2]);
  const n = x.length;
  const mean = x.reduce((a, b) => a + b) / n;
  const s = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  const r = giStar(x, line(n));
  // Cell 2: neighbours 1,2,3 sum to 10, W = 3.
  const z2 = (10 - 3 * mean) / (s * Math.sqrt((n * 3 - 9) / (n - 1)));
  assert.ok(Math.abs(r.z[2] - z2) < 1e-12);
  // Cell 0: neighbours 0,1, W = 2.
  const z0 = (0 - 2 * mean) / (s * Math.sqrt((n * 2 - 4) / (n - 1)));
  assert.ok(Math.abs(r.z[0] - z0) < 1e-12);
  // Gi: without self, mean and variance leave the cell out.
  const nb = line(n);
  const start = new Int32Array(n + 1);
  const index: number[] = [];
  for (let k = 0; k < n; k++) {
    start[k] = index.length;
    for (let q = nb.start[k]; q < nb.start[k + 1]; q++) if (nb.index[q] !== k) index.push(nb.index[q]);
  }
  start[n] = index.length;
  const gi = giStar(x, { start, index: Int32Array.from(index), selfIncluded: false, description: '' });
  const others = [...x.slice(0, 2), ...x.slice(3)];
  const xb = others.reduce((a, b) => a + b) / (n - 1);
  const s2 = others.reduce((a, b) => a + b * b, 0) / (n - 1) - xb * xb;
  const zg = (0 + 0 - 2 * xb) / Math.sqrt((s2 * ((n - 1) * 2 - 4)) / (n - 2));
  assert.ok(Math.abs(gi.z[2] - zg) < 1e-12);
});

test('no variance → no z; Gi_Bin levels at 90/95/99% with the sign of z', () => {
  const flat = giStar(new Float64Array(8).fill(3), line(8));
  assert.ok(flat.z.every(Number.isNaN));
  const z = Float64Array.from([3, -3, 2, -2, 1.7, -1.7, 1, 0]);
  const p = z.map((v) => twoSidedP(v));
  assert.deepEqual(Array.from(giBins(z, p)), [3, -3, 2, -2, 1, -1, 0, 0]);
  // With q-values the same z can fall a class.
  const q = bhAdjust(p);
  const withQ = giBins(z, q);
  assert.ok(withQ.every((b, k) => Math.abs(b) <= Math.abs(giBins(z, p)[k])));
});
