/**
 * Near-repeat benchmark: the Knox test on 20,000 seeded burglaries (a force-sized area, clustered,
 * with near repeats planted), distance bands 100–400 m × time bands 7–56 days, 999 permutations of
 * the times, timed (median of 3 runs after a warm-up), and beside it R's surveillance::knox on the
 * same input for one threshold (400 m, 14 days). surveillance builds both n×n distance matrices and
 * permutes all n(n−1)/2 pairs each time (20,000 burglaries: 200 million pairs, 3.2 GB per matrix,
 * hours for 999 permutations), so by default R runs on the first --r-points of the same input and
 * ours is timed on that subset too; --r-points 20000 runs R on everything if you have the memory and
 * the time. "R not installed" is printed when Rscript or surveillance is missing.
 *
 *   npm run bench:repeats -- [--points 20000] [--iterations 999] [--seed 42] [--r-points 2000] [--no-peers]
 *
 * Target (issue 19): under 5 s for 20,000 burglaries and 999 permutations.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { knox } from '../src/repeats/knox.ts';
import { closePairs } from '../src/repeats/pairs.ts';
import { MB, vmHwmBytes } from './lib/memory.ts';
import { Rng } from './lib/rng.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench/out/repeats');
const TARGET_S = 5;
const { values: args } = parseArgs({
  options: {
    points: { type: 'string', default: '20000' },
    iterations: { type: 'string', default: '999' },
    seed: { type: 'string', default: '42' },
    'r-points': { type: 'string', default: '2000' },
    'no-peers': { type: 'boolean', default: false },
  },
});
const N = Number(args.points);
const B = Number(args.iterations);
const seed = Number(args.seed);

/** 20,000 burglaries over 40 × 40 km: 70% in 30 town clusters, 10% near repeats of earlier ones, 2 years of days. */
function makeInput(n: number, s: number) {
  const rng = new Rng(s);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const t = new Float64Array(n);
  const towns = Array.from({ length: 30 }, () => [
    rng.range(2000, 38000),
    rng.range(2000, 38000),
    rng.range(400, 2500),
  ]);
  for (let k = 0; k < n; k++) {
    if (k > 100 && rng.chance(0.1)) {
      const src = rng.int(k);
      x[k] = Math.round(x[src] + rng.range(-200, 200));
      y[k] = Math.round(y[src] + rng.range(-200, 200));
      t[k] = Math.min(729, t[src] + 1 + rng.int(21));
    } else if (rng.chance(0.7)) {
      const [cx, cy, sd] = rng.pick(towns);
      x[k] = Math.round(cx + sd * rng.normal());
      y[k] = Math.round(cy + sd * rng.normal());
      t[k] = rng.int(730);
    } else {
      x[k] = Math.round(rng.range(0, 40000));
      y[k] = Math.round(rng.range(0, 40000));
      t[k] = rng.int(730);
    }
  }
  return { x, y, t };
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const { x, y, t } = makeInput(N, seed);
const bands = { distances: [100, 200, 300, 400], times: [7, 14, 28, 56] };
const pairsT0 = performance.now();
const close = closePairs(x, y, 400, 'euclidean');
const pairsMs = performance.now() - pairsT0;
const opts = { ...bands, metric: 'euclidean' as const, iterations: B, seed: 1, scheme: 'times' as const };
knox(x, y, t, { ...opts, iterations: 9 });
const runs: number[] = [];
const cpu: number[] = [];
let last = knox(x, y, t, { ...opts, iterations: 9 });
for (let r = 0; r < 3; r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  last = knox(x, y, t, opts);
  runs.push((performance.now() - t0) / 1000);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e6);
}
const s = median(runs);
console.log(
  `Knox test, ${N.toLocaleString('en-GB')} burglaries (seed ${seed}), bands ${bands.distances.join('/')} m × ${bands.times.join('/')} days, ${B} permutations of the times`,
);
console.log(
  `  pairs within 400 m: ${close.n.toLocaleString('en-GB')} of ${last.pairs.toLocaleString('en-GB')} (index search ${pairsMs.toFixed(0)} ms)`,
);
console.log(
  `  median of 3 runs: ${s.toFixed(2)} s wall (runs ${runs.map((v) => v.toFixed(2)).join(', ')}), ${median(cpu).toFixed(2)} s CPU — target < ${TARGET_S} s: ${s < TARGET_S ? 'met' : 'NOT met'}`,
);
console.log(
  `  load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores (wall time above CPU time means other processes shared the cores)`,
);
console.log(
  `  within 100 m and 7 days: ${last.cumulative.observed[0][0]} pairs, ${last.cumulative.expected[0][0].toFixed(1)} expected, p = ${last.cumulative.p[0][0].toFixed(4)}`,
);
const pairsScheme = (() => {
  const t0 = performance.now();
  knox(x, y, t, { ...opts, scheme: 'pairs' });
  return (performance.now() - t0) / 1000;
})();
console.log(`  'pairs' scheme (surveillance's), same input: ${pairsScheme.toFixed(2)} s`);
const hwm = vmHwmBytes();
if (hwm !== null) console.log(`  peak RSS ${(hwm / MB).toFixed(0)} MB`);

