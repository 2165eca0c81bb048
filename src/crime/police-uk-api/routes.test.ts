// Contract tests of the crime paths of the police.uk-compatible API against the documented police.uk
// answers (test/fixtures/police-uk), police.uk's limits (429, 503, 404 for a month not published),
// and the precision rule: no coordinate in any public answer is a crime's exact extract location.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  CENTRE,
  F,
  fixture,
  type PoliceUkWorld,
  PREFIX,
  policeUkServer,
  policeUkWorld,
  shapeProblems,
} from '../../../test/support/police-uk.ts';
import { TokenBuckets } from '../../core/http/police-uk.ts';

let w: PoliceUkWorld;
let app: FastifyInstance;
before(async () => {
  w = await policeUkWorld();
  app = policeUkServer(w.store);
  await app.ready();
});
after(async () => {
  await app?.close();
  await w?.dispose();
});

async function get(path: string, a: FastifyInstance = app) {
  const res = await a.inject({ url: `${PREFIX}${path}` });
  return { status: res.statusCode, body: res.body ? (res.json() as unknown) : null };
}
function conforms(name: string, body: unknown) {
  assert.deepEqual(shapeProblems(fixture(name), body), [], name);
}
const at = `lat=${CENTRE.lat}&lng=${CENTRE.lng}`;
type Crime = {
  category: string;
  persistent_id: string;
  outcome_status: unknown;
  location: { latitude: string; longitude: string; street: { id: number; name: string } } | null;
};

test('crimes-street by point: police.uk shape, categories by police.uk id, ASB without outcome', async () => {
  const r = await get(`/crimes-street/all-crime?${at}&date=2022-04`);
  assert.equal(r.status, 200);
  conforms('crimes-street', r.body);
  const crimes = r.body as Crime[];
  assert.equal(crimes.length, 12, 'the four map points are within a mile; the unlocated crime is not');
  assert.deepEqual([...new Set(crimes.map((c) => c.category))].sort(), [
    'anti-social-behaviour',
    'burglary',
    'violent-crime',
  ]);
  for (const c of crimes.filter((x) => x.category === 'anti-social-behaviour')) {
    assert.equal(c.outcome_status, null);
    assert.equal(c.persistent_id, '');
  }
  const burglary = (await get(`/crimes-street/burglary?${at}&date=2022-04`)).body as Crime[];
  assert.equal(burglary.length, 4);
  assert.equal((await get(`/crimes-street/no-such-thing?${at}&date=2022-04`)).status, 404);
});

test('crimes-street by poly (GET and POST); over the area limit is 503', async () => {
  const poly = '52.625,-1.145:52.645,-1.145:52.645,-1.115:52.625,-1.115';
  const g = (await get(`/crimes-street/all-crime?poly=${poly}&date=2022-04`)).body as Crime[];
  assert.ok(g.length > 0);
  conforms('crimes-street', g);
  const p = await app.inject({
    method: 'POST',
    url: `${PREFIX}/crimes-street/all-crime`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ poly, date: '2022-04' }).toString(),
  });
  assert.equal(p.statusCode, 200);
  assert.deepEqual(p.json(), g);
  const small = policeUkServer(w.store, { maxAreaCrimes: 3 });
  assert.equal((await get(`/crimes-street/all-crime?poly=${poly}&date=2022-04`, small)).status, 503);
  await small.close();
});

test('a month not published is 404; no date means the latest month', async () => {
  assert.equal((await get(`/crimes-street/all-crime?${at}&date=2030-01`)).status, 404);
  assert.equal((await get(`/crimes-street/all-crime?${at}&date=2022-13`)).status, 400);
  const latest = (await get(`/crimes-street/all-crime?${at}`)).body as { month: string }[];
  assert.ok(latest.length > 0);
  assert.ok(latest.every((c) => c.month === '2022-05'));
});

