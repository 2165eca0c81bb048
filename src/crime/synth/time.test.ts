import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLondonTimestamp } from '../../core/time/london.ts';
import { parseMonth } from '../../core/time/month.ts';
import { dayOfWeek, dayString, formatLocal, MINUTES_PER_DAY, monthDays, springForwardDay } from './time.ts';

test('the spring clock change is the last Sunday of March', () => {
  const known = {
    2019: '2019-03-31',
    2020: '2020-03-29',
    2021: '2021-03-28',
    2022: '2022-03-27',
    2023: '2023-03-26',
  };
  for (const [y, d] of Object.entries(known)) {
    assert.equal(dayString(springForwardDay(Number(y))), d);
    assert.equal(dayOfWeek(springForwardDay(Number(y))), 6);
  }
  assert.equal(dayOfWeek(0), 3); // 1970-01-01 was a Thursday
});

test('written times read back in order across both clock changes, on their own date', () => {
  for (const date of ['2022-03-27', '2022-10-30', '2023-03-26', '2023-10-29']) {
    const day =
      Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8))) / 86_400_000;
    let last = -Infinity;
    for (let t = day * MINUTES_PER_DAY; t < (day + 1) * MINUTES_PER_DAY; t++) {
      const text = formatLocal(t);
      assert.equal(text.slice(0, 10), date);
      const parsed = parseLondonTimestamp(text);
      assert.ok(parsed, text);
      assert.ok(parsed.ms >= last, `${text} reads before the minute before it`);
      assert.equal(parsed.month, parseMonth(date.slice(0, 7)));
      last = parsed.ms;
    }
  }
  assert.equal(formatLocal(springForwardDay(2022) * MINUTES_PER_DAY + 90), '2022-03-27 02:00');
  assert.equal(formatLocal((springForwardDay(2022) + 1) * MINUTES_PER_DAY + 90), '2022-03-28 01:30');
});

test('month days', () => {
  assert.deepEqual(monthDays(parseMonth('2024-02') as number).days, 29);
  assert.equal(dayString(monthDays(parseMonth('2021-04') as number).first), '2021-04-01');
});
