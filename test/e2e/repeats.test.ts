// The Near repeats page at phone width: the Knox table with its highlighted cells, and an alert's
// cocooning visit list opened (a small seeded Leicestershire store, not the bundled data).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadForce, readForceSpec } from '../../src/force/index.ts';
import { addBurglaries, FORCE } from '../../src/repeats/fixtures.test-support.ts';
import { LEICS_FORCE } from '../support/stores.ts';
import { type E2E, startE2E, watchErrors } from './support.ts';

let x: E2E | null = null;
const dir = mkdtempSync(join(tmpdir(), 'beatwise-e2e-repeats-'));
after(async () => {
  await x?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('near repeats at 390 px: Knox table, highlighted cells, a visit list', {
  timeout: 300_000,
}, async () => {
  x = await startE2E({
    bundled: false,
    prepare: async (store) => {
      await loadForce(store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
      await addBurglaries(store, dir);
    },
  });
  const page = await x.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const errors = watchErrors(page);
  await page.goto(`${x.url}/f/${FORCE}/repeats?since=2022-04&iterations=99`);
  await page.waitForSelector('.knox-table', { timeout: 60_000 });
  const rows = await page.$$eval('.knox-table tbody tr', (r) => r.length);
  assert.ok(rows >= 3, `${rows} distance rows`);
  assert.ok((await page.textContent('body'))?.includes('month only'));
  await page.waitForSelector('.alert-card summary', { timeout: 60_000 });
  await page.click('.alert-card summary');
  const first = await page.textContent('.alert-card .visit-list li');
  assert.match(first ?? '', /On or near Street/);
  // Nothing wider than the phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
  assert.deepEqual(errors, []);
});