test('crimes-at-location, crimes-no-location, outcomes-at-location, outcomes-for-crime', async () => {
  const near = (await get(`/crimes-at-location?${at}&date=2022-04`)).body as Crime[];
  conforms('crimes-at-location', near);
  assert.equal(near.length, 3, 'the three crimes at the nearest map point');
  const id = near[0].location?.street.id;
  const byId = (await get(`/crimes-at-location?location_id=${id}&date=2022-04`)).body as Crime[];
  assert.deepEqual(byId, near);
  const none = (await get(`/crimes-no-location?category=all-crime&force=${F}&date=2022-04`)).body as Crime[];
  conforms('crimes-no-location', none);
  assert.equal(none.length, 1);
  assert.equal(none[0].location, null);
  const outcomes = (await get(`/outcomes-at-location?${at}&date=2022-04`)).body as { crime: Crime }[];
  conforms('outcomes-at-location', outcomes);
  assert.equal(outcomes.length, 4, 'the burglaries, which have outcomes');
  const one = await get(`/outcomes-for-crime/${outcomes[0].crime.persistent_id}`);
  assert.equal(one.status, 200);
  conforms('outcomes-for-crime', one.body);
  // An extract crime's persistent_id finds it again, and is not the force's reference.
  const may = (await get(`/crimes-street/robbery?${at}&date=2022-05`)).body as Crime[];
  assert.ok(may.length > 0);
  assert.doesNotMatch(JSON.stringify(may), /LE\/22|Secret Road/);
  const ex = await get(`/outcomes-for-crime/${may[0].persistent_id}`);
  assert.equal(ex.status, 200);
  assert.equal((await get(`/outcomes-for-crime/${'0'.repeat(64)}`)).status, 404);
});

test('crime-categories, crime-last-updated, crimes-street-dates; stop and search is empty', async () => {
  const cats = (await get('/crime-categories?date=2022-04')).body;
  conforms('crime-categories', cats);
  assert.deepEqual(cats, fixture('crime-categories'), 'the same ids, names and order as police.uk');
  const last = (await get('/crime-last-updated')).body;
  conforms('crime-last-updated', last);
  assert.deepEqual(last, { date: '2022-05-01' });
  const dates = (await get('/crimes-street-dates')).body;
  conforms('crimes-street-dates', dates);
  assert.deepEqual(dates, [
    { date: '2022-05', 'stop-and-search': [] },
    { date: '2022-04', 'stop-and-search': [] },
  ]);
  for (const p of ['stops-street', 'stops-at-location', 'stops-no-location', 'stops-force'])
    assert.deepEqual((await get(`/${p}?${at}`)).body, [], p);
});

test('precision: no coordinate in any public answer is an extract crime’s exact location', async () => {
  const answers: unknown[] = [];
  for (const path of [
    `/crimes-street/all-crime?${at}&date=2022-05`,
    `/crimes-street/all-crime?poly=52.62,-1.15:52.65,-1.15:52.65,-1.11:52.62,-1.11&date=2022-05`,
    `/crimes-at-location?${at}&date=2022-05`,
    `/outcomes-at-location?${at}&date=2022-05`,
  ]) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    answers.push(r.body);
  }
  const may = answers[0] as Crime[];
  assert.equal(may.length, w.exact.length, 'every extract crime is published');
  const numbers: number[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && /^-?\d+\.\d+$/.test(v)) numbers.push(Number(v));
    else if (typeof v === 'number') numbers.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  answers.forEach(walk);
  for (const e of w.exact) {
    for (const n of numbers) {
      assert.ok(Math.abs(n - e.lat) > 1e-6 || false, `exact latitude ${e.lat} published`);
      assert.ok(Math.abs(n - e.lon) > 1e-6, `exact longitude ${e.lon} published`);
      assert.ok(n !== e.easting && n !== e.northing, 'exact BNG published');
    }
  }
  // And the text never names the extract's address.
  assert.doesNotMatch(JSON.stringify(answers), /Secret Road/);
  // Crimes share published points: fewer points than crimes.
  const pts = new Set(may.map((c) => `${c.location?.latitude},${c.location?.longitude}`));
  assert.ok(pts.size < may.length, `${pts.size} points for ${may.length} crimes`);
});

test('rate limit: bursts of 30 then 15 a second, per client; beyond is 429', async () => {
  const b = new TokenBuckets(15, 30);
  let ok = 0;
  for (let i = 0; i < 40; i++) if (b.take('a', 1000)) ok++;
  assert.equal(ok, 30, 'a burst of 30');
  assert.equal(b.take('b', 1000), true, 'another client has its own bucket');
  assert.equal(b.take('a', 1000 + 1000 / 15 - 1), false);
  assert.equal(b.take('a', 1000 + 1000 / 15 + 1), true, 'one more every 1/15 s');
  let later = 0;
  for (let i = 0; i < 40; i++) if (b.take('a', 5000)) later++;
  assert.equal(later, 30, 'refilled, never past the burst');
  // Over HTTP: a burst of 30, then a rate too slow to refill during the test (no timing in the test).
  const limited = policeUkServer(w.store, { ratePerSecond: 0.001, burst: 30 });
  const codes: number[] = [];
  for (let i = 0; i < 35; i++)
    codes.push((await limited.inject({ url: `${PREFIX}/crime-categories` })).statusCode);
  assert.deepEqual(codes, [...Array(30).fill(200), ...Array(5).fill(429)]);
  await limited.close();
});
