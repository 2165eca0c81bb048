/**
 * The evaluation from a store: the place-day panel counts a synthetic force extract's crimes on the
 * right Europe/London day, in the hotspot or its ring; open police.uk data (month only) is refused
 * with a message saying why; exports say SYNTHETIC.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LEICS_CRIMES, leicestershireStore } from '../../../test/support/stores.ts';
import { importCrimeFiles } from '../../crime/index.ts';
import { allocateCrossover } from '../allocation.ts';
import { importTestExtract, SHAPE, TEST_DESIGN } from './fixtures.test-support.ts';
import { evaluateDesign, runPanelCsv } from './store.ts';

let t: Awaited<ReturnType<typeof leicestershireStore>>;
const { H, DAYS, count } = SHAPE;

before(async () => {
  t = await leicestershireStore();
  await importCrimeFiles(t.store, [join(LEICS_CRIMES, '2022-03-leicestershire-street.csv.gz')], {
    rejectsDir: join(t.dir, 'rejects'),
  });
  await importTestExtract(t.store, t.dir);
});
after(async () => t.dispose());

test('police.uk data carries the month only: a place-day evaluation is refused, saying why', async () => {
  await assert.rejects(
    () => evaluateDesign(t.store.db, { ...TEST_DESIGN, startDate: '2022-03-07' }),
    (e: Error & { code?: string }) =>
      e.code === 'patrols.needs_dated_crimes' &&
      /month only/.test(e.message) &&
      /force extract/.test(e.message),
  );
});

test('the panel counts each crime on its Europe/London day, in its hotspot or ring', async () => {
  const run = await evaluateDesign(t.store.db, TEST_DESIGN);
  const p = run.panel;
  assert.equal(p.n, H * DAYS);
  const alloc = allocateCrossover({ hotspots: H, days: DAYS, patrolShare: 0.5, seed: 7 });
  assert.deepEqual(p.treat, alloc);
  for (let d = 0; d < DAYS; d++)
    for (let h = 0; h < H; h++) {
      const i = d * H + h;
      const extra = d === 0 && h === 0 ? 1 : 0; // the 23:30 crime
      assert.equal(p.crimes[i], count(h, d) + extra, `HS${h + 1} day ${d}`);
      assert.equal(p.ringCrimes[i], h === 0 ? 1 : 0, `ring HS${h + 1} day ${d}`);
      assert.ok(p.crimes[i] === 0 ? p.harm[i] === 0 : p.harm[i] > 0);
    }
  assert.ok(run.dataKinds.includes('synthetic'));
  assert.equal(run.allocationSeed, 7);
  assert.equal(run.evaluation.kind, 'crossover');
  assert.equal(run.evaluation.estimates.length, 4);
  const csv = runPanelCsv(run);
  assert.match(csv.split('\n')[0], /^# SYNTHETIC/);
  assert.match(csv, /\nHS1,2022-06-06,0,during,1,[01],1,/);
});

test('a non-randomised design reads the days before too, and bad designs name their field', async () => {
  const run = await evaluateDesign(t.store.db, {
    ...TEST_DESIGN,
    allocation: undefined,
    startDate: '2022-06-13',
    days: 7,
    preDays: 7,
    patrolled: ['HS1', 'HS2'],
  });
  assert.equal(run.evaluation.kind, 'difference-in-differences');
  assert.equal(run.panel.firstDay, -7);
  assert.equal(run.panel.dates[0], '2022-06-06');
  assert.match(run.evaluation.summary, /parallel trends/);
  await assert.rejects(
    () => evaluateDesign(t.store.db, { ...TEST_DESIGN, startDate: '2022-02-30' }),
    /startDate 2022-02-30 is not a real date/,
  );
  await assert.rejects(
    () => evaluateDesign(t.store.db, { ...TEST_DESIGN, hotspots: [{ id: 'x', easting: 1, northing: 2 }] }),
    (e: Error & { where?: { field?: string } }) => e.where?.field === 'hotspots',
  );
  await assert.rejects(
    () => evaluateDesign(t.store.db, { ...TEST_DESIGN, allocation: undefined, patrolled: ['nope'] }),
    /patrolled names "nope"/,
  );
});
