// The HTTP API against a store holding real Leicestershire months: every route answers with the
// store's numbers, errors have the documented shape, uploads import, and SIGTERM closes cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { ADMIN, as, testIdentify } from '../test/support/principals.ts';
import { LEICS_CRIMES, leicestershireStore, REPO } from '../test/support/stores.ts';
import { accessControl } from './access/policy.ts';
import { startServer } from './core/http/server.ts';
import { importCrimeFiles } from './crime/index.ts';
import { ROUTES } from './server.ts';

let server: Awaited<ReturnType<typeof startServer>>;
let dir: string;

before(async () => {
  const t = await leicestershireStore();
  dir = t.dir;
  const months = ['2021-03', '2021-04', '2021-05', '2022-03', '2022-04'];
  await importCrimeFiles(
    t.store,
    months.map((m) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`)),
    { rejectsDir: join(t.dir, 'rejects') },
  );
  await t.store.close();
  server = await startServer({
    dbPath: t.location,
    port: 0,
    plugins: ROUTES,
    access: accessControl,
    identify: testIdentify,
  });
});
after(async () => server.close());

/** GET as an administrator (the access policy has its own tests: src/access). */
async function get(path: string, headers: Record<string, string> = {}) {
  const r = await fetch(`${server.url}${path}`, {
    headers: { ...as(ADMIN), 'x-beatwise-reason': 'server test: checking rejects', ...headers },
  });
  const text = await r.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: r.status, headers: r.headers, text, json: json as Record<string, never> };
}

test('forces and overview carry the store’s numbers and the open-data caveat', async () => {
  const forces = await get('/api/forces');
  assert.equal(forces.status, 200);
  const f = (
    forces.json.forces as { slug: string; crimes: number; months: { from: string; to: string } }[]
  )[0];
  assert.equal(f.slug, 'leicestershire');
  const stored = await server.store.db
    .selectFrom('crimes')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(f.crimes, Number(stored.n));
  assert.deepEqual(f.months, { from: '2021-03', to: '2022-04' });
  const o = await get('/api/forces/leicestershire/overview?month=2022-04');
  assert.equal(o.status, 200);
  const overview = o.json as unknown as { thisMonth: { count: number }; caveats: string[]; units: unknown[] };
  const april = await server.store.db
    .selectFrom('crimes')
    .select(sql<number>`count(*)`.as('n'))
    .where('month', '=', 52 * 12 + 3)
    .where('category', '<>', 0)
    .executeTakeFirstOrThrow();
  assert.equal(overview.thisMonth.count, Number(april.n));
  assert.equal(overview.units.length, 9);
  assert.ok(overview.caveats.some((c) => /approximate.*month only/.test(c)));
});

test('harm rows, trends and areas answer; boundaries are GeoJSON', async () => {
  const h = await get('/api/forces/leicestershire/harm?level=district&from=2022-04&to=2022-04&window=1');
  assert.equal(h.status, 200);
  const rows = h.json.rows as { area_name: string; count: number; rolling_count: number }[];
  assert.equal(rows.length, 9);
  assert.ok(rows.every((r) => r.count === r.rolling_count));
  const t = await get('/api/forces/leicestershire/trends?selection=burglary&level=district&to=2021-05');
  assert.equal(t.status, 200);
  assert.equal((t.json as unknown as { financialYear: string }).financialYear, '2021/22');
  const areas = await get('/api/forces/leicestershire/areas?level=unit');
  assert.equal((areas.json.areas as unknown[]).length, 9);
  const b = await get('/api/forces/leicestershire/boundaries?level=msoa');
  assert.equal(b.status, 200);
  assert.match(b.headers.get('content-type') ?? '', /geo\+json/);
  const geo = JSON.parse(b.text) as { type: string; features: { geometry: { type: string } }[] };
  assert.equal(geo.type, 'FeatureCollection');
  assert.equal(geo.features.length, 125);
  assert.equal(geo.features[0].geometry.type, 'MultiPolygon');
});

test('errors are {error: {code, message, details}} with the right status', async () => {
  const bad = await get('/api/forces/leicestershire/harm?level=street');
  assert.equal(bad.status, 400);
  const e = bad.json.error as { code: string; message: string; details: Record<string, unknown> };
  assert.equal(e.code, 'http.bad_request');
  assert.match(e.message, /level/);
  const month = await get('/api/forces/leicestershire/harm?level=unit&from=2022-13');
  assert.equal(month.status, 400);
  assert.match((month.json.error as { message: string }).message, /YYYY-MM/);
  const missing = await get('/api/forces/nowhere/overview');
  assert.equal(missing.status, 404);
  assert.equal((missing.json.error as { code: string }).code, 'force.unknown');
  const route = await get('/api/no-such-thing');
  assert.equal(route.status, 404);
});

test('OpenAPI lists every route; docs are readable; responses are gzipped on request', async () => {
  const doc = await get('/api/openapi.json');
  const paths = Object.keys(doc.json.paths as Record<string, unknown>);
  for (const p of [
    '/api/forces',
    '/api/forces/{force}/harm',
    '/api/forces/{force}/impact-areas',
    '/api/imports',
  ]) {
    assert.ok(paths.includes(p), p);
  }
  const html = await get('/api/docs');
  assert.match(html.text, /<h1>Beatwise API<\/h1>/);
  const raw = await fetch(`${server.url}/api/forces/leicestershire/boundaries?level=lsoa`, {
    headers: { 'accept-encoding': 'gzip', ...as(ADMIN) },
  });
  assert.equal(raw.headers.get('content-encoding'), 'gzip');
});

test('an uploaded police.uk file is imported and its rejects can be downloaded', async () => {
  const csv = [
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
    `${'e'.repeat(64)},2022-05,Leicestershire Police,Leicestershire Police,-1.13,52.63,On or near X,E01013000,Leicester 001A,Robbery,,`,
    `${'f'.repeat(64)},2022-05,Leicestershire Police,Leicestershire Police,-1.13,52.63,On or near X,E01013000,Leicester 001A,Fraud,,`,
  ].join('\n');
  const form = new FormData();
  form.append('file', new Blob([gzipSync(csv)]), '2022-05-upload.csv.gz');
  const r = await fetch(`${server.url}/api/imports`, { method: 'POST', body: form, headers: as(ADMIN) });
  const text = await r.text();
  assert.equal(r.status, 200, `POST /api/imports answered ${r.status}: ${text}`);
  const body = JSON.parse(text) as { counts: Record<string, number>; force: string; rejectsUrl: string };
  assert.equal(body.force, 'leicestershire');
  assert.match(body.rejectsUrl, /^\/api\/imports\/rejects\/[0-9a-f]{32}$/, 'an unguessable address');
  assert.deepEqual(body.counts, {
    rows: 2,
    loaded: 1,
    duplicates: 0,
    rejected: 1,
    unlocated: 0,
    outside: 0,
    badQuoteLines: 0,
    conflicts: 0,
  });
  const list = await get('/api/imports');
  const imp = (list.json.imports as { file: string; rejectsUrl: string | null }[]).find(
    (i) => i.file === '2022-05-upload.csv.gz',
  );
  assert.ok(imp?.rejectsUrl);
  const rej = await get(imp.rejectsUrl);
  assert.equal(rej.status, 200);
  assert.match(rej.text, /^2022-05-upload\.csv\.gz,3,Crime type,"unknown crime type ""Fraud"""/m);
  assert.equal(imp.rejectsUrl, body.rejectsUrl);
  assert.equal((await get('/api/imports/1/rejects')).status, 404, 'no download by sequential id');
  // A later upload with the same name has rejects of its own; the first import's stay as they were.
  const upload = async (text: string) => {
    const f = new FormData();
    f.append('file', new Blob([gzipSync(text)]), '2022-05-upload.csv.gz');
    return (await (
      await fetch(`${server.url}/api/imports`, { method: 'POST', body: f, headers: as(ADMIN) })
    ).json()) as {
      rejectsUrl: string | null;
    };
  };
  const header = csv.split('\n')[0];
  const body2 = await upload(
    `${header}\n${csv.split('\n')[1]}\n${'a'.repeat(64)},2022-05,Leicestershire Police,Leicestershire Police,,,On or near X,,,Not a type,,\n`,
  );
  assert.ok(body2.rejectsUrl && body2.rejectsUrl !== body.rejectsUrl);
  assert.match((await get(body2.rejectsUrl)).text, /Not a type/);
  assert.equal((await get(body.rejectsUrl)).text, rej.text);
  // A third with no rejects leaves both.
  assert.equal((await upload(csv.split('\n').slice(0, 2).join('\n'))).rejectsUrl, null);
  assert.equal((await get(body.rejectsUrl)).status, 200);
  assert.equal((await get(body2.rejectsUrl)).status, 200);
  const none = await fetch(`${server.url}/api/imports`, {
    method: 'POST',
    body: new FormData(),
    headers: as(ADMIN),
  });
  assert.ok(none.status === 406 || none.status === 400, `no file: ${none.status}`);
  assert.ok(((await none.json()) as { error?: { message: string } }).error?.message);
  const empty = new FormData();
  empty.append('file', new Blob(['']), 'blank.csv');
  const e = await fetch(`${server.url}/api/imports`, { method: 'POST', body: empty, headers: as(ADMIN) });
  assert.equal(e.status, 400);
  const err = ((await e.json()) as { error: { code: string; details: { file: string } } }).error;
  assert.equal(err.code, 'csv.empty');
  assert.equal(err.details.file, 'blank.csv');
});

test('serve stops cleanly on SIGTERM', async () => {
  const child = spawn(
    process.execPath,
    [join(REPO, 'bin', 'beatwise.js'), '--db', join(dir, 'sig.db'), 'serve', '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('is serving')) resolve();
    });
    child.on('exit', () => reject(new Error(`exited early: ${out}`)));
  });
  const code = await new Promise<number | null>((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  assert.equal(code, 0);
  assert.match(out, /SIGTERM: finishing requests and closing/);
});

test('the hotspot grid answers as JSON and as a GeoJSON download that parses', async () => {
  const j = await get(
    '/api/forces/leicestershire/hotspots/grid?area=E06000016&cell=250&from=2022-04&to=2022-04&types=violence-and-sexual-offences',
  );
  assert.equal(j.status, 200, j.text.slice(0, 300));
  const rows = j.json.rows as { count: number; gi_bin: number }[];
  const total = rows.reduce((s, r) => s + r.count, 0);
  assert.ok(total > 100, `${total} violent crimes in Leicester in April 2022`);
  const g = await fetch(
    `${server.url}/api/forces/leicestershire/hotspots/grid?area=E06000016&cell=250&from=2022-04&to=2022-04&types=violence-and-sexual-offences&format=geojson`,
    { headers: as(ADMIN) },
  );
  assert.match(g.headers.get('content-disposition') ?? '', /attachment; filename=".*\.geojson"/);
  const geo = (await g.json()) as { features: { properties: { count: number } }[]; caveats: string[] };
  assert.equal(geo.features.length, rows.length);
  assert.equal(
    geo.features.reduce((s, f) => s + f.properties.count, 0),
    total,
  );
  assert.ok(geo.caveats.some((c) => /approximate/.test(c)));
});

test('answers are cached until the data changes, never served stale', async () => {
  const a = await get('/api/forces');
  const b = await get('/api/forces');
  assert.equal(b.headers.get('x-cache'), 'hit');
  assert.equal(b.text, a.text);
  const before = (a.json.forces as { crimes: number }[])[0].crimes;
  const csv = [
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
    `${'9'.repeat(64)},2022-06,Leicestershire Police,Leicestershire Police,-1.13,52.63,On or near Y,E01013000,Leicester 001A,Drugs,,`,
  ].join('\n');
  const form = new FormData();
  form.append('file', new Blob([csv]), 'cache-test.csv');
  assert.equal(
    (await fetch(`${server.url}/api/imports`, { method: 'POST', body: form, headers: as(ADMIN) })).status,
    200,
  );
  const c = await get('/api/forces');
  assert.equal(c.headers.get('x-cache'), null);
  assert.equal((c.json.forces as { crimes: number }[])[0].crimes, before + 1);
});

test('areas made of others are drawn with their members’ boundaries', async () => {
  const b = await get('/api/forces/leicestershire/boundaries?level=unit');
  const geo = JSON.parse(b.text) as {
    features: { properties: { name: string; composed: boolean }; geometry: { coordinates: unknown[] } }[];
  };
  assert.equal(geo.features.length, 9);
  const leicester = geo.features.find((f) => f.properties.name === 'Leicester');
  assert.ok(leicester?.properties.composed);
  const lsoas = await server.store.db
    .selectFrom('areas')
    .select(sql<number>`count(*)`.as('n'))
    .where('level', '=', 'lsoa')
    .where('name', 'like', 'Leicester %')
    .executeTakeFirstOrThrow();
  // Leicester's unit is its district, made of its LSOAs: one polygon part or more per LSOA.
  assert.ok(leicester.geometry.coordinates.length >= Number(lsoas.n));
});
