// Contract tests of the force and neighbourhood paths of the police.uk-compatible API against the
// documented police.uk answers (test/fixtures/police-uk), and a walk as a police.uk client script
// makes it: forces → neighbourhoods → boundary → locate → crimes-street, over real HTTP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  F,
  fixture,
  type PoliceUkWorld,
  PREFIX,
  policeUkServer,
  policeUkWorld,
  shapeProblems,
} from '../../../test/support/police-uk.ts';
import { outlineOf } from './outline.ts';

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

async function get(path: string) {
  const res = await app.inject({ url: `${PREFIX}${path}` });
  return { status: res.statusCode, body: res.body ? (res.json() as unknown) : null };
}

function conforms(name: string, body: unknown) {
  assert.deepEqual(shapeProblems(fixture(name), body), [], name);
}

test('forces, force and force people answer in police.uk shapes; an unknown force is 404', async () => {
  const forces = await get('/forces');
  assert.equal(forces.status, 200);
  conforms('forces', forces.body);
  assert.ok((forces.body as { id: string }[]).some((f) => f.id === F));
  const force = await get(`/forces/${F}`);
  conforms('force', force.body);
  assert.equal((force.body as { id: string }).id, F);
  assert.deepEqual((await get(`/forces/${F}/people`)).body, []);
  assert.equal((await get('/forces/nowhere')).status, 404);
});

test('neighbourhoods are the force’s teams; one neighbourhood carries the team’s public fields', async () => {
  const list = (await get(`/${F}/neighbourhoods`)).body as { id: string; name: string }[];
  conforms('neighbourhoods', list);
  assert.ok(list.some((n) => n.id === w.team.code && n.name === w.team.name));
  const one = await get(`/${F}/${encodeURIComponent(w.team.code)}`);
  assert.equal(one.status, 200);
  conforms('neighbourhood', one.body);
  const n = one.body as { population: string; description: string; centre: { latitude: string } };
  assert.equal(n.population, '12345', 'population is a string, as police.uk sends it');
  assert.equal(n.description, '<p>The city centre team.</p>');
  assert.equal(typeof n.centre.latitude, 'string');
  assert.equal((await get(`/${F}/NOPE`)).status, 404);
});

test('boundary, people, events and priorities', async () => {
  const code = encodeURIComponent(w.team.code);
  const boundary = (await get(`/${F}/${code}/boundary`)).body as { latitude: string; longitude: string }[];
  conforms('boundary', boundary);
  assert.ok(boundary.length >= 3);
  const people = (await get(`/${F}/${code}/people`)).body;
  conforms('people', people);
  assert.deepEqual(people, [
    { bio: 'Leads the team.', contact_details: {}, name: 'Sgt Jane Example', rank: 'Sergeant' },
  ]);
  // No engagement feature yet: police.uk's empty lists.
  assert.deepEqual((await get(`/${F}/${code}/events`)).body, []);
  assert.deepEqual((await get(`/${F}/${code}/priorities`)).body, []);
});

test('events and priorities come from the source given, in police.uk shapes', async () => {
  const withSource = (await import('./routes.ts')).policeUkForceRoutes({
    settings: { prefix: '/api/p2', ratePerSecond: 0, burst: 30, maxAreaCrimes: 10_000 },
    source: {
      priorities: async () => [
        {
          action: '<p>Patrols</p>',
          'issue-date': '2022-04-01T00:00:00',
          'action-date': '2022-05-01T00:00:00',
          issue: '<p>ASB</p>',
        },
      ],
      events: async () => [
        {
          contact_details: {},
          description: 'Meet the team',
          title: 'Street surgery',
          address: 'Market',
          type: 'meeting',
          start_date: '2022-05-01T10:00:00',
          end_date: '2022-05-01T12:00:00',
        },
      ],
    },
  });
  const { buildServer } = await import('../../core/http/server.ts');
  const { accessControl } = await import('../../access/policy.ts');
  const a = buildServer({ store: w.store, rejectsDir: w.dir, access: accessControl }, [withSource]);
  const code = encodeURIComponent(w.team.code);
  conforms('priorities', (await a.inject({ url: `/api/p2/${F}/${code}/priorities` })).json());
  conforms('events', (await a.inject({ url: `/api/p2/${F}/${code}/events` })).json());
  await a.close();
});

