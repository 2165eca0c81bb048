/**
 * Access benchmark (issue 20, item 5): 200 concurrent signed-in users of mixed roles
 * (administrators, analysts, commanders, sergeants, officers, volunteer coordinators) doing a mix of
 * reads and patrol-event writes for 60 s against the 3,000,000-crime West Midlands store, served
 * as `beatwise serve` serves it: sign-in sessions, the access policy, the audit log, the rate limit,
 * CSRF and the security headers all on. Targets: zero errors, p95 < 100 ms; the policy check
 * < 1 ms per request (decide() timed over many calls, and the guard hook's own time per request
 * measured on a bare server).
 *
 *   npm run bench:access -- [--rows 3000000] [--seed 7] [--seconds 60] [--users 200] [--rate 100]
 *   npm run bench:access -- --rows 200000 --seconds 15      (a quick check that it works)
 *
 * What it does, honestly:
 * - Store: bench/lib/wm-store.ts builds (or reuses) the generated West Midlands store; each run
 *   works on a fresh copy of it (run.db), so users, plans, patrol events and audit entries of one
 *   run do not pile up into the next.
 * - Users: made with src/access's createLocalUser (what `beatwise user add` calls): each has a
 *   password and one role grant. Sergeants and officers belong to PLAN_TEAMS teams, commanders to
 *   those teams' units. Each signs in over HTTP with better-auth's email/password sign-in
 *   (POST /api/auth/sign-in/email) and every request then carries that real session cookie, looked
 *   up by the server as in production. All users come from 127.0.0.1, so the per-address sign-in
 *   limit (BEATWISE_SIGN_IN_PER_MINUTE) is raised for the benchmark's server; nothing else is.
 * - Patrol plans: one per team, built and stored with src/patrols's createPlan, as a sergeant would.
 * - Writes: officers post their patrols to the real route POST
 *   /api/forces/:force/patrol-plans/:id/events (a start and an end, 15 minutes apart, each with a
 *   new client event id): real inserts, checked by the policy as the officer's own, each audited.
 *   After the run the benchmark counts the stored events against the writes answered 200.
 * - Reads: the pages each role opens — overview, Impact Areas, harm of a ward, areas, a hotspot grid,
 *   trends; patrol plans (list and their team's plan); casework lists (burglary attendance,
 *   referrals: personal, so with a reason, each read audited; the generated store has no casework
 *   records, so the lists are empty); volunteer groups; workforce and imports for those allowed.
 * - Sessions: with the default idle timeout (30 min; extended every 3 min of use) no session is
 *   extended within a 60 s run, so session refresh writes are not part of the figures.
 * - Process: the server runs in a child process (bench/lib/access-server.ts), autocannon here.
 * - Load: autocannon caps the overall rate (--rate, default 100 req/s: each of the 200 users asks
 *   every 2 s, busier than people reading tables and maps); 200 connections stay open throughout,
 *   and users take turns on them.
 */
import { fork } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { accessDb, adminAuth, createLocalUser, identifyFor } from '../src/access/index.ts';
import { accessControl, decide } from '../src/access/policy.ts';
import { verifyAudit } from '../src/audit/index.ts';
import { registerGuard } from '../src/core/http/guard.ts';
import type { Principal, Role, RoleGrant } from '../src/core/http/principal.ts';
import { openStore } from '../src/core/store/open.ts';
import { createPlan } from '../src/patrols/index.ts';
import { MB, vmHwmBytes } from './lib/memory.ts';
import { westMidlandsStore } from './lib/wm-store.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '3000000' },
    seed: { type: 'string', default: '7' },
    seconds: { type: 'string', default: '60' },
    users: { type: 'string', default: '200' },
    rate: { type: 'string', default: '100' },
    out: { type: 'string', default: join(ROOT, 'bench', 'out', 'access') },
  },
});
const rows = Number(values.rows);
const users = Number(values.users);
const F = 'west-midlands';
const PLAN_TEAMS = 4;
const PASSWORD = 'bench password, not a real one';

