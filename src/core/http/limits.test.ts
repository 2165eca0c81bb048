// The server's limits on what a request can cost: parsed bodies (1 MiB unless a route says more,
// a 413 that says so) and the response cache (bounded in bytes, keyed by the known parameters only).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AS_ADMIN } from '../../../test/support/principals.ts';
import { tempStore } from '../../../test/support/stores.ts';
import { route } from './route.ts';
import { buildServer } from './server.ts';

let t: Awaited<ReturnType<typeof tempStore>>;
let app: FastifyInstance;
let url: string;
let computed = 0;

before(async () => {
  t = await tempStore();
  process.env.BEATWISE_CACHE_MB = '1';
  app = buildServer({ store: t.store, rejectsDir: t.dir, ...AS_ADMIN }, [
    (api) => {
      // An answer of `kb` kilobytes (with a marker), counting how often it is computed.
      route(
        api,
        {
          method: 'GET',
          url: '/api/forces/:force/sized',
          summary: 'test',
          tag: 'test',
          access: { resource: 'crime-aggregates', action: 'read' },
          params: z.object({ force: z.string() }),
          query: z.object({ kb: z.coerce.number().int().min(1).max(1000), tag: z.string().optional() }),
        },
        async ({ query }) => {
          computed++;
          return { tag: query.tag ?? null, text: 'x'.repeat(query.kb * 1024) };
        },
      );
      route(
        api,
        {
          method: 'GET',
          url: '/api/forces/:force/download',
          summary: 'test',
          tag: 'test',
          access: { resource: 'crime-aggregates', action: 'read' },
        },
        async (_i, _req, reply) => {
          reply.header('Content-Disposition', 'attachment; filename="cells.csv"');
          return reply.type('text/csv').send('a,b\n1,2\n');
        },
      );
      const create = { resource: 'imports', action: 'create' } as const;
      route(
        api,
        { method: 'POST', url: '/api/echo', summary: 'test', tag: 'test', access: create },
        async (_i, req) => ({
          bytes: JSON.stringify(req.body).length,
        }),
      );
      route(
        api,
        {
          method: 'POST',
          url: '/api/echo-large',
          summary: 'test',
          tag: 'test',
          access: create,
          bodyLimit: 8 * 1024 * 1024,
        },
        async (_i, req) => ({ bytes: JSON.stringify(req.body).length }),
      );
    },
  ]);
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  delete process.env.BEATWISE_CACHE_MB;
});
after(async () => {
  await app.close();
  await t.dispose();
});

const post = (path: string, body: string) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

test('a JSON body over 1 MiB is refused with 413 and a message; a route may allow more', async () => {
  const big = JSON.stringify({ junk: 'x'.repeat(2 * 1024 * 1024) });
  const r = await post('/api/echo', big);
  assert.equal(r.status, 413);
  const e = ((await r.json()) as { error: { code: string; message: string } }).error;
  assert.equal(e.code, 'http.body_too_large');
  assert.match(e.message, /larger than this route accepts \(1 MiB\)/);
  const ok = await post('/api/echo-large', big);
  assert.equal(ok.status, 200);
  const small = await post('/api/echo', '{"a":1}');
  assert.equal(small.status, 200);
  const bad = await post('/api/echo', '{"a":');
  assert.equal(bad.status, 400);
  assert.ok(((await bad.json()) as { error?: { message: string } }).error?.message);
});

test('unknown query parameters do not make new cache entries; the known ones in any order hit', async () => {
  const first = await fetch(`${url}/api/forces/x/sized?kb=2&tag=a`);
  assert.equal(first.status, 200);
  const n = computed;
  for (let i = 0; i < 15; i++) {
    const r = await fetch(`${url}/api/forces/x/sized?tag=a&junk${i}=${'y'.repeat(100)}&kb=2`);
    assert.equal(r.headers.get('x-cache'), 'hit', `request ${i}`);
    await r.arrayBuffer();
  }
  assert.equal(computed, n);
  const other = await fetch(`${url}/api/forces/x/sized?kb=2&tag=b`);
  assert.equal(other.headers.get('x-cache'), null);
  assert.equal(((await other.json()) as { tag: string }).tag, 'b');
});

test('the cache is bounded in bytes: old answers leave, an answer over a quarter of it is not kept', async () => {
  // BEATWISE_CACHE_MB=1: five answers of 200 KB cannot all stay.
  for (const tag of ['p', 'q', 'r', 's', 't', 'u'])
    await (await fetch(`${url}/api/forces/x/sized?kb=200&tag=${tag}`)).text();
  const last = await fetch(`${url}/api/forces/x/sized?kb=200&tag=u`);
  assert.equal(last.headers.get('x-cache'), 'hit');
  await last.text();
  const firstOut = await fetch(`${url}/api/forces/x/sized?kb=200&tag=p`);
  assert.equal(firstOut.headers.get('x-cache'), null);
  await firstOut.text();
  for (let i = 0; i < 2; i++) {
    const big = await fetch(`${url}/api/forces/x/sized?kb=300&tag=big`);
    assert.equal(big.headers.get('x-cache'), null);
    await big.text();
  }
});

test('a cached download is still a download', async () => {
  for (const expect of [null, 'hit']) {
    const r = await fetch(`${url}/api/forces/x/download`);
    assert.equal(r.headers.get('x-cache'), expect);
    assert.equal(r.headers.get('content-disposition'), 'attachment; filename="cells.csv"');
    assert.match(r.headers.get('content-type') ?? '', /text\/csv/);
    assert.equal(await r.text(), 'a,b\n1,2\n');
  }
});
