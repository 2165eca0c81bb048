import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMonth } from '../core/time/month.ts';
import { fileLimit, fileMonthOf, latestMonth, londonMonthOf } from './month-limit.ts';

test("today's month is London's: 23:30 UTC on 31 May is already June in BST", () => {
  assert.equal(londonMonthOf(new Date('2026-05-31T23:30:00Z')), parseMonth('2026-06'));
  assert.equal(londonMonthOf(new Date('2026-12-31T23:30:00Z')), parseMonth('2026-12'));
});

test('a given latest month wins over the clock; a bad one is refused', () => {
  assert.equal(latestMonth(new Date('2026-12-03T00:00:00Z'), '2022-04').month, parseMonth('2022-04'));
  assert.throws(() => latestMonth(new Date(), '2022-13'), /not a month/);
});

test("a police.uk file's own month limits its rows", () => {
  assert.equal(fileMonthOf('data/2023-04-avon-and-somerset-street.csv.gz'), parseMonth('2023-04'));
  assert.equal(fileMonthOf('extract.csv'), null);
  const latest = latestMonth(new Date('2026-12-03T00:00:00Z'));
  assert.equal(fileLimit(latest, '2023-04-x-street.csv').month, parseMonth('2023-04'));
  assert.equal(fileLimit(latest, 'wm-extract.csv').month, parseMonth('2026-12'));
});
