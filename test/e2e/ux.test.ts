// The web app as a user acts on it (issue 13): hotspots named by where they are, with the controls
// and patrol times; charts with a legend keep their x-axis; what each table can be exported as.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2E, startE2E, watchErrors } from './support.ts';

let started: Promise<E2E> | null = null;
function e2e(): Promise<E2E> {
  started ??= startE2E();
  return started;
}
after(async () => {
  if (started) await (await started.catch(() => null))?.close();
});

const WM = 'west-midlands';

async function open(page: Page, url: string, ready: string): Promise<string[]> {
  const errors = watchErrors(page);
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 60_000 });
  return errors;
}

/** Charts whose drawing is taller than their box (so the box cuts off the bottom: the x-axis). */
async function clippedCharts(page: Page): Promise<string[]> {
  await page.waitForSelector('.chart-box svg', { timeout: 30_000 });
  await page.waitForTimeout(500);
  return page.$$eval('.chart', (charts) =>
    charts
      .filter((c) => {
        const box = c.querySelector('.chart-box') as HTMLElement | null;
        const drawn = box?.firstElementChild as HTMLElement | null;
        return box && drawn && drawn.getBoundingClientRect().height > box.clientHeight + 1;
      })
      .map((c) => c.querySelector('figcaption strong')?.textContent ?? '?'),
  );
}

test('charts with a legend keep their x-axis at desktop width (concentration, workforce)', {
  timeout: 240_000,
}, async () => {
  const x = await e2e();
  const page = await x.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, `${x.url}/f/${WM}/hotspots?from=2022-10`, '[data-testid="hs-crimes"]');
  assert.deepEqual(await clippedCharts(page), []);
  await open(page, `${x.url}/f/${WM}/workforce`, '[data-testid="wf-establishment"]');
  const charts = await page.$$eval('.chart', (c) => c.length);
  assert.ok(charts >= 2, `${charts} charts on the workforce page`);
  assert.deepEqual(await clippedCharts(page), []);
  await page.close();
});

