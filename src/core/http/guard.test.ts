// The guard and the hardening around it, on a small server with a stand-in policy: 401/403 before
// any cached answer, cache keys per view, the justification for personal reads, what is reported
// for the audit log, security headers (CSP), the rate limit (429, cached answers included), CSRF,
// and error answers without stack traces or server paths.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { tempStore } from '../../../test/support/stores.ts';
import { BeatwiseError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { AccessControl, AccessEvent } from './guard.ts';
import { cspDirectives } from './headers.ts';
import type { Principal } from './principal.ts';
import { route } from './route.ts';
import { buildServer, type RoutePlugin } from './server.ts';

/** A policy for these tests: 'open' for all; 'staff' for anyone signed in; 'secret' for nobody. */
const policy: AccessControl = {
  decide(p, t) {
    if (t.resource === 'open') return { allow: true, status: 200, reason: 'open' };
    if (!p) return { allow: false, status: 401, reason: 'sign in' };
    if (t.resource === 'staff' || t.resource === 'personal')
      return { allow: true, status: 200, reason: 'staff' };
    return { allow: false, status: 403, reason: `nobody may ${t.action} ${t.resource}` };
  },
  isPersonal: (r) => r === 'personal',
  cacheKey: (p, t) => (t.resource === 'personal' ? null : p ? 'staff' : 'public'),
};

const plugin: RoutePlugin = (app) => {
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/view',
      summary: 'who am I',
      tag: 't',
      access: { resource: 'open', action: 'read' },
    },
    async (_i, req) => ({ seenBy: req.principal ? 'staff' : 'public' }),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/staff',
      summary: 's',
      tag: 't',
      access: { resource: 'staff', action: 'read' },
    },
    async () => ({ staffOnly: 'payroll' }),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/secret',
      summary: 's',
      tag: 't',
      access: { resource: 'secret', action: 'read' },
    },
    async () => ({ secret: true }),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/people/:id',
      summary: 'p',
      tag: 't',
      access: { resource: 'personal', action: 'read' },
    },
    async ({ params }) => ({ person: params }),
  );
  route(
    app,
    {
      method: 'POST',
      url: '/api/things',
      summary: 'w',
      tag: 't',
      access: { resource: 'staff', action: 'create' },
    },
    async () => ({ created: true }),
  );
  route(
    app,
    { method: 'GET', url: '/api/boom', summary: 'b', tag: 't', access: { resource: 'open', action: 'read' } },
    async () => {
      throw new Error('ENOENT: no such file, open /home/beatwise/secret/store.db');
    },
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/bad-file',
      summary: 'b',
      tag: 't',
      access: { resource: 'open', action: 'read' },
    },
    async () => {
      throw new BeatwiseError(
        'csv.empty',
        '/tmp/beatwise-upload-Xy12/extract.csv is empty (see /srv/beatwise/data/rejects/)',
        { file: '/tmp/beatwise-upload-Xy12/extract.csv', line: 1 },
      );
    },
  );
  app.get('/api/undeclared', async () => ({ leaked: true }));
};

const staff: Principal = {
  userId: 'u1',
  email: 'u1@x',
  name: 'U1',
  grants: [{ role: 'analyst' }],
  method: 'password',
};
const asStaff = { 'x-who': 'staff' };
let app: FastifyInstance;
let store: Store;
let dispose: () => Promise<void>;
const events: AccessEvent[] = [];

before(async () => {
  const t = await tempStore();
  store = t.store;
  dispose = t.dispose;
  app = buildServer(
    {
      store,
      rejectsDir: t.dir,
      access: policy,
      identify: async (req) => (req.headers['x-who'] === 'staff' ? staff : null),
      audit: async (e) => {
        events.push(e);
      },
      hardening: {
        rateLimitMax: 1000,
        rateLimitWindowMs: 60_000,
        tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png',
      },
    },
    [plugin],
  );
  await app.ready();
});

async function limited(max: number): Promise<FastifyInstance> {
  const a = buildServer(
    {
      store,
      rejectsDir: '',
      access: policy,
      identify: async (req) => (req.headers['x-who'] === 'staff' ? staff : null),
      hardening: { rateLimitMax: max, rateLimitWindowMs: 60_000, tileUrl: null },
    },
    [plugin],
  );
  await a.ready();
  return a;
}
after(async () => {
  await app.close();
  await dispose();
});

