// The plan-building form on the Patrols page, in a real browser at phone width (390 px): a sergeant
// signs in, submits a radius the API refuses and sees the server's message beside the Radius field,
// then builds a small plan for their own team through the form and sees it in the plan list.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { adminAuth, createLocalUser } from '../../src/access/access.ts';
import { accessDb } from '../../src/access/tables.ts';
import { type E2E, RESULTS, startE2E, watchErrors } from './support.ts';

const F = 'west-midlands';
const TEAM = 'BE-acocks-green';
const SERGEANT = {
  email: 'sam.sergeant@example.police.uk',
  name: 'Sam Sergeant',
  password: 'e2e test password, long',
};

let started: Promise<E2E> | null = null;
function e2e(): Promise<E2E> {
  started ??= startE2E({
    signIn: 'session',
    prepare: async (store) => {
      await createLocalUser(adminAuth(store), accessDb(store), {
        ...SERGEANT,
        grants: [{ role: 'sergeant', force: F, unit: 'BE', team: TEAM }],
      });
    },
  });
  return started;
}
after(async () => {
  if (started) await (await started.catch(() => null))?.close();
});

test('at 390 px a sergeant sees a field error, then builds a team plan through the form and sees it listed', async () => {
  const { url, browser } = await e2e();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${url}/`);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email', { exact: true }).fill(SERGEANT.email);
  await page.getByLabel('Password', { exact: true }).fill(SERGEANT.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.account-name').waitFor();
  await page.setViewportSize({ width: 390, height: 844 });

  await page.goto(`${url}/f/${F}/patrols`);
  await page.getByText('No patrol plans yet').waitFor();
  await page.getByText('Make a patrol plan').click();
  await page.getByLabel('Area', { exact: true }).selectOption('team');
  const team = page.getByLabel('Team', { exact: true });
  await team.locator(`option[value="${TEAM}"]`).waitFor({ state: 'attached' });
  await team.selectOption(TEAM);
  await page.getByLabel('Name (optional)').fill('Form plan');
  await page.getByLabel('Method').selectOption('naive');
  await page.getByLabel('Number of hotspots').fill('3');

  // A radius over the API's 500 m: the server's message, naming the field, shows beside it.
  await page.getByLabel('Radius (m)').fill('5000');
  await page.getByRole('button', { name: 'Build the plan' }).click();
  const radiusError = page.locator('#plan-radius-error');
  await radiusError.waitFor();
  assert.match((await radiusError.textContent()) ?? '', /radius/);
  assert.equal(await page.getByLabel('Radius (m)').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByRole('link', { name: /Form plan/ }).count(), 0);

  await page.getByLabel('Radius (m)').fill('150');
  await page.getByRole('button', { name: 'Build the plan' }).click();
  await page.getByRole('link', { name: /Form plan/ }).waitFor({ timeout: 120_000 });
  assert.equal(await radiusError.count(), 0);
  assert.match((await page.locator('.plan-list').textContent()) ?? '', /3 hotspots/);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `the page scrolls sideways (${wide} px)`);
  await page.screenshot({ path: join(RESULTS, 'patrol-plan-form.png'), fullPage: true });
  // The one refused request is the bad radius above (the browser logs its 400); nothing else.
  assert.deepEqual(
    errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e)),
    [],
  );
  assert.equal(errors.length, 1);
  await context.close();
});
