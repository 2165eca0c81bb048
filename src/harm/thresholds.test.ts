import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../../test/support/stores.ts';
import type { Series } from './series.ts';
import { PAPER_RULE, statusOf } from './status.ts';
import { harmTable } from './table.ts';
import { APP_RULE, defaultRule, describeRule, ruleFor } from './thresholds.ts';

/** One area, `counts` crimes and `harm` days per month from 2022-01. */
function series(counts: number[], harm: number[]): Series {
  return {
    level: 'lsoa',
    start: 52 * 12,
    months: counts.length,
    areas: [{ id: 1, code: 'E01', name: 'LSOA 1' }],
    count: Float64Array.from(counts),
    harm: Float64Array.from(harm),
    unweighted: new Float64Array(counts.length),
  };
}

test('a change of −0.02% in rolling harm is "No change" under the app rule, "Good" under the paper’s', () => {
  const totals = [10_000, 9_998];
  assert.equal(statusOf(totals, PAPER_RULE), 'Good');
  assert.equal(statusOf(totals, APP_RULE), 'No change');
});

test('an area with fewer crimes in its window than the minimum has no status and says why', () => {
  // 2 crimes a month: 24 in a 12-month window, below the default of 50.
  const s = series(Array(14).fill(2), [...Array(13).fill(10), 50]);
  const rows = harmTable(s, { window: 12, rule: APP_RULE });
  const last = rows.at(-1);
  assert.equal(last?.rolling_count, 24);
  assert.equal(last?.status, null);
  assert.equal(last?.too_few, true);
  const paper = harmTable(s, { window: 12, rule: PAPER_RULE }).at(-1);
  assert.equal(paper?.status, 'Needs improvement');
  assert.equal(paper?.too_few, false);
});

test('Impact Areas keep the paper’s rule by default; other levels get the thresholds; a request can change both', () => {
  assert.deepEqual(defaultRule('impact-area'), PAPER_RULE);
  assert.deepEqual(defaultRule('lsoa'), APP_RULE);
  assert.equal(ruleFor('impact-area', { minPercent: 1 }).minPercent, 1);
  assert.equal(ruleFor('ward', { minCrimes: 10 }).minCrimes, 10);
  assert.match(describeRule(APP_RULE), /at least 0\.5%.*at least 50 crimes/);
  assert.match(describeRule(PAPER_RULE), /any month-on-month change/);
});

test('the paper’s Table 3 under the app thresholds: 7 of 19 statuses would change (why Impact Areas keep the paper’s rule)', () => {
  const rows = readFileSync(join(REPO, 'test', 'fixtures', 'harm', 'table3.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .map((f) => [Number(f[2]), Number(f[3]), Number(f[5]), Number(f[7])]);
  const changed = rows.filter((t) => statusOf(t, PAPER_RULE) !== statusOf(t, APP_RULE));
  assert.equal(changed.length, 7);
});
