// Issue 21 item 5: re-importing a boundary updates its areas in place; the response cache must see
// it (a moved LSOA's crimes follow it, a renamed area shows its new name), through the HTTP server.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AS_ADMIN } from '../../test/support/principals.ts';
import { tempStore } from '../../test/support/stores.ts';
import { startServer } from '../core/http/server.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { ROUTES } from '../server.ts';
import { importBoundaryFile } from './boundaries.ts';
import { ensureForce } from './store.ts';

/** A 0.01° square in Leicester with its south-west corner at (lon, lat). */
function square(lon: number, lat: number): number[][][] {
  const d = 0.01;
  return [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ];
}

function lsoaFile(areas: { code: string; name: string; lon: number }[]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: areas.map((a) => ({
      type: 'Feature',
      properties: { LSOA11CD: a.code, LSOA11NM: a.name },
      geometry: { type: 'Polygon', coordinates: square(a.lon, 52.63) },
    })),
  });
}

let server: Awaited<ReturnType<typeof startServer>>;
let dir: string;

before(async () => {
  const t = await tempStore();
  dir = t.dir;
  const force = await ensureForce(t.store.db, 'testshire', 'Testshire Police');
  const first = join(dir, 'lsoa.geojson');
  writeFileSync(
    first,
    lsoaFile([
      { code: 'E01000001', name: 'Testham 001A', lon: -1.14 },
      { code: 'E01000002', name: 'Testham 001B', lon: -1.13 },
    ]),
  );
  await importBoundaryFile(t.store, force.id, 'lsoa', first);
  const crimes = join(dir, 'crimes.csv');
  writeFileSync(
    crimes,
    [
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
      `${'a'.repeat(64)},2022-05,Testshire Police,Testshire Police,-1.135,52.635,On or near X,,,Robbery,,`,
    ].join('\n'),
  );
  await importCrimeFiles(t.store, [crimes], { force: 'testshire', rejectsDir: join(dir, 'rejects') });
  await t.store.close();
  server = await startServer({ dbPath: t.location, port: 0, plugins: ROUTES, ...AS_ADMIN });
});
after(async () => server.close());

async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(`${server.url}${path}`);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return (await r.json()) as T;
}

const names = async () =>
  (
    await getJson<{ areas: { code: string; name: string }[] }>('/api/forces/testshire/areas?level=lsoa')
  ).areas.map((a) => `${a.code} ${a.name}`);

const counts = async () => {
  const h = await getJson<{ rows: { area_code: string; count: number }[] }>(
    '/api/forces/testshire/harm?level=lsoa&from=2022-05&to=2022-05&window=1',
  );
  return Object.fromEntries(h.rows.map((r) => [r.area_code, r.count]));
};

test('a re-imported boundary (moved and renamed areas) shows at once through the cached API', async () => {
  assert.deepEqual(await names(), ['E01000001 Testham 001A', 'E01000002 Testham 001B']);
  assert.deepEqual(await counts(), { E01000001: 1, E01000002: 0 });
  // Cached now: the same answers come from the cache.
  const again = await fetch(`${server.url}/api/forces/testshire/areas?level=lsoa`);
  assert.equal(again.headers.get('x-cache'), 'hit');

  // The two LSOAs swap places and one is renamed: same codes, same number of areas.
  const form = new FormData();
  const moved = lsoaFile([
    { code: 'E01000001', name: 'Newham 001A', lon: -1.13 },
    { code: 'E01000002', name: 'Testham 001B', lon: -1.14 },
  ]);
  form.append('level', 'lsoa');
  form.append('force', 'testshire');
  form.append('file', new Blob([moved]), 'lsoa-2021.geojson');
  const r = await fetch(`${server.url}/api/imports`, { method: 'POST', body: form });
  assert.equal(r.status, 200, await r.text());

  assert.deepEqual(await names(), ['E01000001 Newham 001A', 'E01000002 Testham 001B']);
  assert.deepEqual(await counts(), { E01000001: 0, E01000002: 1 });
});
