// A harm table for a month range reads the cube for the months it needs only (readMonths), and its
// rows equal the rows of the whole series for those months: rolling totals, % change, status and
// "too few", for several windows, ranges and rules, and after another import.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import type { Store } from '../core/store/store.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { harmReport, readMonths } from './reports.ts';

let store: Store;
let dir: string;
let dispose: () => Promise<void>;
const MONTHS = ['2021-09', '2021-10', '2021-11', '2021-12', '2022-01', '2022-02', '2022-03', '2022-04'];

before(async () => {
  ({ store, dir, dispose } = await leicestershireStore());
  await importCrimeFiles(
    store,
    MONTHS.slice(1).map((m) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`)),
    { rejectsDir: join(dir, 'rejects') },
  );
});
after(async () => dispose?.());

async function same(level: string, from: string, to: string, window: number, rule = {}) {
  const whole = await harmReport(store, { force: 'leicestershire', level, window, rule });
  const part = await harmReport(store, { force: 'leicestershire', level, from, to, window, rule });
  const want = whole.rows.filter((r) => r.month >= from && r.month <= to);
  assert.ok(want.length > 0);
  assert.deepEqual(part.rows, want, `${level} ${from}..${to} window ${window} ${JSON.stringify(rule)}`);
  assert.deepEqual({ ...part, rows: [] }, { ...whole, rows: [] });
}

test('the months read: the window, the month before and the rule’s run before `from`', () => {
  assert.deepEqual(readMonths(600, 605, 12, { months: 3, minPercent: 0, minVolume: 0 }), [584, 605]);
  assert.equal(readMonths(undefined, 605, 12, { months: 3, minPercent: 0, minVolume: 0 }), undefined);
  assert.deepEqual(readMonths(600, undefined, 1, { months: 1, minPercent: 0, minVolume: 0 }), [
    597,
    Number.POSITIVE_INFINITY,
  ]);
});

test('a month range’s rows equal the whole series’ rows for those months', async () => {
  for (const level of ['district', 'ward']) {
    await same(level, '2022-04', '2022-04', 1);
    await same(level, '2022-04', '2022-04', 3);
    await same(level, '2022-03', '2022-04', 2, { months: 1 });
    await same(level, '2022-02', '2022-03', 1, { months: 2, minPercent: 5, minCrimes: 20 });
    await same(level, '2021-12', '2022-04', 3);
  }
});

test('after another import (an earlier month), the range’s rows still equal the whole series’', async () => {
  const before = await harmReport(store, {
    force: 'leicestershire',
    level: 'district',
    from: '2021-11',
    to: '2021-11',
    window: 3,
  });
  await importCrimeFiles(store, [join(LEICS_CRIMES, `${MONTHS[0]}-leicestershire-street.csv.gz`)], {
    rejectsDir: join(dir, 'rejects'),
  });
  const now = await harmReport(store, {
    force: 'leicestershire',
    level: 'district',
    from: '2021-11',
    to: '2021-11',
    window: 3,
  });
  assert.notDeepEqual(now.rows, before.rows);
  await same('district', '2021-11', '2021-11', 3);
  await same('ward', '2021-11', '2022-02', 2);
});
