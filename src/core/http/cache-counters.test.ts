// The response cache drops an answer only when a data counter its route depends on moves: a patrol
// plan written leaves harm answers cached (and is itself seen at once), a casework edit is seen on
// the next read of its figures (no `noCache`), and an import makes harm again.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ADMIN, as, testIdentify } from '../../../test/support/principals.ts';
import { LEICS_CRIMES, leicestershireStore } from '../../../test/support/stores.ts';
import { accessControl } from '../../access/policy.ts';
import { importCrimeFiles } from '../../crime/index.ts';
import { ROUTES } from '../../server.ts';
import type { Store } from '../store/store.ts';
import { dataCounters } from './cache.ts';
import { buildServer } from './server.ts';

const F = 'leicestershire';
let app: FastifyInstance;
let store: Store;
let dir: string;
let dispose: () => Promise<void>;
let team: string;

before(async () => {
  const t = await leicestershireStore();
  ({ store, dir, dispose } = t);
  await importCrimeFiles(
    store,
    ['2022-03', '2022-04'].map((m) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`)),
    { rejectsDir: join(dir, 'rejects') },
  );
  team = (
    await store.db
      .selectFrom('areas')
      .select('code')
      .where('level', '=', 'team')
      .orderBy('code')
      .executeTakeFirstOrThrow()
  ).code;
  app = buildServer(
    {
      store,
      rejectsDir: join(dir, 'rejects'),
      access: accessControl,
      identify: testIdentify,
      hardening: { rateLimitMax: 0, rateLimitWindowMs: 60_000, tileUrl: null },
    },
    ROUTES,
  );
  await app.ready();
});
after(async () => {
  await app?.close();
  await dispose?.();
});

const get = (url: string) =>
  app.inject({ url, headers: { ...as(ADMIN), 'x-beatwise-reason': 'cache counters test' } });
const HARM = `/api/forces/${F}/harm?level=district&from=2022-02&to=2022-04&window=1`;

test('a patrol write leaves harm cached, and the patrol plans list shows it at once', async () => {
  const plans = `/api/forces/${F}/patrol-plans`;
  const h1 = await get(HARM);
  assert.equal(h1.statusCode, 200, h1.body);
  assert.equal(h1.headers['x-cache'], undefined);
  assert.equal((await get(HARM)).headers['x-cache'], 'hit');
  const p1 = await get(plans);
  assert.equal(p1.statusCode, 200, p1.body);
  assert.equal((await get(plans)).headers['x-cache'], 'hit');
  const before = await dataCounters(store);
  const made = await app.inject({
    method: 'POST',
    url: plans,
    headers: as(ADMIN),
    payload: { area: `team:${team}`, startDate: '2022-05-02', endDate: '2022-05-29', hotspots: 3, seed: 5 },
  });
  assert.equal(made.statusCode, 201, made.body);
  const moved = await dataCounters(store);
  assert.notEqual(moved.patrols, before.patrols);
  assert.equal(moved.crimes, before.crimes);
  assert.equal(moved.areas, before.areas);
  assert.equal(moved.weights, before.weights);
  const h2 = await get(HARM);
  assert.equal(h2.headers['x-cache'], 'hit');
  assert.equal(h2.body, h1.body);
  const p2 = await get(plans);
  assert.equal(p2.headers['x-cache'], undefined);
  assert.equal(p2.json().plans.length, p1.json().plans.length + 1);
});

test('a casework edit is seen on the next read of its figures', async () => {
  const figures = `/api/forces/${F}/casework/burglary/figures?by=team&from=2022-12&to=2022-12`;
  const f1 = await get(figures);
  assert.equal(f1.statusCode, 200, f1.body);
  assert.equal((await get(figures)).headers['x-cache'], 'hit');
  const countOf = (body: { groups: { key: string; burglaries: number }[] }) =>
    body.groups.find((g) => g.key === team)?.burglaries ?? 0;
  const made = await app.inject({
    method: 'POST',
    url: `/api/forces/${F}/casework/burglary`,
    headers: as(ADMIN),
    payload: { crimeRef: 'CACHE/1', reportedAt: '2022-12-20 08:00', team },
  });
  assert.equal(made.statusCode, 200, made.body);
  const f2 = await get(figures);
  assert.equal(f2.statusCode, 200);
  assert.equal(f2.headers['x-cache'], undefined);
  assert.equal(countOf(f2.json()), countOf(f1.json()) + 1);
  // Harm does not depend on casework: still cached.
  assert.equal((await get(HARM)).headers['x-cache'], 'hit');
});

test('an import makes harm again, with the month it adds in it', async () => {
  const h1 = await get(HARM);
  assert.equal(h1.headers['x-cache'], 'hit');
  await importCrimeFiles(store, [join(LEICS_CRIMES, '2022-02-leicestershire-street.csv.gz')], {
    rejectsDir: join(dir, 'rejects'),
  });
  const h2 = await get(HARM);
  assert.equal(h2.statusCode, 200);
  assert.equal(h2.headers['x-cache'], undefined);
  assert.notEqual(h2.body, h1.body);
  assert.equal((await get(HARM)).headers['x-cache'], 'hit');
});
