import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteLru } from './byte-lru.ts';

test('the LRU holds at most its bytes, evicting the least recently used first', () => {
  const lru = new ByteLru<string>(1000);
  for (const k of ['a', 'b', 'c']) assert.ok(lru.set(k, k, 200));
  assert.equal(lru.bytes, 600);
  lru.get('a'); // a is now the most recently used: b goes first
  lru.set('d', 'd', 250);
  lru.set('e', 'e', 250);
  assert.ok(lru.bytes <= 1000);
  assert.equal(lru.get('b'), undefined);
  assert.equal(lru.get('a'), 'a');
  assert.equal(lru.get('e'), 'e');
  lru.grow('a', 240);
  assert.ok(lru.bytes <= 1000, String(lru.bytes));
  // A value over a quarter of the bound is not kept.
  assert.equal(lru.set('big', 'big', 251), false);
  assert.equal(lru.get('big'), undefined);
  // Replacing a key counts its bytes once.
  const before = lru.bytes;
  lru.set('e', 'E', 250);
  assert.equal(lru.bytes, before);
});
