/**
 * API benchmark.
 *
 * 1. Cold first answers (bench/lib/cold.ts) of every main endpoint, on two stores: the demo store
 *    (`beatwise demo`: Leicestershire and the synthetic West Midlands extract; target < 300 ms) and
 *    a store with 3,000,000 generated crimes (West Midlands structure; target < 1 s). For each: the
 *    first request after a fresh server start on the existing store, the first after an import of
 *    one more month (a copy of the store, the server running), and the same request again (warm).
 * 2. On the 3,000,000-crime store: autocannon at 50 connections for 10 s on five endpoints; req/s
 *    and p50/p95/p99 latency per endpoint against the target p95 < 50 ms. Also the size of the web
 *    app's first page (JS gzipped, target < 600 kB) when it is built, and a browser's start to an
 *    interactive Impact Areas page.
 *
 *   npm run bench:api -- [--rows 3000000] [--seed 7] [--seconds 10] [--connections 50]
 *                        [--cold-only] [--stores demo,big]
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { chromium } from 'playwright-core';
import { accessControl } from '../src/access/policy.ts';
import { hardeningFromEnv } from '../src/core/http/headers.ts';
import { startServer } from '../src/core/http/server.ts';
import { SqliteStore } from '../src/core/store/sqlite.ts';
import { buildModel, writeExtract } from '../src/crime/synth/index.ts';
import { loadDemo } from '../src/demo/commands.ts';
import { ROUTES } from '../src/server.ts';
import { principal } from '../test/support/principals.ts';
import { coldTimes, type Endpoint } from './lib/cold.ts';
import { MB, vmHwmBytes } from './lib/memory.ts';
import { loadLsoas, MapPoints, writePoliceUkFiles } from './lib/police-uk.ts';
import { Rng } from './lib/rng.ts';
import { westMidlandsStore } from './lib/wm-store.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '3000000' },
    seed: { type: 'string', default: '7' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    out: { type: 'string', default: join(ROOT, 'bench', 'out', 'api') },
    'cold-only': { type: 'boolean', default: false },
    stores: { type: 'string', default: 'demo,big' },
  },
});
const rows = Number(values.rows);
const stores = String(values.stores).split(',');
const built = stores.includes('big')
  ? await westMidlandsStore(values.out as string, rows, Number(values.seed))
  : null;
if (built)
  console.log(
    built.reused
      ? `store: reusing ${built.path} (${rows.toLocaleString('en-GB')} crimes)`
      : `store: ${rows.toLocaleString('en-GB')} crimes generated in ${(built.generateMs / 1000).toFixed(1)} s, imported in ${(built.importMs / 1000).toFixed(1)} s`,
  );

// ---------------------------------------------------------------------------------------------
// Cold first answers

const coldLines: string[] = [];
if (stores.includes('demo')) {
  const dir = join(ROOT, 'bench', 'out', 'api-demo');
  const demo = await demoStore(dir);
  // One more month of the synthetic West Midlands extract, as the next month's import.
  const next = join(dir, 'next-month-SYNTHETIC.csv.gz');
  if (!existsSync(next))
    await writeExtract(await buildModel({ from: '2023-04', to: '2023-04', seed: 1, fraction: 0.4 }), next);
  coldLines.push(
    ...(await coldReport('demo store (Leicestershire + synthetic West Midlands)', demo, next, 300)),
  );
}
if (built) {
  const dir = join(values.out as string, 'next');
  const stamp = join(dir, 'rows.txt');
  if (!existsSync(stamp)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const lsoa = ['25', '26', '27', '28', '29', '30', '31'].map((d) =>
      join(ROOT, 'data', 'boundaries', 'west-midlands', 'lsoa', `lsoa_2011_E080000${d}.geojson.gz`),
    );
    const rng = new Rng(Number(values.seed) + 1);
    const files = writePoliceUkFiles(rng, new MapPoints(await loadLsoas(lsoa), rng), {
      rows: Math.round(rows / 120),
      outDir: dir,
      forceName: 'West Midlands Police',
      forceSlug: 'west-midlands',
      from: '2023-01',
      to: '2023-01',
    });
    writeFileSync(stamp, files[0].path);
  }
  coldLines.push(
    ...(await coldReport(
      `${rows.toLocaleString('en-GB')}-crime store`,
      built.path,
      readFileSync(stamp, 'utf8'),
      1000,
    )),
  );
}
for (const l of coldLines) console.log(l);
if (values['cold-only'] || !built) process.exit(0);

// Measured as a signed-in analyst (exact precision, as before the access policy), rate limit off:
// this benchmark measures the analyses; bench/access.ts measures the policy and limits.
const server = await startServer({
  dbPath: built.path,
  port: 0,
  plugins: ROUTES,
  access: accessControl,
  identify: async () => principal('bench-analyst', { role: 'analyst' }),
  hardening: { ...hardeningFromEnv(), rateLimitMax: 0 },
});
const f = '/api/forces/west-midlands';
const wards = (await (await fetch(`${server.url}${f}/areas?level=ward`)).json()) as {
  areas: { code: string }[];
};
const ward = wards.areas[0].code;
const endpoints = [
  ['overview', `${f}/overview`],
  ['impact-area table', `${f}/impact-areas`],
  ['area trend', `${f}/harm?level=ward&area=${ward}&from=2021-01`],
  ['hotspot grid', `${f}/hotspots/grid?area=BW&cell=250&from=2022-10&to=2022-12`],
  ['trends', `${f}/trends?selection=neighbourhood-crime&level=unit`],
] as const;

const results: {
  name: string;
  cold: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}[] = [];
for (const [name, path] of endpoints) {
  // The first request computes from the store; later ones are served from the response cache
  // until the data changes. Both are reported.
  const t0 = performance.now();
  const first = await fetch(`${server.url}${path}`);
  const body = await first.text();
  const cold = performance.now() - t0;
  if (first.status !== 200) console.log(`${name}: ${first.status} ${body.slice(0, 200)}`);
  const r = await autocannon({
    url: `${server.url}${path}`,
    connections: Number(values.connections),
    // As a browser asks: compressed answers (the hotspot grid is ~400 kB of JSON uncompressed).
    headers: { 'accept-encoding': 'gzip' },
    duration: Number(values.seconds),
  });
  const lat = r.latency as unknown as Record<string, number>;
  results.push({
    cold,
    name,
    rps: r.requests.average,
    p50: lat.p50,
    p95: lat.p97_5 ?? lat.p95,
    p99: lat.p99,
    errors: r.errors + r.non2xx,
  });
  console.log(
    `${name.padEnd(18)} ${Math.round(r.requests.average)} req/s, p50 ${lat.p50} ms, p97.5 ${lat.p97_5} ms, p99 ${lat.p99} ms, non-2xx ${r.non2xx}`,
  );
}
// Time from starting the browser to the Impact Areas page being interactive (its table drawn).
let browserMs: number | null = null;
if (existsSync(join(ROOT, 'dist', 'web', 'index.html')) && existsSync('/usr/bin/chromium')) {
  const t0 = performance.now();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/f/west-midlands/impact-areas`);
  await page.locator('table tbody tr a').first().waitFor({ state: 'visible', timeout: 60_000 });
  browserMs = performance.now() - t0;
  await browser.close();
}
await server.close();

console.log('');
for (const l of coldLines) console.log(l);
console.log(
  `api bench: ${rows.toLocaleString('en-GB')} crimes, ${values.connections} connections × ${values.seconds} s per endpoint`,
);
for (const r of results) {
  console.log(
    `  ${r.name.padEnd(18)} cold ${String(Math.round(r.cold)).padStart(5)} ms  ${String(Math.round(r.rps)).padStart(6)} req/s  p50 ${r.p50} ms  p97.5 ${r.p95} ms  p99 ${r.p99} ms  ${r.p95 < 50 ? 'MET' : 'NOT MET'} (p95 < 50 ms, judged on p97.5: autocannon reports no p95)${r.errors ? `  errors ${r.errors}` : ''}`,
  );
}
const assets = join(ROOT, 'dist', 'web', 'assets');
try {
  const js = readdirSync(assets).filter((n) => n.endsWith('.js'));
  const gz = js.reduce((s, n) => s + gzipSync(readFileSync(join(assets, n))).length, 0);
  const raw = js.reduce((s, n) => s + statSync(join(assets, n)).size, 0);
  console.log(
    `web bundle: ${js.length} JS files, ${(raw / 1000).toFixed(0)} kB, ${(gz / 1000).toFixed(0)} kB gzipped (all chunks; target < 600 kB for the first page)`,
  );
} catch {
  console.log('web bundle: not built (npm run build)');
}
console.log(
  browserMs === null
    ? 'browser: not measured (needs dist/web built and /usr/bin/chromium)'
    : `browser start → Impact Areas page interactive: ${Math.round(browserMs)} ms (a fresh browser; the server already warm)`,
);
const hwm = vmHwmBytes();
console.log(`peak RSS (VmHWM): ${hwm === null ? 'n/a' : `${Math.round(hwm / MB)} MB`}`);

/** The demo store (`beatwise demo`), built once in `dir` and reused. */
async function demoStore(dir: string): Promise<string> {
  const path = join(dir, 'demo.db');
  const stamp = join(dir, 'demo.json');
  const want = JSON.stringify({ version: 2 });
  if (existsSync(path) && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return path;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const store = await SqliteStore.open(path);
  await loadDemo(store, () => {});
  await store.close();
  writeFileSync(stamp, want);
  console.log(`demo store: built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return path;
}

/** The main endpoints, as the web app asks for them, for a West Midlands store. */
function mainEndpoints(ward: string, last: string, yearAgo: string, threeAgo: string): Endpoint[] {
  const f = '/api/forces/west-midlands';
  return [
    { name: 'forces', path: '/api/forces' },
    { name: 'overview', path: `${f}/overview` },
    { name: 'areas (wards)', path: `${f}/areas?level=ward` },
    { name: 'boundaries (units)', path: `${f}/boundaries?level=unit` },
    { name: 'boundaries (wards)', path: `${f}/boundaries?level=ward` },
    { name: 'harm (force)', path: `${f}/harm?level=force&to=${last}` },
    { name: 'harm (one ward)', path: `${f}/harm?level=ward&area=${ward}` },
    { name: 'harm (all wards)', path: `${f}/harm?level=ward&from=${last}&to=${last}` },
    { name: 'impact-areas', path: `${f}/impact-areas` },
    { name: 'trends (all crime)', path: `${f}/trends?selection=all-crime&level=unit` },
    { name: 'trends (nbhd crime)', path: `${f}/trends?selection=neighbourhood-crime&level=unit` },
    { name: 'workforce', path: `${f}/workforce` },
    { name: 'grid BW 3 months', path: `${f}/hotspots/grid?area=BW&cell=250&from=${threeAgo}&to=${last}` },
    {
      name: 'grid ward 12 months',
      path: `${f}/hotspots/grid?area=ward:${ward}&from=${yearAgo}&to=${last}&format=geojson`,
    },
    { name: 'concentration BW', path: `${f}/hotspots/concentration?area=BW&from=${yearAgo}&to=${last}` },
    { name: 'kde BW', path: `${f}/hotspots/kde?area=BW&cell=250&from=${yearAgo}&to=${last}` },
    { name: 'times BW', path: `${f}/hotspots/times?area=BW&from=${yearAgo}&to=${last}` },
    // As the hotspots page asks: the cells holding crime (hotspots-page.tsx, only=crime).
    {
      name: 'grid force 3 months',
      path: `${f}/hotspots/grid?from=${threeAgo}&to=${last}&format=geojson&only=crime`,
    },
    // The GeoJSON download of every cell of the force (~40,000 cells of 150 m: ~18 MB), for QGIS.
    {
      name: 'grid force export',
      path: `${f}/hotspots/grid?from=${threeAgo}&to=${last}&format=geojson`,
    },
  ];
}

/** Cold figures for one store: after a restart, after an import (on a copy), warm; against `target` ms. */
async function coldReport(
  label: string,
  path: string,
  importFile: string,
  target: number,
): Promise<string[]> {
  const store = await SqliteStore.open(path);
  const ward = await store.db
    .selectFrom('areas as a')
    .innerJoin('forces as f', 'f.id', 'a.force_id')
    .select('a.code')
    .where('f.slug', '=', 'west-midlands')
    .where('a.level', '=', 'ward')
    .orderBy('a.name')
    .executeTakeFirstOrThrow();
  const range = await store.db
    .selectFrom('cube')
    .innerJoin('forces as f', 'f.id', 'cube.force_id')
    .select((eb) => eb.fn.max<number>('month').as('hi'))
    .where('f.slug', '=', 'west-midlands')
    .where('level', '=', 'force')
    .executeTakeFirstOrThrow();
  await store.close();
  const month = (m: number) => `${Math.floor(m / 12) + 1970}-${String((m % 12) + 1).padStart(2, '0')}`;
  const hi = Number(range.hi);
  const endpoints = mainEndpoints(ward.code, month(hi), month(hi - 11), month(hi - 2));
  const restart = await coldTimes(path, endpoints, 'restart');
  const copy = path.replace(/\.db$/, '-import.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true });
  copyFileSync(path, copy);
  const imported = await coldTimes(copy, endpoints, 'import', [importFile]);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true });
  const ms = (x: number) => String(Math.round(x)).padStart(6);
  const lines = [
    '',
    `cold first answers, ${label} (target < ${target} ms; 2 CPU cores shared with other work: wall times swing, CPU ms less)`,
    `  ${'endpoint'.padEnd(22)} ${'restart'.padStart(8)} ${'(CPU)'.padStart(6)} ${'import'.padStart(8)} ${'(CPU)'.padStart(6)} ${'warm'.padStart(6)}  (ms; import = first answer after importing ${importFile.split('/').pop()} in ${Math.round(imported.importMs ?? 0)} ms)`,
  ];
  endpoints.forEach((e, i) => {
    const worst = Math.max(restart.first[i], imported.first[i]);
    const bad = restart.status[i] !== 200 || imported.status[i] !== 200;
    lines.push(
      `  ${e.name.padEnd(22)} ${ms(restart.first[i])}   ${ms(restart.cpu[i])} ${ms(imported.first[i])}   ${ms(imported.cpu[i])} ${ms(restart.warm[i])}  ${bad ? `HTTP ${restart.status[i]}/${imported.status[i]}` : worst < target ? 'MET' : 'NOT MET'}`,
    );
  });
  const met = endpoints.filter(
    (_, i) => Math.max(restart.first[i], imported.first[i]) < target && restart.status[i] === 200,
  ).length;
  lines.push(
    `  ${met} of ${endpoints.length} endpoints under ${target} ms cold, after a restart and after an import`,
  );
  return lines;
}
