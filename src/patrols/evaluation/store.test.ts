/**
 * The evaluation from a store: the place-day panel counts a synthetic force extract's crimes on the
 * right Europe/London day, in the hotspot or its ring; open police.uk data (month only) is refused
 * with a message saying why; exports say SYNTHETIC.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LEICS_CRIMES, leicestershireStore } from '../../../test/support/stores.ts';
import { importCrimeFiles } from '../../crime/index.ts';
import { allocateCrossover } from '../allocation.ts';
import { evaluateDesign, runPanelCsv } from './store.ts';

let t: Awaited<ReturnType<typeof leicestershireStore>>;
const E0 = 458610;
const N0 = 304620;
const H = 4;
const DAYS = 14;
const count = (h: number, d: number) => (h + 2 * d) % 3;

export const TEST_DESIGN = {
  force: 'leicestershire',
  hotspots: Array.from({ length: H }, (_, h) => ({ id: `HS${h + 1}`, easting: E0 + 1000 * h, northing: N0 })),
  startDate: '2022-06-06',
  days: DAYS,
  allocation: { seed: 7, patrolShare: 0.5 },
  permutations: 99,
};

/** Writes and imports the SYNTHETIC extract: count(h, d) crimes in hotspot h on day d, one a day in HS1's ring. */
export async function importTestExtract(
  store: Parameters<typeof importCrimeFiles>[0],
  dir: string,
): Promise<void> {
  const rows = ['crime_reference,recorded_at,occurred_from,occurred_to,category,easting,northing'];
  let k = 0;
  for (let d = 0; d < DAYS; d++) {
    const date = `2022-06-${String(6 + d).padStart(2, '0')}`;
    for (let h = 0; h < H; h++)
      for (let c = 0; c < count(h, d); c++)
        rows.push(`SYN-${k++},${date} 14:00,${date} 14:0${c},,Burglary,${E0 + 1000 * h + 10 * c},${N0 + 20}`);
    rows.push(`SYN-${k++},${date} 15:00,${date} 15:00,,Robbery,${E0 + 200},${N0}`);
  }
  // 23:30 on 6 June (BST) is 22:30 UTC: still 6 June. 00:30 on 20 June is past the end.
  rows.push(`SYN-${k++},2022-06-06 23:30,2022-06-06 23:30,,Burglary,${E0},${N0}`);
  rows.push(`SYN-${k++},2022-06-20 00:30,2022-06-20 00:30,,Burglary,${E0},${N0}`);
  // Far from every hotspot.
  rows.push(`SYN-${k++},2022-06-07 10:00,2022-06-07 10:00,,Burglary,${E0 - 3000},${N0}`);
  const file = join(dir, 'leicester-SYNTHETIC-extract.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  const [r] = await importCrimeFiles(store, [file], {
    force: 'leicestershire',
    rejectsDir: join(dir, 'rejects'),
  });
  assert.equal(r.error, undefined, r.error?.message);
}

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
