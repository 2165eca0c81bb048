import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Rng } from '../../core/rng.ts';
import type { LsoaMarginal } from './calibration.ts';
import { crosswalk, Geography, type Lsoa, readLsoas } from './geography.ts';

let geo: Geography;
before(async () => {
  geo = new Geography(await readLsoas());
});

test('the bundled West Midlands LSOAs: 1,680 of them, in 7 districts, about 900 km²', () => {
  assert.equal(geo.lsoas.length, 1680);
  assert.equal(new Set(geo.lsoas.map((l) => l.district)).size, 7);
  const km2 = geo.lsoas.reduce((s, l) => s + l.area, 0) / 1e6;
  assert.ok(km2 > 850 && km2 < 950, `${km2} km²`);
});

test('the interior shortcut gives the same answer as point-in-polygon, on edges of squares too', () => {
  const rng = new Rng(9);
  let inside = 0;
  for (let i = 0; i < 200_000; i++) {
    const l0 = geo.lsoas[rng.int(geo.lsoas.length)];
    // Integer points around a random LSOA; every fourth one on a 50 m line.
    let e = Math.round(l0.bbox[0] - 100 + rng.float() * (l0.bbox[2] - l0.bbox[0] + 200));
    let n = Math.round(l0.bbox[1] - 100 + rng.float() * (l0.bbox[3] - l0.bbox[1] + 200));
    if (i % 4 === 0) e = Math.round(e / 50) * 50;
    if (i % 4 === 1) n = Math.round(n / 50) * 50;
    const l = geo.index.find(e, n);
    for (const candidate of [l, rng.int(geo.lsoas.length)]) {
      if (candidate < 0) continue;
      assert.equal(geo.isIn(candidate, e, n), geo.isInExact(candidate, e, n), `${candidate} ${e} ${n}`);
    }
    if (l >= 0) inside++;
  }
  assert.ok(inside > 100_000);
});

test('random points fall in the LSOA asked for', () => {
  const rng = new Rng(4);
  const at = new Float64Array(2);
  for (let l = 0; l < geo.lsoas.length; l += 7) {
    for (let k = 0; k < 20; k++) {
      geo.randomPointIn(l, rng, at);
      assert.ok(Number.isInteger(at[0]) && Number.isInteger(at[1]));
      assert.equal(geo.index.findAll(at[0], at[1]).join(), String(l));
    }
  }
});

test('the crosswalk: same code, then same MSOA name, then the MSOAs of matched siblings, then the district', () => {
  const lsoa = (code: string, name: string): Lsoa => ({
    code,
    name,
    district: name.replace(/\s+\d+[A-Z]$/, ''),
    polygons: [],
    bbox: [0, 0, 0, 0],
    area: 0,
  });
  const lsoas = [
    lsoa('E1', 'Town 001A'), // unchanged
    lsoa('E2', 'Town 001B'), // split in 2021 into E8, E9 (same MSOA name)
    lsoa('E3', 'Town 002A'), // unchanged, but its 2021 MSOA is renumbered 005
    lsoa('E4', 'Town 002B'), // split; its 2021 parts are in the renumbered MSOA 005
    lsoa('E5', 'Town 003A'), // split; its 2021 part has a name matching nothing
    lsoa('E6', 'Town 004A'), // nothing in 2021 maps here
  ];
  const m = (code: string, name: string, crimes: number, decile = 5): LsoaMarginal => ({
    code,
    name,
    crimes,
    decile,
  });
  const xw = crosswalk(lsoas, [
    m('E1', 'Town 001A', 100, 1),
    m('E8', 'Town 001C', 30),
    m('E9', 'Town 001D', 50, 1),
    m('E3', 'Town 005A', 70),
    m('E10', 'Town 005B', 40),
    m('E11', 'Town 099A', 90),
  ]);
  assert.deepEqual(
    xw.map((x) => [x.how, x.crimes, x.topCrimes, x.msoa21]),
    [
      ['code', 100, 100, 'Town 001'],
      ['msoa', 80 + 90 / 4, 50, 'Town 001'],
      ['code', 70, 0, 'Town 005'],
      ['sibling', 40 + 90 / 4, 0, 'Town 005'],
      ['district', 90 / 4, 0, 'Town 099'],
      ['district', 90 / 4, 0, 'Town 099'],
    ],
  );
});
