import assert from 'node:assert/strict';
import { test } from 'node:test';
import proj4 from 'proj4';
import { isBeatwiseError } from '../errors.ts';
import {
  BNG_PROJ4,
  isBNGRange,
  isInUK,
  projectMultiPolygonToBNG,
  projectMultiPolygonToWGS84,
  projectToBNG,
  projectToWGS84,
  toBNG,
  toWGS84,
} from './bng.ts';
import type { MultiPolygon } from './types.ts';

const dms = (d: number, m: number, s: number) => d + m / 60 + s / 3600;

/** Lon/lat pairs every 0.25° across the UK box, corners included. */
function ukGrid(): [number, number][] {
  const out: [number, number][] = [];
  for (let lon = -8.7; lon <= 1.9 + 1e-9; lon += 0.25) {
    for (let lat = 49.8; lat <= 60.95 + 1e-9; lat += 0.25) out.push([lon, lat]);
  }
  return out;
}

test('Caister Water Tower (OS worked example) lands within 5 m of its published grid position', () => {
  // The OS guide's ETRS89 position of the tower (≈ WGS84 at this precision) and its National Grid
  // coordinates. The 7-parameter Helmert is a few metres from OSTN15, hence the 5 m tolerance.
  const [e, n] = toBNG(dms(1, 42, 57.8663), dms(52, 39, 28.8282));
  const err = Math.hypot(e - 651409.903, n - 313177.27);
  assert.ok(err < 5, `error ${err.toFixed(3)} m (got E ${e.toFixed(3)}, N ${n.toFixed(3)})`);
});

test('agrees with proj4 to a millimetre in both directions across the UK', () => {
  const conv = proj4('WGS84', BNG_PROJ4);
  let worstForward = 0;
  let worstInverse = 0;
  for (const [lon, lat] of ukGrid()) {
    const [e, n] = toBNG(lon, lat);
    const [pe, pn] = conv.forward([lon, lat]);
    worstForward = Math.max(worstForward, Math.hypot(e - pe, n - pn));
    // The inverse differs in degrees; express the difference in metres on the ground.
    const [ilon, ilat] = toWGS84(pe, pn);
    const [qlon, qlat] = conv.inverse([pe, pn]);
    const metresPerDegLon = 111320 * Math.cos(qlat * (Math.PI / 180));
    worstInverse = Math.max(
      worstInverse,
      Math.hypot((ilon - qlon) * metresPerDegLon, (ilat - qlat) * 111320),
    );
  }
  assert.ok(worstForward < 0.001, `forward differs from proj4 by up to ${worstForward} m`);
  assert.ok(worstInverse < 0.001, `inverse differs from proj4 by up to ${worstInverse} m`);
});

test('round trip WGS84 → BNG → WGS84 is within 1e-6 degrees', () => {
  let worst = 0;
  for (const [lon, lat] of ukGrid()) {
    const [e, n] = toBNG(lon, lat);
    const [lon2, lat2] = toWGS84(e, n);
    worst = Math.max(worst, Math.abs(lon2 - lon), Math.abs(lat2 - lat));
  }
  assert.ok(worst < 1e-6, `round trip error up to ${worst}°`);
});

test('batch projection matches the single-point functions; NaN passes through', () => {
  const pts = ukGrid();
  const lon = Float64Array.from(pts, (p) => p[0]);
  const lat = Float64Array.from(pts, (p) => p[1]);
  lon[3] = Number.NaN;
  const e = new Float64Array(pts.length);
  const n = new Float64Array(pts.length);
  projectToBNG(lon, lat, e, n);
  for (let i = 0; i < pts.length; i++) {
    if (i === 3) continue;
    assert.deepEqual([e[i], n[i]], toBNG(lon[i], lat[i]));
  }
  assert.ok(Number.isNaN(e[3]) && Number.isNaN(n[3]));

  const lon2 = new Float64Array(pts.length);
  const lat2 = new Float64Array(pts.length);
  projectToWGS84(e, n, lon2, lat2);
  assert.deepEqual([lon2[10], lat2[10]], toWGS84(e[10], n[10]));
});

test('batch projection can work in place and rejects arrays of different lengths', () => {
  const a = Float64Array.of(-1.9, -0.1);
  const b = Float64Array.of(52.48, 51.5);
  const expected = [toBNG(a[0], b[0]), toBNG(a[1], b[1])];
  projectToBNG(a, b, a, b);
  assert.deepEqual(
    [
      [a[0], b[0]],
      [a[1], b[1]],
    ],
    expected,
  );
  assert.throws(
    () => projectToBNG(a, b, new Float64Array(1), new Float64Array(2)),
    (e) => isBeatwiseError(e) && e.code === 'invalid_argument',
  );
});

test('isInUK and isBNGRange bound the places a UK force can be', () => {
  assert.equal(isInUK(-1.8904, 52.4862), true); // Birmingham
  assert.equal(isInUK(-1.2, 60.8), true); // Shetland
  assert.equal(isInUK(-6.3, 49.9), true); // Scilly
  assert.equal(isInUK(-5.93, 54.6), true); // Belfast
  assert.equal(isInUK(0, 0), false);
  assert.equal(isInUK(52.48, -1.89), false); // lat/lon swapped
  assert.equal(isInUK(2.35, 48.86), false); // Paris
  assert.equal(isBNGRange(406000, 286000), true);
  assert.equal(isBNGRange(0, 0), true);
  assert.equal(isBNGRange(-1, 5), false);
  assert.equal(isBNGRange(700001, 5), false);
  assert.equal(isBNGRange(5, 1300001), false);
  assert.equal(isBNGRange(-1.89, 52.48), false);
});

test('multipolygons project position by position and back', () => {
  const mp: MultiPolygon = [
    [
      [
        [-1.9, 52.4],
        [-1.8, 52.4],
        [-1.8, 52.5],
        [-1.9, 52.4],
      ],
    ],
    [
      [
        [-1.7, 52.4],
        [-1.6, 52.4],
        [-1.6, 52.5],
        [-1.7, 52.4],
      ],
    ],
  ];
  const bng = projectMultiPolygonToBNG(mp);
  assert.deepEqual(bng[1][0][2], toBNG(-1.6, 52.5));
  assert.equal(mp[1][0][2][0], -1.6, 'input untouched');
  const back = projectMultiPolygonToWGS84(bng);
  for (let p = 0; p < mp.length; p++) {
    for (let i = 0; i < mp[p][0].length; i++) {
      assert.ok(Math.abs(back[p][0][i][0] - mp[p][0][i][0]) < 1e-6);
      assert.ok(Math.abs(back[p][0][i][1] - mp[p][0][i][1]) < 1e-6);
    }
  }
});
