/**
 * Hotspot benchmark: 1,000,000 seeded points over the West Midlands (the force outline bundled in
 * data/boundaries/west-midlands/district), a 100 m grid (~90,000 cells):
 *
 *   binning · Gi* (neighbours, statistic, BH, bins) · KDE (400 m, exact and binned) · one backtest origin
 *
 * each timed (median of several runs after a warm-up), and in the same run R's spdep::localG and
 * spatstat's density.ppp on the same grid, printed as ratios (skipped with a message when Rscript, spdep
 * or spatstat is missing: apt-get install -y r-cran-spdep r-cran-spatstat r-cran-dbscan; without dbscan, spdep's
 * dnearneigh compares all pairs and takes minutes). Peak RSS of this process.
 *
 *   npm run bench:hotspots -- [--points 1000000] [--cell 100] [--bandwidth 400] [--seed 42] [--no-peers]
 *
 * Targets (issue 5): Gi* under 100 ms and at least 50× faster than spdep; KDE under 1 s.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { projectMultiPolygonToBNG } from '../src/core/geo/bng.ts';
import { readBoundaryFile } from '../src/core/geo/readers.ts';
import { backtest, scoreOrigin } from '../src/hotspots/backtest.ts';
import { bhAdjust } from '../src/hotspots/bh.ts';
import { giBins, giStar } from '../src/hotspots/gistar.ts';
import {
  assignCells,
  binCells,
  buildSquareGrid,
  cellAreas,
  cellCorner,
  cellId,
  type SquareGrid,
  squareCellAt,
  squareNeighbours,
} from '../src/hotspots/grid.ts';
import { quarticKde } from '../src/hotspots/kde.ts';
import { buildCellSeries, METHODS, makeMethod } from '../src/hotspots/predict.ts';
import { MB, PeakRss, vmHwmBytes } from './lib/memory.ts';
import { Rng, WeightedPicker } from './lib/rng.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUTLINE = join(
  ROOT,
  'data/boundaries/west-midlands/district/west_midlands_met_county_outline_2013.geojson.gz',
);
const OUT = join(ROOT, 'bench/out/hotspots');
const MONTHS = 24;
const TARGET_GI_MS = 100;
const TARGET_GI_RATIO = 50;
const TARGET_KDE_MS = 1000;
const COVERAGES = [0.01, 0.014, 0.05];

const { values: args } = parseArgs({
  options: {
    points: { type: 'string', default: '1000000' },
    cell: { type: 'string', default: '100' },
    bandwidth: { type: 'string', default: '400' },
    seed: { type: 'string', default: '42' },
    'no-peers': { type: 'boolean', default: false },
  },
});
const N = Number(args.points);
const CELL = Number(args.cell);
const H = Number(args.bandwidth);

/** Runs fn `runs` times after one warm-up; returns the median time (ms), the first (cold) time and the last result. */
function timed<T>(runs: number, fn: () => T): { ms: number; coldMs: number; result: T } {
  let t0 = performance.now();
  let result = fn();
  const coldMs = performance.now() - t0;
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], coldMs, result };
}

/** Clustered points inside the study grid: 3,000 lognormal-weighted clusters (60%) over a uniform floor (40%). */
function makePoints(grid: SquareGrid, rng: Rng) {
  const x = new Float64Array(N);
  const y = new Float64Array(N);
  const month = new Int32Array(N);
  const harm = new Float64Array(N);
  const inside = (px: number, py: number) => {
    const k = squareCellAt(grid, px, py);
    return k >= 0 && grid.inside[k] === 1;
  };
  const x0 = grid.i0 * grid.size;
  const y0 = grid.j0 * grid.size;
  const w = grid.width * grid.size;
  const h = grid.height * grid.size;
  const uniform = (): [number, number] => {
    for (;;) {
      const px = x0 + w * rng.float();
      const py = y0 + h * rng.float();
      if (inside(px, py)) return [px, py];
    }
  };
  const clusters = Array.from({ length: 3000 }, () => {
    const [cx, cy] = uniform();
    return { cx, cy, sd: 40 + 260 * rng.float(), weight: Math.exp(1.2 * rng.normal()) };
  });
  const pick = new WeightedPicker(clusters.map((c) => c.weight));
  // CCHI-like harm weights per crime: many low-harm thefts, few high-harm violent crimes.
  const harmPick = new WeightedPicker([40, 25, 20, 10, 4, 1]);
  const harmDays = [1.8, 5.3, 15, 60, 180, 1460];
  for (let k = 0; k < N; k++) {
    let px: number;
    let py: number;
    if (rng.float() < 0.6) {
      const c = clusters[pick.next(rng)];
      do {
        px = c.cx + c.sd * rng.normal();
        py = c.cy + c.sd * rng.normal();
      } while (!inside(px, py));
    } else [px, py] = uniform();
    x[k] = px;
    y[k] = py;
    month[k] = 600 + rng.int(MONTHS);
    harm[k] = harmDays[harmPick.next(rng)];
  }
  return { x, y, month, harm };
}

