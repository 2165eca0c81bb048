import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AS_ADMIN } from '../../../test/support/principals.ts';
import { tempStore } from '../../../test/support/stores.ts';
import { parseTrustProxy, type TrustProxy } from './proxy.ts';
import { route } from './route.ts';
import { buildServer } from './server.ts';

test('BEATWISE_TRUST_PROXY: none by default, a hop count, or proxy addresses; anything else is refused', () => {
  assert.equal(parseTrustProxy(undefined), false);
  assert.equal(parseTrustProxy(''), false);
  const one = parseTrustProxy('1');
  assert.equal(typeof one === 'function' && [one('10.0.0.1', 0), one('10.0.0.2', 1)].join(), 'true,false');
  assert.deepEqual(parseTrustProxy('10.0.0.0/8, 127.0.0.1'), ['10.0.0.0/8', '127.0.0.1']);
  assert.throws(() => parseTrustProxy('true'), /BEATWISE_TRUST_PROXY/);
  assert.throws(() => parseTrustProxy('proxy.example'), /"proxy.example"/);
});

test('the client address comes from X-Forwarded-For only when the proxy is trusted', async () => {
  const t = await tempStore();
  const ipOf = async (trustProxy: TrustProxy) => {
    const app = buildServer({ store: t.store, rejectsDir: t.dir, ...AS_ADMIN, trustProxy }, [
      (a) =>
        route(
          a,
          {
            method: 'GET',
            url: '/api/ip',
            summary: 'ip',
            tag: 't',
            access: { resource: 'meta', action: 'read' },
          },
          async (_input, req) => ({ ip: req.ip }),
        ),
    ]);
    try {
      const r = await app.inject({ url: '/api/ip', headers: { 'x-forwarded-for': '203.0.113.9' } });
      return r.json().ip as string;
    } finally {
      await app.close();
    }
  };
  try {
    assert.equal(await ipOf(false), '127.0.0.1');
    assert.equal(await ipOf(['127.0.0.1']), '203.0.113.9');
    assert.equal(await ipOf(['10.9.9.9']), '127.0.0.1');
    const oneHop = parseTrustProxy('1');
    assert.equal(await ipOf(oneHop), '203.0.113.9');
  } finally {
    await t.dispose();
  }
});
