import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pointInMultiPolygon } from './point-in-polygon.ts';
import { PolygonIndex } from './spatial-index.ts';
import type { MultiPolygon, Position, Ring } from './types.ts';

/** Seeded LCG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function square(x0: number, y0: number, x1: number, y1: number): Ring {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
}

/**
 * A G×G tessellation of [0, 100G]² by jittered quads whose shared edges are identical (so the cells
 * leave no gaps), with edge midpoints as extra vertices. Then: one cell is given a hole that a later
 * "island" multipolygon fills, one multipolygon has two far-apart parts, and a last big square
 * overlaps many cells.
 */
function tessellation(G: number, seed: number): MultiPolygon[] {
  const r = rng(seed);
  const corner: Position[][] = [];
  for (let i = 0; i <= G; i++) {
    corner.push([]);
    for (let j = 0; j <= G; j++) {
      const jx = i === 0 || i === G ? 0 : (r() - 0.5) * 40;
      const jy = j === 0 || j === G ? 0 : (r() - 0.5) * 40;
      corner[i].push([i * 100 + jx, j * 100 + jy]);
    }
  }
  const mid = (a: Position, b: Position): Position => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const cells: MultiPolygon[] = [];
  for (let i = 0; i < G; i++) {
    for (let j = 0; j < G; j++) {
      const a = corner[i][j];
      const b = corner[i + 1][j];
      const c = corner[i + 1][j + 1];
      const d = corner[i][j + 1];
      cells.push([[[a, mid(a, b), b, mid(b, c), c, mid(c, d), d, mid(d, a), a]]]);
    }
  }
  // Cell 0 and the last cell become one multipolygon of two parts.
  cells[0] = [...cells[0], ...cells[cells.length - 1]];
  cells.pop();
  // A hole in the cell around (550, 550), filled by an island appended later.
  const holed = 5 * G + 5;
  const hole = square(530, 530, 570, 570).reverse();
  cells[holed] = [[cells[holed][0][0], hole]];
  cells.push([[square(535, 535, 565, 565)]]);
  cells.push([[square(150, 150, 450, 350)]]);
  return cells;
}

function bruteFind(mps: MultiPolygon[], x: number, y: number): number {
  return mps.findIndex((mp) => pointInMultiPolygon(x, y, mp));
}

function bruteFindAll(mps: MultiPolygon[], x: number, y: number): number[] {
  return mps.flatMap((mp, i) => (pointInMultiPolygon(x, y, mp) ? [i] : []));
}

test('find and findAll agree with brute force on random points', () => {
  const G = 12;
  const mps = tessellation(G, 42);
  const index = new PolygonIndex(mps);
  assert.equal(index.size, mps.length);
  const r = rng(7);
  for (let k = 0; k < 20000; k++) {
    const x = -50 + r() * (G * 100 + 100);
    const y = -50 + r() * (G * 100 + 100);
    assert.equal(index.find(x, y), bruteFind(mps, x, y), `find(${x}, ${y})`);
    if (k % 10 === 0) assert.deepEqual(index.findAll(x, y), bruteFindAll(mps, x, y), `findAll(${x}, ${y})`);
  }
});

test('an index rebuilt from its data (a structured clone, as a worker thread gets it) finds the same', () => {
  const mps = tessellation(12, 42);
  const data = structuredClone(new PolygonIndex(mps).toData());
  const index = new PolygonIndex(data);
  assert.equal(index.size, mps.length);
  const r = rng(8);
  for (let k = 0; k < 5000; k++) {
    const x = -50 + r() * 1300;
    const y = -50 + r() * 1300;
    assert.equal(index.find(x, y), bruteFind(mps, x, y), `find(${x}, ${y})`);
    if (k % 10 === 0) assert.deepEqual(index.findAll(x, y), bruteFindAll(mps, x, y), `findAll(${x}, ${y})`);
  }
});

test('the tessellation leaves no gaps: every point inside it is found', () => {
  const mps = tessellation(12, 3);
  const index = new PolygonIndex(mps);
  const r = rng(11);
  const inHoleRim = (x: number, y: number) => x > 529 && x < 571 && y > 529 && y < 571;
  for (let k = 0; k < 20000; k++) {
    const x = r() * 1200;
    const y = r() * 1200;
    if (inHoleRim(x, y)) continue; // the one deliberate gap: between the hole's edge and the island
    assert.notEqual(index.find(x, y), -1, `(${x}, ${y}) fell in a gap`);
  }
});

test('points on vertices and shared edges go to the lowest index, like brute force', () => {
  const mps = tessellation(8, 5);
  const index = new PolygonIndex(mps);
  for (const mp of mps) {
    for (const [x, y] of mp[0][0]) {
      assert.equal(index.find(x, y), bruteFind(mps, x, y), `vertex (${x}, ${y})`);
      assert.deepEqual(index.findAll(x, y), bruteFindAll(mps, x, y), `vertex (${x}, ${y})`);
    }
  }
  // Two unit squares sharing the edge x = 1, and the point on it.
  const pair = new PolygonIndex([[[square(1, 0, 2, 1)]], [[square(0, 0, 1, 1)]]]);
  assert.equal(pair.find(1, 0.5), 0);
  assert.deepEqual(pair.findAll(1, 0.5), [0, 1]);
  assert.equal(pair.find(0.5, 0.5), 1);
});

test('holes, islands in holes, multipart areas and overlaps', () => {
  const mps = tessellation(12, 9);
  const index = new PolygonIndex(mps);
  const holed = 5 * 12 + 5;
  const island = mps.length - 2;
  const overlap = mps.length - 1;
  assert.equal(index.find(532, 550), -1, 'in the hole, outside the island');
  assert.equal(index.find(520, 550), holed);
  assert.equal(index.find(550, 550), island);
  assert.equal(index.find(1150, 1150), 0, 'the second part of multipolygon 0');
  const inOverlap = index.findAll(300, 250);
  assert.equal(inOverlap.length, 2);
  assert.equal(inOverlap[1], overlap);
  assert.equal(index.find(300, 250), inOverlap[0], 'lowest index wins');
});

test('a detailed polygon with thousands of vertices and a hole', () => {
  const circle = (cx: number, cy: number, radius: number, n: number): Ring => {
    const ring: Ring = [];
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n;
      ring.push([cx + radius * Math.cos(a) * (1 + 0.1 * Math.sin(17 * a)), cy + radius * Math.sin(a)]);
    }
    ring.push(ring[0]);
    return ring;
  };
  const mps: MultiPolygon[] = [
    [[circle(0, 0, 1000, 5000), circle(100, 0, 300, 2000)]],
    [[circle(1500, 0, 600, 3000)]],
  ];
  const index = new PolygonIndex(mps);
  const r = rng(13);
  for (let k = 0; k < 5000; k++) {
    const x = -1200 + r() * 3400;
    const y = -1200 + r() * 2400;
    assert.equal(index.find(x, y), bruteFind(mps, x, y), `(${x}, ${y})`);
  }
});

test('edge cases: empty index, NaN, open rings', () => {
  const empty = new PolygonIndex([]);
  assert.equal(empty.find(0, 0), -1);
  assert.deepEqual(empty.findAll(0, 0), []);
  const open: Ring = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ];
  const index = new PolygonIndex([[[open]], []]);
  assert.equal(index.size, 2);
  assert.equal(index.find(5, 5), 0, 'an open ring is closed implicitly');
  assert.equal(index.find(11, 5), -1);
  assert.equal(index.find(Number.NaN, 5), -1);
  assert.equal(index.find(5, Number.POSITIVE_INFINITY), -1);
});