test('locate-neighbourhood finds the team policing a point; a point outside every force is 404', async () => {
  const hit = await get(`/locate-neighbourhood?q=${w.team.lat},${w.team.lng}`);
  assert.equal(hit.status, 200);
  conforms('locate-neighbourhood', hit.body);
  assert.deepEqual(hit.body, { force: F, neighbourhood: w.team.code });
  assert.equal((await get('/locate-neighbourhood?q=51.5,-0.12')).status, 404);
  assert.equal((await get('/locate-neighbourhood?q=fifty,one')).status, 400);
});

test('harm and the hotspot map per neighbourhood (beyond police.uk)', async () => {
  const code = encodeURIComponent(w.team.code);
  const harm = (await get(`/beatwise/${F}/${code}/harm`)).body as {
    months: { month: string; crimes: number }[];
  };
  assert.ok(harm.months.length >= 1);
  assert.ok(harm.months.some((m) => m.crimes > 0));
  const map = (await get(`/beatwise/${F}/${code}/hotspots`)).body as {
    notice: string;
    cells: { size_m: number; count: number | null }[];
  };
  assert.match(map.notice, /published precision/);
  for (const c of map.cells) assert.ok(c.count === null || c.count >= 3, 'small counts suppressed');
});

test('an outline of members sharing edges is their union’s outer ring', () => {
  const sq = (x: number, y: number) => [
    [
      [x, y],
      [x + 1, y],
      [x + 1, y + 1],
      [x, y + 1],
      [x, y],
    ] as [number, number][],
  ];
  const o = outlineOf([sq(0, 0), sq(1, 0), sq(0, 1), sq(1, 1)]);
  assert.ok(o);
  const corners = new Set(o.ring.map((p) => p.join(',')));
  for (const c of ['0,0', '2,0', '2,2', '0,2']) assert.ok(corners.has(c), c);
  assert.ok(!corners.has('1,1'), 'the shared centre vertex is inside');
  assert.equal(o.otherParts, 0);
});

test('a client walks the API over HTTP: forces → neighbourhoods → boundary → locate → crimes-street', async () => {
  // Written as police.uk's own Python client (police-api-client-python) and the ukpolice R package
  // build their requests: base URL + path, query string, JSON answers; only the base URL differs.
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  assert.ok(addr && typeof addr === 'object');
  const base = `http://127.0.0.1:${addr.port}${PREFIX}/`;
  const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(new URL(path, base), {
      headers: { 'user-agent': 'police-api-client-python/1.0' },
      ...init,
    });
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    return (await res.json()) as T;
  };
  const forces = await api<{ id: string }[]>('forces');
  const force = forces.find((f) => f.id === F);
  assert.ok(force);
  const hoods = await api<{ id: string; name: string }[]>(`${force.id}/neighbourhoods`);
  const hood = hoods.find((h) => h.id === w.team.code);
  assert.ok(hood);
  const boundary = await api<{ latitude: string; longitude: string }[]>(
    `${force.id}/${encodeURIComponent(hood.id)}/boundary`,
  );
  assert.ok(boundary.length >= 3);
  const located = await api<{ force: string; neighbourhood: string }>(
    `locate-neighbourhood?q=${w.team.lat},${w.team.lng}`,
  );
  assert.equal(located.neighbourhood, hood.id);
  const dates = await api<{ date: string }[]>('crimes-street-dates');
  const crimes = await api<{ month: string; location: { latitude: string } }[]>(
    `crimes-street/all-crime?lat=${w.team.lat}&lng=${w.team.lng}&date=${dates[dates.length - 1].date}`,
  );
  assert.ok(crimes.length > 0);
  // The neighbourhood's own boundary as a custom area (the client's get_crimes_area), by POST.
  const poly = boundary.map((p) => `${p.latitude},${p.longitude}`).join(':');
  const inArea = await api<unknown[]>('crimes-street/all-crime', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ poly, date: dates[dates.length - 1].date }).toString(),
  });
  assert.ok(Array.isArray(inArea));
});
