// The authorisation matrix, generated: the server with the real ROUTES (plus one test-only
// referral route standing for casework), every route collected from Fastify's onRoute hook, and
// for every route × principal a real request whose outcome must be what the policy decides. A new
// route without a rule, or without a sample request here, fails this test.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ADMIN, as, principal, testIdentify } from '../../test/support/principals.ts';
import { leicestershireStore } from '../../test/support/stores.ts';
import { loadEngagementDemo } from '../casework/engagement/index.ts';
import { seedOneOfEach } from '../casework/test-support.ts';
import { DEMO_TEAM, loadVolunteersDemo } from '../casework/volunteers/demo.ts';
import { BeatwiseError } from '../core/errors.ts';
import { requireObject } from '../core/http/guard.ts';
import type { Principal } from '../core/http/principal.ts';
import { route } from '../core/http/route.ts';
import { buildServer, type RoutePlugin } from '../core/http/server.ts';
import type { Store } from '../core/store/store.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { savePlan } from '../patrols/index.ts';
import { ROUTES } from '../server.ts';
import { decide, filterFields, isResource, type Target } from './policy.ts';

const F = 'leicestershire';
let app: FastifyInstance;
let store: Store;
let dispose: () => Promise<void>;
const routes: {
  method: string;
  url: string;
  access?: { resource: string; action: string; perObject?: boolean };
}[] = [];
let units: [string, string];
let teams: [string, string];
let rejectsToken: string;
let patrolPlanId: number;

interface Referral extends Record<string, unknown> {
  id: string;
  unit: string;
  team: string;
  ownerId: string;
  summary: string;
  victimContact: { phone: string };
}
const referrals: Referral[] = [];

/** Stands for the casework routes to come: one record by id, object-level and field-level checks. */
const referralRoute: RoutePlugin = (a) =>
  route(
    a,
    {
      method: 'GET',
      url: '/api/forces/:force/referrals/:id',
      summary: 'test only: a referral',
      tag: 'test',
      params: z.object({ force: z.string(), id: z.string() }),
      access: { resource: 'referrals', action: 'read', perObject: true },
    },
    async ({ params }, req) => {
      const r = referrals.find((x) => x.id === params.id);
      if (!r) throw new BeatwiseError('referral.unknown', `no referral ${params.id}`);
      const where = { force: params.force, unit: r.unit, team: r.team, ownerId: r.ownerId };
      requireObject(req, { resource: 'referrals', action: 'read', ...where }, `referral ${params.id}`);
      return filterFields(req.principal, 'referrals', r, where);
    },
  );

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  dispose = t.dispose;
  const csv = [
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
    `${'a'.repeat(64)},2022-04,Leicestershire Police,Leicestershire Police,-1.13,52.63,On or near X,E01013000,Leicester 001A,Robbery,,`,
    `${'b'.repeat(64)},2022-04,Leicestershire Police,Leicestershire Police,-1.13,52.63,On or near X,E01013000,Leicester 001A,Fraud,,`,
  ].join('\n');
  const file = join(t.dir, '2022-04-matrix.csv');
  writeFileSync(file, csv);
  const rejectsDir = `${store.location}.rejects`;
  await importCrimeFiles(store, [file], { force: F, rejectsDir });
  rejectsToken = String(
    (await store.db.selectFrom('imports').select('rejects_token').executeTakeFirstOrThrow()).rejects_token,
  );
  await loadVolunteersDemo(store, () => {});
  await loadEngagementDemo(store, () => {});
  const u = await store.db
    .selectFrom('areas')
    .select(['id', 'code'])
    .where('level', '=', 'unit')
    .orderBy('code')
    .execute();
  const teamOf = async (unitId: number) =>
    (
      await store.db
        .selectFrom('areas')
        .select('code')
        .where('parent_id', '=', unitId)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
  units = [u[0].code, u[1].code];
  teams = [await teamOf(u[0].id), await teamOf(u[1].id)];
  // A patrol plan of the first unit's first team, stored directly (the matrix store has two crimes).
  patrolPlanId = (
    await savePlan(
      store,
      {
        params: {
          force: F,
          area: `team:${teams[0]}`,
          from: null,
          to: null,
          types: 'all-crime',
          method: 'naive',
          hotspots: 1,
          coverage: null,
          cellM: 100,
          radiusM: 150,
          minSeparationM: 500,
          visitMinutes: 15,
          visitsPerDay: 2,
          capMinutes: 60,
          startDate: '2022-05-02',
          endDate: '2022-05-08',
          randomise: false,
          patrolShare: 0.5,
          seed: null,
        },
        summary: {
          sentence: 'matrix',
          areaShare: 0,
          crimeShare: 0,
          harmShare: 0,
          method: 'naive',
          methodLabel: 'naive',
          methodReason: 'matrix',
          describe: 'matrix',
          months: null,
          windowsFrom: 'default shift',
          caveats: [],
          warnings: [],
          synthetic: false,
        },
        hotspots: [],
        area: {
          forceId: (
            await store.db.selectFrom('forces').select('id').where('slug', '=', F).executeTakeFirstOrThrow()
          ).id,
          level: 'team',
          code: teams[0],
          name: teams[0],
          unit: units[0],
          team: teams[0],
        },
        synthetic: false,
      },
      { by: 'matrix' },
    )
  ).planId;
  await seedOneOfEach(store, F, units[0], teams[0], 'officer-1');
  referrals.push(
    {
      id: '1',
      unit: units[0],
      team: teams[0],
      ownerId: 'officer-1',
      summary: 'repeat victim',
      victimContact: { phone: '07700 900001' },
    },
    {
      id: '2',
      unit: units[1],
      team: teams[1],
      ownerId: 'officer-9',
      summary: 'other unit',
      victimContact: { phone: '07700 900002' },
    },
  );
  app = buildServer(
    {
      store,
      rejectsDir,
      access: (await import('./policy.ts')).accessControl,
      identify: testIdentify,
      hardening: { rateLimitMax: 0, rateLimitWindowMs: 60_000, tileUrl: null },
    },
    [...ROUTES, referralRoute],
  );
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods)
      if (m !== 'HEAD')
        routes.push({
          method: m,
          url: r.url,
          access: (r.config as { access?: (typeof routes)[0]['access'] })?.access,
        });
  });
  await app.ready();
});
after(async () => {
  await app?.close();
  await dispose?.();
});

