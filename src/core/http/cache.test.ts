// The response cache's ETags: the same data version and URL give the same tag and a 304 without
// the answer being made again; any change to the data gives a new tag.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { tempStore } from '../../../test/support/stores.ts';
import { registerResponseCache } from './cache.ts';

let t: Awaited<ReturnType<typeof tempStore>>;
let app: FastifyInstance;
let made = 0;

before(async () => {
  t = await tempStore();
  app = Fastify();
  registerResponseCache(app, t.store);
  app.get('/api/forces/x/boundaries', { config: { queryKeys: ['level'] } }, async () => {
    made++;
    return { features: 'x'.repeat(2000) };
  });
  await app.ready();
});
after(async () => {
  await app.close();
  await t.dispose();
});

test('an ETag per data version and URL; If-None-Match gets 304 without making the answer', async () => {
  const first = await app.inject({ method: 'GET', url: '/api/forces/x/boundaries' });
  assert.equal(first.statusCode, 200);
  const etag = first.headers.etag as string;
  assert.match(etag, /^"[0-9a-f]{16}"$/);
  assert.equal(first.headers['cache-control'], 'no-cache');
  assert.equal(made, 1);
  const again = await app.inject({
    method: 'GET',
    url: '/api/forces/x/boundaries',
    headers: { 'if-none-match': etag },
  });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
  assert.equal(made, 1);
  const other = await app.inject({
    method: 'GET',
    url: '/api/forces/x/boundaries?level=ward',
    headers: { 'if-none-match': etag },
  });
  assert.equal(other.statusCode, 200);
  assert.notEqual(other.headers.etag, etag);
  assert.equal(made, 2);
  // The data changes (a force is added): a new tag, and the old one no longer matches.
  await t.store.db
    .insertInto('forces')
    .values({ slug: 'y', name: 'Y', spec: '{}', created_at: new Date().toISOString() })
    .execute();
  await t.store.db
    .insertInto('areas')
    .values({
      force_id: 1,
      level: 'force',
      code: 'Y',
      name: 'Y',
      parent_id: null,
      geometry: null,
      geometry_bng: null,
      props: '{}',
      approximate: 0,
    })
    .execute();
  const changed = await app.inject({
    method: 'GET',
    url: '/api/forces/x/boundaries',
    headers: { 'if-none-match': etag },
  });
  assert.equal(changed.statusCode, 200);
  assert.notEqual(changed.headers.etag, etag);
  assert.equal(made, 3);
});
