import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBeatwiseError } from '../errors.ts';
import { crsFromGeoJsonMember, crsFromPrj, crsFromRange, looksSwapped } from './boundary-crs.ts';

const named = (name: string) => ({ type: 'name', properties: { name } });
const unsupported = (e: unknown) => isBeatwiseError(e) && e.code === 'unsupported_crs';

test('GeoJSON crs members in their common spellings', () => {
  const cases: [unknown, 'wgs84' | 'bng'][] = [
    [named('urn:ogc:def:crs:EPSG::27700'), 'bng'],
    [named('EPSG:27700'), 'bng'],
    [named('http://www.opengis.net/def/crs/EPSG/0/27700'), 'bng'],
    [{ type: 'EPSG', properties: { code: 27700 } }, 'bng'],
    [named('urn:ogc:def:crs:OGC:1.3:CRS84'), 'wgs84'],
    [named('urn:ogc:def:crs:EPSG::4326'), 'wgs84'],
    [named('EPSG:4258'), 'wgs84'],
  ];
  for (const [member, crs] of cases)
    assert.equal(crsFromGeoJsonMember(member, 'f')?.crs, crs, JSON.stringify(member));
  assert.equal(crsFromGeoJsonMember(undefined, 'f'), undefined);
  assert.throws(() => crsFromGeoJsonMember(named('urn:ogc:def:crs:EPSG::3857'), 'f'), unsupported);
  assert.throws(() => crsFromGeoJsonMember(named('EPSG:29902'), 'f'), unsupported, 'Irish Grid is not BNG');
  assert.throws(() => crsFromGeoJsonMember({}, 'f'), unsupported);
});

test('.prj files: National Grid, WGS84/ETRS89 lon/lat, and the ones we refuse', () => {
  const bng =
    'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",' +
    '6377563.396,299.3249646]]],PROJECTION["Transverse_Mercator"],UNIT["Meter",1.0]]';
  const osgbNamed = 'PROJCS["OSGB 1936 / British National Grid",GEOGCS["OSGB 1936"]]';
  const wgs84 = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]';
  const etrs89 = 'GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]]]';
  assert.equal(crsFromPrj(bng, 'f').crs, 'bng');
  assert.equal(crsFromPrj(osgbNamed, 'f').crs, 'bng');
  assert.equal(crsFromPrj(wgs84, 'f').crs, 'wgs84');
  assert.equal(crsFromPrj(etrs89, 'f').crs, 'wgs84');
  const osgbLonLat =
    'GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",6377563.396,299.3249646]]]';
  const webMercator = 'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984"]]';
  assert.throws(() => crsFromPrj(osgbLonLat, 'f'), unsupported);
  assert.throws(() => crsFromPrj(webMercator, 'f'), unsupported);
});

test('coordinate ranges', () => {
  const extent = (minX: number, minY: number, maxX: number, maxY: number) => ({ minX, minY, maxX, maxY });
  assert.equal(crsFromRange(extent(-1.9, 52.4, -1.8, 52.5)), 'wgs84');
  assert.equal(crsFromRange(extent(406000, 286000, 409500, 287800)), 'bng');
  assert.equal(crsFromRange(extent(-210000, 6850000, -200000, 6860000)), undefined);
  assert.equal(looksSwapped(extent(52.4, -1.9, 52.5, -1.8)), true);
  assert.equal(looksSwapped(extent(-1.9, 52.4, -1.8, 52.5)), false);
});