function principals(): Record<string, Principal | null> {
  return {
    public: null,
    administrator: ADMIN,
    analyst: principal('analyst-1', { role: 'analyst', force: F }),
    'analyst of another force': principal('analyst-2', { role: 'analyst', force: 'west-midlands' }),
    commander: principal('commander-1', { role: 'commander', force: F, unit: units[0] }),
    'commander of another unit': principal('commander-2', { role: 'commander', force: F, unit: units[1] }),
    sergeant: principal('sergeant-1', { role: 'sergeant', force: F, team: teams[0] }),
    'sergeant of another team': principal('sergeant-2', { role: 'sergeant', force: F, team: teams[1] }),
    officer: principal('officer-1', { role: 'officer', force: F, team: teams[0] }),
    'volunteer-coordinator': principal('coordinator-1', { role: 'volunteer-coordinator', force: F }),
    'two grants (sergeant + analyst elsewhere)': principal(
      'two-1',
      { role: 'sergeant', force: F, team: teams[0] },
      { role: 'analyst', force: 'west-midlands' },
    ),
  };
}

interface Sample {
  path: string;
  /** The record the handler finds (object-level check), and the status when it is out of scope. */
  object?: { target: Omit<Target, 'resource' | 'action'>; refused: 403 | 404 };
  upload?: boolean;
}

