/**
 * API benchmark: the server on a store with 3,000,000 generated crimes (West Midlands structure),
 * autocannon at 50 connections for 10 s on each of the five main endpoints; req/s and p50/p95/p99
 * latency per endpoint against the target p95 < 50 ms. Also the size of the web app's first page
 * (JS gzipped, target < 600 kB) when it is built.
 *
 *   npm run bench:api -- [--rows 3000000] [--seed 7] [--seconds 10] [--connections 50]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
import { ROUTES } from '../src/server.ts';
import { principal } from '../test/support/principals.ts';
import { MB, vmHwmBytes } from './lib/memory.ts';
import { westMidlandsStore } from './lib/wm-store.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '3000000' },
    seed: { type: 'string', default: '7' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    out: { type: 'string', default: join(ROOT, 'bench', 'out', 'api') },
  },
});
const rows = Number(values.rows);
const built = await westMidlandsStore(values.out as string, rows, Number(values.seed));
console.log(
  built.reused
    ? `store: reusing ${built.path} (${rows.toLocaleString('en-GB')} crimes)`
    : `store: ${rows.toLocaleString('en-GB')} crimes generated in ${(built.generateMs / 1000).toFixed(1)} s, imported in ${(built.importMs / 1000).toFixed(1)} s`,
);

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