/** A CSV written 50,000 lines at a time, so a million rows never sit in memory as one string. */
function writeLines(file: string, header: string, n: number, line: (k: number) => string): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, `${header}\n`);
    for (let k = 0; k < n; k += 50_000) {
      const chunk: string[] = [];
      for (let q = k; q < Math.min(n, k + 50_000); q++) chunk.push(line(q));
      writeSync(fd, `${chunk.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
}

function rscriptWorks(pkg: string): boolean {
  const r = spawnSync('Rscript', ['-e', `suppressPackageStartupMessages(library(${pkg}))`], {
    encoding: 'utf8',
  });
  return r.status === 0;
}

function runR(script: string, scriptArgs: string[]): { ok: boolean; stderr: string } {
  const r = spawnSync('Rscript', [join(ROOT, 'bench/peers', script), ...scriptArgs], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return { ok: r.status === 0, stderr: r.stderr ?? String(r.error) };
}

function secondsOf(stderr: string, key: string): number {
  const m = new RegExp(`${key}=([0-9.]+)`).exec(stderr);
  return m ? Number(m[1]) * 1000 : Number.NaN;
}

function fmt(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const rss = new PeakRss().start();
  const rng = new Rng(Number(args.seed));
  const outline = await readBoundaryFile(OUTLINE);
  const polygons = outline.features.map((f) => projectMultiPolygonToBNG(f.polygons));
  const none = new Float64Array(0);
  const gridT = timed(2, () => buildSquareGrid({ polygons, x: none, y: none, size: CELL }).grid);
  const grid = gridT.result;
  const t0 = performance.now();
  const pts = makePoints(grid, rng);
  const genMs = performance.now() - t0;
  console.log(
    `input: ${N.toLocaleString('en-GB')} seeded points (seed ${args.seed}) over the West Midlands outline, ` +
      `${MONTHS} months; grid ${grid.n.toLocaleString('en-GB')} cells of ${CELL} m (${grid.width} × ${grid.height} raster); ` +
      `generated in ${fmt(genMs)}`,
  );

  // Binning: the study grid from outline + points, every point's cell, counts and harm per cell.
  const studyT = timed(2, () => buildSquareGrid({ polygons, x: pts.x, y: pts.y, size: CELL }).grid);
  const binT = timed(4, () => {
    const cells = assignCells(grid, { x: pts.x, y: pts.y, lon: none, lat: none });
    return { cells, count: binCells(cells, grid.n), harm: binCells(cells, grid.n, pts.harm) };
  });
  const { cells, count } = binT.result;

  // Gi*: neighbours once per grid, then the statistic, BH q-values and Gi_Bin classes.
  const nbT = timed(4, () => squareNeighbours(grid));
  const nb = nbT.result;
  const giT = timed(9, () => giStar(count, nb));
  const bhT = timed(9, () => bhAdjust(giT.result.p));
  const binsT = timed(9, () => giBins(giT.result.z, bhT.result));
  const giTotal = nbT.ms + giT.ms + bhT.ms + binsT.ms;

  // KDE, 400 m: exact (default) and binned (spatstat's convention).
  const kdeT = timed(2, () => quarticKde(grid, pts.x, pts.y, undefined, { bandwidth: H }));
  const kdeBT = timed(4, () => quarticKde(grid, pts.x, pts.y, undefined, { bandwidth: H, mode: 'binned' }));
  const kdeHT = timed(2, () => quarticKde(grid, pts.x, pts.y, pts.harm, { bandwidth: H }));

  // One backtest origin: every method predicts month 23 from months ≤ 22, scored at 1%, 1.4%, 5%.
  const seriesT = timed(1, () =>
    buildCellSeries(grid.n, cells, pts.month, pts.harm, pts.x, pts.y, 600, MONTHS),
  );
  const series = seriesT.result;
  const methods = METHODS.map((m) => makeMethod(m, { bandwidth: H }));
  const origin = 600 + MONTHS - 2;
  const area = cellAreas(grid);
  const perMethod: Record<string, number> = {};
  for (const m of methods)
    perMethod[m.name] = timed(2, () => scoreOrigin(series, origin, grid, nb, [m], COVERAGES, area)).ms;
  const originT = timed(2, () => scoreOrigin(series, origin, grid, nb, methods, COVERAGES, area));
  const auditT = timed(0, () =>
    backtest(series, grid, nb, methods, { minTrainMonths: MONTHS - 1, audit: true }),
  );

  const rows: [string, string, string][] = [
    ['study grid from outline + points', fmt(studyT.ms), `cold ${fmt(studyT.coldMs)}`],
    ['binning (cell of 1M points, count + harm)', fmt(binT.ms), `cold ${fmt(binT.coldMs)}`],
    ['Gi* neighbours (d = cell·√2, self)', fmt(nbT.ms), `${nb.index.length.toLocaleString('en-GB')} links`],
    ['Gi* statistic (z, p)', fmt(giT.ms), `cold ${fmt(giT.coldMs)}`],
    ['BH q-values', fmt(bhT.ms), ''],
    ['Gi_Bin classes', fmt(binsT.ms), ''],
    ['Gi* total (neighbours + z, p + q + bins)', fmt(giTotal), ''],
    [`KDE exact, ${H} m`, fmt(kdeT.ms), `cold ${fmt(kdeT.coldMs)}`],
    [`KDE exact, ${H} m, harm-weighted`, fmt(kdeHT.ms), ''],
    [`KDE binned, ${H} m (spatstat convention)`, fmt(kdeBT.ms), `cold ${fmt(kdeBT.coldMs)}`],
    ['cell × month series (24 months)', fmt(seriesT.ms), ''],
    [
      'one backtest origin (5 methods, 3 coverages)',
      fmt(originT.ms),
      `each alone: ${Object.entries(perMethod)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ')} ms`,
    ],
    [
      '  …with the leakage audit (backtest(), 1 origin)',
      fmt(auditT.coldMs),
      'audit re-runs each method once',
    ],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  console.log('');
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(9)}  ${c}`);

  const hwmBeforePeers = vmHwmBytes();
  // Peers in R, on the same cells and points.
  let spdepRatio = Number.NaN;
  let spdepLocalGRatio = Number.NaN;
  let spatstatRatio = Number.NaN;
  console.log('');
  if (args['no-peers']) console.log('peers: skipped (--no-peers)');
  else if (!rscriptWorks('spdep') || !rscriptWorks('spatstat.explore'))
    console.log(
      'peers: SKIPPED: Rscript with spdep and spatstat not found (Debian: apt-get install -y r-cran-spdep r-cran-spatstat)',
    );
  else {
    mkdirSync(OUT, { recursive: true });
    const cellsCsv = join(OUT, 'cells.csv');
    writeLines(cellsCsv, 'cell_id,x_min,y_min,size_m,count', grid.n, (k) => {
      const c = cellCorner(grid, k);
      return `${cellId(grid, k)},${c.xMin},${c.yMin},${c.sizeM},${count[k]}`;
    });
    const spdepOut = join(OUT, 'spdep.csv');
    const sp = runR('gistar-spdep.R', [cellsCsv, spdepOut]);
    if (!sp.ok) console.log(`spdep: FAILED\n${sp.stderr}`);
    else {
      const total = secondsOf(sp.stderr, 'total');
      const localG = secondsOf(sp.stderr, 'localG');
      const z = readFileSync(spdepOut, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => Number(l.split(',')[1]));
      let worst = 0;
      for (let k = 0; k < grid.n; k++) worst = Math.max(worst, Math.abs(z[k] - giT.result.z[k]));
      spdepRatio = total / (nbT.ms + giT.ms);
      spdepLocalGRatio = localG / giT.ms;
      const kd = /kd-tree: ([^)]*\)?)/.exec(sp.stderr)?.[1] ?? '?';
      console.log(
        `spdep (dnearneigh [kd-tree: ${kd}] + nb2listw + localG): ${fmt(total)}, of which localG ${fmt(localG)}; ` +
          `ours (neighbours + Gi*) ${fmt(nbT.ms + giT.ms)} → ${spdepRatio.toFixed(0)}× faster ` +
          `(localG alone vs our statistic: ${spdepLocalGRatio.toFixed(0)}×); max |z − z_spdep| = ${worst.toExponential(1)}`,
      );
    }
    const ptsCsv = join(OUT, 'points.csv');
    writeLines(ptsCsv, 'x,y', N, (k) => `${pts.x[k]},${pts.y[k]}`);
    const ssOut = join(OUT, 'spatstat.csv');
    const x0 = grid.i0 * CELL;
    const y0 = grid.j0 * CELL;
    const ss = runR('kde-spatstat.R', [
      ptsCsv,
      String(x0),
      String(x0 + grid.width * CELL),
      String(y0),
      String(y0 + grid.height * CELL),
      String(CELL),
      String(H),
      ssOut,
    ]);
    if (!ss.ok) console.log(`spatstat: FAILED\n${ss.stderr}`);
    else {
      const total = secondsOf(ss.stderr, 'total');
      const text = readFileSync(ssOut, 'utf8').trim().split('\n').slice(1);
      let worst = 0;
      let max = 0;
      for (const l of text) {
        const [sx, sy, sd] = l.split(',').map(Number);
        const k = squareCellAt(grid, sx, sy);
        if (k < 0) continue;
        max = Math.max(max, sd);
        worst = Math.max(worst, Math.abs(kdeBT.result.density[k] / 1e6 - sd));
      }
      spatstatRatio = total / kdeBT.ms;
      console.log(
        `spatstat density.ppp (quartic, sigma = h/√8, edge = FALSE): ${fmt(total)}; ours binned ${fmt(kdeBT.ms)} → ` +
          `${spatstatRatio.toFixed(1)}× faster, exact ${fmt(kdeT.ms)} → ${(total / kdeT.ms).toFixed(1)}×; ` +
          `max |binned − spatstat| / max = ${(worst / max).toExponential(1)}`,
      );
    }
  }

  const peak = rss.stop();
  const hwm = vmHwmBytes();
  console.log('');
  console.log(
    `targets: Gi* ${fmt(giT.ms + bhT.ms + binsT.ms)} statistic+q+bins (${fmt(giTotal)} with neighbours) < ${TARGET_GI_MS} ms: ${giTotal < TARGET_GI_MS ? 'MET' : 'MISSED'}; ` +
      `≥ ${TARGET_GI_RATIO}× spdep: ${Number.isNaN(spdepRatio) ? 'not measured' : spdepRatio >= TARGET_GI_RATIO ? `MET (${spdepRatio.toFixed(0)}×)` : `MISSED (${spdepRatio.toFixed(0)}×)`}; ` +
      `KDE ${fmt(kdeT.ms)} < ${TARGET_KDE_MS} ms: ${kdeT.ms < TARGET_KDE_MS ? 'MET' : 'MISSED'}`,
  );
  console.log(
    `peak RSS: ${hwm === null ? 'n/a' : `${(hwm / MB).toFixed(0)} MB (VmHWM)`}, sampled ${(peak.peakBytes / MB).toFixed(0)} MB; ` +
      `${hwmBeforePeers === null ? '' : `${(hwmBeforePeers / MB).toFixed(0)} MB before writing the peers' input files`} ` +
      '(this process; the R peers run in their own processes)',
  );
}

await main();
