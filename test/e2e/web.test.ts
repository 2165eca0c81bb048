// The web app in a real browser (Debian chromium via playwright-core) against a server on a store
// loaded with the bundled data: every page loads without console errors and shows the store's own
// figures (read from the API here and found on the page), axe-core finds no serious or critical
// violation, Impact Areas → area navigation, sorting, keyboard use, phone width, an upload and
// its summary, GeoJSON downloads. Screenshots go to test-results/e2e/ (git-ignored).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { LEICS_CRIMES } from '../support/stores.ts';
import { type E2E, int, RESULTS, seriousViolations, startE2E, watchErrors } from './support.ts';

interface Overview {
  month: string;
  thisMonth: { count: number; harm: number };
  rolling12: { count: number | null; harm: number | null };
  caveats: string[];
}
interface ImpactAreas {
  month: string;
  rows: { code: string; name: string; rolling: (number | null)[]; status: string | null }[];
  caveats: string[];
}
interface Harm {
  rows: { area_code: string; area_name: string; month: string; count: number; rolling_harm: number | null }[];
  caveats: string[];
}
interface Trends {
  current: { count: number };
  caveats: string[];
}
interface Workforce {
  series: { table: { grandTotal: { establishment: number | null; strength: number | null } } }[];
}
interface Forces {
  forces: { slug: string; name: string; crimes: number }[];
}
interface Imports {
  imports: { id: number; file: string; rejected: number; rejectsUrl: string | null }[];
}

let started: Promise<E2E> | null = null;
/** Started on first use, so that a missing browser fails every test with the reason. */
function e2e(): Promise<E2E> {
  started ??= startE2E();
  return started;
}

after(async () => {
  if (started) await (await started.catch(() => null))?.close();
});

const WM = 'west-midlands';
const LE = 'leicestershire';

/** Opens a path, waits for the page's main content, returns the errors seen while loading. */
async function open(page: Page, url: string, ready: string): Promise<string[]> {
  const errors = watchErrors(page);
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  return errors;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}

/** The text of an element, whitespace collapsed. */
async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ');
}

interface PageCase {
  name: string;
  path: string;
  ready: string;
  /** The figure the page must show: where, and the text read from the API. */
  expect: (x: E2E) => Promise<{ selector: string; contains: string[] }>;
  /** Console errors that the server's answer makes expected (e.g. 501 before a feature lands). */
  allowed?: (x: E2E) => Promise<RegExp[]>;
}

const PAGES: PageCase[] = [
  {
    name: 'forces',
    path: '/',
    ready: '.card',
    expect: async (x) => {
      const f = (await x.api<Forces>('/api/forces')).forces.find((v) => v.slug === WM);
      assert.ok(f, 'the store holds West Midlands');
      return { selector: 'main', contains: [f.name, int(f.crimes)] };
    },
  },
  {
    name: 'overview',
    path: `/f/${WM}`,
    ready: '[data-testid="this-month-count"]',
    expect: async (x) => {
      const o = await x.api<Overview>(`/api/forces/${WM}/overview`);
      return {
        selector: 'main',
        contains: [int(o.thisMonth.count), int(o.thisMonth.harm), int(o.rolling12.count ?? 0), ...o.caveats],
      };
    },
  },
  {
    name: 'overview-leicestershire',
    path: `/f/${LE}?month=2022-03`,
    ready: '[data-testid="this-month-count"]',
    expect: async (x) => {
      const o = await x.api<Overview>(`/api/forces/${LE}/overview?month=2022-03`);
      return { selector: 'main', contains: [int(o.thisMonth.count), ...o.caveats] };
    },
  },
  {
    name: 'impact-areas',
    path: `/f/${WM}/impact-areas?month=2022-08`,
    ready: 'table.data tbody tr',
    expect: async (x) => {
      const t = await x.api<ImpactAreas>(`/api/forces/${WM}/impact-areas?month=2022-08`);
      assert.ok(t.rows.length > 0, 'West Midlands has Impact Areas');
      const r = t.rows[0];
      return {
        selector: 'table.data',
        contains: [r.name, ...r.rolling.filter((v): v is number => v !== null).map(int), r.status ?? ''],
      };
    },
  },
  {
    name: 'area',
    path: `/f/${WM}/areas/impact-area/bilston?to=2022-08`,
    ready: '[data-testid="area-rolling-harm"]',
    expect: async (x) => {
      const h = await x.api<Harm>(`/api/forces/${WM}/harm?level=impact-area&area=bilston&to=2022-08`);
      const last = h.rows.at(-1);
      assert.ok(last?.rolling_harm, 'Bilston has a rolling harm in 2022-08');
      return {
        selector: 'main',
        contains: [last.area_name, int(last.rolling_harm), int(last.count)],
      };
    },
  },
  {
    name: 'hotspots',
    path: `/f/${WM}/hotspots?from=2022-04`,
    ready: '[data-testid="hs-crimes"], .message-na',
    expect: async (x) => {
      const res = await fetch(`${x.url}/api/forces/${WM}/hotspots/grid?from=2022-04`);
      if (res.status === 501) return { selector: 'main', contains: ['not available yet'] };
      const g = (await res.json()) as { rows: { count: number }[]; caveats: string[] };
      const crimes = g.rows.reduce((s, r) => s + r.count, 0);
      return { selector: 'main', contains: [int(crimes), int(g.rows.length), ...g.caveats] };
    },
    allowed: async (x) => {
      const res = await fetch(`${x.url}/api/forces/${WM}/hotspots/grid?from=2022-04`);
      return res.status === 501 ? [/status of 501/] : [];
    },
  },
  {
    name: 'trends',
    path: `/f/${WM}/trends?selection=neighbourhood-crime&level=unit`,
    ready: '[data-testid="trend-current"]',
    expect: async (x) => {
      const t = await x.api<Trends>(`/api/forces/${WM}/trends?selection=neighbourhood-crime&level=unit`);
      return { selector: 'main', contains: [int(t.current.count), ...t.caveats] };
    },
  },
  {
    name: 'workforce',
    path: `/f/${WM}/workforce`,
    ready: '[data-testid="wf-establishment"]',
    expect: async (x) => {
      const w = await x.api<Workforce>(`/api/forces/${WM}/workforce`);
      const g = w.series[0].table.grandTotal;
      return {
        selector: 'main',
        contains: [
          int(g.establishment ?? Number.NaN),
          g.strength === null ? '' : g.strength.toLocaleString('en-GB'),
        ],
      };
    },
  },
  {
    name: 'data',
    path: '/data',
    ready: 'table.data tbody tr',
    expect: async (x) => {
      const i = await x.api<Imports>('/api/imports');
      return { selector: 'main', contains: [i.imports[0].file] };
    },
  },
];

