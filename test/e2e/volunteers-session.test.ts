// A volunteer coordinator, signed in with a real session (better-auth), records a SpeedWatch session
// with one offence on a phone (390 px): a speed not above the limit is refused with the API's error
// beside that offence's speed; corrected, the session is saved and appears in the group's sessions.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { adminAuth, createLocalUser } from '../../src/access/access.ts';
import { accessDb } from '../../src/access/tables.ts';
import { loadVolunteersDemo } from '../../src/casework/volunteers/index.ts';
import { loadForce, readForceSpec } from '../../src/force/index.ts';
import { LEICS_FORCE } from '../support/stores.ts';
import { type E2E, RESULTS, seriousViolations, startE2E, watchErrors } from './support.ts';

const F = 'leicestershire';
const COORDINATOR = {
  email: 'cora.coordinator@example.police.uk',
  name: 'Cora Coordinator',
  password: 'e2e coordinator password, long',
};

let started: Promise<E2E> | null = null;
function e2e(): Promise<E2E> {
  started ??= startE2E({
    signIn: 'session',
    bundled: false,
    prepare: async (store) => {
      await loadForce(store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
      await loadVolunteersDemo(store, () => {});
      await createLocalUser(adminAuth(store), accessDb(store), {
        ...COORDINATOR,
        grants: [{ role: 'volunteer-coordinator', force: F }],
      });
    },
  });
  return started;
}
after(async () => {
  if (started) await (await started.catch(() => null))?.close();
});

test('a coordinator at 390 px records a SpeedWatch session with one offence; a bad speed shows its error', async () => {
  const { url, browser } = await e2e();
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await phone.newPage();
  const errors = watchErrors(page);
  await page.goto(`${url}/sign-in?next=/f/${F}/volunteers`);
  await page.getByLabel('Email', { exact: true }).fill(COORDINATOR.email);
  await page.getByLabel('Password', { exact: true }).fill(COORDINATOR.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.account-name').waitFor();
  await page.getByLabel('Reason').fill('recording this week’s SpeedWatch');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: /Community SpeedWatch/ }).click();
  await page.getByRole('heading', { name: /Community SpeedWatch/ }).waitFor();

  const form = page.locator('form[aria-labelledby="session-form-title"]');
  await form.getByLabel('Session reference').fill('LE001-CSW-2205-9');
  await form.getByLabel('Date', { exact: true }).fill('2022-05-03');
  await form.getByLabel('Approved site').selectOption('LE001-S1');
  await form.getByLabel('Where', { exact: true }).fill('Abbey Park Road');
  await form.getByLabel('Volunteer hours (all volunteers together)').fill('3');
  await form.getByLabel('Vehicles checked').fill('140');
  await form.getByRole('button', { name: 'Add an offence' }).click();
  await form.getByLabel('Registration (offence 1)').fill('AB12 CDE');
  await form.getByLabel('Time (offence 1)').fill('08:15');
  // The site's limit (20 mph) is filled in; 18 mph is not an offence.
  assert.equal(await form.getByLabel('Limit, mph (offence 1)').inputValue(), '20');
  await form.getByLabel('Speed, mph (offence 1)').fill('18');
  await form.getByRole('button', { name: 'Save the session' }).click();

  const speedError = form.locator('#offence-0-speed-error');
  await speedError.waitFor();
  assert.match((await speedError.textContent()) ?? '', /not above the limit/);
  assert.equal(await form.getByLabel('Speed, mph (offence 1)').getAttribute('aria-invalid'), 'true');
  await page.screenshot({ path: join(RESULTS, 'volunteers-session-error.png'), fullPage: true });
  // Nothing was saved: the refused session is not in the list.
  assert.equal(await page.getByRole('row').filter({ hasText: '2022-05-03' }).count(), 0);

  await form.getByLabel('Speed, mph (offence 1)').fill('29');
  await form.getByRole('button', { name: 'Save the session' }).click();
  await form.getByRole('status').filter({ hasText: 'Saved session LE001-CSW-2205-9' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: '2022-05-03' });
  await row.waitFor();
  const cells = (await row.getByRole('cell').allTextContents()).map((c) => c.trim());
  // Date, site, hours, volunteers, vehicles, offences.
  assert.deepEqual([cells[0], cells[2], cells[4], cells[5]], ['2022-05-03', '3', '140', '1']);
  assert.equal(await speedError.count(), 0);

  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 1, `the page scrolls sideways by ${wide} px at 390 px`);
  assert.deepEqual(await seriousViolations(page), []);
  await page.screenshot({ path: join(RESULTS, 'volunteers-session-saved.png'), fullPage: true });
  assert.deepEqual(
    errors.filter((x) => !/status of 40[01]/.test(x)),
    [],
  );
  await phone.close();
});
