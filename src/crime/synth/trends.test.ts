// The generator's documented year-on-year trends (trends.ts), checked on the shipped extract's
// options (2021-04..2023-03, seed 1, fraction 0.4: the rows of data/samples/west-midlands/crimes).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { CRIME_CATEGORIES } from './calibration.ts';
import { generateMonth } from './generate.ts';
import { buildModel, type SynthModel } from './model.ts';
import {
  CATEGORY_TRENDS,
  categoryFactor,
  DISTRICT_TRENDS,
  districtFactor,
  expectedYearOnYear,
  TREND_ANCHOR,
} from './trends.ts';

let model: SynthModel;
const DISTRICTS = Object.keys(DISTRICT_TRENDS);
// Rows per year (0: 2021-04..2022-03, 1: 2022-04..2023-03) × category × district.
const cells = [0, 1].map(() => CRIME_CATEGORIES.map(() => new Float64Array(DISTRICTS.length)));

before(async () => {
  model = await buildModel({ from: '2021-04', to: '2023-03', seed: 1, fraction: 0.4 });
  const district = model.districts.map((d) => DISTRICTS.indexOf(d));
  for (let i = 0; i < model.counts.length; i++) {
    const b = generateMonth(model, i);
    const year = i < 12 ? 0 : 1;
    for (let r = 0; r < b.size; r++) cells[year][b.category[r]][district[b.lsoa[r]]]++;
  }
});

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0);

test('the documented trends: every category and district has one; some rise and some fall', () => {
  assert.deepEqual(Object.keys(CATEGORY_TRENDS).sort(), [...CRIME_CATEGORIES].sort());
  assert.equal(DISTRICTS.length, 7);
  assert.deepEqual([...new Set(model.districts)].sort(), [...DISTRICTS].sort());
  const rates = [...Object.values(CATEGORY_TRENDS), ...Object.values(DISTRICT_TRENDS)];
  assert.ok(rates.some((g) => g > 0.05) && rates.some((g) => g < -0.05));
  // Factor 1 at the anchor (2022-04), compounding monthly either side.
  assert.equal(categoryFactor(0, TREND_ANCHOR), 1);
  assert.equal(districtFactor('Walsall', TREND_ANCHOR + 12), 0.92);
  assert.ok(Math.abs(districtFactor('Solihull', TREND_ANCHOR - 6) - 1.08 ** -0.5) < 1e-12);
});

test('year on year, each category in each district changes as documented (within 4 standard errors)', () => {
  let checked = 0;
  CRIME_CATEGORIES.forEach((category, c) => {
    DISTRICTS.forEach((district, d) => {
      const n0 = cells[0][c][d];
      const n1 = cells[1][c][d];
      if (n0 < 100 || n1 < 100) return;
      checked++;
      const observed = Math.log(n1 / n0);
      const expected = Math.log(expectedYearOnYear(c, district));
      const se = Math.sqrt(1 / n0 + 1 / n1);
      assert.ok(
        Math.abs(observed - expected) < 4 * se,
        `${category} in ${district}: ${n0} → ${n1} (${(100 * (n1 / n0 - 1)).toFixed(1)}%), documented ${(100 * (expectedYearOnYear(c, district) - 1)).toFixed(1)}%`,
      );
    });
  });
  assert.ok(checked >= 70, `${checked} category × district cells checked`);
});

test('force-wide, every category moves between its districts’ documented changes, and the total is not flat', () => {
  CRIME_CATEGORIES.forEach((category, c) => {
    const ratio = sum(cells[1][c]) / sum(cells[0][c]);
    const bounds = DISTRICTS.map((d) => expectedYearOnYear(c, d));
    // Category counts per month are exact (largest remainder), so only rounding and the district mix move them.
    assert.ok(
      ratio > Math.min(...bounds) - 0.01 && ratio < Math.max(...bounds) + 0.01,
      `${category}: ${(100 * (ratio - 1)).toFixed(1)}%`,
    );
    if (Math.abs(CATEGORY_TRENDS[category as keyof typeof CATEGORY_TRENDS]) >= 0.04)
      assert.ok(Math.abs(ratio - 1) > 0.01, `${category} reads ${(100 * (ratio - 1)).toFixed(1)}%`);
  });
  const total = [0, 1].map((y) => cells[y].reduce((s, row) => s + sum(row), 0));
  const change = total[1] / total[0] - 1;
  assert.ok(Math.abs(change) >= 0.005, `force-wide ${(100 * change).toFixed(2)}%`);
  // The shipped volume stays about the calibrated one (every factor is 1 at 2022-04).
  const calibrated = model.calibration.monthly.reduce((s, m) => s + sum(m), 0) * 0.4 * 2;
  assert.ok(Math.abs(total[0] + total[1] - calibrated) / calibrated < 0.05, `${total[0] + total[1]} rows`);
});