test('every page loads with no console errors, shows the store’s figures and passes axe-core', {
  timeout: 240_000,
}, async (t) => {
  const x = await e2e();
  const problems: string[] = [];
  for (const p of PAGES) {
    const page = await x.context.newPage();
    const t0 = Date.now();
    try {
      const errors = await open(page, `${x.url}${p.path}`, p.ready);
      const want = await p.expect(x);
      const shown = await text(page, want.selector);
      for (const c of want.contains)
        if (c && !shown.includes(c)) problems.push(`${p.name}: "${c}" is not on the page`);
      // Maps and charts draw after the data arrives: let them finish before axe and the screenshot.
      await page.waitForTimeout(500);
      const allowed = p.allowed ? await p.allowed(x) : [];
      for (const e of errors) if (!allowed.some((a) => a.test(e))) problems.push(`${p.name}: ${e}`);
      for (const v of await seriousViolations(page)) problems.push(`${p.name}: axe ${v}`);
      await shot(page, p.name);
      t.diagnostic(`${p.name}: ${Date.now() - t0} ms`);
    } finally {
      await page.close();
    }
  }
  assert.deepEqual(problems, []);
});

test('Impact Areas: sorting by a column sets aria-sort; an area link opens the area page', {
  timeout: 60_000,
}, async () => {
  const x = await e2e();
  const page = await x.context.newPage();
  try {
    const errors = await open(page, `${x.url}/f/${WM}/impact-areas`, 'table.data tbody tr');
    const header = page.locator('th', { has: page.locator('button', { hasText: 'Status' }) });
    await header.locator('button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    await header.locator('button').press('Enter');
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    const first = page.locator('table.data tbody tr').first().locator('a').first();
    const name = ((await first.textContent()) ?? '').trim();
    await first.click();
    await page.waitForURL(/\/areas\/impact-area\//);
    await page.locator('[data-testid="area-rolling-harm"]').waitFor();
    assert.match(await text(page, 'h1'), new RegExp(name));
    // After an in-app navigation the new page's heading has the focus.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('keyboard: skip link, then the navigation, then a page opened with Enter', {
  timeout: 60_000,
}, async () => {
  const x = await e2e();
  const page = await x.context.newPage();
  try {
    await open(page, `${x.url}/f/${WM}`, '[data-testid="this-month-count"]');
    await page.keyboard.press('Tab');
    assert.equal(
      (await page.evaluate(() => document.activeElement?.textContent))?.trim(),
      'Skip to main content',
    );
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    // From the top again: Tab through the header to the "Impact Areas" link and follow it.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('.brand').focus();
    let found = false;
    for (let i = 0; i < 12 && !found; i++) {
      await page.keyboard.press('Tab');
      found = (await page.evaluate(() => document.activeElement?.textContent?.trim())) === 'Impact Areas';
    }
    assert.ok(found, 'the Impact Areas link is reachable with Tab');
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement as Element);
      return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
    });
    assert.ok(outline, 'the focused link shows a focus indicator');
    await page.keyboard.press('Enter');
    await page.waitForURL(/impact-areas/);
    await page.locator('table.data tbody tr').first().waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  } finally {
    await page.close();
  }
});

