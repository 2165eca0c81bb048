// Map labels never overlap: the web map's HTML labels are placed greedily, most important first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeLabels } from '../web/src/components/label-layout.ts';

test('a label that would overlap one already placed, or leave the map, is dropped', () => {
  const placed = placeLabels(
    [
      { code: 'a', name: 'Coventry', x: 100, y: 100 },
      { code: 'b', name: 'Walsall', x: 110, y: 105 },
      { code: 'c', name: 'Dudley', x: 100, y: 140 },
      { code: 'd', name: 'Solihull', x: 5, y: 50 },
    ],
    400,
    300,
  );
  assert.deepEqual(
    placed.map((l) => l.code),
    ['a', 'c'],
  );
});