const built = await westMidlandsStore(values.out as string, rows, Number(values.seed));
console.log(
  built.reused
    ? `store: reusing ${built.path} (${rows.toLocaleString('en-GB')} generated crimes, West Midlands)`
    : `store: ${rows.toLocaleString('en-GB')} generated crimes (West Midlands) made in ${((built.generateMs + built.importMs) / 1000).toFixed(1)} s`,
);
// A fresh copy per run: this run's users, plans, events and audit entries start from nothing.
const runPath = join(values.out as string, 'run.db');
for (const suffix of ['', '-wal', '-shm', '.auth-secret']) rmSync(`${runPath}${suffix}`, { force: true });
copyFileSync(built.path, runPath);
if (existsSync(`${built.path}-wal`)) copyFileSync(`${built.path}-wal`, `${runPath}-wal`);

// The users: a realistic mix of roles, each with its own grant.
const MIX: [Role, number][] = [
  ['administrator', 0.05],
  ['analyst', 0.15],
  ['commander', 0.1],
  ['sergeant', 0.25],
  ['officer', 0.4],
  ['volunteer-coordinator', 0.05],
];

interface Person {
  email: string;
  role: Role;
  grant: RoleGrant;
  userId: string;
  /** The team's patrol plan (sergeants, officers) and its hotspot count. */
  plan: { id: number; hotspots: number } | null;
  /** `beatwise.session_token=…`, after sign-in. */
  cookie: string;
}

const s0 = performance.now();
const store = await openStore({ db: runPath });
const teamRows = await store.db
  .selectFrom('areas as a')
  .innerJoin('forces as f', 'f.id', 'a.force_id')
  .leftJoin('areas as p', 'p.id', 'a.parent_id')
  .select(['a.code as code', 'p.code as parent'])
  .where('f.slug', '=', F)
  .where('a.level', '=', 'team')
  .orderBy('a.code')
  .execute();
const wards = (
  await store.db.selectFrom('areas').select('code').where('level', '=', 'ward').orderBy('code').execute()
).map((w) => w.code);
const planTeams = teamRows.slice(0, PLAN_TEAMS);
// One patrol plan per team, as each team's sergeant would make it in the hotspot lab.
const plans = new Map<string, { id: number; hotspots: number }>();
for (const t of planTeams) {
  const plan = await createPlan(
    store,
    F,
    {
      name: `bench plan ${t.code}`,
      area: `team:${t.code}`,
      from: '2022-01',
      to: '2022-12',
      method: 'harm',
      hotspots: 8,
      startDate: '2023-01-02',
      endDate: '2023-01-29',
    },
    'bench-setup',
  );
  plans.set(t.code, { id: plan.planId, hotspots: plan.hotspots.length });
}
const auth = adminAuth(store);
const db = accessDb(store);
const people: Person[] = [];
for (const [role, share] of MIX)
  for (let i = 0; i < Math.round(share * users); i++) {
    const team = planTeams[people.length % planTeams.length];
    const grant: RoleGrant =
      role === 'commander'
        ? { role, force: F, unit: team.parent ?? undefined }
        : role === 'sergeant' || role === 'officer'
          ? { role, force: F, team: team.code }
          : { role, force: F };
    const email = `${role}-${people.length}@bench.police.uk`;
    const userId = await createLocalUser(auth, db, {
      email,
      name: `Bench ${role} ${people.length}`,
      password: PASSWORD,
      grants: [grant],
    });
    people.push({
      email,
      role,
      grant,
      userId,
      plan: grant.team ? (plans.get(grant.team) ?? null) : null,
      cookie: '',
    });
  }
await store.close();
console.log(
  `setup: ${plans.size} patrol plans (teams ${planTeams.map((t) => t.code).join(', ')}) and ${people.length} users made in ${((performance.now() - s0) / 1000).toFixed(1)} s`,
);