test('phone width (390 px): overview, Impact Areas and area pages do not scroll sideways', {
  timeout: 90_000,
}, async () => {
  const x = await e2e();
  const page = await x.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const [name, path, ready] of [
      ['phone-overview', `/f/${WM}`, '[data-testid="this-month-count"]'],
      ['phone-impact-areas', `/f/${WM}/impact-areas`, 'table.data tbody tr'],
      ['phone-area', `/f/${WM}/areas/impact-area/bilston`, '[data-testid="area-rolling-harm"]'],
    ] as const) {
      const errors = await open(page, `${x.url}${path}`, ready);
      await page.waitForTimeout(300);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `${name}: the page is ${width} px wide at a 390 px screen`);
      assert.deepEqual(errors, [], name);
      await shot(page, name);
    }
  } finally {
    await page.close();
  }
});

test('Data: uploading a small police.uk CSV shows its import summary and its rejects file', {
  timeout: 90_000,
}, async () => {
  const x = await e2e();
  // 20 real Leicestershire rows moved to a month the store does not hold, and one bad row.
  const source = gunzipSync(readFileSync(join(LEICS_CRIMES, '2022-04-leicestershire-street.csv.gz')))
    .toString('utf8')
    .split('\n');
  const rows = source.slice(1, 21).map((l, i) => {
    const f = l.split(',');
    f[0] = `e2e-${i}-${f[0]}`;
    f[1] = '2022-05';
    return f.join(',');
  });
  const bad = source[21].split(',');
  bad[1] = '2022-05';
  bad[9] = 'Not a crime type';
  const file = join(RESULTS, '2022-05-e2e-street.csv');
  writeFileSync(file, `${[source[0], ...rows, bad.join(',')].join('\n')}\n`);
  const page = await x.context.newPage();
  try {
    const errors = await open(page, `${x.url}/f/${LE}/data`, '#upload-file');
    await page.setInputFiles('#upload-file', file);
    await page.selectOption('#upload-force', LE);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    const summary = page.locator('[data-testid="import-summary"]');
    await summary.waitFor({ timeout: 60_000 });
    const shown = (await summary.textContent())?.replace(/\s+/g, ' ') ?? '';
    assert.match(shown, /Imported 2022-05-e2e-street\.csv into leicestershire/);
    assert.match(shown, /Rows\s*21/);
    assert.match(shown, /Loaded\s*20/);
    assert.match(shown, /Rejected\s*1/);
    const imports = await x.api<Imports>('/api/imports');
    const mine = imports.imports.find((i) => i.file === '2022-05-e2e-street.csv');
    assert.equal(mine?.rejected, 1);
    // Rejects are personal data: the page asks why (the server logs it) before the link works.
    await page
      .locator('[data-testid="import-summary"] [data-testid="rejects-reason"]')
      .fill('checking the e2e upload');
    const link = page.locator('[data-testid="import-summary"] [data-testid="rejects-link"]');
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const rejects = readFileSync((await download.path()) as string, 'utf8');
    assert.match(rejects, /Not a crime type/);
    await shot(page, 'data-upload');
    for (const v of await seriousViolations(page)) assert.fail(`data page after upload: axe ${v}`);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('GeoJSON downloads parse: the area map and the hotspot grid', { timeout: 90_000 }, async () => {
  const x = await e2e();
  const wards = await x.api<{ areas: { code: string; name: string }[] }>(
    `/api/forces/${WM}/areas?level=ward`,
  );
  const ward = wards.areas[0];
  const page = await x.context.newPage();
  try {
    const errors = await open(
      page,
      `${x.url}/f/${WM}/areas/ward/${ward.code}`,
      '[data-testid="area-rolling-harm"]',
    );
    const button = page.getByRole('button', { name: 'Download this map (GeoJSON)' });
    await button.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const fc = JSON.parse(readFileSync((await download.path()) as string, 'utf8')) as {
      type: string;
      features: { properties: { code: string; rolling_harm: number | null } }[];
    };
    assert.equal(fc.type, 'FeatureCollection');
    assert.equal(fc.features.length, wards.areas.length);
    assert.ok(fc.features.some((f) => f.properties.code === ward.code));

    const grid = await fetch(`${x.url}/api/forces/${WM}/hotspots/grid?from=2022-04&format=geojson`);
    if (grid.status !== 501) {
      await open(page, `${x.url}/f/${WM}/hotspots?from=2022-04`, '[data-testid="hs-crimes"]');
      const link = page.getByRole('link', { name: 'GeoJSON' });
      const [dl] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const cells = JSON.parse(readFileSync((await dl.path()) as string, 'utf8')) as {
        type: string;
        features: { properties: { count: number } }[];
      };
      assert.equal(cells.type, 'FeatureCollection');
      assert.ok(cells.features.length > 0);
      assert.ok(cells.features.some((f) => f.properties.count > 0));
    }
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