/** One request per route; `object` when the handler checks a record's own scope. */
function samples(): Record<string, Sample> {
  const f = `/api/forces/${F}`;
  const sel = 'area=E06000016&cell=250&from=2022-04&to=2022-04';
  return {
    'GET /api/health': { path: '/api/health' },
    'GET /api/config': { path: '/api/config' },
    'GET /api/tiles/base.pmtiles': { path: '/api/tiles/base.pmtiles' },
    'GET /api/openapi.json': { path: '/api/openapi.json' },
    'GET /api/docs': { path: '/api/docs' },
    'GET /api/forces': { path: '/api/forces' },
    'GET /api/forces/:force/areas': { path: `${f}/areas?level=unit` },
    'GET /api/forces/:force/boundaries': { path: `${f}/boundaries?level=unit` },
    'GET /api/forces/:force/overview': { path: `${f}/overview` },
    'GET /api/forces/:force/harm': { path: `${f}/harm?level=unit&window=1` },
    'GET /api/forces/:force/impact-areas': { path: `${f}/impact-areas` },
    'GET /api/forces/:force/trends': { path: `${f}/trends?level=unit&to=2022-04` },
    'GET /api/forces/:force/workforce': { path: `${f}/workforce` },
    'GET /api/forces/:force/report': { path: `${f}/report?month=2022-04` },
    'GET /api/forces/:force/hotspots/grid': { path: `${f}/hotspots/grid?${sel}` },
    'GET /api/forces/:force/hotspots/concentration': { path: `${f}/hotspots/concentration?${sel}` },
    'GET /api/forces/:force/hotspots/kde': { path: `${f}/hotspots/kde?${sel}` },
    'GET /api/forces/:force/hotspots/times': { path: `${f}/hotspots/times?${sel}` },
    'GET /api/forces/:force/hotspots/cell': { path: `${f}/hotspots/cell?${sel}&id=0` },
    'GET /api/forces/:force/hotspots/street-labels': {
      path: `${f}/hotspots/street-labels?bbox=-1.15,52.62,-1.11,52.64`,
    },
    'GET /api/forces/:force/attention': { path: `${f}/attention` },
    // No body: the route answers 400 (bad design) once allowed; the policy decides before that.
    'POST /api/forces/:force/patrol-evaluations': { path: `${f}/patrol-evaluations` },
    'GET /api/forces/:force/repeats/knox': { path: `${f}/repeats/knox?iterations=9&seed=1` },
    'GET /api/forces/:force/repeats/classify': { path: `${f}/repeats/classify` },
    'GET /api/forces/:force/repeats/alerts': { path: `${f}/repeats/alerts?since=2022-04` },
    'GET /api/forces/:force/repeats/cocooning': { path: `${f}/repeats/cocooning` },
    // No burglary 1 in this store: allowed principals get 404 (repeats.not_found), others access.*.
    'POST /api/forces/:force/repeats/cocooning/:crime': { path: `${f}/repeats/cocooning/1` },
    'POST /api/exports': { path: '/api/exports' },
    'GET /api/imports': { path: '/api/imports' },
    'POST /api/imports': {
      path: '/api/imports',
      upload: true,
      object: { target: { force: F }, refused: 403 },
    },
    'GET /api/imports/rejects/:token': {
      path: `/api/imports/rejects/${rejectsToken}`,
      object: { target: { force: F }, refused: 404 },
    },
    // Sign-in is open to everyone (better-auth answers: a session, a refusal, or its own 404).
    'GET /api/me': { path: '/api/me' },
    'GET /api/auth-config': { path: '/api/auth-config' },
    ...Object.fromEntries(
      ['GET', 'POST'].map((m) => [`${m} /api/auth/*`, { path: '/api/auth/get-session' }]),
    ),
    'GET /api/forces/:force/patrol-plans': { path: `${f}/patrol-plans` },
    'POST /api/forces/:force/patrol-plans': { path: `${f}/patrol-plans` },
    'GET /api/forces/:force/patrol-plans/:id': {
      path: `${f}/patrol-plans/${patrolPlanId}`,
      object: { target: { force: F, unit: units[0], team: teams[0] }, refused: 404 },
    },
    'POST /api/forces/:force/patrol-plans/:id/versions': {
      path: `${f}/patrol-plans/${patrolPlanId}/versions`,
      object: { target: { force: F, unit: units[0], team: teams[0] }, refused: 404 },
    },
    'GET /api/forces/:force/patrol-plans/:id/export': {
      path: `${f}/patrol-plans/${patrolPlanId}/export?format=csv`,
      object: { target: { force: F, unit: units[0], team: teams[0] }, refused: 404 },
    },
    'GET /api/forces/:force/patrol-plans/:id/dosage': {
      path: `${f}/patrol-plans/${patrolPlanId}/dosage`,
      object: { target: { force: F, unit: units[0], team: teams[0] }, refused: 404 },
    },
    'GET /api/forces/:force/patrol-plans/:id/evaluation': {
      path: `${f}/patrol-plans/${patrolPlanId}/evaluation`,
      object: { target: { force: F, unit: units[0], team: teams[0] }, refused: 404 },
    },
    'GET /api/forces/:force/patrol-plans/:id/patrols': { path: `${f}/patrol-plans/${patrolPlanId}/patrols` },
    'POST /api/forces/:force/patrol-plans/:id/events': { path: `${f}/patrol-plans/${patrolPlanId}/events` },
    'POST /api/forces/:force/patrol-tracks': { path: `${f}/patrol-tracks` },
    'GET /api/forces/:force/patrol-tactics': { path: `${f}/patrol-tactics` },
    // No body: the route answers 400 once allowed; the policy decides before that.
    'PUT /api/forces/:force/patrol-tactics': { path: `${f}/patrol-tactics` },
    ...caseworkSamples(f),
    // Casework: volunteers and engagement (the demo records of one Leicester team, loaded above).
    'GET /api/forces/:force/volunteers/groups': { path: `${f}/volunteers/groups` },
    'POST /api/forces/:force/volunteers/groups': { path: `${f}/volunteers/groups` },
    'GET /api/forces/:force/volunteers/groups/:group': {
      path: `${f}/volunteers/groups/LE001-SW`,
      object: { target: { force: F, unit: 'LE', team: DEMO_TEAM }, refused: 404 },
    },
    ...Object.fromEntries(
      ['members', 'sites', 'sessions'].map((x) => [
        `POST /api/forces/:force/volunteers/groups/:group/${x}`,
        {
          path: `${f}/volunteers/groups/LE001-SW/${x}`,
          object: { target: { force: F, unit: 'LE', team: DEMO_TEAM }, refused: 404 },
        },
      ]),
    ),
    'GET /api/forces/:force/volunteers/letters': { path: `${f}/volunteers/letters` },
    'GET /api/forces/:force/volunteers/figures': { path: `${f}/volunteers/figures` },
    'GET /api/forces/:force/engagement/events': { path: `${f}/engagement/events` },
    'POST /api/forces/:force/engagement/events': { path: `${f}/engagement/events` },
    'GET /api/forces/:force/engagement/events/:event': {
      path: `${f}/engagement/events/LE001-E01`,
      object: { target: { force: F, unit: 'LE', team: DEMO_TEAM }, refused: 404 },
    },
    'GET /api/forces/:force/engagement/priorities': { path: `${f}/engagement/priorities` },
    'POST /api/forces/:force/engagement/priorities': { path: `${f}/engagement/priorities` },
    'POST /api/forces/:force/engagement/priorities/:priority/close': {
      path: `${f}/engagement/priorities/LE001-P01/close`,
      object: { target: { force: F, unit: 'LE', team: DEMO_TEAM }, refused: 404 },
    },
    'GET /api/forces/:force/engagement/figures': { path: `${f}/engagement/figures` },
    'GET /api/forces/:force/volunteers/:type.csv': {
      path: `${f}/volunteers/members.csv?recipient=Road%20Safety%20Partnership&reason=matrix%20test%20export`,
    },
    'GET /api/forces/:force/engagement/:type.csv': {
      path: `${f}/engagement/events.csv?recipient=Road%20Safety%20Partnership&reason=matrix%20test%20export`,
    },
    'GET /api/forces/:force/teams/:team/priorities': { path: `${f}/teams/${DEMO_TEAM}/priorities` },
    // The police.uk-compatible public API: public reads (src/force/police-uk-api, src/crime/police-uk-api).
    ...policeUkSamples(),
    'GET /api/forces/:force/referrals/:id': {
      path: `${f}/referrals/1`,
      object: { target: { force: F, unit: units[0], team: teams[0], ownerId: 'officer-1' }, refused: 404 },
    },
  };
}