test('401 for the public, 403 for a principal not allowed; a route without a rule is refused', async () => {
  const pub = await app.inject({ url: '/api/forces/f/staff' });
  assert.equal(pub.statusCode, 401);
  assert.equal(pub.json().error.code, 'access.unauthenticated');
  assert.equal((await app.inject({ url: '/api/forces/f/staff', headers: asStaff })).statusCode, 200);
  const secret = await app.inject({ url: '/api/forces/f/secret', headers: asStaff });
  assert.equal(secret.statusCode, 403);
  assert.equal(secret.json().error.code, 'access.forbidden');
  const undeclared = await app.inject({ url: '/api/undeclared', headers: asStaff });
  assert.equal(undeclared.statusCode, 403);
  assert.doesNotMatch(undeclared.body, /leaked/);
});

test('the cache never answers before the guard, and keys answers by what the principal may see', async () => {
  const a = await app.inject({ url: '/api/forces/f/staff', headers: asStaff });
  const b = await app.inject({ url: '/api/forces/f/staff', headers: asStaff });
  assert.equal(b.headers['x-cache'], 'hit');
  assert.equal(b.body, a.body);
  const pub = await app.inject({ url: '/api/forces/f/staff' });
  assert.equal(pub.statusCode, 401);
  assert.doesNotMatch(pub.body, /payroll/);
  // The same URL answered for staff first, then the public: each gets its own answer.
  assert.equal((await app.inject({ url: '/api/forces/f/view', headers: asStaff })).json().seenBy, 'staff');
  const p1 = await app.inject({ url: '/api/forces/f/view' });
  assert.equal(p1.headers['x-cache'], undefined);
  assert.equal(p1.json().seenBy, 'public');
  assert.equal((await app.inject({ url: '/api/forces/f/view' })).headers['x-cache'], 'hit');
});

test('a personal-data read needs a justification, which is logged with the ids', async () => {
  events.length = 0;
  const none = await app.inject({ url: '/api/people/42', headers: asStaff });
  assert.equal(none.statusCode, 400);
  assert.equal(none.json().error.code, 'access.reason_required');
  assert.match(none.json().error.message, /x-beatwise-reason/);
  const ok = await app.inject({
    url: '/api/people/42?reason=safeguarding%20referral%20follow-up',
    headers: asStaff,
  });
  assert.equal(ok.statusCode, 200);
  const viaHeader = await app.inject({
    url: '/api/people/43',
    headers: { ...asStaff, 'x-beatwise-reason': 'case review 2026/118' },
  });
  assert.equal(viaHeader.statusCode, 200);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(
    events.map((e) => [e.kind, e.outcome, e.reason, e.objectIds.id, e.userId, e.route]),
    [
      ['denied', 400, 'no justification for a personal-data read', '42', 'u1', '/api/people/:id'],
      ['personal-read', 200, 'safeguarding referral follow-up', '42', 'u1', '/api/people/:id'],
      ['personal-read', 200, 'case review 2026/118', '43', 'u1', '/api/people/:id'],
    ],
  );
});

test('denied requests and every write are reported for the audit log; ordinary reads are not', async () => {
  events.length = 0;
  await app.inject({ url: '/api/forces/f/secret', headers: asStaff });
  await app.inject({ method: 'POST', url: '/api/things', headers: asStaff });
  await app.inject({ url: '/api/forces/f/view', headers: asStaff });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(
    events.map((e) => [e.kind, e.method, e.route, e.outcome, e.roles]),
    [
      ['denied', 'GET', '/api/forces/:force/secret', 403, ['analyst']],
      ['write', 'POST', '/api/things', 200, ['analyst']],
    ],
  );
  assert.match(events[0].reason ?? '', /nobody may read secret/);
});

test('CSRF: a write carrying a cookie must show it comes from our pages', async () => {
  const post = (headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/api/things',
      headers: { ...asStaff, host: 'beatwise.local', ...headers },
    });
  const forged = await post({ cookie: 'session=abc' });
  assert.equal(forged.statusCode, 403);
  assert.equal(forged.json().error.code, 'access.csrf');
  assert.equal((await post({ cookie: 'session=abc', origin: 'https://evil.example' })).statusCode, 403);
  assert.equal((await post({ cookie: 'session=abc', 'sec-fetch-site': 'cross-site' })).statusCode, 403);
  assert.equal((await post({ cookie: 'session=abc', 'x-requested-with': 'beatwise' })).statusCode, 200);
  assert.equal((await post({ cookie: 'session=abc', origin: 'http://beatwise.local' })).statusCode, 200);
  assert.equal((await post({ cookie: 'session=abc', 'sec-fetch-site': 'same-origin' })).statusCode, 200);
  assert.equal((await post({})).statusCode, 200, 'no cookie: not a browser session, no CSRF risk');
  assert.equal(
    (await app.inject({ url: '/api/forces/f/view', headers: { cookie: 'session=abc' } })).statusCode,
    200,
  );
});

