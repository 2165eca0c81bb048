/**
 * The evaluation on simulated worlds (simulate.ts) where the truth is known: intervals cover the
 * true effect, no-effect worlds rarely claim one, the permutation test redraws the real allocation,
 * difference-in-differences recovers a known change, and the words never give a bare percentage
 * when the interval includes no change.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.ts';
import { allocateCrossover } from '../allocation.ts';
import { evaluateCrossover } from './crossover.ts';
import { evaluateDid, matchComparisons, PARALLEL_TRENDS } from './did.ts';
import { wdq } from './displacement.ts';
import { designAllocation, evaluate } from './evaluate.ts';
import { designSchema } from './model.ts';
import { type PlaceDayPanel, panelCsv } from './panel.ts';
import { crossoverPermutationTest } from './permutation.ts';
import { rateRatio } from './rate-ratio.ts';
import { coverageRun, poissonDraw, simulateWorld } from './simulate.ts';

test('40 simulated worlds: the 95% interval covers the true effect and no-effect worlds rarely claim one', () => {
  // Binomial error of 40 worlds: at 95% coverage the count covered has mean 38 and sd 1.4, so
  // fewer than 34 (about 3 sd low) would mean the intervals are too narrow; at a 5% false-positive
  // rate the count claimed has mean 2 and sd 1.4, so more than 6 means too many false claims.
  const base = { worlds: 40, places: 20, days: 90, patrolShare: 1 / 3, permutations: 99 };
  const cut = coverageRun({ ...base, seed: 100, effect: 0.8 });
  assert.ok(cut.covered >= 34, `covered ${cut.covered} of 40`);
  assert.ok(cut.claimed >= 20, `a 20% cut over 1,800 place-days is usually detected: ${cut.claimed} of 40`);
  const none = coverageRun({ ...base, seed: 900, effect: 1 });
  assert.ok(none.covered >= 34, `covered ${none.covered} of 40`);
  assert.ok(none.claimed <= 6, `claimed ${none.claimed} of 40`);
  assert.ok(none.claimedByPermutation <= 6, `permutation claimed ${none.claimedByPermutation} of 40`);
  assert.ok(
    cut.negativeBinomial === 40,
    'θ = 2 counts are overdispersed and get the negative binomial model',
  );
});

test('the permutation test redraws allocations as allocateCrossover makes them', () => {
  const w = simulateWorld({ seed: 3, places: 12, days: 60, patrolShare: 0.25, effect: 0.5 });
  const p = w.panel;
  const strong = crossoverPermutationTest({
    places: 12,
    days: 60,
    patrolShare: 3 / 12,
    place: p.place,
    treat: p.treat,
    outcomes: [p.crimes],
    permutations: 199,
    seed: 9,
  });
  assert.ok(strong.p[0] <= 0.01, `a halving is found: p = ${strong.p[0]}`);
  // Treatment taken from a different draw of the same design is independent of the crimes: p varies
  // widely and is rarely small.
  let small = 0;
  for (let s = 0; s < 20; s++) {
    const other = allocateCrossover({ hotspots: 12, days: 60, patrolShare: 0.25, seed: 1000 + s });
    const r = crossoverPermutationTest({
      places: 12,
      days: 60,
      patrolShare: 0.25,
      place: p.place,
      treat: other,
      outcomes: [p.crimes],
      permutations: 99,
      seed: s,
    });
    if (r.p[0] < 0.05) small++;
    assert.ok(r.p[0] > 0 && r.p[0] <= 1);
  }
  assert.ok(small <= 4, `${small} of 20 unrelated allocations look significant`);
  // Same seed, same p-value.
  const again = crossoverPermutationTest({
    places: 12,
    days: 60,
    patrolShare: 3 / 12,
    place: p.place,
    treat: p.treat,
    outcomes: [p.crimes],
    permutations: 199,
    seed: 9,
  });
  assert.deepEqual(again.p, strong.p);
});

test('crossover evaluation: four estimates, rings unaffected, displacement quotient, seeds reported', () => {
  const w = simulateWorld({ seed: 11, places: 20, days: 90, patrolShare: 1 / 3, effect: 0.5, ringEffect: 1 });
  const d = designSchema.parse({
    force: 'x',
    hotspots: w.panel.placeIds.map((id, i) => ({ id, easting: 400000 + 1000 * i, northing: 300000 })),
    startDate: '2026-01-05',
    days: 90,
    allocation: { seed: w.allocationSeed, patrolShare: 1 / 3 },
    permutations: 199,
    permutationSeed: 42,
  });
  // The design's allocation is the one the world was simulated under.
  assert.deepEqual(designAllocation(d)?.flags, w.panel.treat);
  const e = evaluate(d, w.panel);
  assert.equal(e.kind, 'crossover');
  assert.equal(e.estimates.length, 4);
  const [crimes, harm] = e.estimates;
  assert.ok(crimes.upper < 1 && crimes.lower < 0.5 && crimes.upper > 0.5, crimes.wording);
  assert.match(crimes.wording, /fell: .* lower on patrol days/);
  assert.ok(harm.upper < 1, harm.wording);
  assert.equal(harm.model, 'quasi-poisson');
  assert.equal(e.crossover?.permutation.seed, 42);
  assert.equal(e.crossover?.permutation.patrolledPerDay, 7);
  assert.ok(e.displacement.crimes.value !== null);
  assert.ok(Math.abs(e.displacement.crimes.value ?? 9) < 1, 'no ring effect: the quotient is small');
});

test('an interval including 1 is worded "no detectable effect" with the detectable effect, never a bare %', () => {
  const r = rateRatio({
    outcome: 'crimes',
    contrast: 'on patrol days',
    model: 'poisson',
    logRatio: -0.05,
    se: 0.1,
    dispersion: 1,
  });
  assert.equal(r.noDetectableEffect, true);
  assert.match(r.wording, /^No detectable effect on crimes/);
  assert.doesNotMatch(r.wording, /4\.9%|lower on patrol days/);
  assert.match(r.wording, /80% power at two-sided α = 0\.05/);
  // exp(-(1.96 + 0.8416) · 0.1) = 0.7556: a fall of 24.4%.
  assert.ok(Math.abs(r.detectableFall - Math.exp(-(1.959963984540054 + 0.8416212335729143) * 0.1)) < 1e-12);
  assert.match(r.wording, /24\.4%/);
  const t = rateRatio({
    outcome: 'x',
    contrast: 'y',
    model: 'quasi-poisson',
    logRatio: 0,
    se: 0.1,
    dispersion: 1,
    df: 8,
  });
  // t(8) 97.5% quantile 2.306004.
  assert.ok(Math.abs(Math.log(t.upper) / 0.1 - 2.306004135) < 1e-6);
});

/** A before/during panel: places 0..P-1, the first `treated` patrolled, with a known change. */
function didPanel(
  seed: number,
  P: number,
  treated: number,
  effect: number,
  pre: number,
  days: number,
): PlaceDayPanel {
  const rng = new Rng(seed);
  const D = pre + days;
  const n = P * D;
  const base = Array.from({ length: P }, () => 1 + 2 * rng.float());
  const panel: PlaceDayPanel = {
    placeIds: Array.from({ length: P }, (_, i) => `P${i}`),
    treatedPlace: Uint8Array.from({ length: P }, (_, i) => (i < treated ? 1 : 0)),
    startDate: '2026-03-01',
    dates: Array.from({ length: D }, (_, d) => `d${d}`),
    firstDay: -pre,
    n,
    place: new Int32Array(n),
    day: new Int32Array(n),
    treat: new Uint8Array(n),
    crimes: new Float64Array(n),
    harm: new Float64Array(n),
    ringCrimes: new Float64Array(n),
    ringHarm: new Float64Array(n),
  };
  for (let d = 0; d < D; d++)
    for (let h = 0; h < P; h++) {
      const i = d * P + h;
      const during = d >= pre;
      const t = h < treated && during;
      panel.place[i] = h;
      panel.day[i] = d - pre;
      panel.treat[i] = t ? 1 : 0;
      // A common rise of 10% during for everyone; patrols multiply by `effect` on top.
      const mu = base[h] * (during ? 1.1 : 1) * (t ? effect : 1);
      panel.crimes[i] = poissonDraw(rng, mu);
      panel.harm[i] = panel.crimes[i] * 3;
      panel.ringCrimes[i] = poissonDraw(rng, base[h]);
      panel.ringHarm[i] = panel.ringCrimes[i] * 3;
    }
  return panel;
}

