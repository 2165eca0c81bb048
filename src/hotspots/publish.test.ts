// Hotspot grids at published precision: the public's JSON, CSV and GeoJSON suppress small cells and
// small counts and say so; a signed-in officer gets exact figures; the force's own thresholds apply.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { as, principal, testIdentify } from '../../test/support/principals.ts';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import { accessControl } from '../access/policy.ts';
import { buildServer } from '../core/http/server.ts';
import type { Store } from '../core/store/store.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { ROUTES } from '../server.ts';
import type { GridRow } from './lab.ts';
import { DEFAULT_PUBLICATION, publishRows } from './publish.ts';

let app: FastifyInstance;
let store: Store;
let dispose: () => Promise<void>;
const officer = principal('officer-1', { role: 'officer', force: 'leicestershire', team: 'x' });
const grid = (q: string) =>
  `/api/forces/leicestershire/hotspots/grid?area=E06000016&from=2022-04&to=2022-04&types=violence-and-sexual-offences&${q}`;

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  dispose = t.dispose;
  await importCrimeFiles(store, [join(LEICS_CRIMES, '2022-04-leicestershire-street.csv.gz')], {
    rejectsDir: join(t.dir, 'rejects'),
  });
  app = buildServer(
    {
      store,
      rejectsDir: join(t.dir, 'rejects'),
      access: accessControl,
      identify: testIdentify,
      hardening: { rateLimitMax: 0, rateLimitWindowMs: 60_000, tileUrl: null },
    },
    ROUTES,
  );
  await app.ready();
});
after(async () => {
  await app.close();
  await dispose();
});

interface Row {
  cell_id: string;
  count: number | null;
  harm: number | null;
  gi_z: number | null;
  suppressed?: string | null;
}

test('publishRows: small counts and small cells are suppressed, empty cells stay 0', () => {
  const row = (cell_id: string, size_m: number, count: number): GridRow => ({
    cell_id,
    x_min: 0,
    y_min: 0,
    size_m,
    count,
    harm: count * 10,
    gi_z: 1,
    gi_p: 0.1,
    gi_q: 0.2,
    gi_bin: 1,
  });
  const p = publishRows([row('a', 250, 0), row('b', 250, 2), row('c', 250, 3)], DEFAULT_PUBLICATION);
  assert.deepEqual(
    p.rows.map((r) => [r.cell_id, r.count, r.harm, r.gi_z, r.suppressed]),
    [
      ['a', 0, 0, 1, null],
      ['b', null, null, null, 'fewer than 3 crimes'],
      ['c', 3, 30, 1, null],
    ],
  );
  assert.equal(p.suppressedCells, 1);
  const fine = publishRows([row('d', 50, 9)], DEFAULT_PUBLICATION);
  assert.equal(fine.rows[0].count, null);
  assert.match(fine.rows[0].suppressed ?? '', /smaller than 100 m/);
});

test('JSON: the public gets counts of 3 or more only, and a caveat; an officer gets every count', async () => {
  const exact = (await app.inject({ url: grid('cell=250'), headers: as(officer) })).json() as { rows: Row[] };
  const pub = (await app.inject({ url: grid('cell=250') })).json() as {
    rows: Row[];
    caveats: string[];
    publication: { precision: string; suppressedCells: number };
  };
  const small = exact.rows.filter((r) => (r.count ?? 0) > 0 && (r.count ?? 0) < 3);
  assert.ok(small.length > 0, 'the month has cells with one or two violent crimes');
  assert.equal(pub.publication.precision, 'published');
  assert.equal(pub.publication.suppressedCells, small.length);
  assert.ok(pub.caveats.some((c) => /published precision/.test(c)));
  for (let k = 0; k < exact.rows.length; k++) {
    const e = exact.rows[k];
    const p = pub.rows[k];
    assert.equal(p.cell_id, e.cell_id);
    if ((e.count ?? 0) > 0 && (e.count ?? 0) < 3) {
      assert.equal(p.count, null);
      assert.equal(p.harm, null);
      assert.equal(p.gi_z, null);
    } else assert.equal(p.count, e.count);
  }
  assert.ok(!('publication' in exact));
});

test('a grid finer than the minimum cell is all suppressed for the public', async () => {
  const pub = (await app.inject({ url: grid('cell=50') })).json() as { rows: Row[] };
  assert.ok(pub.rows.length > 0);
  assert.ok(pub.rows.every((r) => r.count === null && /smaller than 100 m/.test(r.suppressed ?? '')));
  const exact = (await app.inject({ url: grid('cell=50'), headers: as(officer) })).json() as { rows: Row[] };
  assert.ok(exact.rows.some((r) => (r.count ?? 0) > 0));
});

test('CSV and GeoJSON downloads say so too', async () => {
  const csv = await app.inject({ url: grid('cell=250&format=csv') });
  assert.match(String(csv.headers['content-disposition']), /hotspots-published\.csv/);
  const all = csv.body.trim().split('\n');
  // The notes come first (# lines): the summary, the caveats and the published-precision notice.
  assert.ok(all.some((l) => l.startsWith('# ') && /published precision/.test(l)));
  const lines = all.filter((l) => !l.startsWith('# '));
  assert.equal(
    lines[0],
    'cell_id,x_min,y_min,size_m,count,harm,gi_z,gi_p,gi_q,gi_bin,place,lsoa,ward,team,suppressed',
  );
  const suppressed = lines.filter((l) => l.endsWith(',fewer than 3 crimes'));
  assert.ok(suppressed.length > 0);
  for (const l of suppressed)
    assert.match(l, /^[^,]+,[^,]+,[^,]+,250,,,,,,,,[^,]*,[^,]*,[^,]*,fewer than 3 crimes$/);
  const exactCsv = await app.inject({ url: grid('cell=250&format=csv'), headers: as(officer) });
  assert.doesNotMatch(exactCsv.body.split('\n').find((l) => !l.startsWith('# ')) ?? '', /suppressed/);
  const geo = (await app.inject({ url: grid('cell=250&format=geojson') })).json() as {
    caveats: string[];
    features: { properties: Row }[];
  };
  assert.ok(geo.caveats.some((c) => /published precision/.test(c)));
  assert.equal(geo.features.filter((f) => f.properties.count === null).length, suppressed.length);
  assert.ok(
    geo.features.every(
      (f) => f.properties.count === null || f.properties.count === 0 || f.properties.count >= 3,
    ),
  );
});

test('a force’s own threshold applies (forces.public_min_count)', async () => {
  await sql`UPDATE forces SET public_min_count = 6 WHERE slug = 'leicestershire'`.execute(store.db);
  try {
    const pub = (await app.inject({ url: grid('cell=250') })).json() as { rows: Row[]; caveats: string[] };
    assert.ok(pub.rows.every((r) => r.count === null || r.count === 0 || r.count >= 6));
    assert.ok(pub.caveats.some((c) => /fewer than 6 crimes/.test(c)));
  } finally {
    await sql`UPDATE forces SET public_min_count = NULL WHERE slug = 'leicestershire'`.execute(store.db);
  }
});
