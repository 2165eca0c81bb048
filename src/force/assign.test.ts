import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MultiPolygon } from '../core/geo/types.ts';
import { Assigner } from './assign.ts';

const square = (x0: number, y0: number, s: number): MultiPolygon => [
  [
    [
      [x0, y0],
      [x0 + s, y0],
      [x0 + s, y0 + s],
      [x0, y0 + s],
      [x0, y0],
    ],
  ],
];

// Four 100 m LSOAs in a 2×2 block; two MSOAs (left, right) with boundaries; districts made of
// LSOAs; a unit made of districts; a team covering an MSOA; an Impact Area made of one LSOA.
const areas = [
  { id: 1, level: 'lsoa', geometry_bng: JSON.stringify(square(0, 0, 100)) },
  { id: 2, level: 'lsoa', geometry_bng: JSON.stringify(square(0, 100, 100)) },
  { id: 3, level: 'lsoa', geometry_bng: JSON.stringify(square(100, 0, 100)) },
  { id: 4, level: 'lsoa', geometry_bng: JSON.stringify(square(100, 100, 100)) },
  { id: 10, level: 'msoa', geometry_bng: JSON.stringify([...square(0, 0, 100), ...square(0, 100, 100)]) },
  { id: 11, level: 'msoa', geometry_bng: JSON.stringify([...square(100, 0, 100), ...square(100, 100, 100)]) },
  { id: 20, level: 'district', geometry_bng: null },
  { id: 21, level: 'district', geometry_bng: null },
  { id: 30, level: 'unit', geometry_bng: null },
  { id: 40, level: 'team', geometry_bng: null },
  { id: 50, level: 'impact-area', geometry_bng: null },
];
const members = [
  { area_id: 30, member_id: 20 },
  { area_id: 30, member_id: 21 },
  { area_id: 20, member_id: 1 },
  { area_id: 20, member_id: 2 },
  { area_id: 21, member_id: 3 },
  { area_id: 21, member_id: 4 },
  { area_id: 40, member_id: 11 },
  { area_id: 50, member_id: 4 },
];

test('a point is placed by polygon where a level has boundaries and by membership where it has not', () => {
  const a = new Assigner(areas, members);
  const p = a.place(150, 150, Assigner.emptyPlacement());
  assert.deepEqual(p.ids, { lsoa: 4, msoa: 11, ward: 0, district: 21, team: 40, unit: 30 });
  assert.deepEqual(p.impactAreas, [50]);
  assert.equal(p.outside, false);
  const q = a.place(50, 50, Assigner.emptyPlacement());
  assert.deepEqual(q.ids, { lsoa: 1, msoa: 10, ward: 0, district: 20, team: 0, unit: 30 });
  assert.deepEqual(q.impactAreas, []);
});

test('a point in no LSOA is outside', () => {
  const a = new Assigner(areas, members);
  const p = a.place(250, 50, Assigner.emptyPlacement());
  assert.equal(p.outside, true);
  assert.equal(p.ids.lsoa, 0);
});

test('without boundaries nothing is called outside', () => {
  const a = new Assigner([{ id: 1, level: 'unit', geometry_bng: null }], []);
  assert.equal(a.hasBoundaries, false);
  assert.equal(a.place(1, 1, Assigner.emptyPlacement()).outside, false);
});

test('an assigner rebuilt from its data (as a worker thread gets it) places every point the same, without geometry', () => {
  // Also an Impact Area with its own boundary, so that every kind of level crosses.
  const withImpact = [
    ...areas,
    { id: 51, level: 'impact-area', geometry_bng: JSON.stringify(square(50, 50, 100)) },
  ];
  const original = new Assigner(withImpact, members);
  const data = structuredClone(original.toData());
  assert.ok(!JSON.stringify(data).includes('geometry'), 'the data carries indexes, not GeoJSON');
  assert.deepEqual(data.levels.map((l) => l.level).sort(), ['impact-area', 'lsoa', 'msoa']);
  const rebuilt = Assigner.fromData(data);
  let inside = 0;
  for (let x = -25; x <= 225; x += 12.5) {
    for (let y = -25; y <= 225; y += 12.5) {
      const want = original.place(x, y, Assigner.emptyPlacement());
      const got = rebuilt.place(x, y, Assigner.emptyPlacement());
      assert.deepEqual(got, want, `(${x}, ${y})`);
      if (!want.outside) inside++;
    }
  }
  assert.ok(inside > 100, `${inside} points inside`);
});
