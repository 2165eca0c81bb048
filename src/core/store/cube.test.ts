// CubeDelta: cells summed per (area, month, category) and given back in the cube's key order
// (level, month, area, category), months before 1970 and large area ids included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CubeDelta } from './cube.ts';

test('a delta gives its cells back summed, in the cube key order (level, month, area, category)', () => {
  const d = new CubeDelta();
  const big = 2 ** 31 - 1;
  // Added out of order on purpose.
  d.add('ward', 40, 635, 2, 1.5);
  d.add('lsoa', 7, 635, 13, null);
  d.add('force', 1, 600, 4, 0.25);
  d.add('lsoa', 9, -840, 0, 2);
  d.add('lsoa', big, 600, 1, 3);
  d.add('lsoa', 7, 600, 1, 0.0015);
  d.add('lsoa', 7, 635, 13, 1);
  d.add('lsoa', 8, 600, 1, 1);
  d.add('ward', 40, 600, 2, null);
  d.add('lsoa', 7, 600, 0, 1);
  assert.equal(d.size, 9);
  const cells = [...d.entries()].map((c) => [
    c.level,
    c.month,
    c.area_id,
    c.category,
    c.count,
    c.harm_milli,
    c.unweighted,
  ]);
  assert.deepEqual(cells, [
    ['force', 600, 1, 4, 1, 250, 0],
    ['lsoa', -840, 9, 0, 1, 2000, 0],
    ['lsoa', 600, 7, 0, 1, 1000, 0],
    ['lsoa', 600, 7, 1, 1, 2, 0],
    ['lsoa', 600, 8, 1, 1, 1000, 0],
    ['lsoa', 600, big, 1, 1, 3000, 0],
    ['lsoa', 635, 7, 13, 2, 1000, 1],
    ['ward', 600, 40, 2, 1, 0, 1],
    ['ward', 635, 40, 2, 1, 1500, 0],
  ]);
});

test('a cell that cannot be packed is refused, not mixed up with another', () => {
  const d = new CubeDelta();
  assert.throws(() => d.add('lsoa', 2 ** 31, 600, 1, 1), /out of range/);
  assert.throws(() => d.add('lsoa', 0, 600, 1, 1), /out of range/);
  assert.throws(() => d.add('lsoa', 7, 3072, 1, 1), /out of range/);
  assert.throws(() => d.add('lsoa', 7, 600, 32, 1), /out of range/);
  assert.equal(d.size, 0);
});
