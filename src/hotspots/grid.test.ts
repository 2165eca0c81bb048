import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BeatwiseError } from '../core/errors.ts';
import { toWGS84 } from '../core/geo/bng.ts';
import type { MultiPolygon, Polygon } from '../core/geo/types.ts';
import {
  assignCells,
  binCells,
  buildSquareGrid,
  cellCorner,
  cellId,
  cellOf,
  defaultCellSize,
  markCentresInPolygon,
  squareCellAt,
  squareNeighbours,
} from './grid.ts';
import { buildH3Grid } from './h3.ts';
import { emptyPoints } from './model.ts';

const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];
const none = new Float64Array(0);

test('a point on a west or south edge belongs to that cell; one on an east or north edge to the next', () => {
  assert.equal(cellOf(300, 100), 3);
  assert.equal(cellOf(299.9999, 100), 2);
  assert.equal(cellOf(400, 100), 4);
  assert.equal(cellOf(451_200, 150), 3008);
  assert.equal(cellOf(451_199.99, 150), 3007);
});

test('negative offsets round down, never towards zero', () => {
  assert.equal(cellOf(-0.5, 100), -1);
  assert.equal(cellOf(-100, 100), -1);
  assert.equal(cellOf(-100.0001, 100), -2);
  assert.equal(cellOf(-0, 100), 0);
  assert.equal(cellOf(0, 100), 0);
  // Binning through a grid straddling the origin: each point lands in the cell that covers it.
  const { grid } = buildSquareGrid({ polygons: [[rect(-300, -200, 300, 200)]], x: none, y: none, size: 100 });
  assert.equal(grid.n, 24);
  const x = Float64Array.from([-300, -200.5, -0.001, 0, 99.999, 100, 299.999]);
  const y = Float64Array.from([-200, -100, -0.001, 0, 0, 199.999, 199.999]);
  const cells = assignCells(grid, { x, y, lon: none, lat: none });
  const got = Array.from(cells, (c) => [grid.ci[c], grid.cj[c]]);
  assert.deepEqual(got, [
    [-3, -2],
    [-3, -1],
    [-1, -1],
    [0, 0],
    [0, 0],
    [1, 1],
    [2, 1],
  ]);
  // The corner reported for a negative cell is its south-west corner.
  const k = squareCellAt(grid, -0.001, -0.001);
  assert.deepEqual(cellCorner(grid, k), { xMin: -100, yMin: -100, sizeM: 100 });
  assert.equal(cellId(grid, k), '100m_-1_-1');
  // Outside the grid: -1, and binning skips it.
  assert.equal(squareCellAt(grid, 1000, 0), -1);
  const counts = binCells(Int32Array.from([0, 0, -1, 5]), grid.n);
  assert.equal(counts[0], 2);
  assert.equal(counts[5], 1);
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    3,
  );
});

test('cells whose centres lie inside the polygon are marked, holes excluded', () => {
  const size = 100;
  const mask = new Uint8Array(20 * 10);
  // 1000 × 500 m with a 200 × 200 m hole: 50 centres inside, 4 in the hole.
  const poly: Polygon = [...rect(0, 0, 1000, 500), rect(400, 100, 600, 300)[0].slice().reverse()];
  markCentresInPolygon(poly, size, 0, 0, 20, 10, mask, 1);
  let n = 0;
  for (const m of mask) n += m;
  assert.equal(n, 46);
  assert.equal(mask[1 * 20 + 4], 0, 'cell (4,1), centre (450,150), is in the hole');
  assert.equal(mask[0 * 20 + 0], 1);
  assert.equal(mask[0 * 20 + 10], 0, 'cell (10,0), centre (1050,50), is outside');
  // A triangle: centre-in-polygon exactly, checked against a brute-force test of each centre.
  const tri: Polygon = [
    [
      [13, 7],
      [987, 123],
      [401, 911],
      [13, 7],
    ],
  ];
  const m2 = new Uint8Array(10 * 10);
  markCentresInPolygon(tri, size, 0, 0, 10, 10, m2, 1);
  for (let j = 0; j < 10; j++)
    for (let i = 0; i < 10; i++) {
      const [cx, cy] = [(i + 0.5) * size, (j + 0.5) * size];
      const inside =
        sideOf(13, 7, 987, 123, cx, cy) > 0 &&
        sideOf(987, 123, 401, 911, cx, cy) > 0 &&
        sideOf(401, 911, 13, 7, cx, cy) > 0;
      assert.equal(m2[j * 10 + i], inside ? 1 : 0, `cell ${i},${j}`);
    }
});

