// An area's page boundaries: the area and the areas touching it, simplified for the zoom.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundarySubset, simplifyRing, withNeighbours, zoomTolerance } from './boundary-subset.ts';

const square = (x: number, y: number, s = 1): [number, number][][][] => [
  [
    [
      [x, y],
      [x + s, y],
      [x + s, y + s],
      [x, y + s],
      [x, y],
    ],
  ],
];

test('neighbours: the areas whose boxes touch the area, not the far ones', () => {
  const all = [square(0, 0), square(1, 0), square(0.5, 1), square(5, 5)];
  assert.deepEqual(withNeighbours(all, 0), [0, 1, 2]);
  assert.deepEqual(withNeighbours(all, 3), [3]);
});

test('simplified within the tolerance, first and last points kept, never below a ring', () => {
  // A wavy edge: 1,001 points with ±0.0001 wiggles on a 1-degree line, closed back.
  const ring: [number, number][] = [];
  for (let i = 0; i <= 1000; i++) ring.push([i / 1000, i % 2 ? 0.0001 : 0]);
  ring.push([1, 1], [0, 1], [0, 0]);
  const t = zoomTolerance(8); // ~0.0007°
  const s = simplifyRing(ring, t);
  assert.ok(s.length < 10, `${s.length} points`);
  assert.deepEqual(s[0], ring[0]);
  assert.deepEqual(s.at(-1), ring.at(-1));
  // Every dropped point is within the tolerance of the simplified edge along y = 0.
  for (const [x, y] of ring) if (x > 0 && x < 1 && y < 0.5) assert.ok(Math.abs(y) <= t);
  assert.equal(simplifyRing(ring, zoomTolerance(22)).length, ring.length); // every wiggle is kept
  assert.equal(simplifyRing(square(0, 0)[0][0], 10).length, 4); // a ring keeps 4 positions at least
});

test('the subset: the area marked selected, its neighbours, simplified when a zoom is given', () => {
  const f = (code: string, c: ReturnType<typeof square>) => ({
    code,
    props: { code },
    coordinates: JSON.stringify(c),
  });
  const all = [f('A', square(0, 0)), f('B', square(1, 0)), f('C', square(9, 9))];
  const sub = boundarySubset(all, { area: 'B' });
  assert.deepEqual(
    sub?.map((x) => [x.code, x.props.selected]),
    [
      ['A', false],
      ['B', true],
    ],
  );
  assert.equal(boundarySubset(all, { area: 'Z' }), null);
  assert.equal(boundarySubset(all, {})?.length, 3);
  const z = boundarySubset(all, { zoom: 1 });
  assert.deepEqual(JSON.parse(z?.[0].coordinates ?? ''), square(0, 0));
});