if (!args['no-peers']) {
  const rn = Math.min(N, Number(args['r-points']));
  const sub = { x: x.subarray(0, rn), y: y.subarray(0, rn), t: t.subarray(0, rn) };
  mkdirSync(OUT, { recursive: true });
  const input = join(OUT, 'input.csv');
  const out = join(OUT, 'r.json');
  const lines = ['x,y,t'];
  for (let k = 0; k < rn; k++) lines.push(`${sub.x[k]},${sub.y[k]},${sub.t[k]}`);
  writeFileSync(input, `${lines.join('\n')}\n`);
  const t0 = performance.now();
  const ours = knox(sub.x, sub.y, sub.t, {
    distances: [400],
    times: [14],
    metric: 'euclidean',
    iterations: B,
    seed: 1,
    scheme: 'pairs',
  });
  const oursS = (performance.now() - t0) / 1000;
  const oursTimes = knox(sub.x, sub.y, sub.t, {
    distances: [400],
    times: [14],
    metric: 'euclidean',
    iterations: B,
    seed: 1,
    scheme: 'times',
  });
  console.log(
    `\nsame test in R surveillance::knox: first ${rn.toLocaleString('en-GB')} of the same burglaries, 400 m and 14 days, ${B} permutations`,
  );
  console.log(
    `  Beatwise ('pairs' scheme, as R): ${oursS.toFixed(3)} s, statistic ${ours.cumulative.observed[0][0]}, expected ${ours.cumulative.expected[0][0].toFixed(2)}, p = ${ours.cumulative.p[0][0].toFixed(4)} ('times' scheme p = ${oursTimes.cumulative.p[0][0].toFixed(4)})`,
  );
  const r = spawnSync(
    'Rscript',
    [join(ROOT, 'bench/peers/knox-surveillance.R'), input, '400', '14', String(B), out],
    { encoding: 'utf8' },
  );
  if (r.error || r.status !== 0) {
    console.log(
      `  R not installed (or surveillance missing): ${r.error ? r.error.message : r.stderr.trim().split('\n').pop()}`,
    );
  } else {
    const rr = JSON.parse(readFileSync(out, 'utf8')) as {
      statistic: number;
      expected: number;
      p: number;
      seconds: number;
    };
    console.log(
      `  R surveillance::knox:             ${rr.seconds.toFixed(3)} s, statistic ${rr.statistic}, expected ${rr.expected.toFixed(2)}, p = ${rr.p.toFixed(4)}`,
    );
    console.log(
      `  Beatwise is ${(rr.seconds / oursS).toFixed(0)}× faster on this subset; statistic ${rr.statistic === ours.cumulative.observed[0][0] ? 'equal' : 'DIFFERS'}`,
    );
  }
}
