// Units and teams are drawn as one outline, not with every member's line inside them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outerEdges } from '../web/src/components/dissolve.ts';

test('two wards side by side: their shared edge is dropped, the six outer edges stay', () => {
  const a = [
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ],
  ];
  // The neighbour's ring runs the other way round along the shared edge x = 1.
  const b = [
    [
      [1, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 0],
    ],
  ];
  const edges = outerEdges({ type: 'MultiPolygon', coordinates: [a, b] }).coordinates;
  assert.equal(edges.length, 6);
  assert.ok(!edges.some(([p, q]) => p[0] === 1 && q[0] === 1), 'the shared edge x = 1 is gone');
});
