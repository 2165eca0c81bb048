import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distanceToBoundary, distanceToSegment } from './distance.ts';

test('distance to a segment is perpendicular inside it and to the end beyond it', () => {
  assert.equal(distanceToSegment(5, 3, 0, 0, 10, 0), 3);
  assert.equal(distanceToSegment(13, 4, 0, 0, 10, 0), 5);
  assert.equal(distanceToSegment(1, 1, 2, 2, 2, 2), Math.SQRT2);
});

test('distance to a boundary includes the edges of holes', () => {
  const withHole = [
    [
      [
        [0, 0],
        [100, 0],
        [100, 100],
        [0, 100],
        [0, 0],
      ],
      [
        [40, 40],
        [60, 40],
        [60, 60],
        [40, 60],
        [40, 40],
      ],
    ],
  ] as [number, number][][][];
  assert.equal(distanceToBoundary(50, 35, withHole), 5);
  assert.equal(distanceToBoundary(10, 50, withHole), 10);
});
