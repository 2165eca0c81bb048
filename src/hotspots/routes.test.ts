// The hotspot routes under hostile cost parameters: work past the bounds is refused with a 400 that
// states the limit; allowed heavy work runs off the event loop; a job past its time limit is stopped
// with a 503 and the server stays up.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AS_ADMIN } from '../../test/support/principals.ts';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import { startServer } from '../core/http/server.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { ROUTES } from '../server.ts';

let server: Awaited<ReturnType<typeof startServer>>;
let dispose: () => Promise<void>;

before(async () => {
  const t = await leicestershireStore();
  const months = ['2022-03', '2022-04'];
  await importCrimeFiles(
    t.store,
    months.map((m) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`)),
    { rejectsDir: join(t.dir, 'rejects') },
  );
  await t.store.close();
  server = await startServer({ dbPath: t.location, port: 0, plugins: ROUTES, ...AS_ADMIN });
  dispose = async () => {
    await server.close();
    await t.dispose().catch(() => {});
  };
});
after(async () => dispose());

async function get(path: string) {
  const started = performance.now();
  const r = await fetch(`${server.url}${path}`);
  const text = await r.text();
  return {
    status: r.status,
    ms: performance.now() - started,
    text,
    error: (r.headers.get('content-type') ?? '').includes('json')
      ? (JSON.parse(text) as { error?: { code: string; message: string; details: Record<string, unknown> } })
          .error
      : undefined,
  };
}

const HS = '/api/forces/leicestershire/hotspots';

test('bandwidth=1e308, h3=10 and cell=10 over a force are refused at once with the limit', async () => {
  for (const [path, parameter, env] of [
    [`${HS}/kde?cell=150&bandwidth=1e308`, 'bandwidth', 'BEATWISE_MAX_KDE_WORK'],
    [`${HS}/grid?h3=10`, 'h3', 'BEATWISE_MAX_H3_CELLS'],
    [`${HS}/grid?cell=10`, 'cell', 'BEATWISE_MAX_CELLS'],
    [`${HS}/concentration?cell=10`, 'cell', 'BEATWISE_MAX_CELLS'],
  ] as const) {
    const r = await get(path);
    assert.equal(r.status, 400, `${path}: ${r.text.slice(0, 300)}`);
    assert.equal(r.error?.code, 'hotspots.too_much_work');
    assert.equal(r.error?.details.parameter, parameter);
    assert.ok(Number(r.error?.details.work) > Number(r.error?.details.limit), path);
    assert.match(r.error?.message ?? '', new RegExp(`the limit is [\\d,]+, set by ${env}`));
    assert.ok(r.ms < 10_000, `${path} answered in ${Math.round(r.ms)} ms`);
  }
});

test('while a heavy but allowed KDE runs, the server answers other requests', async () => {
  process.env.BEATWISE_MAX_KDE_WORK = '1e12';
  try {
    // A 6 km bandwidth on 50 m cells over Leicester: seconds of work.
    let done = false;
    const heavy = get(`${HS}/kde?area=unit:LE&cell=50&bandwidth=6000`).finally(() => {
      done = true;
    });
    // Ask for /api/health again and again while it runs: no answer may wait for the KDE.
    const waits: number[] = [];
    while (!done) {
      waits.push((await get('/api/health')).ms);
      await new Promise((r) => setTimeout(r, 20));
    }
    const h = await heavy;
    assert.equal(h.status, 200, h.text.slice(0, 300));
    const longest = Math.max(...waits);
    assert.ok(h.ms > 1000, `the KDE took ${Math.round(h.ms)} ms: too light to show anything`);
    assert.ok(
      longest < 500,
      `a health check waited ${Math.round(longest)} ms while the KDE took ${Math.round(h.ms)} ms`,
    );
  } finally {
    delete process.env.BEATWISE_MAX_KDE_WORK;
  }
});

test('an analysis past its time limit is stopped with a 503; the server stays up and answers the next', async () => {
  process.env.BEATWISE_MAX_KDE_WORK = '1e12';
  process.env.BEATWISE_ANALYSIS_TIMEOUT_MS = '300';
  try {
    const slow = await get(`${HS}/kde?cell=100&bandwidth=15000`);
    assert.equal(slow.status, 503, slow.text.slice(0, 300));
    assert.equal(slow.error?.code, 'analysis.timeout');
    assert.match(
      slow.error?.message ?? '',
      /took longer than 0\.3 s and was stopped.*BEATWISE_ANALYSIS_TIMEOUT_MS/,
    );
    assert.ok(slow.ms < 5000, `the 503 came after ${Math.round(slow.ms)} ms`);
  } finally {
    delete process.env.BEATWISE_MAX_KDE_WORK;
    delete process.env.BEATWISE_ANALYSIS_TIMEOUT_MS;
  }
  assert.equal((await get('/api/health')).status, 200);
  const next = await get(`${HS}/concentration?area=unit:LE&cell=250`);
  assert.equal(next.status, 200, next.text.slice(0, 300));
  assert.ok((JSON.parse(next.text) as { totals: { crimes: number } }).totals.crimes > 1000);
});
