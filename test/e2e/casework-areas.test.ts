// The casework area pages with real sign-in (better-auth sessions) at phone width (390 px): a
// sergeant records a burglary attendance step (not attended, with a reason from the force's list) and
// regrades a referral with a rationale, the server's field errors shown beside the fields first; a
// sergeant of another team opening the same records' URLs sees "Not found".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { adminAuth, createLocalUser } from '../../src/access/access.ts';
import { accessDb } from '../../src/access/tables.ts';
import { seedOneOfEach } from '../../src/casework/test-support.ts';
import { loadForce, readForceSpec } from '../../src/force/index.ts';
import { LEICS_FORCE } from '../support/stores.ts';
import { type E2E, startE2E, watchErrors } from './support.ts';

const F = 'leicestershire';
const PASSWORD = 'e2e test password, long';
const OURS = { email: 'sam.sergeant@example.police.uk', name: 'Sam Sergeant' };
const OTHER = { email: 'olu.other@example.police.uk', name: 'Olu Other' };

let e: E2E;
before(async () => {
  e = await startE2E({
    signIn: 'session',
    bundled: false,
    prepare: async (store) => {
      await loadForce(store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
      const teams = await store.db
        .selectFrom('areas as t')
        .innerJoin('areas as u', 'u.id', 't.parent_id')
        .select(['t.code as team', 'u.code as unit'])
        .where('t.level', '=', 'team')
        .orderBy('t.code')
        .limit(2)
        .execute();
      assert.equal(teams.length, 2);
      // Record 1 of each area belongs to the first team.
      await seedOneOfEach(store, F, teams[0].unit, teams[0].team, 'officer-1');
      for (const [u, t] of [
        [OURS, teams[0].team],
        [OTHER, teams[1].team],
      ] as const)
        await createLocalUser(adminAuth(store), accessDb(store), {
          ...u,
          password: PASSWORD,
          grants: [{ role: 'sergeant', force: F, team: t }],
        });
    },
  });
});
after(async () => e?.close());

async function signedInPhone(email: string): Promise<Page> {
  const context = await e.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${e.url}/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.account-name').waitFor();
  return page;
}

async function giveReason(page: Page) {
  await page.getByLabel('Reason', { exact: true }).fill('checking my team’s casework');
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function noSideScroll(page: Page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 1, `the page scrolls sideways by ${wide} px at 390 px`);
}

test('a sergeant at 390 px records an attendance step and regrades a referral; another team’s sergeant gets "Not found"', async () => {
  const page = await signedInPhone(OURS.email);
  const errors = watchErrors(page);

  // Burglary pledge: the list (after the logged reason), then the record.
  await page.goto(`${e.url}/f/${F}/casework/burglary`);
  await giveReason(page);
  await page.getByRole('link', { name: 'T/1' }).click();
  await page.getByRole('heading', { name: 'Crime T/1' }).waitFor();
  const step = page.locator('form.casework-form', { hasText: 'Record an attendance step' });
  await step.getByLabel('Step').selectOption('not-attended');
  await step.getByRole('button', { name: 'Record the step' }).click();
  // No reason given: the server's message beside the reason field.
  const reasonError = step.locator('.field-error').first();
  await reasonError.waitFor();
  assert.match((await reasonError.textContent()) ?? '', /needs a reason/);
  assert.equal(await step.getByLabel('Reason not attended').getAttribute('aria-invalid'), 'true');
  await step.getByLabel('Step').selectOption('not-attended');
  // The reasons are the force's list, as the API gives it.
  await step.getByLabel('Reason not attended').selectOption({ label: 'Victim declined attendance' });
  await step.getByRole('button', { name: 'Record the step' }).click();
  await page.getByText('This record is finished (not-attended)').waitFor();
  assert.ok(await page.getByText('Victim declined attendance').first().isVisible());
  await noSideScroll(page);
  const burglaryUrl = page.url();

  // Referrals: regrade with a rationale (too short first: the field says so).
  await page
    .getByRole('navigation', { name: 'Casework areas' })
    .getByRole('link', { name: 'Referrals', exact: true })
    .click();
  await page.getByRole('link', { name: 'T/1' }).click();
  await page.getByRole('heading', { name: 'Referral T/1' }).waitFor();
  const regrade = page.locator('form.casework-form', { hasText: 'Regrade the referral' });
  await regrade.getByLabel('New grade').selectOption('red');
  await regrade.getByLabel(/Rationale/).fill('worse');
  await regrade.getByRole('button', { name: 'Regrade' }).click();
  const rationaleError = regrade.locator('.field-error').first();
  await rationaleError.waitFor();
  assert.match((await rationaleError.textContent()) ?? '', /at least 10 characters/);
  await regrade.getByLabel('New grade').selectOption('red');
  await regrade.getByLabel(/Rationale/).fill('a second report names a child at the address');
  await regrade.getByRole('button', { name: 'Regrade' }).click();
  await page.getByText(/regraded amber → red: a second report names a child/).waitFor();
  assert.ok(await page.getByText('red', { exact: true }).first().isVisible());
  await noSideScroll(page);
  const referralUrl = page.url();
  assert.deepEqual(
    errors.filter((x) => !/status of 400/.test(x)),
    [],
  );
  await page.context().close();

  // A sergeant of another team: the same URLs are "Not found", nothing of the records shown.
  const other = await signedInPhone(OTHER.email);
  await other.goto(referralUrl);
  await giveReason(other);
  await other.getByRole('heading', { name: 'Not found' }).waitFor();
  assert.equal(await other.getByText('a second report names a child').count(), 0);
  await other.goto(burglaryUrl);
  await other.getByRole('heading', { name: 'Not found' }).waitFor();
  assert.equal(await other.getByText('Victim declined attendance').count(), 0);
  await noSideScroll(other);
  await other.context().close();
});