function sideOf(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

test('a centre on an edge shared by two polygons falls in exactly one of them', () => {
  // Edge at x = 550: the centres of column 5 lie exactly on it.
  const mask = new Uint8Array(10 * 3);
  markCentresInPolygon(rect(0, 0, 550, 300), 100, 0, 0, 10, 3, mask, 1);
  markCentresInPolygon(rect(550, 0, 1000, 300), 100, 0, 0, 10, 3, mask, 2);
  for (let j = 0; j < 3; j++)
    for (let i = 0; i < 10; i++) assert.ok(mask[j * 10 + i] === 1 || mask[j * 10 + i] === 2, `${i},${j}`);
});

test('the study grid is every cell with its centre inside plus every cell holding a crime, zeros included', () => {
  const area: MultiPolygon = [rect(0, 0, 1000, 1000)];
  // One crime inside, one just outside the boundary (its cell's centre is outside the area).
  const x = Float64Array.from([550, 1020]);
  const y = Float64Array.from([550, 990]);
  const { grid } = buildSquareGrid({ polygons: [area], x, y, size: 100 });
  assert.equal(grid.n, 101);
  const extra = squareCellAt(grid, 1020, 990);
  assert.ok(extra >= 0);
  assert.equal(grid.inside[extra], 0);
  assert.equal(grid.inside[squareCellAt(grid, 550, 550)], 1);
  const counts = binCells(assignCells(grid, { x, y, lon: none, lat: none }), grid.n);
  assert.equal(counts.filter((c) => c === 0).length, 99, 'empty cells stay in the grid as zeros');
});

test('the default cell size follows the sfhotspot rule: ~50 cells across the shorter side, rounded to 10 m', () => {
  assert.equal(defaultCellSize({ minX: 0, minY: 0, maxX: 10_000, maxY: 7_000 }), 140);
  assert.equal(defaultCellSize({ minX: 0, minY: 0, maxX: 64_000, maxY: 43_210 }), 860);
  assert.equal(defaultCellSize({ minX: 0, minY: 0, maxX: 100, maxY: 100 }), 10);
  const b = buildSquareGrid({ polygons: [[rect(0, 0, 10_000, 7_000)]], x: none, y: none });
  assert.equal(b.sizeChosen, true);
  assert.equal(b.grid.size, 140);
  assert.ok(b.grid.n >= 50 * 71);
});

test('grids over the cell limit are refused with the extent and the size to use', () => {
  const area: MultiPolygon = [rect(0, 0, 30_000, 20_000)];
  assert.throws(
    () => buildSquareGrid({ polygons: [area], x: none, y: none, size: 20 }),
    (e: unknown) => {
      assert.ok(e instanceof BeatwiseError);
      assert.equal(e.code, 'hotspots.too_many_cells');
      assert.match(e.message, /1,500,000 cells of 20 m/);
      assert.match(e.message, /30\.0 km × 20\.0 km/);
      assert.match(e.message, /--cell 30 or larger/);
      assert.match(e.message, /smaller\s+--area/);
      return true;
    },
  );
  // The suggested size is under the limit.
  assert.equal(buildSquareGrid({ polygons: [area], x: none, y: none, size: 30 }).grid.n, 1000 * 667);
  // And a custom limit works the same way.
  assert.throws(
    () => buildSquareGrid({ polygons: [area], x: none, y: none, size: 1000, maxCells: 100 }),
    /--cell 2450/,
  );
});

test('unprojected (degree) coordinates and points at 0,0 are warned about', () => {
  const x = Float64Array.from([-1.13, -1.14, 0]);
  const y = Float64Array.from([52.63, 52.64, 0]);
  const { warnings } = buildSquareGrid({ polygons: [], x, y, size: 100 });
  const codes = warnings.map((w) => w.code);
  assert.ok(codes.includes('unprojected'));
  assert.ok(codes.includes('zero_coordinates'));
  assert.match(warnings.find((w) => w.code === 'unprojected')!.message, /EPSG:27700/);
  const ok = buildSquareGrid({
    polygons: [],
    x: Float64Array.from([451_000]),
    y: Float64Array.from([301_000]),
    size: 100,
  });
  assert.deepEqual(ok.warnings, []);
});

test('binary distance neighbours: 8 around plus self by default, more with a longer distance', () => {
  const { grid } = buildSquareGrid({ polygons: [[rect(0, 0, 1000, 1000)]], x: none, y: none, size: 100 });
  const nb = squareNeighbours(grid);
  const deg = (k: number) => nb.start[k + 1] - nb.start[k];
  const at = (i: number, j: number) => squareCellAt(grid, i * 100 + 50, j * 100 + 50);
  assert.equal(deg(at(5, 5)), 9);
  assert.equal(deg(at(0, 0)), 4);
  assert.equal(deg(at(0, 5)), 6);
  const own = nb.index.subarray(nb.start[at(5, 5)], nb.start[at(5, 5) + 1]);
  assert.ok(own.includes(at(5, 5)));
  assert.ok(own.includes(at(6, 6)));
  assert.equal(deg(at(5, 5)), 9);
  const gi = squareNeighbours(grid, undefined, false);
  assert.equal(gi.start[at(5, 5) + 1] - gi.start[at(5, 5)], 8);
  // 250 m: offsets with a² + b² ≤ 6.25 → 21 cells including self.
  const wide = squareNeighbours(grid, 250);
  assert.equal(wide.start[at(5, 5) + 1] - wide.start[at(5, 5)], 21);
});

test('H3 grids: hexagons with centres inside plus crime cells; 6 neighbours and self', () => {
  // About 3 × 3 km around Leicester, in WGS84.
  const corners = [
    [456_000, 302_000],
    [459_000, 302_000],
    [459_000, 305_000],
    [456_000, 305_000],
    [456_000, 302_000],
  ].map(([e, n]) => toWGS84(e, n));
  const p = emptyPoints(2);
  [p.lon[0], p.lat[0]] = toWGS84(457_500, 303_500);
  [p.lon[1], p.lat[1]] = toWGS84(470_000, 303_500); // far outside: adds its own cell
  const { grid } = buildH3Grid({ polygons: [[[corners]]], lon: p.lon, lat: p.lat, resolution: 9 });
  assert.ok(grid.n > 60 && grid.n < 110, `${grid.n} cells`);
  const cells = grid.assign(p.lon, p.lat);
  assert.ok(cells[0] >= 0 && cells[1] >= 0);
  assert.equal(grid.inside[cells[1]], 0);
  assert.equal(grid.inside[cells[0]], 1);
  const nb = grid.neighbours(1);
  assert.equal(nb.start[cells[0] + 1] - nb.start[cells[0]], 7);
  assert.equal(nb.start[cells[1] + 1] - nb.start[cells[1]], 1, 'the lone outside cell has only itself');
  assert.throws(
    () => buildH3Grid({ polygons: [], lon: none, lat: none, resolution: 12 }),
    /resolution must be one of 8, 9, 10/,
  );
});
