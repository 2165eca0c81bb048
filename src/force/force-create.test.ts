// Issue 21 item 6: creating a force is explicit, slugs are checked wherever they come in, and a
// boundary import that fails (or names an unknown force) leaves nothing behind.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AS_ADMIN } from '../../test/support/principals.ts';
import { tempStore } from '../../test/support/stores.ts';
import { isBeatwiseError } from '../core/errors.ts';
import { startServer } from '../core/http/server.ts';
import type { Store } from '../core/store/store.ts';
import { ROUTES } from '../server.ts';
import { importBoundaries } from './boundaries.ts';
import { loadForce } from './load.ts';
import { forceSpecSchema } from './model.ts';
import { createForce } from './store.ts';

const square = (lon: number) => [
  [
    [lon, 52.63],
    [lon + 0.01, 52.63],
    [lon + 0.01, 52.64],
    [lon, 52.64],
    [lon, 52.63],
  ],
];

function wards(codes: string[], broken = false, lon = -1.14): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: codes.map((code, i) => ({
      type: 'Feature',
      properties: { WD13CD: code, WD13NM: `Ward ${code}` },
      geometry: { type: 'Polygon', coordinates: broken && i === 1 ? 'oops' : square(lon + i * 0.01) },
    })),
  });
}

async function snapshot(store: Store) {
  const forces = await store.db.selectFrom('forces').select(['slug', 'name']).orderBy('slug').execute();
  const areas = await store.db
    .selectFrom('areas')
    .select(['level', 'code', 'name'])
    .orderBy('code')
    .execute();
  return { forces, areas };
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    assert.ok(isBeatwiseError(e), `expected a BeatwiseError, got ${String(e)}`);
    return { code: e.code, message: e.message };
  }
  assert.fail('expected a refusal');
}

describe('in the library and the CLI functions', () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    t = await tempStore();
  });
  after(async () => t.dispose());

  test('a boundary import into an unknown force is refused, saying how to create it', async () => {
    const file = join(t.dir, 'wards.geojson');
    writeFileSync(file, wards(['E05000001']));
    const r = await refusal(importBoundaries(t.store, { force: 'testshire', level: 'ward', files: [file] }));
    assert.equal(r.code, 'force.unknown');
    assert.match(r.message, /beatwise force create --slug testshire --name/);
    assert.deepEqual(await snapshot(t.store), { forces: [], areas: [] });
  });

  test('slugs are checked: pattern and at most 64 characters', async () => {
    for (const slug of ['x'.repeat(100_000), 'x'.repeat(65), 'West Midlands', 'a--b', '-a', 'a_b', '']) {
      const r = await refusal(createForce(t.store.db, slug, 'Somewhere Police'));
      assert.equal(r.code, 'force.bad_slug', slug.slice(0, 20));
      assert.ok(r.message.length < 300, 'the message does not repeat a huge slug');
    }
    assert.equal(forceSpecSchema.safeParse({ slug: 'x'.repeat(65), name: 'X' }).success, false);
    assert.deepEqual((await snapshot(t.store)).forces, []);
    const made = await createForce(t.store.db, 'x'.repeat(64), 'Longest Police');
    assert.equal(made.slug.length, 64);
    const again = await refusal(createForce(t.store.db, 'x'.repeat(64), 'Again'));
    assert.equal(again.code, 'force.exists');
  });

  test('a failing file in a boundary import leaves the areas as they were', async () => {
    await createForce(t.store.db, 'testshire', 'Testshire Police');
    const good = join(t.dir, 'good.geojson');
    writeFileSync(good, wards(['E05000001', 'E05000002']));
    await importBoundaries(t.store, { force: 'testshire', level: 'ward', files: [good] });
    const before = await snapshot(t.store);
    const renamed = join(t.dir, 'renamed.geojson');
    writeFileSync(renamed, wards(['E05000001', 'E05000003']).replace('Ward E05000001', 'Renamed'));
    const broken = join(t.dir, 'broken.geojson');
    writeFileSync(broken, wards(['E05000004', 'E05000005'], true));
    const r = await refusal(
      importBoundaries(t.store, { force: 'testshire', level: 'ward', files: [renamed, broken] }),
    );
    assert.equal(r.code, 'broken_polygon');
    assert.deepEqual(await snapshot(t.store), before, 'neither file changed anything');
  });

  test('a force description whose boundary file fails creates no force', async () => {
    const broken = join(t.dir, 'broken-wards.geojson');
    writeFileSync(broken, wards(['E05000004', 'E05000005'], true));
    const before = await snapshot(t.store);
    const spec = forceSpecSchema.parse({
      slug: 'newshire',
      name: 'Newshire Police',
      boundaries: [{ level: 'ward', files: ['broken-wards.geojson'] }],
    });
    const r = await refusal(loadForce(t.store, spec, join(t.dir, 'newshire.json')));
    assert.equal(r.code, 'broken_polygon');
    // A structure that names an area the files do not have fails inside the transaction.
    const good = join(t.dir, 'good-wards.geojson');
    writeFileSync(good, wards(['E05000006']));
    const dangling = forceSpecSchema.parse({
      slug: 'newshire',
      name: 'Newshire Police',
      boundaries: [{ level: 'ward', files: ['good-wards.geojson'] }],
      units: [{ code: 'U1', name: 'Unit', areas: { level: 'ward', codes: ['E05999999'] } }],
    });
    const d = await refusal(loadForce(t.store, dangling, join(t.dir, 'newshire.json')));
    assert.equal(d.code, 'force.unknown_area');
    assert.deepEqual(await snapshot(t.store), before);
  });
});

