// Casework pages at phone width (390 px) on the demo's SYNTHETIC records for Leicester 001:
// volunteers (a reason asked first, a group's members and sessions, a bad session form told what is
// wrong), engagement (events, priorities, figures) and the public priorities view.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { loadEngagementDemo } from '../../src/casework/engagement/index.ts';
import { loadVolunteersDemo } from '../../src/casework/volunteers/index.ts';
import { loadForce, readForceSpec } from '../../src/force/index.ts';
import { LEICS_FORCE } from '../support/stores.ts';
import { type E2E, startE2E, watchErrors } from './support.ts';

const F = 'leicestershire';
const TEAM = 'E02002827';
let e: E2E;
let phone: BrowserContext;

before(async () => {
  e = await startE2E({
    bundled: false,
    prepare: async (store) => {
      await loadForce(store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
      await loadVolunteersDemo(store, () => {});
      await loadEngagementDemo(store, () => {});
    },
  });
  phone = await e.browser.newContext({ viewport: { width: 390, height: 844 } });
});
after(async () => {
  await phone?.close();
  await e?.close();
});

async function noSideScroll(page: import('playwright-core').Page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 1, `the page scrolls sideways by ${wide} px at 390 px`);
}

test('volunteers at 390 px: a reason first, then groups, a group’s sessions, and a bad form says what is wrong', async () => {
  const page = await phone.newPage();
  const errors = watchErrors(page);
  await page.goto(`${e.url}/f/${F}/volunteers`);
  await page.getByLabel('Reason').fill('checking the demo data');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: /Community SpeedWatch/ }).click();
  await page.getByRole('heading', { name: /Community SpeedWatch/ }).waitFor();
  assert.ok(await page.getByText('SYNTHETIC').first().isVisible());
  // The administrator does not see members' contact details.
  assert.ok(
    await page
      .getByText(/only the volunteer coordinator/)
      .first()
      .isVisible(),
  );
  assert.ok(await page.getByRole('cell', { name: '2022-04-14' }).isVisible());
  await page.getByLabel('Session reference').fill('LE001-CSW-2205-1');
  await page.getByLabel('Date').first().fill('2022-05-03');
  await page.getByRole('button', { name: 'Save the session' }).click();
  await page.locator('.field-error').first().waitFor();
  const text = (await page.locator('form.casework-form').first().textContent()) ?? '';
  assert.match(text, /required/);
  await noSideScroll(page);
  assert.deepEqual(
    errors.filter((x) => !/status of 400/.test(x)),
    [],
  );
  await page.close();
});

test('engagement at 390 px: events, priorities, figures; the public priorities view of a team', async () => {
  const page = await phone.newPage();
  const errors = watchErrors(page);
  await page.goto(`${e.url}/f/${F}/engagement`);
  await page.getByRole('link', { name: /World Café, 2022-03-22/ }).click();
  await page.getByText('Poor street lighting on the canal path').first().waitFor();
  assert.ok(
    await page
      .getByText(/Drug dealing in the park car park/)
      .first()
      .isVisible(),
  );
  assert.ok(await page.getByRole('heading', { name: 'Figures by team and month' }).isVisible());
  await noSideScroll(page);
  await page.goto(`${e.url}/f/${F}/priorities?team=${TEAM}`);
  await page.getByText('Speeding on Abbey Lane near the school').waitFor();
  assert.ok(await page.getByText(/Two warrants executed/).isVisible());
  assert.ok(await page.getByText('SYNTHETIC').first().isVisible());
  await noSideScroll(page);
  assert.deepEqual(errors, []);
  await page.close();
});
