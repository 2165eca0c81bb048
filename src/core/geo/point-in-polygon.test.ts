import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pointInMultiPolygon, pointInPolygonWithHoles } from './point-in-polygon.ts';
import type { MultiPolygon, Polygon, Ring } from './types.ts';

function square(x0: number, y0: number, x1: number, y1: number): Ring {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
}

// A 10×10 square with a 2×2 hole in the middle, and a separate part to the east.
const withHole: Polygon = [square(0, 0, 10, 10), square(4, 4, 6, 6)];
const eastPart: Polygon = [square(20, 0, 30, 10)];
const twoParts: MultiPolygon = [withHole, eastPart];

test('a point inside the outer ring but not in the hole is inside', () => {
  assert.equal(pointInPolygonWithHoles(1, 1, withHole), true);
  assert.equal(pointInMultiPolygon(1, 1, twoParts), true);
  assert.equal(pointInMultiPolygon(7.5, 5, twoParts), true);
});

test('a point in the hole is outside', () => {
  assert.equal(pointInPolygonWithHoles(5, 5, withHole), false);
  assert.equal(pointInMultiPolygon(5, 5, twoParts), false);
  assert.equal(pointInMultiPolygon(4.01, 5.99, twoParts), false);
});

test('points on an edge or a vertex, of the outer ring or of a hole, count as inside', () => {
  assert.equal(pointInMultiPolygon(0, 5, twoParts), true);
  assert.equal(pointInMultiPolygon(10, 10, twoParts), true);
  assert.equal(pointInMultiPolygon(5, 0, twoParts), true);
  assert.equal(pointInMultiPolygon(4, 5, twoParts), true, 'on the hole edge');
  assert.equal(pointInMultiPolygon(6, 6, twoParts), true, 'on a hole vertex');
  assert.equal(pointInMultiPolygon(20, 3, twoParts), true, 'on the second part');
});

test('points outside every part are outside', () => {
  assert.equal(pointInMultiPolygon(-0.001, 5, twoParts), false);
  assert.equal(pointInMultiPolygon(15, 5, twoParts), false, 'between the parts');
  assert.equal(pointInMultiPolygon(25, 10.5, twoParts), false);
  assert.equal(pointInMultiPolygon(1, 1, []), false);
});

test('the second part is found, and an island inside a hole belongs to the multipolygon', () => {
  assert.equal(pointInMultiPolygon(25, 5, twoParts), true);
  const island: Polygon = [square(4.5, 4.5, 5.5, 5.5)];
  assert.equal(pointInMultiPolygon(5, 5, [withHole, island]), true);
  assert.equal(pointInMultiPolygon(4.2, 4.2, [withHole, island]), false);
});

test('hole orientation does not matter', () => {
  const reversedHole: Polygon = [square(0, 0, 10, 10), square(4, 4, 6, 6).reverse()];
  assert.equal(pointInPolygonWithHoles(5, 5, reversedHole), false);
  assert.equal(pointInPolygonWithHoles(3, 5, reversedHole), true);
});