test('no stack trace or server path in any error answer', async () => {
  const boom = await app.inject({ url: '/api/boom' });
  assert.equal(boom.statusCode, 500);
  assert.deepEqual(boom.json(), { error: { code: 'http.internal', message: 'internal error', details: {} } });
  const bad = await app.inject({ url: '/api/bad-file' });
  assert.equal(bad.statusCode, 400);
  const e = bad.json().error;
  assert.equal(e.details.file, 'extract.csv');
  assert.equal(e.details.line, 1);
  assert.match(e.message, /^extract\.csv is empty \(see rejects\)$/);
  for (const r of [boom, bad]) {
    assert.doesNotMatch(r.body, /\/tmp|\/home|\/srv|beatwise-upload|\bat .*\.ts:\d+/);
  }
  const notFound = await app.inject({ url: '/api/nothing/here' });
  assert.equal(notFound.statusCode, 404);
  assert.doesNotMatch(notFound.body, /\/home|\/tmp|node_modules/);
});

test('security headers: a strict CSP allowing MapLibre’s workers and the tile server', async () => {
  const r = await app.inject({ url: '/api/forces/f/view' });
  const csp = String(r.headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /worker-src 'self' blob:/);
  assert.match(csp, /img-src 'self' data: blob: https:\/\/tiles\.example\.org/);
  assert.match(csp, /connect-src 'self' https:\/\/tiles\.example\.org/);
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
  // Also on a cached answer.
  const hit = await app.inject({ url: '/api/forces/f/view' });
  assert.equal(hit.headers['x-cache'], 'hit');
  assert.match(String(hit.headers['content-security-policy']), /default-src 'self'/);
  assert.deepEqual(cspDirectives(null).connectSrc, ["'self'"]);
});

test('rate limit: past the limit, 429 with a JSON error, cached answers included', async () => {
  const small = await limited(8);
  let last = await small.inject({ url: '/api/forces/f/view' });
  let n = 1;
  while (last.statusCode === 200 && n < 50) {
    last = await small.inject({ url: '/api/forces/f/view' });
    if (n === 2) assert.equal(last.headers['x-cache'], 'hit');
    n++;
  }
  assert.equal(last.statusCode, 429);
  assert.equal(n, 9, `limited after ${n} requests`);
  assert.equal(last.json().error.code, 'http.rate_limited');
  assert.match(last.json().error.message, /at most 8 per 60 s/);
  assert.ok(last.headers['retry-after']);
  // Per user: a signed-in user has their own budget.
  assert.equal((await small.inject({ url: '/api/forces/f/view', headers: asStaff })).statusCode, 200);
  // Outside /api (the web app's files) there is no limit.
  assert.notEqual((await small.inject({ url: '/index.html' })).statusCode, 429);
  await small.close();
  // 0 turns it off.
  const off = await limited(0);
  for (let i = 0; i < 20; i++)
    assert.equal((await off.inject({ url: '/api/forces/f/view' })).statusCode, 200);
  await off.close();
});

test('when the audit log cannot be written, a personal record is withheld (503), not sent unrecorded', async () => {
  const t = await tempStore();
  let failing = true;
  const logged: AccessEvent[] = [];
  const a = buildServer(
    {
      store: t.store,
      rejectsDir: t.dir,
      access: policy,
      identify: async (req) => (req.headers['x-who'] === 'staff' ? staff : null),
      audit: async (e) => {
        if (failing) throw new Error('disk full');
        logged.push(e);
      },
    },
    [plugin],
  );
  try {
    await a.ready();
    const headers = { ...asStaff, 'x-beatwise-reason': 'safeguarding review 7' };
    const refused = await a.inject({ url: '/api/people/42', headers });
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.json().error.code, 'audit.unavailable');
    assert.doesNotMatch(refused.body, /"person"/);
    // An ordinary read does not depend on the log.
    assert.equal((await a.inject({ url: '/api/forces/f/view', headers: asStaff })).statusCode, 200);
    failing = false;
    const ok = await a.inject({ url: '/api/people/42', headers });
    assert.equal(ok.statusCode, 200);
    await new Promise((r) => setTimeout(r, 20));
    // Logged once, before it was sent: the response hook does not log it again.
    assert.deepEqual(
      logged.map((e) => [e.kind, e.outcome, e.reason]),
      [['personal-read', 200, 'safeguarding review 7']],
    );
  } finally {
    await a.close();
    await t.dispose();
  }
});