test('difference-in-differences recovers a known change against matched places and states its assumption', () => {
  const panel = didPanel(5, 16, 5, 0.6, 60, 60);
  const m = matchComparisons(panel);
  assert.equal(m.pairs.length, 5);
  assert.equal(new Set(m.pairs.map((p) => p.comparison)).size, 5, 'without replacement');
  for (const p of m.pairs)
    assert.ok(Number(p.comparison.slice(1)) >= 5, 'comparisons are unpatrolled places');
  const r = evaluateDid(panel);
  assert.ok(r.crimes.lower < 0.6 && 0.6 < r.crimes.upper, r.crimes.wording);
  assert.ok(r.crimes.upper < 1);
  assert.equal(r.crimes.df, 8, '20 place-period totals − 10 place effects − 2 = 8 degrees of freedom');
  assert.equal(r.assumption, PARALLEL_TRENDS);
  assert.ok(r.ringCrimes.lower < 1 && 1 < r.ringCrimes.upper, 'rings unchanged');
  const e = evaluate(
    designSchema.parse({
      force: 'x',
      hotspots: panel.placeIds.map((id, i) => ({ id, easting: 400000 + 1000 * i, northing: 300000 })),
      startDate: '2026-03-01',
      days: 60,
      preDays: 60,
      patrolled: ['P0', 'P1', 'P2', 'P3', 'P4'],
    }),
    panel,
  );
  assert.equal(e.kind, 'difference-in-differences');
  assert.match(e.summary, /parallel trends/);
  assert.notEqual(e.displacement.crimes.value, null);
});

