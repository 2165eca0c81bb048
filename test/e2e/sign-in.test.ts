// Sign-in in a real browser: an administrator created in the test store signs in on the Sign-in page
// and sees their name in the header, then signs out; a wrong password shows the server's error; a
// user turns on two-factor on their account page and then signs in with a code computed here (RFC
// 6238). The pages pass axe-core's serious and critical rules.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { adminAuth, createLocalUser } from '../../src/access/access.ts';
import { accessDb } from '../../src/access/tables.ts';
import { totpCode } from '../../src/access/totp.test-helper.ts';
import { type E2E, RESULTS, seriousViolations, startE2E, watchErrors } from './support.ts';

const ADMIN = {
  email: 'ada.admin@example.police.uk',
  name: 'Ada Administrator',
  password: 'e2e test password, long',
};

let started: Promise<E2E> | null = null;
function e2e(): Promise<E2E> {
  started ??= startE2E({
    signIn: 'session',
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

test('denied: the public opening the Data page is told to sign in; the administrator then sees it', async () => {
  const { url, context } = await e2e();
  const page = await context.newPage();
  await page.goto(`${url}/data`);
  // The imports list is for analysts and administrators: the server refuses it (401), the page says so.
  const refused = page.getByRole('alert').filter({ hasText: 'sign in to use this part of Beatwise' });
  await refused.waitFor();
  assert.match((await refused.textContent()) ?? '', /HTTP 401/);
  await page.screenshot({ path: join(RESULTS, 'sign-in-denied.png') });
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.account-name').waitFor();
  await page.goto(`${url}/data`);
  await page.getByRole('heading', { name: 'Data', level: 1 }).waitFor();
  assert.equal(await page.getByText('sign in to use this part of Beatwise').count(), 0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).waitFor();
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

test('a user turns on two-factor on their account page; the next sign-in asks for the code', async () => {
  const { url, context } = await e2e();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${url}/sign-in?next=/account`);
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Your account', level: 1 }).waitFor();
  await page.getByLabel('Your password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Turn on two-factor' }).click();
  const uri = (await page.locator('a.totp-uri').getAttribute('href')) ?? '';
  assert.match(uri, /^otpauth:\/\/totp\//);
  assert.ok((await page.locator('.backup-codes li').count()) >= 5);
  assert.deepEqual(await seriousViolations(page), []);
  await page.getByLabel('Code from the app').fill(totpCode(uri));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('status').filter({ hasText: 'Two-factor is on' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).waitFor();

  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const code = page.getByLabel('Code from your authenticator app');
  await code.waitFor();
  assert.equal(await page.locator('.account-name').count(), 0);
  await code.fill('000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('alert').waitFor();
  // The next step's code (each code is taken once; one step either side is accepted).
  await code.fill(totpCode(uri, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('.account-name').waitFor();
  assert.equal((await page.locator('.account-name').textContent())?.trim(), `Signed in as ${ADMIN.name}`);
  assert.deepEqual(
    errors.filter((e) => !/status of 40[01]/.test(e)),
    [],
  );
  await page.close();
});
