// Maps with no internet (issue 13): the base map from one local PMTiles file read through the
// `pmtiles` protocol by Range requests to our own server, street labels of police.uk map points at
// close zoom, and a chart's number table downloading as CSV and XLSX.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { TINY_PMTILES } from '../../src/core/http/fixtures/make-pmtiles.ts';
import { PMTILES_URL } from '../../src/core/http/pmtiles.ts';
import { type E2E, startE2E, watchErrors } from './support.ts';

// The setting is read per request: on for the whole of this file's server.
process.env.BEATWISE_PMTILES = TINY_PMTILES;
// This file's pages analyse one unit and month; a loaded test machine may still need more than 20 s.
process.env.BEATWISE_ANALYSIS_TIMEOUT_MS = '180000';

let started: Promise<E2E> | null = null;
function e2e(): Promise<E2E> {
  started ??= startE2E();
  return started;
}
after(async () => {
  if (started) await (await started.catch(() => null))?.close();
});

const LE = 'leicestershire';
const WM = 'west-midlands';

async function open(page: Page, url: string, ready: string): Promise<string[]> {
  const errors = watchErrors(page);
  await page.goto(url);
  try {
    await page.waitForSelector(ready, { timeout: 120_000 });
  } catch (e) {
    await page.screenshot({ path: 'test-results/e2e/maps-failed.png', fullPage: true });
    throw e;
  }
  return errors;
}

test('with BEATWISE_PMTILES set, the map reads its base map through the pmtiles protocol by Range requests', {
  timeout: 600_000,
}, async () => {
  const x = await e2e();
  const cfg = await x.api<{ pmtilesUrl: string | null }>('/api/config');
  assert.equal(cfg.pmtilesUrl, PMTILES_URL);
  // The fixture's one tile: bytes 428–695 (its header says so; see make-pmtiles.ts).
  const header = await readFile(TINY_PMTILES);
  const tileStart = Number(header.readBigUInt64LE(56));
  const tileEnd = tileStart + Number(header.readBigUInt64LE(64)) - 1;
  const page = await x.context.newPage();
  const ranges: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === PMTILES_URL) ranges.push(r.headers().range ?? '(none)');
  });
  const statuses: number[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === PMTILES_URL) statuses.push(r.status());
  });
  const errors = await open(
    page,
    `${x.url}/f/${LE}/hotspots?area=unit:LE&from=2022-04`,
    '[data-testid="hs-crimes"]',
  );
  await page.waitForSelector('.map[data-base-map="pmtiles"]', { timeout: 60_000 });
  await page.waitForFunction(
    () => document.querySelector('.map')?.getAttribute('data-street-labels') !== null,
    null,
    {
      timeout: 60_000,
    },
  );
  await page.waitForTimeout(500);
  assert.ok(ranges.length >= 2, `range requests: ${ranges.join(' ')}`);
  assert.ok(
    ranges.every((r) => /^bytes=\d+-\d+$/.test(r)),
    `every request is a byte range: ${ranges.join(' ')}`,
  );
  assert.ok(ranges.includes(`bytes=${tileStart}-${tileEnd}`), `the tile was read: ${ranges.join(' ')}`);
  assert.ok(
    statuses.every((s) => s === 206),
    `206 answers: ${statuses.join(' ')}`,
  );
  // The base layers were built from the file's metadata (OpenMapTiles names) and sit under our areas.
  const layers = await page.evaluate(() => {
    const maps = (window as unknown as { beatwiseMaps?: Set<{ getStyle(): { layers: { id: string }[] } }> })
      .beatwiseMaps;
    const m = maps ? [...maps][0] : null;
    return m ? m.getStyle().layers.map((l) => l.id) : [];
  });
  for (const id of ['base-water', 'base-building', 'base-road', 'base-place'])
    assert.ok(layers.includes(id), `${id} in ${layers.join(', ')}`);
  assert.ok(layers.indexOf('base-road') < layers.indexOf('fill'), 'the base map is under our areas');
  assert.deepEqual(errors, []);
  await page.close();
});