describe('over HTTP', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let _dir: string;
  before(async () => {
    const t = await tempStore();
    _dir = t.dir;
    await createForce(t.store.db, 'knownshire', 'Knownshire Police');
    await t.store.close();
    server = await startServer({ dbPath: t.location, port: 0, plugins: ROUTES, ...AS_ADMIN });
  });
  after(async () => server.close());

  async function upload(name: string, body: string, fields: Record<string, string>) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([body]), name);
    const r = await fetch(`${server.url}/api/imports`, { method: 'POST', body: form });
    return { status: r.status, body: (await r.json()) as { error?: { code: string; message: string } } };
  }

  test('an upload never creates a force, and a huge slug is refused with 400', async () => {
    const b = await upload('wards.geojson', wards(['E05000001']), { level: 'ward', force: 'testshire' });
    assert.equal(b.status, 404, JSON.stringify(b.body));
    assert.equal(b.body.error?.code, 'force.unknown');
    assert.match(b.body.error?.message ?? '', /force create/);
    const whole = await upload('wards.geojson', wards(['E05000001']), {
      level: 'force',
      force: 'knownshire',
    });
    assert.equal(whole.status, 400);
    assert.equal(whole.body.error?.code, 'upload.level');
    const huge = await upload('wards.geojson', wards(['E05000001']), {
      level: 'ward',
      force: 'x'.repeat(100_000),
    });
    assert.equal(huge.status, 400, JSON.stringify(huge.body).slice(0, 300));
    assert.equal(huge.body.error?.code, 'force.bad_slug');
    const csv = [
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
      `${'a'.repeat(64)},2022-05,Testshire Police,Testshire Police,-1.13,52.63,On or near X,,,Robbery,,`,
    ].join('\n');
    const c = await upload('2022-05.csv', csv, {});
    assert.equal(c.body.error?.code, 'force.unknown', JSON.stringify(c.body));
    const named = await upload('2022-05.csv', csv, { force: 'x'.repeat(100_000) });
    assert.equal(named.status, 400);
    assert.equal(named.body.error?.code, 'force.bad_slug');
    const forces = await fetch(`${server.url}/api/forces`);
    const slugs = ((await forces.json()) as { forces: { slug: string }[] }).forces.map((f) => f.slug);
    assert.deepEqual(slugs, ['knownshire']);
  });

  test('geometry warnings come back with the import; an area in Paris is refused with 400', async () => {
    const bowTie = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { WD13CD: 'E05000009', WD13NM: 'Bow' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [-1.14, 52.63],
                [-1.13, 52.64],
                [-1.13, 52.63],
                [-1.14, 52.64],
              ],
            ],
          },
        },
      ],
    });
    const ok = await upload('bow.geojson', bowTie, { level: 'ward', force: 'knownshire' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const warnings = (ok.body as { warnings: { file: string; feature: number; code: string }[] }).warnings;
    assert.deepEqual(
      warnings.map((w) => [w.file, w.feature, w.code]),
      [
        ['bow.geojson', 0, 'ring_closed'],
        ['bow.geojson', 0, 'self_intersection'],
      ],
    );
    const paris = wards(['E05000001', 'E05000002'], false, 2.34);
    const refused = await upload('paris.geojson', paris, { level: 'ward', force: 'knownshire' });
    assert.equal(refused.status, 400);
    const e = refused.body.error as unknown as { code: string; details: { file: string; feature: number } };
    assert.equal(e.code, 'outside_uk');
    assert.deepEqual(e.details, { file: 'paris.geojson', feature: 0 });
  });
});