test('hotspots: 150 m cells by default, named by where they are; a click lists the locations', {
  timeout: 240_000,
}, async () => {
  const x = await e2e();
  const page = await x.context.newPage();
  const errors = await open(page, `${x.url}/f/${WM}/hotspots?from=2022-10`, '[data-testid="hs-summary"]');
  const grid = await x.api<{
    summary: string;
    rows: { count: number; place: string | null; ward: string | null; cell_id: string }[];
  }>(`/api/forces/${WM}/hotspots/grid?from=2022-10`);
  assert.match(grid.summary, /^150 m square cells · 2022-10 to /);
  assert.equal((await page.textContent('[data-testid="hs-summary"]'))?.trim(), grid.summary);
  const top = [...grid.rows].sort((a, b) => b.count - a.count)[0];
  // The synthetic extract has no location text: its cells are known by their ward and LSOA.
  assert.ok(top.place ?? top.ward);
  const first = page.locator('section[aria-labelledby="h-top"] tbody tr').first();
  assert.ok((await first.locator('th').textContent())?.includes((top.place ?? top.ward) as string));
  await first.locator('th button').click();
  await page.waitForSelector('[data-testid="hs-cell-panel"] tbody tr', { timeout: 60_000 });
  const listed = await page.$$eval('[data-testid="hs-cell-panel"] tbody tr', (rows) =>
    rows.map((r) => Number((r.querySelector('td')?.textContent ?? '').replace(/,/g, ''))),
  );
  assert.equal(
    listed.reduce((s, n) => s + n, 0),
    top.count,
  );
  // The synthetic extract has times: the patrol-times matrix and its windows are shown.
  await page.waitForSelector('[data-testid="hs-heat"] tbody tr', { timeout: 60_000 });
  assert.equal(await page.locator('[data-testid="hs-heat"] tbody tr').count(), 7);
  assert.ok((await page.locator('[data-testid="hs-windows"] li').count()) > 0);
  // Choosing a category reloads the grid for it.
  await page.getByLabel('Crimes', { exact: true }).selectOption('burglary');
  await page.waitForURL(/types=burglary/);
  await page.waitForFunction(() =>
    /Burglary/.test(document.querySelector('[data-testid="hs-summary"]')?.textContent ?? ''),
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test('statuses need a real change: the rule is shown beside them, "too few crimes" says why, and it can be changed', {
  timeout: 240_000,
}, async () => {
  const x = await e2e();
  const LE = 'leicestershire';
  const h = await x.api<{
    rows: {
      area_code: string;
      month: string;
      status: string | null;
      too_few: boolean;
      rolling_count: number;
    }[];
    ruleText: string;
  }>(`/api/forces/${LE}/harm?level=lsoa&from=2022-04&to=2022-04`);
  assert.match(h.ruleText, /at least 0\.5%.*at least 50 crimes/);
  const small = h.rows.find((r) => r.too_few);
  assert.ok(small, 'some LSOA has fewer than 50 crimes in its window');
  assert.equal(small.status, null);
  const page = await x.context.newPage();
  const errors = await open(
    page,
    `${x.url}/f/${LE}/areas/lsoa/${small.area_code}?to=2022-04`,
    '[data-testid="status-rule"]',
  );
  assert.ok((await page.textContent('main'))?.includes('Too few crimes for a status'));
  assert.ok((await page.textContent('[data-testid="status-rule"]'))?.includes(h.ruleText));
  await page.fill('#rule-crimes', '0');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/minCrimes=0/);
  await page.waitForFunction(
    () => !document.querySelector('main')?.textContent?.includes('Too few crimes for a status'),
  );
  // Impact Areas keep the paper's rule, and say so.
  await open(page, `${x.url}/f/west-midlands/impact-areas`, '[data-testid="status-rule"]');
  assert.match((await page.textContent('[data-testid="status-rule"]')) ?? '', /board paper’s rule/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('unlocated crimes are data quality: a warning on the Data page and a line in trends, not a driver', {
  timeout: 240_000,
}, async () => {
  const x = await e2e();
  const LE = 'leicestershire';
  const imports = await x.api<{ imports: { force: string; file: string; unlocated: number }[] }>(
    '/api/imports',
  );
  const worst = imports.imports.filter((i) => i.force === LE).sort((a, b) => b.unlocated - a.unlocated)[0];
  const page = await x.context.newPage();
  const errors = await open(page, `${x.url}/f/${LE}/data`, '[data-testid="unlocated-warnings"]');
  const note = (await page.textContent('[data-testid="unlocated-warnings"]')) ?? '';
  assert.ok(note.includes(worst.file) && note.includes(String(worst.unlocated)), note);
  const t = await x.api<{
    drivers: { byArea: { code: string; shareOfChange: number | null }[] };
    unplaced: { current: { count: number } } | null;
    baselineNote: string;
  }>(`/api/forces/${LE}/trends?selection=all-crime&level=district`);
  assert.ok(t.drivers.byArea.every((d) => d.code !== ''));
  assert.ok(
    t.drivers.byArea.every(
      (d) => d.shareOfChange === null || (d.shareOfChange >= 0 && d.shareOfChange <= 100),
    ),
  );
  assert.ok(t.unplaced && t.unplaced.current.count > 0);
  await open(page, `${x.url}/f/${LE}/trends?selection=all-crime&level=district`, '[data-testid="unplaced"]');
  assert.ok(
    (await page.textContent('[data-testid="unplaced"]'))?.includes(
      t.unplaced.current.count.toLocaleString('en-GB'),
    ),
  );
  assert.ok((await page.textContent('main'))?.includes(t.baselineNote));
  assert.deepEqual(errors, []);
  await page.close();
});

test('every table downloads as CSV and XLSX with the page’s caveats, and Impact Areas print on A4', {
  timeout: 240_000,
}, async () => {
  const x = await e2e();
  const page = await x.context.newPage();
  const errors = await open(page, `${x.url}/f/${WM}/impact-areas`, 'table.data tbody tr');
  const tables = await page.locator('table.data').count();
  assert.equal(await page.locator('.table-export').count(), tables);
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.table-export').first().getByRole('button', { name: /^CSV/ }).click(),
  ]);
  const text = await readFile((await csv.path()) as string, 'utf8');
  const lines = text.split('\n');
  assert.match(lines[0], /^# Beatwise: /);
  assert.ok(
    lines.some((l) => /^# .*SYNTHETIC/.test(l)),
    'the SYNTHETIC caveat is in the file',
  );
  const header = lines.find((l) => !l.startsWith('#')) ?? '';
  assert.match(header, /^Impact Area,Unit,/);
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.table-export').first().getByRole('button', { name: /^XLSX/ }).click(),
  ]);
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
  // Printed on A4 portrait (~718 px wide at 96 dpi less margins): the table fits the page.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 718, height: 1000 });
  const over = await page.$eval('table.data', (t) => t.scrollWidth - (t.parentElement?.clientWidth ?? 0));
  assert.ok(over <= 1, `the table is ${over} px wider than the page`);
  assert.equal(await page.locator('.table-export').first().isVisible(), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the overview says what needs attention; Impact Areas open sorted by severity', {
  timeout: 240_000,
}, async () => {
  const x = await e2e();
  const a = await x.api<{ rows: { name: string; score: number | null }[] }>(`/api/forces/${WM}/attention`);
  const page = await x.context.newPage();
  const errors = await open(page, `${x.url}/f/${WM}`, 'section[aria-labelledby="h-attention"] tbody tr');
  const first = await page
    .locator('section[aria-labelledby="h-attention"] tbody tr th')
    .first()
    .textContent();
  assert.equal(first?.trim(), a.rows[0].name);
  const ia = await x.api<{ rows: { name: string; status: string | null }[] }>(
    `/api/forces/${WM}/impact-areas`,
  );
  const rank = ['Outstanding', 'Good', 'No change', 'Needs improvement', 'Poor'];
  const worst = Math.max(...ia.rows.map((r) => (r.status ? rank.indexOf(r.status) : -1)));
  await open(page, `${x.url}/f/${WM}/impact-areas`, 'table.data tbody tr');
  const header = page.locator('th', { has: page.locator('button', { hasText: 'Status' }) });
  assert.equal(await header.getAttribute('aria-sort'), 'descending');
  const topStatus = await page.locator('table.data tbody tr').first().locator('.status').textContent();
  assert.ok(topStatus?.includes(rank[worst]), `${topStatus} is not ${rank[worst]}`);
  assert.deepEqual(errors, []);
  await page.close();
});
