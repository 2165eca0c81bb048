import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentKey, hash63, idKey } from './keys.ts';

test('keys are stable, non-negative 63-bit integers', () => {
  const id = '04e89249f2f000151ff37a5b503c03aa0bdfff3e94033ed40ea42e71721640ee';
  assert.equal(idKey(id), idKey(id));
  assert.equal(idKey(id), 0x04e89249f2f00015n);
  for (const k of [idKey(id), idKey('20/1234/22'), contentKey('x', 0), hash63('')]) {
    assert.ok(k >= 0n && k < 1n << 63n);
  }
});

test('repeated identical rows without an ID get different keys by occurrence', () => {
  assert.notEqual(contentKey('same row', 0), contentKey('same row', 1));
  assert.equal(contentKey('same row', 1), contentKey('same row', 1));
});

test('no collisions among 200,000 distinct content keys', () => {
  const seen = new Set<bigint>();
  for (let i = 0; i < 200_000; i++)
    seen.add(contentKey(`2020-01,On or near Street ${i},Anti-social behaviour`, 0));
  assert.equal(seen.size, 200_000);
});
