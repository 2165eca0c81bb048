import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ADMIN, as, principal, testIdentify } from '../../test/support/principals.ts';
import { accessControl } from '../access/policy.ts';
import { buildServer } from '../core/http/server.ts';
import type { Store } from '../core/store/store.ts';
import { burglaryStore, FORCE } from './fixtures.test-support.ts';
import { repeatRoutes } from './routes.ts';

let app: FastifyInstance;
let store: Store;
let dispose: () => Promise<void>;
let crime: { id: number; team: string; unit: string };
let otherTeam: string;
const f = `/api/forces/${FORCE}/repeats`;

before(async () => {
  const t = await burglaryStore();
  store = t.store;
  dispose = t.dispose;
  const r = await store.db
    .selectFrom('crimes')
    .innerJoin('areas as team', 'team.id', 'crimes.team_id')
    .innerJoin('areas as unit', 'unit.id', 'crimes.unit_id')
    .select(['crimes.id', 'team.code as team', 'unit.code as unit'])
    .orderBy('crimes.id')
    .executeTakeFirstOrThrow();
  crime = { id: Number(r.id), team: r.team, unit: r.unit };
  otherTeam = (
    await store.db
      .selectFrom('areas')
      .select('code')
      .where('level', '=', 'team')
      .where('code', '!=', crime.team)
      .executeTakeFirstOrThrow()
  ).code;
  app = buildServer(
    {
      store,
      rejectsDir: `${t.dir}/rejects`,
      access: accessControl,
      identify: testIdentify,
      hardening: { rateLimitMax: 0, rateLimitWindowMs: 60_000, tileUrl: null },
    },
    [repeatRoutes],
  );
  await app.ready();
});
after(async () => {
  await app?.close();
  await dispose?.();
});

test('Knox table: public JSON with the seed, the caveats of month-only data and a CSV like the calculator', async () => {
  const res = await app.inject({ url: `${f}/knox?iterations=99&seed=5&distances=200,400&times=0,31` });
  assert.equal(res.statusCode, 200, res.body);
  const a = res.json();
  assert.equal(a.header.burglaries, 210);
  assert.equal(a.result.seed, 5);
  assert.equal(a.result.minP, 0.01);
  assert.equal(
    a.result.observed.flat().reduce((s: number, v: number) => s + v, 0),
    (210 * 209) / 2,
  );
  assert.ok(a.header.caveats.some((c: string) => /month only/.test(c)));
  const again = (
    await app.inject({ url: `${f}/knox?iterations=99&seed=5&distances=200,400&times=0,31` })
  ).json();
  assert.deepEqual(again.result, a.result);
  const csv = await app.inject({ url: `${f}/knox?iterations=99&seed=5&format=csv` });
  assert.equal(csv.statusCode, 200);
  assert.match(csv.body, /^Observed frequencies,/m);
  assert.match(csv.body, /^Knox ratios,/m);
  assert.match(csv.body, /^seed,5$/m);
  const bad = await app.inject({ url: `${f}/knox?distances=400,200` });
  assert.equal(bad.statusCode, 400);
});

test('classification counts add up to the burglaries', async () => {
  const a = (await app.inject({ url: `${f}/classify?radius=300&days=31` })).json();
  const sum = a.rows.reduce(
    (s: number, r: { isolated: number; originator: number; repeat: number; nearRepeat: number }) =>
      s + r.isolated + r.originator + r.repeat + r.nearRepeat,
    0,
  );
  assert.equal(sum, 210);
  assert.ok(a.totals.repeat > 0);
});

test('alerts name streets: not for the public; analysts get visit lists, JSON and printable HTML', async () => {
  const pub = await app.inject({ url: `${f}/alerts?since=2022-04` });
  assert.equal(pub.statusCode, 401);
  const res = await app.inject({ url: `${f}/alerts?since=2022-04&radius=300&days=28`, headers: as(ADMIN) });
  assert.equal(res.statusCode, 200, res.body);
  const a = res.json();
  assert.equal(a.alerts.length, 70);
  const first = a.alerts[0];
  assert.equal(first.radiusM, 300);
  assert.ok(first.visitsByTeam[0].list[0].street.startsWith('On or near'));
  assert.deepEqual(Object.keys(first.hotspot).sort(), ['easting', 'from', 'northing', 'radiusM', 'to']);
  const html = await app.inject({ url: `${f}/alerts?since=2022-04&format=html`, headers: as(ADMIN) });
  assert.match(html.headers['content-type'] as string, /text\/html/);
  assert.match(html.body, /Cocooning visit lists/);
});

test('recording cocooning: in-scope officer yes, another team 404; the comparison then counts it', async () => {
  const officer = principal('officer-1', { role: 'officer', force: FORCE, team: crime.team });
  const ok = await app.inject({
    method: 'POST',
    url: `${f}/cocooning/${crime.id}`,
    headers: as(officer),
    payload: { status: 'done', visits: 12, note: 'cards left' },
  });
  assert.equal(ok.statusCode, 200, ok.body);
  const other = principal('sergeant-2', { role: 'sergeant', force: FORCE, team: otherTeam });
  const no = await app.inject({
    method: 'POST',
    url: `${f}/cocooning/${crime.id}`,
    headers: as(other),
    payload: {},
  });
  assert.equal(no.statusCode, 404);
  const missing = await app.inject({
    method: 'POST',
    url: `${f}/cocooning/999999`,
    headers: as(ADMIN),
    payload: {},
  });
  assert.equal(missing.statusCode, 404);
  const e = (await app.inject({ url: `${f}/cocooning?radius=300&days=31` })).json();
  assert.equal(e.evaluation.cocooned.burglaries, 1);
  assert.match(e.evaluation.caveat, /not a randomised/);
});
