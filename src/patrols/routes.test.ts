// Patrols over HTTP with the real policy: a sergeant plans for their team, another team's sergeant
// gets 404, officers write only their own events, a retried event is stored once, edits make
// versions that earlier events keep, and the plan exports and dosage answer.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ADMIN, as, principal, testIdentify } from '../../test/support/principals.ts';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import { accessControl } from '../access/policy.ts';
import { buildServer } from '../core/http/server.ts';
import type { Store } from '../core/store/store.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { ROUTES } from '../server.ts';
import { loadEvents } from './store.ts';

const F = 'leicestershire';
let app: FastifyInstance;
let store: Store;
let dispose: () => Promise<void>;
let team: string;
let otherTeam: string;
let planId: number;

const sergeant = () => principal('sgt-1', { role: 'sergeant', force: F, team });
const otherSergeant = () => principal('sgt-2', { role: 'sergeant', force: F, team: otherTeam });
const officer = () => principal('officer-1', { role: 'officer', force: F, team });
const REASON = { 'x-beatwise-reason': 'checking patrol dosage for the team' };

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  dispose = t.dispose;
  await importCrimeFiles(
    store,
    ['2022-02', '2022-03', '2022-04'].map((m) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`)),
    { rejectsDir: join(t.dir, 'rejects') },
  );
  const teams = await store.db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'team')
    .orderBy('code')
    .execute();
  team = teams[0].code;
  otherTeam = teams[teams.length - 1].code;
  app = buildServer(
    {
      store,
      rejectsDir: join(t.dir, 'rejects'),
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

const url = (p = '') => `/api/forces/${F}/patrol-plans${p}`;

test('a sergeant plans for their team; the plan says its shares, method and windows; another team’s sergeant gets 404', async () => {
  const r = await app.inject({
    method: 'POST',
    url: url(),
    headers: as(sergeant()),
    payload: {
      area: `team:${team}`,
      startDate: '2022-05-02',
      endDate: '2022-05-29',
      hotspots: 4,
      randomise: true,
      seed: 11,
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  const plan = r.json();
  planId = plan.planId;
  assert.equal(plan.team, team);
  assert.ok(plan.hotspots.length >= 1 && plan.hotspots.length <= 4);
  assert.match(
    plan.summary.sentence,
    /cover [\d.]+% of .* area and held [\d.]+% of its crime and [\d.]+% of its harm/,
  );
  assert.match(plan.summary.methodReason, /back-test|default/);
  assert.match(plan.summary.windowsFrom, /default shift pattern/);
  assert.equal(
    plan.allocation.seed,
    null,
    'a sergeant does not see the seed (future days are released weekly)',
  );
  const other = await app.inject({ url: url(`/${planId}`), headers: as(otherSergeant()) });
  assert.equal(other.statusCode, 404);
  const missing = await app.inject({ url: url('/99999'), headers: as(otherSergeant()) });
  assert.equal(missing.statusCode, 404);
  const list = (await app.inject({ url: url(), headers: as(otherSergeant()) })).json();
  assert.equal(list.plans.length, 0);
  const mine = (await app.inject({ url: url(), headers: as(sergeant()) })).json();
  assert.equal(mine.plans.length, 1);
  const admin = (await app.inject({ url: url(`/${planId}`), headers: as(ADMIN) })).json();
  assert.equal(admin.allocation.seed, 11, 'a force-wide reader (who evaluates) sees the seed');
  assert.equal(admin.schedule.length, 28);
  const forOther = await app.inject({
    method: 'POST',
    url: url(),
    headers: as(sergeant()),
    payload: { area: `team:${otherTeam}`, startDate: '2022-05-02', endDate: '2022-05-29' },
  });
  assert.equal(forOther.statusCode, 404, 'a sergeant cannot plan for another team');
  const bad = await app.inject({
    method: 'POST',
    url: url(),
    headers: as(sergeant()),
    payload: { area: `team:${team}`, startDate: '2022-05-29', endDate: '2022-05-02' },
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.message, /endDate 2022-05-02 is before startDate/);
});

test('officers write their own events; a retry is stored once; bad events name the field and store nothing', async () => {
  const ev = (id: string, kind: string, at: string, extra: Record<string, unknown> = {}) => ({
    clientEventId: id,
    planId,
    patrolKey: 'pk-1',
    kind,
    at,
    ...extra,
  });
  const batch = {
    events: [
      ev('e1', 'start', '2022-05-02T14:05:00Z', { hotspot: 1, lat: 52.6, lon: -1.2 }),
      ev('e2', 'tactic', '2022-05-02T14:06:00Z', { tactic: 'visible-foot' }),
      ev('e3', 'end', '2022-05-02T14:20:00Z'),
    ],
  };
  const post = (p: ReturnType<typeof officer>, payload: unknown) =>
    app.inject({ method: 'POST', url: url(`/${planId}/events`), headers: as(p), payload: payload as object });
  const first = await post(officer(), batch);
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual(
    { stored: first.json().stored, duplicates: first.json().duplicates },
    { stored: 3, duplicates: 0 },
  );
  const retry = await post(officer(), batch);
  assert.deepEqual(
    { stored: retry.json().stored, duplicates: retry.json().duplicates },
    { stored: 0, duplicates: 3 },
  );
  assert.deepEqual(retry.json().ids, first.json().ids);
  const forged = await post(officer(), {
    events: [ev('e9', 'start', '2022-05-03T14:00:00Z', { hotspot: 1, officerId: 'officer-2' })],
  });
  assert.equal(forged.statusCode, 404, 'an officer cannot write another officer’s events');
  const sgtWrite = await post(sergeant(), batch);
  assert.equal(sgtWrite.statusCode, 403, 'a sergeant reads logs but does not write them');
  const before = (await loadEvents(store, planId)).length;
  const backwards = await post(officer(), {
    events: [
      ev('b1', 'start', '2022-05-04T14:00:00Z', { hotspot: 1, patrolKey: 'pk-2' }),
      ev('b2', 'end', '2022-05-04T13:00:00Z', { patrolKey: 'pk-2' }),
    ],
  });
  assert.equal(backwards.statusCode, 400);
  assert.match(backwards.json().error.message, /events\[1\]\.at/);
  const unknown = await post(officer(), {
    events: [ev('u1', 'start', '2022-05-04T14:00:00Z', { hotspot: 99, patrolKey: 'pk-3' })],
  });
  assert.match(unknown.json().error.message, /events\[0\]\.hotspot/);
  const future = await post(officer(), {
    events: [ev('f1', 'start', '2099-05-04T14:00:00Z', { hotspot: 1, patrolKey: 'pk-4' })],
  });
  assert.match(future.json().error.message, /future/);
  assert.equal((await loadEvents(store, planId)).length, before, 'nothing stored from a bad batch');
  const track = await app.inject({
    method: 'POST',
    url: `/api/forces/${F}/patrol-tracks`,
    headers: as(officer()),
    payload: {
      format: 'csv',
      text: 'officer_id,time,lat,lon\nofficer-1,2022-05-02T14:06:00Z,52.6,-1.2\nofficer-1,not a time,52.6,-1.2\n',
    },
  });
  assert.equal(track.statusCode, 400);
  assert.match(track.json().error.message, /not a time/);
});

test('an edit makes version 2; events logged before keep version 1; dosage and flags answer', async () => {
  const r = await app.inject({
    method: 'POST',
    url: url(`/${planId}/versions`),
    headers: as(sergeant()),
    payload: { visitMinutes: 10, note: 'shorter visits' },
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json().version, 2);
  assert.equal(r.json().visitMinutes, 10);
  const v1 = (await app.inject({ url: url(`/${planId}?version=1`), headers: as(sergeant()) })).json();
  assert.equal(v1.visitMinutes, 15, 'version 1 is unchanged');
  const events = await loadEvents(store, planId);
  assert.ok(events.every((e) => e.versionId === v1.versionId));
  const d = await app.inject({ url: url(`/${planId}/dosage`), headers: as(sergeant()) });
  assert.equal(d.statusCode, 200, d.body);
  const body = d.json();
  assert.equal(body.patrols, 1);
  assert.ok(body.dosage.total.plannedMinutes > 0);
  assert.equal(body.dosage.total.allMinutes, 15);
  const patrols = await app.inject({
    url: url(`/${planId}/patrols`),
    headers: { ...as(sergeant()), ...REASON },
  });
  assert.equal(patrols.statusCode, 200, patrols.body);
  assert.equal(patrols.json().patrols[0].officerId, 'officer-1');
});

test('exports: CSV, GeoJSON, ICS and the briefing', async () => {
  for (const [format, type, pattern] of [
    ['csv', 'text/csv', /rank,label,team/],
    ['geojson', 'application/geo+json', /FeatureCollection/],
    ['ics', 'text/calendar', /BEGIN:VCALENDAR[\s\S]*BEGIN:VEVENT/],
    ['briefing', 'text/html', /Patrol briefing[\s\S]*<svg/],
  ] as const) {
    const r = await app.inject({
      url: url(`/${planId}/export?format=${format}&team=${team}`),
      headers: as(ADMIN),
    });
    assert.equal(r.statusCode, 200, `${format}: ${r.body.slice(0, 200)}`);
    assert.ok(String(r.headers['content-type']).startsWith(type), format);
    assert.match(r.body, pattern);
  }
});

test('tactics: everyone who patrols reads the list; only an administrator replaces it; bad lists name the field', async () => {
  const t = `/api/forces/${F}/patrol-tactics`;
  const read = await app.inject({ url: t, headers: as(officer()) });
  assert.equal(read.statusCode, 200, read.body);
  assert.ok(read.json().tactics.some((x: { code: string }) => x.code === 'visible-foot'));
  const list = {
    tactics: [
      { code: 'visible-foot', label: 'Foot patrol' },
      { code: 'bike', label: 'Cycle patrol' },
    ],
  };
  const bySergeant = await app.inject({ method: 'PUT', url: t, headers: as(sergeant()), payload: list });
  assert.equal(bySergeant.statusCode, 403);
  const twice = await app.inject({
    method: 'PUT',
    url: t,
    headers: as(ADMIN),
    payload: { tactics: [list.tactics[0], list.tactics[0]] },
  });
  assert.equal(twice.statusCode, 400);
  assert.match(twice.json().error.message, /tactics/);
  const put = await app.inject({ method: 'PUT', url: t, headers: as(ADMIN), payload: list });
  assert.equal(put.statusCode, 200, put.body);
  const after = (await app.inject({ url: t, headers: as(officer()) })).json();
  assert.deepEqual(after.tactics, list.tactics);
});

test('a batch synced after being offline: duplicates are stored once; one bad event refuses the batch, naming its index and field', async () => {
  const ev = (id: string, kind: string, at: string, extra: Record<string, unknown> = {}) => ({
    clientEventId: id,
    planId,
    patrolKey: 'pk-offline',
    kind,
    at,
    ...extra,
  });
  const post = (events: unknown[]) =>
    app.inject({
      method: 'POST',
      url: url(`/${planId}/events`),
      headers: as(officer()),
      payload: { events },
    });
  const before = (await loadEvents(store, planId)).length;
  const good = [
    ev('o1', 'start', '2022-05-06T14:00:00Z', { hotspot: 1 }),
    ev('o2', 'note', '2022-05-06T14:05:00Z', { note: 'quiet' }),
    ev('o2', 'note', '2022-05-06T14:05:00Z', { note: 'quiet' }),
    ev('o3', 'end', '2022-05-06T14:15:00Z'),
  ];
  const bad = await post([
    ...good,
    ev('o4', 'start', 'not a time at all', { hotspot: 1, patrolKey: 'pk-x' }),
  ]);
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.message, /events\[4\]\.at/);
  assert.equal((await loadEvents(store, planId)).length, before, 'the whole batch is refused');
  const ok = await post(good);
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(
    { stored: ok.json().stored, duplicates: ok.json().duplicates },
    { stored: 3, duplicates: 1 },
  );
  assert.equal(ok.json().ids[1], ok.json().ids[2]);
  const again = await post(good);
  assert.deepEqual(
    { stored: again.json().stored, duplicates: again.json().duplicates },
    { stored: 0, duplicates: 4 },
  );
  assert.deepEqual(again.json().ids, ok.json().ids);
  assert.equal((await loadEvents(store, planId)).length, before + 3);
});
