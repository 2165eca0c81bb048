import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BeatwiseError } from '../core/errors.ts';
import { resolveSelection } from './selections.ts';

test('names of Object.prototype are not selections: they are refused like any unknown name', () => {
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])
    assert.throws(
      () => resolveSelection(name),
      (e: unknown) =>
        e instanceof BeatwiseError && e.code === 'selection.unknown' && e.message.includes(`"${name}"`),
      name,
    );
  assert.equal(resolveSelection('asb').name, 'asb');
  assert.deepEqual(resolveSelection('burglary,robbery').categories.length, 2);
});