test('the weighted displacement quotient (Bowers & Johnson) on a worked example', () => {
  // Treated 100 → 60, buffer 50 → 45, control 200 → 200: success −0.2, buffer −0.025, WDQ 0.125.
  const r = wdq({ Rb: 100, Ra: 60, Db: 50, Da: 45, Cb: 200, Ca: 200 });
  assert.ok(Math.abs((r.value ?? 0) - 0.125) < 1e-12);
  assert.match(r.reading, /Diffusion/);
  assert.equal(wdq({ Rb: 100, Ra: 110, Db: 50, Da: 45 }).value, null);
  assert.match(wdq({ Rb: 100, Ra: 60, Db: 50, Da: 100 }).reading, /net loss/);
});

test('the panel CSV carries the labels first and escapes text cells', () => {
  const w = simulateWorld({ seed: 1, places: 3, days: 2, patrolShare: 1 / 3, effect: 1 });
  w.panel.placeIds[0] = '=HYPERLINK("x")';
  const csv = panelCsv(w.panel, ['SYNTHETIC data, not real crimes']);
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], '# SYNTHETIC data, not real crimes');
  assert.equal(lines[1], 'place_id,date,day,period,patrolled_place,treat,crimes,harm,ring_crimes,ring_harm');
  assert.equal(lines.length, 2 + 6);
  assert.ok(lines[2].startsWith(`"'=HYPERLINK(""x"")"`), lines[2]);
});

test('an allocation given as flags must patrol the same number each day', () => {
  const base = {
    force: 'x',
    hotspots: [0, 1, 2].map((i) => ({ id: `H${i}`, easting: 400000 + 1000 * i, northing: 300000 })),
    startDate: '2026-01-05',
    days: 2,
  };
  const ok = designAllocation(
    designSchema.parse({
      ...base,
      allocation: {
        flags: [
          [1, 0, 0],
          [0, 0, 1],
        ],
      },
    }),
  );
  assert.deepEqual([...(ok?.flags ?? [])], [1, 0, 0, 0, 0, 1]);
  assert.throws(
    () =>
      designAllocation(
        designSchema.parse({
          ...base,
          allocation: {
            flags: [
              [1, 0, 0],
              [0, 1, 1],
            ],
          },
        }),
      ),
    /day 2 patrols 2 hotspots but day 1 patrols 1/,
  );
  assert.equal(designSchema.safeParse({ ...base }).success, false, 'allocation or patrolled is required');
});

test('one crossover evaluation of 20 hotspots × 90 days equals itself run again (seeded)', () => {
  const w = simulateWorld({ seed: 77, places: 20, days: 90, patrolShare: 0.3, effect: 1 });
  const a = evaluateCrossover(w.panel, { permutations: 49, seed: 5 });
  const b = evaluateCrossover(w.panel, { permutations: 49, seed: 5 });
  assert.deepEqual(a, b);
});
