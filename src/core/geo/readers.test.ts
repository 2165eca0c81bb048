import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { isBeatwiseError, type Where } from '../errors.ts';
import { type BoundaryFile, featureCode, featureName, readBoundaryFile } from './readers.ts';
import type { BoundaryFeature, MultiPolygon } from './types.ts';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/geo/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);

const scratch = mkdtempSync(join(tmpdir(), 'beatwise-geo-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a file into the scratch folder and returns its path. */
function scratchFile(name: string, content: string | Uint8Array | object): string {
  const path = join(scratch, name);
  const data =
    typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content);
  writeFileSync(path, data);
  return path;
}

/** Asserts that reading `path` fails with a BeatwiseError of `code`, at `where`, saying `says`. */
async function rejectsWith(read: Promise<unknown>, code: string, where: Where, says?: RegExp): Promise<void> {
  await assert.rejects(read, (e: unknown) => {
    assert.ok(isBeatwiseError(e), `expected a BeatwiseError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    for (const [k, v] of Object.entries(where)) assert.equal(e.where[k as keyof Where], v, `where.${k}`);
    if (says) assert.match(e.message, says);
    return true;
  });
}

function maxDifference(a: MultiPolygon, b: MultiPolygon): number {
  let worst = 0;
  assert.equal(a.length, b.length, 'number of parts');
  a.forEach((polygon, p) => {
    assert.equal(polygon.length, b[p].length, 'number of rings');
    polygon.forEach((ring, r) => {
      assert.equal(ring.length, b[p][r].length, 'number of positions');
      ring.forEach(([x, y], i) => {
        worst = Math.max(worst, Math.abs(x - b[p][r][i][0]), Math.abs(y - b[p][r][i][1]));
      });
    });
  });
  return worst;
}

/** Same areas, same order, same codes, and positions within `tolerance` degrees (ring starts may differ). */
function assertSameAreas(actual: BoundaryFile, expected: BoundaryFile, tolerance: number): void {
  assert.deepEqual(
    actual.features.map((f) => featureCode(f)),
    expected.features.map((f) => featureCode(f)),
  );
  actual.features.forEach((f, i) => {
    assert.equal(f.index, i);
    const want = expected.features[i].polygons;
    const got = f.polygons.map((polygon, p) => polygon.map((ring, r) => alignRing(ring, want[p][r])));
    const d = maxDifference(got, want);
    assert.ok(d <= tolerance, `feature ${i} differs by ${d}°`);
  });
}

/** The ring rotated (and reversed if need be) to start and run like `like`, for comparing outputs of different writers. */
function alignRing(ring: MultiPolygon[0][0], like: MultiPolygon[0][0]): MultiPolygon[0][0] {
  const open = ring.slice(0, -1);
  const near = (a: number[], b: number[]) => Math.abs(a[0] - b[0]) < 1e-5 && Math.abs(a[1] - b[1]) < 1e-5;
  for (const candidate of [open, [...open].reverse()]) {
    const start = candidate.findIndex((p) => near(p, like[0]));
    if (start < 0) continue;
    const rotated = [...candidate.slice(start), ...candidate.slice(0, start)];
    if (near(rotated[1], like[1])) return [...rotated, rotated[0]];
  }
  return ring;
}

describe('reading the fixtures', () => {
  test('GeoJSON in WGS84', async () => {
    const file = await readBoundaryFile(fixture('areas-wgs84.geojson'));
    assert.equal(file.format, 'geojson');
    assert.equal(file.crs, 'wgs84');
    assert.equal(file.features.length, 3);
    const [a, b, c] = file.features;
    assert.deepEqual(a.properties, { LSOA11CD: 'E01000001', LSOA11NM: 'Alpha 001A' });
    assert.equal(a.polygons.length, 1);
    assert.equal(a.polygons[0].length, 2, 'outer ring and hole');
    assert.equal(b.polygons.length, 2, 'two parts');
    assert.equal(c.properties.LSOA11NM, 'Llanfair Môn 003C');
    assert.deepEqual(a.polygons[0][0][0], [-1.9130999, 52.4719025]);
  });

  test('gzipped GeoJSON reads the same as plain', async () => {
    const plain = await readBoundaryFile(fixture('areas-wgs84.geojson'));
    assert.deepEqual(await readBoundaryFile(fixture('areas-wgs84.geojson.gz')), plain);
  });

  test('GeoJSON in BNG, with and without a crs member, comes back in WGS84', async () => {
    const wgs84 = await readBoundaryFile(fixture('areas-wgs84.geojson'));
    for (const name of ['areas-bng.geojson', 'areas-bng-nocrs.geojson']) {
      const file = await readBoundaryFile(fixture(name));
      assert.equal(file.crs, 'bng', name);
      assertSameAreas(file, wgs84, 1e-6);
    }
  });

  test('KML, with a MultiGeometry area and names from <name>', async () => {
    const file = await readBoundaryFile(fixture('areas.kml'));
    assert.equal(file.format, 'kml');
    assert.equal(file.crs, 'wgs84');
    assert.deepEqual(
      file.features.map((f) => [featureCode(f), featureName(f)]),
      [
        ['E01000001', 'Alpha 001A'],
        ['E01000002', 'Beta 001B'],
        ['W01000003', 'Llanfair Môn 003C'],
      ],
    );
    assertSameAreas(file, await readBoundaryFile(fixture('areas-wgs84.geojson')), 0);
  });

  test('zipped Shapefile in BNG (.prj), UTF-8 attributes (.cpg), hole and multipart kept', async () => {
    const file = await readBoundaryFile(fixture('areas-bng.zip'));
    assert.equal(file.format, 'shapefile');
    assert.equal(file.crs, 'bng');
    assert.deepEqual(file.features[2].properties, { LSOA11CD: 'W01000003', LSOA11NM: 'Llanfair Môn 003C' });
    assertSameAreas(file, await readBoundaryFile(fixture('areas-wgs84.geojson')), 1e-6);
  });

  test('a single Feature or a bare geometry is one area', async () => {
    const one = await readBoundaryFile(
      scratchFile('one.geojson', feature(polygon(square), { WD13CD: 'E05000001' })),
    );
    assert.equal(featureCode(one.features[0]), 'E05000001');
    const bare = await readBoundaryFile(
      scratchFile('bare.json', { type: 'MultiPolygon', coordinates: [square] }),
    );
    assert.deepEqual(bare.features, [{ index: 0, properties: {}, polygons: [square] }]);
  });

  test('the crs option overrides detection', async () => {
    const asBng = await readBoundaryFile(fixture('areas-bng-nocrs.geojson'), { crs: 'bng' });
    assert.equal(asBng.crs, 'bng');
    await rejectsWith(
      readBoundaryFile(fixture('areas-bng-nocrs.geojson'), { crs: 'wgs84' }),
      'coordinates_out_of_range',
      { feature: 0 },
      /crs option/,
    );
  });
});

const square = [
  [
    [-1.9, 52.4],
    [-1.8, 52.4],
    [-1.8, 52.5],
    [-1.9, 52.5],
    [-1.9, 52.4],
  ],
];
const feature = (geometry: unknown, properties: object = { CODE: 'X1' }) => ({
  type: 'Feature',
  properties,
  geometry,
});
const collection = (...features: object[]) => ({ type: 'FeatureCollection', features });
const polygon = (coordinates: unknown) => ({ type: 'Polygon', coordinates });

describe('files that cannot be read', () => {
  test('missing file, unsupported type', async () => {
    const missing = join(scratch, 'nope.geojson');
    await rejectsWith(readBoundaryFile(missing), 'file_not_found', { file: missing });
    await rejectsWith(readBoundaryFile(scratchFile('a.shp', 'x')), 'unsupported_format', {}, /zip the \.shp/);
    await rejectsWith(readBoundaryFile(scratchFile('a.csv', 'x')), 'unsupported_format', {}, /GeoJSON/);
  });

  test('not parseable in the expected format', async () => {
    await rejectsWith(
      readBoundaryFile(scratchFile('bad.geojson', '{"type":')),
      'unparseable_file',
      {},
      /GeoJSON/,
    );
    await rejectsWith(
      readBoundaryFile(scratchFile('list.json', '[1, 2]')),
      'unparseable_file',
      {},
      /GeoJSON/,
    );
    await rejectsWith(readBoundaryFile(scratchFile('other.json', { hello: 1 })), 'unparseable_file', {});
    await rejectsWith(
      readBoundaryFile(scratchFile('bad.kml', '<kml><Placemark></kml>')),
      'unparseable_file',
      {},
      /KML/,
    );
    await rejectsWith(
      readBoundaryFile(scratchFile('gpx.kml', '<gpx></gpx>')),
      'unparseable_file',
      {},
      /<gpx>/,
    );
    await rejectsWith(readBoundaryFile(scratchFile('bad.zip', 'not a zip')), 'unparseable_file', {}, /zip/);
    const gz = new Uint8Array([0x1f, 0x8b, 1, 2, 3]);
    await rejectsWith(readBoundaryFile(scratchFile('bad.geojson.gz', gz)), 'unparseable_file', {}, /gzip/);
  });

  test('no polygon features at all', async () => {
    await rejectsWith(readBoundaryFile(scratchFile('empty.geojson', collection())), 'no_polygons', {});
    const points = collection(feature({ type: 'Point', coordinates: [-1.9, 52.4] }));
    await rejectsWith(readBoundaryFile(scratchFile('points.geojson', points)), 'no_polygons', {}, /Point/);
  });

  test('a feature that is not an area, or has no geometry, is named', async () => {
    const withPoint = collection(
      feature(polygon(square)),
      feature({ type: 'Point', coordinates: [-1.9, 52.4] }, { n: 7, CODE: 'E01000009' }),
    );
    const path = scratchFile('mixed.geojson', withPoint);
    await rejectsWith(
      readBoundaryFile(path),
      'not_polygonal',
      { file: path, feature: 1 },
      /"E01000009" is a Point/,
    );
    const noGeometry = collection(feature(polygon(square)), feature(polygon(square)), feature(null));
    await rejectsWith(
      readBoundaryFile(scratchFile('null.geojson', noGeometry)),
      'not_polygonal',
      { feature: 2 },
      /has no geometry/,
    );
  });

  test('broken polygons are rejected, not repaired', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['short', [square[0].slice(0, 2).concat([square[0][0]])], /only 3 position/],
      ['two-points', [square[0].slice(0, 2)], /only 2 position/],
      [
        'null-coordinate',
        [[...square[0].slice(0, 2), [null, 52.5], ...square[0].slice(3)]],
        /finite numbers/,
      ],
      ['string-coordinate', [[...square[0].slice(0, 2), ['-1.8', 52.5], ...square[0].slice(3)]], /finite/],
      ['no-rings', [], /empty polygon/],
      ['not-array', 'oops', /malformed coordinates/],
    ];
    for (const [name, coordinates, says] of cases) {
      const path = scratchFile(
        `${name}.geojson`,
        collection(feature(polygon(square)), feature(polygon(coordinates))),
      );
      await rejectsWith(readBoundaryFile(path), 'broken_polygon', { file: path, feature: 1 }, says);
    }
  });

  test('coordinates in neither WGS84 nor BNG, or outside the declared system', async () => {
    const mercator = collection(
      feature(
        polygon([
          [
            [-210000, 6850000],
            [-200000, 6850000],
            [-200000, 6860000],
            [-210000, 6850000],
          ],
        ]),
      ),
    );
    await rejectsWith(
      readBoundaryFile(scratchFile('mercator.geojson', mercator)),
      'coordinates_out_of_range',
      { feature: 0 },
      /neither WGS84/,
    );
    const claimsBng = {
      ...collection(feature(polygon(square))),
      crs: { properties: { name: 'EPSG:27700' } },
    };
    await rejectsWith(
      readBoundaryFile(scratchFile('claims-bng.geojson', claimsBng)),
      'coordinates_out_of_range',
      { feature: 0 },
      /British National Grid.*crs member/,
    );
  });

  test('an unsupported declared CRS, and swapped lat/lon', async () => {
    const webMercator = {
      ...collection(feature(polygon(square))),
      crs: { properties: { name: 'EPSG:3857' } },
    };
    await rejectsWith(
      readBoundaryFile(scratchFile('3857.geojson', webMercator)),
      'unsupported_crs',
      {},
      /EPSG:3857.*Reproject/,
    );
    const swapped = collection(feature(polygon([square[0].map(([x, y]) => [y, x])])));
    await rejectsWith(readBoundaryFile(scratchFile('swapped.geojson', swapped)), 'swapped_axes', {});
  });

  test('zips without exactly one complete Shapefile', async () => {
    const enc = new TextEncoder();
    const noShp = zipSync({ 'readme.txt': enc.encode('hi') });
    await rejectsWith(
      readBoundaryFile(scratchFile('noshp.zip', noShp)),
      'unparseable_file',
      {},
      /readme\.txt/,
    );
    const noDbf = zipSync({ 'a.shp': new Uint8Array(100) });
    await rejectsWith(readBoundaryFile(scratchFile('nodbf.zip', noDbf)), 'incomplete_shapefile', {}, /\.dbf/);
    const two = zipSync({ 'a.shp': new Uint8Array(1), 'b.shp': new Uint8Array(1) });
    await rejectsWith(
      readBoundaryFile(scratchFile('two.zip', two)),
      'ambiguous_shapefile',
      {},
      /a\.shp, b\.shp/,
    );
  });
});

describe('geometry checks (issue 21 item 8)', () => {
  test('an unclosed ring is closed, with a warning naming the feature and the ring', async () => {
    const path = scratchFile(
      'unclosed.geojson',
      collection(
        feature(polygon(square), { CODE: 'E01000001' }),
        feature(polygon([square[0].slice(0, 4)]), { CODE: 'E01000002' }),
      ),
    );
    const file = await readBoundaryFile(path);
    assert.deepEqual(file.features[1].polygons, [square]);
    assert.equal(file.warnings.length, 1);
    const [w] = file.warnings;
    assert.equal(w.feature, 1);
    assert.equal(w.code, 'ring_closed');
    assert.equal(w.file, path);
    assert.match(
      w.message,
      /"E01000002" had an unclosed ring \(polygon 0, outer ring\).*ended at \(-1\.9, 52\.5\)/,
    );
  });

  test('a ring that crosses itself (a bow-tie) is imported with a warning saying where', async () => {
    const bowTie = [
      [
        [-1.9, 52.4],
        [-1.8, 52.5],
        [-1.8, 52.4],
        [-1.9, 52.5],
        [-1.9, 52.4],
      ],
    ];
    const path = scratchFile(
      'bowtie.geojson',
      collection(feature(polygon(square), { CODE: 'OK1' }), feature(polygon(bowTie), { CODE: 'BOW1' })),
    );
    const file = await readBoundaryFile(path);
    assert.equal(file.features.length, 2);
    assert.deepEqual(
      file.warnings.map((w) => [w.feature, w.code]),
      [[1, 'self_intersection']],
    );
    assert.match(
      file.warnings[0].message,
      /"BOW1" has a ring that crosses itself.*near lon\/lat \(-1\.85000, 52\.45000\)/,
    );
    // A hole that crosses itself is found too; a ring that only touches itself at a corner is not.
    const holed = [square[0], bowTie[0].map(([x, y]) => [-1.85 + (x + 1.85) / 4, 52.45 + (y - 52.45) / 4])];
    const touching = [
      [
        [-1.9, 52.4],
        [-1.85, 52.45],
        [-1.8, 52.4],
        [-1.8, 52.5],
        [-1.85, 52.45],
        [-1.9, 52.5],
        [-1.9, 52.4],
      ],
    ];
    const more = await readBoundaryFile(
      scratchFile('holes.geojson', collection(feature(polygon(holed)), feature(polygon(touching)))),
    );
    assert.deepEqual(
      more.warnings.map((w) => [w.feature, w.code, /hole 1/.test(w.message)]),
      [[0, 'self_intersection', true]],
    );
  });

  test('an area outside Great Britain and Northern Ireland is refused, naming the feature', async () => {
    const paris = [
      [
        [2.33, 48.85],
        [2.36, 48.85],
        [2.36, 48.87],
        [2.33, 48.87],
        [2.33, 48.85],
      ],
    ];
    const path = scratchFile(
      'paris.geojson',
      collection(
        feature(polygon(square)),
        feature(polygon(square)),
        feature(polygon(paris), { CODE: 'FR75' }),
      ),
    );
    await rejectsWith(
      readBoundaryFile(path),
      'outside_uk',
      { file: path, feature: 2 },
      /"FR75" lies outside Great Britain and Northern Ireland/,
    );
    // Belfast and Lerwick are in; Dublin's longitude is, but only the whole box counts.
    const belfast = square[0].map(([x, y]) => [x - 4.03, y + 2.2]);
    const lerwick = square[0].map(([x, y]) => [x + 0.75, y + 7.75]);
    const ok = await readBoundaryFile(
      scratchFile('ni.geojson', collection(feature(polygon([belfast])), feature(polygon([lerwick])))),
    );
    assert.equal(ok.features.length, 2);
  });
});

describe('featureCode and featureName', () => {
  const f = (properties: Record<string, unknown>): BoundaryFeature => ({
    index: 4,
    properties,
    polygons: [],
  });

  test('pick the ONS code and name fields', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { OBJECTID: 1, LSOA11CD: 'E01008881', LSOA11NM: 'Birmingham 067A', LSOA11NMW: '' },
        'E01008881',
        'Birmingham 067A',
      ],
      [{ MSOA11CD: 'E02001234', MSOA11NM: 'Coventry 001' }, 'E02001234', 'Coventry 001'],
      [{ WD13CD: 'E05001234', WD13NM: 'Aston' }, 'E05001234', 'Aston'],
      [{ LAD13CD: 'E08000025', LAD13NM: 'Birmingham' }, 'E08000025', 'Birmingham'],
      [{ beat_code: 'B12', Beat_Name: 'Sparkhill ' }, 'B12', 'Sparkhill'],
    ];
    for (const [props, code, name] of cases) {
      assert.equal(featureCode(f(props)), code);
      assert.equal(featureName(f(props)), name);
    }
  });

  test('an explicit field wins, and numbers are accepted as codes', () => {
    const props = { LSOA11CD: 'E01008881', BEAT: 17, label: 'North' };
    assert.equal(featureCode(f(props), 'BEAT'), '17');
    assert.equal(featureName(f(props), 'label'), 'North');
  });

  test('missing or empty fields are errors naming file, feature and field', () => {
    const check = (fn: () => unknown, code: string, where: Where, says: RegExp) =>
      assert.throws(fn, (e: unknown) => {
        assert.ok(isBeatwiseError(e));
        assert.equal(e.code, code);
        assert.deepEqual(e.where, where);
        assert.match(e.message, says);
        return true;
      });
    const props = { LSOA11CD: 'E01008881', LSOA11NM: '' };
    check(
      () => featureCode(f(props), 'WD13CD', 'wards.geojson'),
      'missing_field',
      { file: 'wards.geojson', feature: 4, field: 'WD13CD' },
      /"WD13CD".*it has: LSOA11CD, LSOA11NM/,
    );
    check(
      () => featureName(f(props), undefined, 'a.geojson'),
      'missing_value',
      { file: 'a.geojson', feature: 4, field: 'LSOA11NM' },
      /empty/,
    );
    check(
      () => featureCode(f({ id: 3 }), undefined, 'b.kml'),
      'missing_field',
      { file: 'b.kml', feature: 4, field: undefined },
      /CD/,
    );
  });
});
