// The casework page at phone width (390 px): figures with their SYNTHETIC label, no sideways
// scrolling of the page, and a form whose server-side validation message is shown.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { seedOneOfEach } from '../../src/casework/test-support.ts';
import { loadForce, readForceSpec } from '../../src/force/index.ts';
import { LEICS_FORCE } from '../support/stores.ts';
import { type E2E, startE2E, watchErrors } from './support.ts';

let e: E2E;
before(async () => {
  e = await startE2E({
    bundled: false,
    prepare: async (store) => {
      await loadForce(store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
      const t = await store.db
        .selectFrom('areas as t')
        .innerJoin('areas as u', 'u.id', 't.parent_id')
        .select(['t.code as team', 'u.code as unit'])
        .where('t.level', '=', 'team')
        .orderBy('t.code')
        .executeTakeFirstOrThrow();
      await seedOneOfEach(store, 'leicestershire', t.unit, t.team, 'officer-1');
    },
  });
});
after(async () => e?.close());

test('at 390 px the casework page shows each area with its SYNTHETIC label and does not scroll sideways', async () => {
  const page = await e.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const errors = watchErrors(page);
  await page.goto(`${e.url}/f/leicestershire/casework?month=2022-04`);
  await page.getByRole('heading', { name: 'Burglary attendance pledge' }).waitFor();
  await page.locator('table.data-table').first().waitFor();
  assert.ok((await page.getByText('SYNTHETIC').count()) >= 2);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `page is ${widths[0]} px wide in a ${widths[1]} px window`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the new-referral form shows what the server says is wrong', async () => {
  const page = await e.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${e.url}/f/leicestershire/casework`);
  await page.getByRole('button', { name: 'Record referral' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /ref: give the referral reference/);
  await page.close();
});