/** The casework routes (src/casework): one record of each area (id 1) in units[0]/teams[0], owned by officer-1. */
function caseworkSamples(f: string): Record<string, Sample> {
  const c = `${f}/casework`;
  const object = {
    target: { force: F, unit: units[0], team: teams[0], ownerId: 'officer-1' },
    refused: 404 as const,
  };
  const out: Record<string, Sample> = {};
  for (const area of ['burglary', 'referrals', 'offenders']) {
    const u = '/api/forces/:force/casework/' + area;
    out[`GET ${u}/figures`] = { path: `${c}/${area}/figures` };
    out[`GET ${u}`] = { path: `${c}/${area}` };
    out[`POST ${u}`] = { path: `${c}/${area}` };
    out[`GET ${u}/:id`] = { path: `${c}/${area}/1`, object };
  }
  const b = '/api/forces/:force/casework';
  out[`POST ${b}/burglary/:id/steps`] = { path: `${c}/burglary/1/steps`, object };
  out[`POST ${b}/burglary/from-extract`] = { path: `${c}/burglary/from-extract` };
  out[`POST ${b}/referrals/:id/state`] = { path: `${c}/referrals/1/state`, object };
  out[`POST ${b}/referrals/:id/grade`] = { path: `${c}/referrals/1/grade`, object };
  out[`POST ${b}/offenders/:id/events`] = { path: `${c}/offenders/1/events`, object };
  for (const area of ['burglary', 'referrals', 'offenders'])
    out[`GET ${b}/${area}.csv`] = {
      path: `${c}/${area}.csv?recipient=Victim%20Services&reason=authorisation%20matrix%20test`,
    };
  out[`GET ${b}/settings`] = { path: `${c}/settings` };
  out[`POST ${b}/settings`] = { path: `${c}/settings` };
  return out;
}

