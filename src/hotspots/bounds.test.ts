// The work a hotspot request implies is known before it is done, and refused past the bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BeatwiseError } from '../core/errors.ts';
import type { MultiPolygon } from '../core/geo/types.ts';
import {
  checkBuiltGrid,
  checkGridWork,
  checkKdeWork,
  checkNeighbourWork,
  DEFAULT_LIMITS,
  gridWork,
  kdeWork,
  NO_LIMITS,
  neighbourWork,
  polygonArea,
  workLimits,
} from './bounds.ts';
import { squareGridFromCells } from './grid.ts';

/** A square of side `km` kilometres with its south-west corner at (400 km, 300 km) BNG. */
function square(km: number): MultiPolygon {
  const [x0, y0, s] = [400_000, 300_000, km * 1000];
  return [
    [
      [
        [x0, y0],
        [x0 + s, y0],
        [x0 + s, y0 + s],
        [x0, y0 + s],
        [x0, y0],
      ],
    ],
  ];
}
const none = new Float64Array(0);

function refusal(fn: () => void): BeatwiseError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BeatwiseError);
    return e;
  }
  assert.fail('expected a refusal');
}

test('the cells a grid implies are the area over the cell area, for squares and H3', () => {
  const force = [square(50)];
  assert.equal(polygonArea(force), 2500e6);
  assert.equal(gridWork({ cell: 10, polygons: force, x: none, y: none }).cells, 25_000_000);
  assert.equal(gridWork({ cell: 150, polygons: force, x: none, y: none }).cells, 2500e6 / 22_500);
  // H3 resolution 10 hexagons are ~15,000 m²: about 165,000 of them over 2,500 km².
  const h3 = gridWork({ h3: 10, polygons: force, x: none, y: none }).cells;
  assert.ok(h3 > 150_000 && h3 < 180_000, String(h3));
});

test('cell=10 and h3=10 over a force are refused naming the parameter, the work and the limit', () => {
  const force = [square(50)];
  const cell = refusal(() => checkGridWork({ cell: 10, polygons: force, x: none, y: none }, DEFAULT_LIMITS));
  assert.equal(cell.code, 'hotspots.too_much_work');
  assert.equal(cell.where.field, 'cell');
  assert.deepEqual(cell.details, { parameter: 'cell', work: 25_000_000, limit: DEFAULT_LIMITS.cells });
  assert.match(
    cell.message,
    /cell=10 m over 2500\.0 km² implies about 25,000,000 cells: use cell=80 or larger/,
  );
  assert.match(cell.message, /the limit is 500,000, set by BEATWISE_MAX_CELLS/);
  const h3 = refusal(() => checkGridWork({ h3: 10, polygons: force, x: none, y: none }, DEFAULT_LIMITS));
  assert.equal(h3.where.field, 'h3');
  assert.match(h3.message, /BEATWISE_MAX_H3_CELLS/);
  // The suggested cell size is within the bound; the same requests pass without limits.
  checkGridWork({ cell: 80, polygons: force, x: none, y: none }, DEFAULT_LIMITS);
  checkGridWork({ h3: 9, polygons: force, x: none, y: none }, DEFAULT_LIMITS);
  checkGridWork({ cell: 10, polygons: force, x: none, y: none }, NO_LIMITS);
  // A cell so small that the count overflows is refused too, with a size that fits.
  const tiny = refusal(() =>
    checkGridWork({ cell: 1e-300, polygons: force, x: none, y: none }, DEFAULT_LIMITS),
  );
  assert.match(tiny.message, /implies about Infinity cells: use cell=80 or larger/);
});

test('a KDE implies crimes × the cells each kernel covers, at most the whole raster', () => {
  const x = new Float64Array(1000).fill(400_500);
  const y = new Float64Array(1000).fill(300_500);
  // h = 1000 m on 100 m cells: (2·1000/100 + 1)² = 441 cells per crime.
  assert.equal(kdeWork({ bandwidth: 1000, cellM: 100, rasterCells: 1e6, x, y }).work, 441_000);
  // A bandwidth of 1e308 m covers the whole raster, not infinitely many cells.
  assert.equal(kdeWork({ bandwidth: 1e308, cellM: 100, rasterCells: 1e6, x, y }).work, 1e9);
  // Binned mode tabulates the kernel over every cell within h first, even for one crime.
  const one = { cellM: 100, rasterCells: 100, x: x.subarray(0, 1), y: y.subarray(0, 1) };
  assert.equal(kdeWork({ ...one, bandwidth: 1000 }).work, 100);
  assert.equal(kdeWork({ ...one, bandwidth: 1000, mode: 'binned' }).work, 100 + 441);
  assert.ok(kdeWork({ ...one, bandwidth: 1e308, mode: 'binned' }).work > 1e300);
  const e = refusal(() =>
    checkKdeWork(
      { bandwidth: 1e308, cellM: 100, rasterCells: 1e6, x, y },
      { ...DEFAULT_LIMITS, kdeWork: 1e8 },
    ),
  );
  assert.equal(e.where.field, 'bandwidth');
  assert.deepEqual(e.details, { parameter: 'bandwidth', work: 1e9, limit: 1e8 });
  // The bandwidth it suggests is within the bound.
  const suggested = Number(/at most ([\d,]+) m/.exec(e.message)?.[1].replace(/,/g, ''));
  assert.ok(suggested > 0);
  checkKdeWork(
    { bandwidth: suggested, cellM: 100, rasterCells: 1e6, x, y },
    { ...DEFAULT_LIMITS, kdeWork: 1e8 },
  );
});

test('the bounds come from the environment and a bad value is said to be bad', () => {
  assert.deepEqual(workLimits({}), DEFAULT_LIMITS);
  assert.equal(workLimits({ BEATWISE_MAX_CELLS: '1000' }).cells, 1000);
  const e = refusal(() => workLimits({ BEATWISE_MAX_KDE_WORK: 'lots' }));
  assert.match(e.message, /BEATWISE_MAX_KDE_WORK must be a positive number, got "lots"/);
});

test('a grid whose size was chosen while building is held to the same bound once built', () => {
  const grid = squareGridFromCells(100, Int32Array.from([1, 2, 3]), Int32Array.from([1, 1, 1]));
  checkBuiltGrid(grid, DEFAULT_LIMITS);
  const e = refusal(() => checkBuiltGrid(grid, { ...DEFAULT_LIMITS, cells: 2 }));
  assert.deepEqual(e.details, { parameter: 'cell', work: 3, limit: 2 });
  assert.match(e.message, /cells of 100 m give 3 cells: use cell=130 or larger/);
});

test('a Gi* neighbour distance implies cells × the cells within it, refused past the bound', () => {
  const grid = squareGridFromCells(100, Int32Array.from([1, 2, 3]), Int32Array.from([1, 1, 1]));
  assert.equal(neighbourWork(grid, undefined), 0);
  assert.equal(neighbourWork(grid, 150), 3 * 9);
  assert.ok(neighbourWork(grid, 1e308) > 1e300);
  checkNeighbourWork(grid, 1000, DEFAULT_LIMITS);
  const e = refusal(() => checkNeighbourWork(grid, 1e308, DEFAULT_LIMITS));
  assert.equal(e.where.field, 'distance');
  assert.match(e.message, /neighbour pairs.*set by BEATWISE_MAX_NEIGHBOURS/);
});