// The server runs in its own process (bench/lib/access-server.ts), so autocannon's work does not
// share its event loop. All users sign in from 127.0.0.1: raise the per-address sign-in limit.
const child = fork(join(ROOT, 'bench', 'lib', 'access-server.ts'), [runPath], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  env: { ...process.env, BEATWISE_SIGN_IN_PER_MINUTE: String(Math.max(20, users * 2)) },
});
const server = {
  url: await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the server process exited (${code})`)));
  }),
  close: () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.send('close');
    }),
};

// Sign in: better-auth's email/password sign-in over HTTP, a few at a time (each hashes a password).
const i0 = performance.now();
async function signIn(p: Person): Promise<void> {
  const r = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email: p.email, password: PASSWORD }),
  });
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.includes('session_token='));
  if (r.status !== 200 || !cookie) throw new Error(`sign-in of ${p.email}: ${r.status} ${await r.text()}`);
  p.cookie = cookie;
  const me = (await (await fetch(`${server.url}/api/me`, { headers: { cookie } })).json()) as {
    user: { id: string } | null;
  };
  if (me.user?.id !== p.userId) throw new Error(`the session of ${p.email} is not theirs`);
}
for (let i = 0; i < people.length; i += 8) await Promise.all(people.slice(i, i + 8).map(signIn));
console.log(
  `sign-in: ${people.length} users signed in over HTTP (better-auth email/password), each session checked with /api/me, in ${((performance.now() - i0) / 1000).toFixed(1)} s`,
);

const f = `/api/forces/${F}`;
const REASON = 'reviewing the team casework for the weekly meeting';
type Req = { method: 'GET' | 'POST'; path: string; reason?: boolean; write?: true };

/** What each role does, as its pages would ask. */
function requestsFor(p: Person, n: number): Req[] {
  const area = p.grant.unit ?? p.grant.team ?? wards[n % 10];
  const reads: Req[] = [
    `${f}/overview`,
    `${f}/impact-areas`,
    `${f}/harm?level=ward&area=${wards[n % 10]}&from=2021-01`,
    `${f}/areas?level=ward`,
    `${f}/hotspots/grid?area=${area}&cell=250&from=2022-10&to=2022-12`,
    `${f}/trends?selection=neighbourhood-crime&level=unit`,
  ].map((path) => ({ method: 'GET', path }));
  const get = (path: string, reason?: boolean) => reads.push({ method: 'GET', path, reason });
  switch (p.role) {
    case 'administrator':
      get(`${f}/workforce`);
      get('/api/imports');
      get(`${f}/patrol-plans`);
      break;
    case 'analyst':
      get(`${f}/workforce`);
      get('/api/imports');
      get(`${f}/patrol-plans`);
      get(`${f}/casework/burglary/figures`);
      break;
    case 'commander':
      get(`${f}/workforce`);
      get(`${f}/patrol-plans`);
      get(`${f}/casework/referrals`, true);
      get(`${f}/casework/burglary`, true);
      break;
    case 'sergeant':
      get(`${f}/patrol-plans`);
      if (p.plan) get(`${f}/patrol-plans/${p.plan.id}`);
      get(`${f}/casework/referrals`, true);
      get(`${f}/casework/burglary`, true);
      break;
    case 'officer':
      get(`${f}/patrol-plans`);
      if (p.plan) get(`${f}/patrol-plans/${p.plan.id}`);
      get(`${f}/casework/burglary`, true);
      break;
    case 'volunteer-coordinator':
      get(`${f}/volunteers/groups`, true);
      break;
  }
  // Officers log a patrol after every few pages.
  if (p.role === 'officer' && p.plan)
    for (const at of [2, 6])
      reads.splice(at, 0, { method: 'POST', path: `${f}/patrol-plans/${p.plan.id}/events`, write: true });
  return reads;
}

/** A patrol as the officer's phone sends it: its start and end, with new client event ids. */
let patrolNo = 0;
const runTag = Date.now().toString(36);
function patrolBody(p: Person): string {
  const plan = p.plan as { id: number; hotspots: number };
  const k = patrolNo++;
  const end = Date.now();
  const key = `bench-${runTag}-${k}`;
  return JSON.stringify({
    events: [
      {
        clientEventId: `${key}-start`,
        planId: plan.id,
        patrolKey: key,
        kind: 'start',
        at: new Date(end - 15 * 60_000).toISOString(),
        hotspot: 1 + (k % plan.hotspots),
      },
      {
        clientEventId: `${key}-end`,
        planId: plan.id,
        patrolKey: key,
        kind: 'end',
        at: new Date(end).toISOString(),
      },
    ],
  });
}

function headersFor(p: Person, r: Req): Record<string, string> {
  const h: Record<string, string> = { cookie: p.cookie };
  if (r.reason) h['x-beatwise-reason'] = REASON;
  // The web app's writes: JSON with X-Requested-With (the CSRF rule), from its own origin.
  if (r.write) {
    h['content-type'] = 'application/json';
    h['x-requested-with'] = 'beatwise';
    h.origin = server.url;
  }
  return h;
}

// Warm the response cache as the first user of each role (and of each team) would, on every page
// the run will ask for: the figures are then of a server in use, not of its first minute.
const warmed = new Set<string>();
const w0 = performance.now();
for (const p of people)
  for (let step = 0; step < 10; step++)
    for (const r of requestsFor(p, step)) {
      const key = `${p.role} ${JSON.stringify(p.grant)} ${r.path}`;
      if (r.method !== 'GET' || warmed.has(key)) continue;
      warmed.add(key);
      const res = await fetch(`${server.url}${r.path}`, { headers: headersFor(p, r) });
      if (res.status !== 200)
        throw new Error(`warm-up: ${p.role} GET ${r.path} answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }
