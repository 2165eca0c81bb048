/**
 * Patrol evaluation benchmark: is the crossover evaluation right, and is it fast enough?
 *
 *   npm run bench:patrol-evaluation -- [--worlds 200] [--seed 1] [--permutations 199] [--effect 0.8]
 *
 * 1. Coverage: `worlds` simulated crossovers (src/patrols/evaluation/simulate.ts: 20 hotspots × 90
 *    days, a third patrolled each day by allocateCrossover, baseline rates log-normal across places,
 *    negative binomial day-to-day variation θ = 2) where patrols multiply crime by `effect` on patrol
 *    days. Prints how often the 95% interval for crimes contains the true effect (target ≈ 95%).
 * 2. False positives: the same with effect = 1 (patrols do nothing). Prints how often the interval
 *    excludes 1 and how often the permutation p-value is below 0.05 (target ≈ 5% each), and the harm
 *    (quasi-Poisson) interval's rate.
 *    Each rate is printed with its binomial 95% interval (Wilson), the error of `worlds` worlds.
 * 3. Speed: one evaluation of a 90-day, 20-hotspot crossover with 999 permutations (crimes, harm,
 *    ring crimes, ring harm; target < 5 s): the first run and the median of five.
 * Peer: the models' estimates equal R's glm / MASS::glm.nb to 1e-6 (glm-fe.test.ts); R is not timed.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { evaluateCrossover } from '../src/patrols/evaluation/crossover.ts';
import { coverageRun, simulateWorld } from '../src/patrols/evaluation/simulate.ts';
import { MB, vmHwmBytes } from './lib/memory.ts';

const { values } = parseArgs({
  options: {
    worlds: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    permutations: { type: 'string', default: '199' },
    effect: { type: 'string', default: '0.8' },
  },
});
const worlds = Number(values.worlds);
const seed = Number(values.seed);
const permutations = Number(values.permutations);
const effect = Number(values.effect);
const design = { places: 20, days: 90, patrolShare: 1 / 3 };

/** Wilson 95% interval of k successes in n, as percentages. */
function wilson(k: number, n: number): string {
  const z = 1.959963984540054;
  const p = k / n;
  const den = 1 + (z * z) / n;
  const mid = (p + (z * z) / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / den;
  const pc = (v: number) => `${(100 * v).toFixed(1)}%`;
  return `${pc(p)} (${k}/${n}; binomial 95% interval ${pc(mid - half)}–${pc(mid + half)})`;
}

console.log(
  `Simulated worlds: ${worlds} × (${design.places} hotspots × ${design.days} days, ${Math.round(design.places * design.patrolShare)} patrolled a day), ` +
    `negative binomial θ = 2, median 0.5 crimes per place-day; world seeds from ${seed}; ${permutations} permutations each.`,
);
let t0 = performance.now();
const cut = coverageRun({ ...design, worlds, seed, effect, permutations });
console.log(`\n1. Patrols cut crime to ${effect} × on patrol days:`);
console.log(
  `   coverage of the true effect by the 95% interval: ${wilson(cut.covered, worlds)}   target ≈ 95%`,
);
console.log(`   effect detected (interval excludes 1):           ${wilson(cut.claimed, worlds)}`);
console.log(`   negative binomial model chosen:                  ${cut.negativeBinomial}/${worlds}`);
console.log(`   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
t0 = performance.now();
const none = coverageRun({ ...design, worlds, seed: seed + 1_000_000, effect: 1, permutations });
console.log('\n2. Patrols do nothing (effect = 1):');
console.log(
  `   coverage of 1 by the 95% interval:               ${wilson(none.covered, worlds)}   target ≈ 95%`,
);
console.log(
  `   false positives, interval excludes 1:            ${wilson(none.claimed, worlds)}   target ≈ 5%`,
);
console.log(
  `   false positives, permutation p < 0.05:           ${wilson(none.claimedByPermutation, worlds)}   target ≈ 5%`,
);
console.log(
  `   harm (quasi-Poisson) interval excludes 1:        ${wilson(none.harmIntervalExcludesOne, worlds)}`,
);
console.log(
  `   harm permutation p < 0.05:                       ${wilson(none.harmClaimedByPermutation, worlds)}   target ≈ 5%`,
);
console.log(
  `   harm effect reported (interval and permutation): ${wilson(none.harmClaimed, worlds)}   target ≤ 5%`,
);
console.log(`   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

const world = simulateWorld({ ...design, seed: seed + 7, effect });
const times: number[] = [];
for (let r = 0; r < 6; r++) {
  const s = performance.now();
  evaluateCrossover(world.panel, { permutations: 999, seed: r + 1 });
  times.push(performance.now() - s);
}
const first = times[0];
const rest = times.slice(1).sort((a, b) => a - b);
console.log('\n3. One evaluation, 20 hotspots × 90 days (1,800 place-days), 999 permutations, 4 outcomes:');
console.log(
  `   first run ${(first / 1000).toFixed(3)} s, median of five more ${(rest[2] / 1000).toFixed(3)} s   target < 5 s`,
);
const peak = vmHwmBytes();
console.log(`\nPeak RSS ${peak === null ? 'unknown' : `${(peak / MB).toFixed(0)} MB`}`);