function policeUkSamples(): Record<string, Sample> {
  const P = '/api/police-uk';
  const n = `${P}/${F}/${encodeURIComponent(teams[0])}`;
  const at = 'lat=52.63&lng=-1.13&date=2022-04';
  const paths: Record<string, string> = {
    forces: `${P}/forces`,
    'forces/:force': `${P}/forces/${F}`,
    'forces/:force/people': `${P}/forces/${F}/people`,
    ':force/neighbourhoods': `${P}/${F}/neighbourhoods`,
    ':force/:neighbourhood': n,
    ':force/:neighbourhood/boundary': `${n}/boundary`,
    ':force/:neighbourhood/people': `${n}/people`,
    ':force/:neighbourhood/events': `${n}/events`,
    ':force/:neighbourhood/priorities': `${n}/priorities`,
    'locate-neighbourhood': `${P}/locate-neighbourhood?q=52.63,-1.13`,
    'beatwise/:force/:neighbourhood/harm': `${P}/beatwise/${F}/${encodeURIComponent(teams[0])}/harm`,
    'beatwise/:force/:neighbourhood/hotspots': `${P}/beatwise/${F}/${encodeURIComponent(teams[0])}/hotspots`,
    'crimes-street/:category': `${P}/crimes-street/all-crime?${at}`,
    'crimes-at-location': `${P}/crimes-at-location?${at}`,
    'crimes-no-location': `${P}/crimes-no-location?force=${F}&date=2022-04`,
    'outcomes-at-location': `${P}/outcomes-at-location?${at}`,
    'outcomes-for-crime/:persistent_id': `${P}/outcomes-for-crime/${'a'.repeat(64)}`,
    'crime-categories': `${P}/crime-categories?date=2022-04`,
    'crime-last-updated': `${P}/crime-last-updated`,
    'crimes-street-dates': `${P}/crimes-street-dates`,
    'stops-street': `${P}/stops-street`,
    'stops-at-location': `${P}/stops-at-location`,
    'stops-no-location': `${P}/stops-no-location`,
    'stops-force': `${P}/stops-force`,
  };
  const out: Record<string, Sample> = {};
  for (const [k, path] of Object.entries(paths)) out[`GET ${P}/${k}`] = { path };
  out[`POST ${P}/crimes-street/:category`] = {
    path: `${P}/crimes-street/all-crime?poly=52.62,-1.14:52.64,-1.14:52.64,-1.12`,
  };
  return out;
}