console.log(`warm-up: ${warmed.size} first requests in ${((performance.now() - w0) / 1000).toFixed(1)} s`);

let issued = 0;
const times: number[] = [];
const statuses = new Map<number, number>();
let writes = 0;
let writesOk = 0;
const t0 = performance.now();
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const inst = autocannon(
    {
      url: server.url,
      connections: users,
      duration: Number(values.seconds),
      overallRate: Number(values.rate),
      headers: { 'accept-encoding': 'gzip' },
      requests: [
        {
          setupRequest: (req, context) => {
            // autocannon resets a connection's context after each pass over `requests`, so users take
            // turns here: request i goes to user i mod N, which walks its own list in order.
            const i = issued++;
            const p = people[i % people.length];
            const list = requestsFor(p, Math.floor(i / people.length));
            const r = list[Math.floor(i / people.length) % list.length];
            if (r.write) writes++;
            (context as { write?: boolean }).write = r.write === true;
            return {
              ...req,
              method: r.method,
              path: r.path,
              body: r.write ? patrolBody(p) : undefined,
              headers: { ...req.headers, ...headersFor(p, r) },
            };
          },
          // Called with the context of the request answered (before the connection's next one is set up).
          onResponse: (status, _body, context) => {
            if ((context as { write?: boolean }).write && status === 200) writesOk++;
          },
        },
      ],
    },
    (err, res) => (err ? reject(err) : resolve(res)),
  );
  // autocannon reports no p95: keep every response's time for the exact percentile.
  inst.on('response', (_client, status, _bytes, ms) => {
    times.push(ms);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
});
const wallS = (performance.now() - t0) / 1000;
const instance = result;

await server.close();

// The policy check alone: decide() over many calls, and the guard hook per request on a bare server.
const principals: Principal[] = people.map((p) => ({
  userId: p.userId,
  email: p.email,
  name: p.role,
  grants: [p.grant],
  method: 'password',
}));
const sample = principals.slice(0, 50);
const officer = people.find((p) => p.role === 'officer');
const targets = [
  { resource: 'crime-aggregates', action: 'read', force: F },
  { resource: 'workforce', action: 'read', force: F },
  {
    resource: 'patrol-logs',
    action: 'create',
    force: F,
    team: officer?.grant.team,
    ownerId: officer?.userId,
  },
] as const;
const N = 1_000_000;
let allowed = 0;
const d0 = performance.now();
for (let i = 0; i < N; i++) if (decide(sample[i % sample.length], targets[i % 3]).allow) allowed++;
const decideUs = ((performance.now() - d0) * 1000) / N;

/** The guard hook's own time per request: hooks just before and just after it take the time. */
async function guardCost(): Promise<{ us: number; n: number }> {
  const app = Fastify();
  app.decorateRequest('principal', null);
  let start = 0n;
  let total = 0n;
  let n = 0;
  app.addHook('onRequest', async (req) => {
    req.principal = principals[n % principals.length];
    start = process.hrtime.bigint();
  });
  registerGuard(app, accessControl);
  app.addHook('onRequest', async () => {
    total += process.hrtime.bigint() - start;
    n++;
  });
  app.get(
    '/api/forces/:force/overview',
    { config: { access: { resource: 'crime-aggregates', action: 'read' } } },
    async () => ({
      ok: 1,
    }),
  );
  await app.ready();
  for (let i = 0; i < 20_000; i++) await app.inject({ url: `/api/forces/${F}/overview` });
  await app.close();
  return { us: Number(total) / 1000 / n, n };
}
const hook = await guardCost();

