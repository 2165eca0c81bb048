// The patrol log on a phone (390 px): an officer's page shows the plan, starts a patrol at a
// hotspot, records a tactic and ends it; the dosage then counts the patrol. No sideways scrolling.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { loadForce, readForceSpec } from '../../src/force/index.ts';
import { savePlan } from '../../src/patrols/index.ts';
import { LEICS_FORCE } from '../support/stores.ts';
import { type E2E, startE2E, watchErrors } from './support.ts';

const F = 'leicestershire';
let started: Promise<E2E> | null = null;
function e2e(): Promise<E2E> {
  started ??= startE2E({
    bundled: false,
    prepare: async (store) => {
      await loadForce(store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
      const forceId = (
        await store.db.selectFrom('forces').select('id').where('slug', '=', F).executeTakeFirstOrThrow()
      ).id;
      const today = new Date().toISOString().slice(0, 10);
      await savePlan(
        store,
        {
          params: {
            force: F,
            area: null,
            from: null,
            to: null,
            types: 'all-crime',
            method: 'naive',
            hotspots: 2,
            coverage: null,
            cellM: 100,
            radiusM: 150,
            minSeparationM: 500,
            visitMinutes: 15,
            visitsPerDay: 2,
            capMinutes: 60,
            startDate: today,
            endDate: today,
            randomise: false,
            patrolShare: 0.5,
            seed: null,
          },
          summary: {
            sentence: '2 hotspots of 150 m radius cover 0.1% of the area.',
            areaShare: 0.001,
            crimeShare: 0.1,
            harmShare: 0.1,
            method: 'naive',
            methodLabel: 'naive',
            methodReason: 'naive: chosen by the planner',
            describe: 'e2e',
            months: null,
            windowsFrom: 'the default shift pattern',
            caveats: [],
            warnings: [],
            synthetic: true,
          },
          hotspots: [1, 2].map((rank) => ({
            rank,
            label: `H${rank}`,
            x: 458_000 + rank * 1000,
            y: 304_000,
            lon: -1.13 + rank * 0.015,
            lat: 52.63,
            radiusM: 150,
            polygon: null,
            teamCode: '',
            crimes: 5,
            harm: 50,
            crimeShare: 0.05,
            harmShare: 0.05,
            areaShare: 0.0005,
            windows: [],
            windowSource: 'default shift' as const,
          })),
          area: { forceId, level: 'force', code: F, name: 'Leicestershire', unit: '', team: '' },
          synthetic: true,
        },
        { by: 'e2e', name: 'E2E plan' },
      );
    },
  });
  return started;
}
after(async () => {
  if (started) await (await started.catch(() => null))?.close();
});

test('at 390 px an officer starts and ends a patrol at a hotspot; dosage counts it', async () => {
  const { url, browser } = await e2e();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${url}/f/${F}/patrols`);
  await page.getByRole('link', { name: /E2E plan/ }).click();
  await page.getByText('SYNTHETIC: a demonstration plan.').waitFor();
  await page.getByLabel('Hotspot').selectOption('2');
  await page.getByRole('button', { name: 'Start patrol' }).click();
  await page.getByRole('button', { name: 'End patrol' }).waitFor();
  await page.getByLabel('Visible foot patrol').check();
  await page.getByRole('button', { name: 'End patrol' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /saved \(2 new/ })
    .waitFor();
  await page.getByText(/1 patrols,/).waitFor();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `the page scrolls sideways (${wide} px)`);
  assert.deepEqual(errors, []);
  await context.close();
});