async function call(s: Sample, method: string, p: Principal | null) {
  const headers = { ...as(p), 'x-beatwise-reason': 'authorisation matrix test' };
  if (!s.upload) return app.inject({ method: method as 'GET', url: s.path, headers });
  const boundary = 'matrixboundary';
  const body = [
    `--${boundary}\r\nContent-Disposition: form-data; name="force"\r\n\r\n${F}\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="2022-04-upload.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n',
    `${'c'.repeat(64)},2022-04,Leicestershire Police,Leicestershire Police,-1.13,52.63,On or near X,E01013000,Leicester 001A,Drugs,,\r\n`,
    `--${boundary}--\r\n`,
  ].join('');
  return app.inject({
    method: 'POST',
    url: s.path,
    headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}

test('every route declares an access rule naming a resource of the policy, and has a sample here', () => {
  const table = samples();
  assert.ok(routes.length >= 20, `${routes.length} routes collected`);
  for (const r of routes) {
    if (!r.url.startsWith('/api')) continue; // the web app's files: public by the guard's own rule
    assert.ok(r.access, `${r.method} ${r.url} has no access rule`);
    assert.ok(isResource(r.access.resource), `${r.method} ${r.url}: unknown resource ${r.access.resource}`);
    assert.ok(table[`${r.method} ${r.url}`], `${r.method} ${r.url}: add a sample request to the matrix`);
  }
});

test('route × principal: each answer is what the policy decides', async () => {
  const table = samples();
  const who = principals();
  let checked = 0;
  for (const r of routes) {
    if (!r.url.startsWith('/api') || !r.access) continue;
    const s = table[`${r.method} ${r.url}`];
    const params = s.path.includes('/forces/') ? { force: F } : {};
    const query = new URL(s.path, 'http://x').searchParams;
    for (const [name, p] of Object.entries(who)) {
      const label = `${r.method} ${r.url} as ${name}`;
      if (!isResource(r.access.resource)) assert.fail(label);
      const rule = { resource: r.access.resource, action: r.access.action as Target['action'] };
      const routeLevel = decide(p, {
        ...rule,
        ...params,
        unit: query.get('unit') ?? undefined,
        team: query.get('team') ?? undefined,
        pending: r.access.perObject,
      });
      const objectLevel = s.object ? decide(p, { ...rule, ...s.object.target }) : routeLevel;
      const res = await call(s, r.method, p);
      const body = res.headers['content-type']?.toString().includes('json') ? res.json() : null;
      const code = (body as { error?: { code: string } } | null)?.error?.code ?? '';
      if (!routeLevel.allow) {
        assert.equal(res.statusCode, routeLevel.status, `${label}: ${res.body.slice(0, 200)}`);
        assert.match(code, /^access\./, label);
      } else if (!objectLevel.allow) {
        assert.equal(res.statusCode, s.object?.refused, `${label}: ${res.body.slice(0, 200)}`);
      } else {
        assert.ok(res.statusCode < 500, `${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        assert.doesNotMatch(code, /^access\./, `${label}: refused (${res.statusCode} ${code})`);
        if (/\/casework\/(referrals|burglary)\/:id$/.test(r.url) && r.method === 'GET') {
          const contact = decide(p, {
            resource: 'victim-contact',
            action: 'read',
            ...s.object?.target,
          }).allow;
          const record = (body as { record: object }).record;
          assert.equal('victimContact' in record, contact, `${label}: victim contact shown?`);
        }
        if (r.url === '/api/forces/:force/referrals/:id') {
          const contact = decide(p, {
            resource: 'victim-contact',
            action: 'read',
            ...s.object?.target,
          }).allow;
          assert.equal('victimContact' in (body as object), contact, `${label}: victim contact shown?`);
          assert.equal((body as Referral).summary, 'repeat victim');
        }
      }
      checked++;
    }
  }
  assert.ok(checked >= 20 * 11, `${checked} route × principal cases`);
});

test('IDOR: a sergeant asking for another team’s record gets 404, as for a record that does not exist', async () => {
  const s2 = principals()['sergeant of another team'];
  const headers = { ...as(s2), 'x-beatwise-reason': 'checking a referral of my team' };
  const other = await app.inject({ url: `/api/forces/${F}/referrals/1`, headers });
  const missing = await app.inject({ url: `/api/forces/${F}/referrals/999`, headers });
  assert.equal(other.statusCode, 404);
  assert.equal(missing.statusCode, 404);
  assert.doesNotMatch(other.body, /repeat victim|07700/);
  // Their own team's record answers.
  const own = await app.inject({ url: `/api/forces/${F}/referrals/2`, headers });
  assert.equal(own.statusCode, 200);
});

test('the imports list shows only the forces a principal may see; rejects links only to those allowed', async () => {
  const list = async (p: Principal | null) =>
    (await app.inject({ url: '/api/imports', headers: as(p) })).json() as {
      imports: { force: string; rejectsUrl: string | null }[];
    };
  const mine = await list(principals().analyst);
  assert.ok(mine.imports.some((i) => i.force === F && i.rejectsUrl));
  const theirs = await list(principals()['analyst of another force']);
  assert.equal(theirs.imports.filter((i) => i.force === F).length, 0);
});