/**
 * What identifying a request costs (better-auth's session lookup, the account's state, its grants):
 * the server's identify, timed around each call on a bare server over the run's store and sessions.
 */
async function sessionCost(): Promise<{ ms: number; n: number; found: number }> {
  const s = await openStore({ db: runPath });
  const identify = identifyFor(s);
  const app = Fastify();
  let total = 0n;
  let n = 0;
  let found = 0;
  app.get('/api/me', async (req) => {
    const t = process.hrtime.bigint();
    const p = await identify(req);
    total += process.hrtime.bigint() - t;
    n++;
    if (p) found++;
    return {};
  });
  await app.ready();
  for (let i = 0; i < 2000; i++)
    await app.inject({ url: '/api/me', headers: { cookie: people[i % people.length].cookie } });
  await app.close();
  await s.close();
  return { ms: Number(total) / 1e6 / n, n, found };
}
const session = await sessionCost();

const after = await openStore({ db: runPath });
const chain = await verifyAudit(after);
const stored = (
  await sql<{
    n: number;
  }>`SELECT count(*) AS n FROM patrol_events WHERE client_event_id LIKE ${`bench-${runTag}-%`}`.execute(
    after.db,
  )
).rows[0];
await after.close();

times.sort((a, b) => a - b);
const pct = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN;
// autocannon counts a timeout in `errors` too.
const errors = instance.errors + instance.non2xx;
console.log('');
console.log(
  `access bench: ${users} users (${MIX.map(([r, s]) => `${Math.round(s * users)} ${r}`).join(', ')}), ${values.seconds} s, overall rate cap ${values.rate} req/s, store ${rows.toLocaleString('en-GB')} generated crimes`,
);
console.log(
  '  identity: real better-auth sessions (email/password sign-in over HTTP, the session cookie on every request); writes: the real patrol-event route (start + end per write, real inserts, audited)',
);
console.log(
  `  requests ${instance.requests.total.toLocaleString('en-GB')} in ${wallS.toFixed(1)} s (${Math.round(instance.requests.total / wallS)} req/s), writes ${writes.toLocaleString('en-GB')}, statuses ${[...statuses].map(([s, n]) => `${s}:${n}`).join(' ')}`,
);
console.log(
  `  latency p50 ${pct(0.5).toFixed(1)} ms  p95 ${pct(0.95).toFixed(1)} ms  p99 ${pct(0.99).toFixed(1)} ms  max ${times.at(-1)?.toFixed(1)} ms  ${pct(0.95) < 100 ? 'MET' : 'NOT MET'} (p95 < 100 ms)`,
);
console.log(
  `  errors ${errors} (socket ${instance.errors - instance.timeouts}, timeouts ${instance.timeouts}, non-2xx ${instance.non2xx})  ${errors === 0 ? 'MET' : 'NOT MET'} (zero errors)`,
);
console.log(
  `  patrol-event writes: ${writes.toLocaleString('en-GB')} sent, ${writesOk.toLocaleString('en-GB')} answered 200; events stored ${Number(stored.n).toLocaleString('en-GB')} (a start and an end per write: ${(2 * writes).toLocaleString('en-GB')} if every write sent was stored)  ${Number(stored.n) === 2 * writes ? 'every write stored' : 'NOT every write stored'}`,
);
console.log(
  `  policy: decide() ${decideUs.toFixed(2)} µs per call over ${N.toLocaleString('en-GB')} calls (${allowed.toLocaleString('en-GB')} allowed); guard hook ${hook.us.toFixed(1)} µs per request (mean over ${hook.n.toLocaleString('en-GB')}, its own time between the hooks around it)  ${decideUs < 1000 && hook.us < 1000 ? 'MET' : 'NOT MET'} (< 1 ms)`,
);
console.log(
  `  session lookup (identify: better-auth's getSession, the account's state, the grants) ${session.ms.toFixed(2)} ms per request (mean over ${session.n.toLocaleString('en-GB')} on a bare server, ${session.found.toLocaleString('en-GB')} signed in)`,
);
console.log(
  `  audit log after the run: ${chain.ok ? 'intact' : 'BROKEN'}, ${chain.entries.toLocaleString('en-GB')} entries`,
);
const peak = vmHwmBytes();
console.log(
  `  peak memory of the load generator (the server is its own process) ${peak === null ? 'unknown' : `${Math.round(peak / MB)} MB`}`,
);
