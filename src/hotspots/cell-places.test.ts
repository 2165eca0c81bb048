import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameCells, type PlaceCount, streetOf } from './cell-places.ts';
import { squareGridFromCells } from './grid.ts';

const place = (location: string, x: number, y: number, count: number, lsoa = 'L1'): PlaceCount => ({
  location,
  x,
  y,
  lon: Number.NaN,
  lat: Number.NaN,
  lsoa,
  ward: `ward of ${lsoa}`,
  team: 'Team A',
  count,
});

test('a cell is named by its most common location, summed over map points that share the text', () => {
  // Two 150 m cells side by side: (0,0) and (1,0).
  const grid = squareGridFromCells(150, Int32Array.from([0, 1]), Int32Array.from([0, 0]));
  const names = nameCells(grid, [
    place('On or near High Street', 10, 10, 3, 'L1'),
    place('On or near Park Road', 20, 20, 4, 'L2'),
    place('On or near High Street', 100, 100, 2, 'L1'),
    place('On or near Mill Lane', 160, 10, 1, 'L3'),
  ]);
  const first = names.get(0);
  assert.equal(first?.place, 'On or near High Street');
  assert.equal(first?.lsoa, 'L1');
  assert.deepEqual(first?.places, [
    { location: 'On or near High Street', count: 5 },
    { location: 'On or near Park Road', count: 4 },
  ]);
  assert.equal(names.get(1)?.place, 'On or near Mill Lane');
  assert.equal(names.get(1)?.ward, 'ward of L3');
});

test('ties go to the alphabetically first location; a street label drops "On or near"', () => {
  const grid = squareGridFromCells(100, Int32Array.from([0]), Int32Array.from([0]));
  const names = nameCells(grid, [place('On or near B Road', 1, 1, 2), place('On or near A Road', 2, 2, 2)]);
  assert.equal(names.get(0)?.place, 'On or near A Road');
  assert.equal(streetOf('On or near A Road'), 'A Road');
});

test('a cell whose crimes carry no location text (force extracts) is known by its areas', () => {
  const grid = squareGridFromCells(100, Int32Array.from([0]), Int32Array.from([0]));
  const names = nameCells(grid, [place('', 1, 1, 5, 'L9'), place('On or near A Road', 2, 2, 1, 'L8')]);
  assert.equal(names.get(0)?.place, 'On or near A Road');
  assert.equal(names.get(0)?.lsoa, 'L9');
  const bare = nameCells(grid, [place('', 1, 1, 5, 'L9')]);
  assert.equal(bare.get(0)?.place, null);
  assert.equal(bare.get(0)?.ward, 'ward of L9');
});
