// Sign-in in a real browser: an administrator created in the test store signs in on the Sign-in page
// and sees their name in the header, then signs out; a wrong password shows the server's error. The
// page passes axe-core's serious and critical rules.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { adminAuth, createLocalUser } from '../../src/access/access.ts';
import { accessDb } from '../../src/access/tables.ts';
import { type E2E, RESULTS, seriousViolations, startE2E, watchErrors } from './support.ts';

const ADMIN = {
  email: 'ada.admin@example.police.uk',
  name: 'Ada Administrator',
  password: 'e2e test password, long',
};

let started: Promise<E2E> | null = null;
function e2e(): Promise<E2E> {
  started ??= startE2E({
    bundled: false,
    prepare: async (store) => {
      await createLocalUser(adminAuth(store), accessDb(store), {
        ...ADMIN,
        grants: [{ role: 'administrator' }],
      });
    },
  });
  return started;
}
after(async () => {
  if (started) await (await started.catch(() => null))?.close();
});

test('an administrator signs in, sees their name in the header, and signs out', async () => {
  const { url, context } = await e2e();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${url}/`);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const who = page.locator('.account-name');
  await who.waitFor();
  assert.equal((await who.textContent())?.trim(), `Signed in as ${ADMIN.name}`);
  assert.equal(new URL(page.url()).pathname, '/');
  // The session is a cookie the page's script cannot read.
  assert.equal(await page.evaluate(() => document.cookie.includes('session_token')), false);
  await page.screenshot({ path: join(RESULTS, 'sign-in-signed-in.png') });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).waitFor();
  assert.equal(await who.count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a wrong password shows the error and signs nobody in', async () => {
  const { url, context } = await e2e();
  const page = await context.newPage();
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill('not the right password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /Invalid email or password/);
  assert.equal(await page.locator('.account-name').count(), 0);
  await page.screenshot({ path: join(RESULTS, 'sign-in-wrong-password.png') });
  await page.close();
});
