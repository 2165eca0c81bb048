// Street labels for close zoom: the police.uk map points in a view with their streets, for the
// public; the view is validated and bounded, the answer limited, and a force extract's exact
// points and addresses never appear (the police.uk precision rule, src/crime/police-uk-api).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CENTRE, F, type PoliceUkWorld, policeUkWorld } from '../../test/support/police-uk.ts';
import { accessControl } from '../access/policy.ts';
import { toBNG, toWGS84 } from '../core/geo/bng.ts';
import { buildServer } from '../core/http/server.ts';
import { MAX_SPAN_M, parseBbox, streetLabelRoutes, streetLabels, streetOf } from './street-labels.ts';

let w: PoliceUkWorld;
let app: FastifyInstance;
const URL = `/api/forces/${F}/hotspots/street-labels`;
// About 2.7 km × 2.2 km around the test points.
const VIEW = [CENTRE.lng - 0.02, CENTRE.lat - 0.01, CENTRE.lng + 0.02, CENTRE.lat + 0.01].join(',');

before(async () => {
  w = await policeUkWorld();
  app = buildServer(
    // The public: no one signed in.
    { store: w.store, rejectsDir: w.dir, access: accessControl, identify: async () => null },
    [(api, { store }) => streetLabelRoutes(api, store)],
  );
  await app.ready();
});
after(async () => {
  await app?.close();
  await w?.dispose();
});

interface Answer {
  features: { geometry: { coordinates: [number, number] }; properties: { label: string; crimes: number } }[];
  truncated: boolean;
  caveat: string;
}

test('the public gets the police.uk map points in view with their streets, busiest first', async () => {
  const r = await app.inject({ url: `${URL}?bbox=${VIEW}` });
  assert.equal(r.statusCode, 200, r.body);
  const a = r.json() as Answer;
  assert.deepEqual(a.features.map((f) => f.properties.label).sort(), [
    'Street 0',
    'Street 1',
    'Street 2',
    'Street 3',
  ]);
  // Three police.uk records at each map point (burglary, violence, ASB).
  for (const f of a.features) assert.equal(f.properties.crimes, 3);
  assert.equal(a.truncated, false);
  assert.match(a.caveat, /approximate/);
  // A view holding only some of the points gives only those.
  const [cx, cy] = toBNG(CENTRE.lng, CENTRE.lat);
  const [w0, s0] = toWGS84(cx - 100, cy - 100);
  const [e0, n0] = toWGS84(cx + 350, cy + 200);
  const part = (await app.inject({ url: `${URL}?bbox=${w0},${s0},${e0},${n0}` })).json() as Answer;
  assert.deepEqual(part.features.map((f) => f.properties.label).sort(), ['Street 0', 'Street 1']);
});

test('never an exact extract location nor its address: only points all of whose crimes are police.uk’s', async () => {
  // A view around the extract's exact points (they sit among the police.uk ones).
  const a = (await app.inject({ url: `${URL}?bbox=${VIEW}` })).json() as Answer;
  const text = JSON.stringify(a);
  assert.doesNotMatch(text, /Secret Road/);
  for (const f of a.features) {
    const [x, y] = toBNG(f.geometry.coordinates[0], f.geometry.coordinates[1]);
    for (const e of w.exact)
      assert.ok(Math.hypot(x - e.easting, y - e.northing) > 1, 'no label sits on an exact extract point');
  }
  assert.equal(w.exact.length, 12, 'the extract was imported and is in view');
});

test('the view is validated and bounded: bad or missing bbox and too wide a view are 400s', async () => {
  for (const bbox of [
    'a,b,c,d',
    '1,2,3',
    '1,2,3,4,5',
    `${CENTRE.lng + 0.01},${CENTRE.lat},${CENTRE.lng},${CENTRE.lat + 0.01}`,
    '-1,95,-0.9,96',
    '-1.2,52.6,,52.7',
  ]) {
    const r = await app.inject({ url: `${URL}?bbox=${encodeURIComponent(bbox)}` });
    assert.equal(r.statusCode, 400, bbox);
    assert.equal(r.json().error.details.field, 'bbox', bbox);
  }
  assert.equal((await app.inject({ url: URL })).statusCode, 400);
  const wide = await app.inject({ url: `${URL}?bbox=-1.4,52.5,-0.9,52.8` });
  assert.equal(wide.statusCode, 400);
  assert.equal(wide.json().error.code, 'hotspots.bbox_too_wide');
  assert.match(wide.json().error.message, new RegExp(`${MAX_SPAN_M / 1000} km`));
  const unknown = await app.inject({ url: `/api/forces/nowhere/hotspots/street-labels?bbox=${VIEW}` });
  assert.equal(unknown.statusCode, 404);
});

test('the answer is limited to the busiest points, and says so', async () => {
  const a = await streetLabels(w.store.db, F, parseBbox(VIEW), 2);
  assert.equal(a.features.length, 2);
  assert.equal(a.truncated, true);
  assert.equal(streetOf('On or near Parking Area'), 'Parking Area');
  assert.equal(streetOf('on or near  High Street '), 'High Street');
  assert.equal(streetOf('Supermarket'), 'Supermarket');
});
