// Public neighbourhood pages (issue 18), as a resident uses them without signing in: find the
// neighbourhood by name or on the map, read its team, priorities, trends and map; at phone width,
// with no serious axe violations.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadForce, readForceSpec } from '../../src/force/index.ts';
import { seedPoliceUk } from '../support/police-uk.ts';
import { LEICS_FORCE } from '../support/stores.ts';
import { type E2E, seriousViolations, startE2E, watchErrors } from './support.ts';

let team: { code: string; name: string } | null = null;
let started: Promise<E2E> | null = null;
function e2e(): Promise<E2E> {
  started ??= startE2E({
    bundled: false,
    // Nobody signs in: every request is the public's.
    signIn: 'session',
    prepare: async (store) => {
      await loadForce(store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
      team = (await seedPoliceUk(store, join(store.location, '..'))).team;
    },
  });
  return started;
}
after(async () => {
  if (started) await (await started.catch(() => null))?.close();
});

test('find a neighbourhood by place name at phone width, and read its page', {
  timeout: 300_000,
}, async () => {
  const x = await e2e();
  assert.ok(team);
  const page = await x.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const errors = watchErrors(page);
  await page.goto(`${x.url}/n`);
  await page.waitForSelector('#hood-search', { timeout: 60_000 });
  await page.fill('#hood-search', team.name);
  await page.getByRole('link', { name: team.name }).first().click();
  await page.waitForSelector(`h1:has-text("${team.name}")`, { timeout: 60_000 });
  // The team's public roster, no priorities yet, the trends table and the map.
  await page.getByText('Sgt Jane Example').waitFor({ timeout: 30_000 });
  await page.getByText('No priorities published yet.').waitFor();
  await page.waitForSelector('table.data-table tbody tr', { timeout: 60_000 });
  await page.waitForSelector('figure.outline-map svg path', { timeout: 60_000 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `the page is ${wide} px wide at 390`);
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('find a neighbourhood on the map: each shape is a named link', { timeout: 300_000 }, async () => {
  const x = await e2e();
  assert.ok(team);
  const page = await x.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${x.url}/n?force=leicestershire`);
  const shape = page.locator(`figure.outline-map a[aria-label="${team.name}: open its page"]`);
  await shape.waitFor({ timeout: 60_000 });
  await shape.click();
  await page.waitForURL(/\/n\/leicestershire\//, { timeout: 30_000 });
  await page.waitForSelector(`h1:has-text("${team.name}")`, { timeout: 60_000 });
  assert.deepEqual(await seriousViolations(page), []);
  await page.close();
});