test('at close zoom the police.uk map points are labelled with their streets, without overlaps', {
  timeout: 240_000,
}, async () => {
  const x = await e2e();
  // The busiest police.uk map point in central Leicester, from the same public API the map uses.
  const around = await x.api<{
    features: { geometry: { coordinates: [number, number] }; properties: { label: string } }[];
  }>(`/api/forces/${LE}/hotspots/street-labels?bbox=-1.15,52.625,-1.11,52.645`);
  assert.ok(around.features.length > 0, 'police.uk points in central Leicester');
  const [lon, lat] = around.features[0].geometry.coordinates;
  const page = await x.context.newPage();
  const errors = await open(
    page,
    `${x.url}/f/${LE}/hotspots?area=unit:LE&from=2022-04`,
    '[data-testid="hs-crimes"]',
  );
  await page.waitForFunction(
    () => document.querySelector('.map')?.getAttribute('data-street-labels') !== null,
    null,
    {
      timeout: 60_000,
    },
  );
  // Below zoom 15: no street labels.
  assert.equal(await page.getAttribute('.map', 'data-street-labels'), '0');
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/hotspots/street-labels')) asked.push(r.url());
  });
  await page.evaluate(
    ([lo, la]) => {
      const maps = (window as unknown as { beatwiseMaps?: Set<{ jumpTo(o: object): void }> }).beatwiseMaps;
      for (const m of maps ?? []) m.jumpTo({ center: [lo, la], zoom: 16.5 });
    },
    [lon, lat],
  );
  await page.waitForFunction(
    () => Number(document.querySelector('.map')?.getAttribute('data-street-labels')) > 0,
    null,
    {
      timeout: 60_000,
    },
  );
  assert.ok(asked.length >= 1, 'the labels were asked for the view');
  // The labels drawn: each once, and no two boxes overlapping (MapLibre's collision).
  const drawn = await page.evaluate(() => {
    type M = {
      queryRenderedFeatures(o: object): { properties: { label: string } }[];
    };
    const maps = (window as unknown as { beatwiseMaps?: Set<M> }).beatwiseMaps;
    const m = maps ? [...maps][0] : null;
    return m ? m.queryRenderedFeatures({ layers: ['street-labels'] }).map((f) => f.properties.label) : [];
  });
  assert.ok(drawn.length > 0);
  const fetched = new Set(around.features.map((f) => f.properties.label));
  assert.ok(
    drawn.some((l) => fetched.has(l)),
    `labels drawn (${drawn.slice(0, 5).join('; ')}) are streets of police.uk points`,
  );
  assert.ok(
    drawn.every((l) => !/^on or near/i.test(l)),
    'the labels are street names',
  );
  await page.screenshot({ path: 'test-results/e2e/maps-street-labels.png' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a chart’s number table downloads as CSV and XLSX (the concentration curve)', {
  timeout: 240_000,
}, async () => {
  const x = await e2e();
  const page = await x.context.newPage();
  const errors = await open(page, `${x.url}/f/${WM}/hotspots?from=2022-10`, '.chart .table-export');
  const links = page.locator('figure .table-export').first();
  const title = (await page.locator('figure .numbers summary').first().textContent()) ?? '';
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    links.getByRole('button', { name: /^CSV/ }).click(),
  ]);
  const text = await readFile((await csv.path()) as string, 'utf8');
  const lines = text.split('\n');
  assert.match(lines[0], /^# Beatwise: /);
  assert.ok(
    lines.some((l) => /^# .*SYNTHETIC/.test(l)),
    'the SYNTHETIC caveat is in the file',
  );
  const table = await page.locator('figure .numbers table').first();
  const headers = await table.locator('thead th').allTextContents();
  const header = lines.find((l) => !l.startsWith('#')) ?? '';
  assert.equal(header.split(',')[0], headers[0].trim(), `the file's columns are the table's (${title})`);
  const rows = await table.locator('tbody tr').count();
  const data = lines.filter((l) => l && !l.startsWith('#'));
  assert.equal(data.length, rows + 1, 'one line per row and the header');
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    links.getByRole('button', { name: /^XLSX/ }).click(),
  ]);
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
  assert.deepEqual(errors, []);
  await page.close();
});
