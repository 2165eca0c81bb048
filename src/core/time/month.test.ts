import assert from 'node:assert/strict';
import { test } from 'node:test';
import { financialYear, financialYearLabel, financialYearStart, formatMonth, parseMonth } from './month.ts';

test('months round-trip between YYYY-MM and integers', () => {
  assert.equal(parseMonth('1970-01'), 0);
  assert.equal(parseMonth('2022-11'), 52 * 12 + 10);
  for (const m of ['2019-12', '2020-01', '2022-04', '1999-09'])
    assert.equal(formatMonth(parseMonth(m) as number), m);
});

test('bad months are refused, not guessed', () => {
  for (const bad of ['2022-13', '2022-00', '2022-1', '22-11', '2022/11', '', '2022-11-01']) {
    assert.equal(parseMonth(bad), null, bad);
  }
});

test('financial years run April to March', () => {
  assert.equal(financialYear(parseMonth('2023-03') as number), 2022);
  assert.equal(financialYear(parseMonth('2023-04') as number), 2023);
  assert.equal(financialYearLabel(2019), '2019/20');
  assert.equal(formatMonth(financialYearStart(2022)), '2022-04');
});
