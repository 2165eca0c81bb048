// The server's audit trail end to end, with the real policy and routes: a denied request, an upload
// (a write) and a read of rejects (personal data, with its justification) land in the store's
// hash-chained log with who, when, what and why, and the chain verifies.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { as, principal, testIdentify } from '../../test/support/principals.ts';
import { leicestershireStore } from '../../test/support/stores.ts';
import { accessControl } from '../access/policy.ts';
import { buildServer } from '../core/http/server.ts';
import type { Store } from '../core/store/store.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { ROUTES } from '../server.ts';
import { verifyAudit } from './log.ts';
import type { AuditLogTable } from './model.ts';
import { auditSink } from './sink.ts';

let app: FastifyInstance;
let store: Store;
let dispose: () => Promise<void>;
let rejectsToken: string;
const analyst = principal('analyst-7', { role: 'analyst', force: 'leicestershire' });

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  dispose = t.dispose;
  const file = join(t.dir, '2022-04-audit.csv');
  writeFileSync(
    file,
    [
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
      `${'d'.repeat(64)},2022-04,Leicestershire Police,Leicestershire Police,-1.13,52.63,On or near X,E01013000,Leicester 001A,Fraud,,`,
    ].join('\n'),
  );
  const rejectsDir = `${store.location}.rejects`;
  await importCrimeFiles(store, [file], { force: 'leicestershire', rejectsDir });
  const imp = await store.db.selectFrom('imports').select('rejects_token').executeTakeFirstOrThrow();
  rejectsToken = String(imp.rejects_token);
  app = buildServer(
    {
      store,
      rejectsDir,
      access: accessControl,
      identify: testIdentify,
      audit: auditSink(store),
      hardening: { rateLimitMax: 0, rateLimitWindowMs: 60_000, tileUrl: null },
    },
    ROUTES,
  );
  await app.ready();
});
after(async () => {
  await app.close();
  await dispose();
});

async function entries(): Promise<AuditLogTable[]> {
  // onResponse hooks run after the answer: give them a moment.
  await new Promise((r) => setTimeout(r, 50));
  return (await store.db
    .selectFrom('audit_log' as never)
    .selectAll()
    .orderBy('id' as never)
    .execute()) as AuditLogTable[];
}

test('denied, write and personal-read entries carry who, when, route, ids, outcome and why', async () => {
  const t0 = new Date().toISOString();
  assert.equal((await app.inject({ url: '/api/forces/leicestershire/workforce' })).statusCode, 401);
  const noReason = await app.inject({ url: `/api/imports/rejects/${rejectsToken}`, headers: as(analyst) });
  assert.equal(noReason.statusCode, 400);
  const read = await app.inject({
    url: `/api/imports/rejects/${rejectsToken}`,
    headers: { ...as(analyst), 'x-beatwise-reason': 'fixing the April extract rejects' },
  });
  assert.equal(read.statusCode, 200);
  assert.match(read.body, /Fraud/);
  const other = principal('analyst-9', { role: 'analyst', force: 'west-midlands' });
  const hidden = await app.inject({
    url: `/api/imports/rejects/${rejectsToken}`,
    headers: { ...as(other), 'x-beatwise-reason': 'curious about another force' },
  });
  assert.equal(hidden.statusCode, 404);
  const upload = await app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { ...as(analyst), 'content-type': 'multipart/form-data; boundary=zz' },
    payload: '--zz--\r\n',
  });
  assert.ok(upload.statusCode >= 400);
  const log = await entries();
  assert.deepEqual(
    log.map((e) => [e.kind, e.user_id, e.method, e.route, e.outcome]),
    [
      ['denied', null, 'GET', '/api/forces/:force/workforce', '401'],
      ['denied', 'analyst-7', 'GET', '/api/imports/rejects/:token', '400'],
      ['personal-read', 'analyst-7', 'GET', '/api/imports/rejects/:token', '200'],
      ['denied', 'analyst-9', 'GET', '/api/imports/rejects/:token', '404'],
      ['write', 'analyst-7', 'POST', '/api/imports', String(upload.statusCode)],
    ],
  );
  assert.equal(log[2].reason, 'fixing the April extract rejects');
  assert.deepEqual(JSON.parse(log[2].object_ids), { token: rejectsToken });
  assert.deepEqual(JSON.parse(log[2].roles), ['analyst']);
  assert.match(log[3].reason ?? '', /object out of scope/);
  assert.match(log[0].reason ?? '', /sign-in/);
  assert.ok(log.every((e) => e.at >= t0 && e.at.endsWith('Z')));
  assert.deepEqual(await verifyAudit(store), { ok: true, entries: 5 });
});

test('ordinary reads of published data are not logged', async () => {
  const before = (await entries()).length;
  assert.equal((await app.inject({ url: '/api/forces/leicestershire/areas?level=unit' })).statusCode, 200);
  assert.equal((await entries()).length, before);
});
