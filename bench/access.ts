/**
 * Access benchmark: 200 concurrent signed-in users of mixed roles (administrators, analysts,
 * commanders, sergeants, officers, volunteer coordinators) doing a mix of reads and writes for
 * 60 s against the server with the access policy, the audit log, the rate limit and the security
 * headers on. Targets: zero errors, p95 < 100 ms; the policy check < 1 ms per request (decide()
 * timed over many calls, and the guard hook's cost per request measured on a bare server).
 *
 *   npm run bench:access -- [--rows 200000] [--seed 7] [--seconds 60] [--users 200] [--rate 100]
 *
 * Honest notes, printed with the figures:
 * - Sessions: sign-in is built on another branch. Here each user is a bearer-like test header
 *   (`authorization: Bearer bench-<n>`) that a benchmark-only `identify` maps to a principal. A
 *   real session lookup (one indexed query) is not measured.
 * - Process: the server runs in a child process (bench/lib/access-server.ts), autocannon here.
 * - Writes: patrol-log writes do not exist yet. A stand-in route registered only in the benchmark,
 *   POST /api/forces/:force/patrol-logs (policy: patrol-logs create, officers their own), checks
 *   the body and the record's owner, and answers 201; the write each one really makes is its
 *   audit-log entry (a hash-chained insert in a transaction).
 * - Load: autocannon caps the overall rate (--rate, default 100 req/s: each of the 200 users asks
 *   every 2 s, busier than people reading tables and maps); 200 connections stay open throughout,
 *   and users take turns on them. Area pages cycle over 10 wards.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { accessControl, decide } from '../src/access/policy.ts';
import { verifyAudit } from '../src/audit/index.ts';
import { registerGuard } from '../src/core/http/guard.ts';
import type { Principal, Role, RoleGrant } from '../src/core/http/principal.ts';
import { startServer } from '../src/core/http/server.ts';
import { ROUTES } from '../src/server.ts';
import { MB, vmHwmBytes } from './lib/memory.ts';
import { westMidlandsStore } from './lib/wm-store.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
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

const built = await westMidlandsStore(values.out as string, rows, Number(values.seed));
console.log(
  built.reused
    ? `store: reusing ${built.path} (${rows.toLocaleString('en-GB')} generated crimes, West Midlands)`
    : `store: ${rows.toLocaleString('en-GB')} generated crimes (West Midlands) made in ${((built.generateMs + built.importMs) / 1000).toFixed(1)} s`,
);

// The users: a realistic mix of roles, each with its own grant.
const MIX: [Role, number][] = [
  ['administrator', 0.05],
  ['analyst', 0.15],
  ['commander', 0.1],
  ['sergeant', 0.25],
  ['officer', 0.4],
  ['volunteer-coordinator', 0.05],
];
const people: Principal[] = [];
const probe = await startServer({ dbPath: built.path, port: 0, plugins: ROUTES, access: accessControl });
const areas = async (level: string) =>
  (
    (await (await fetch(`${probe.url}/api/forces/${F}/areas?level=${level}`)).json()) as {
      areas: { code: string; parent: string | null }[];
    }
  ).areas;
const teams = await areas('team');
const wards = await areas('ward');
await probe.close();
for (const [role, share] of MIX)
  for (let i = 0; i < Math.round(share * users); i++) {
    const team = teams[people.length % teams.length];
    const grant: RoleGrant =
      role === 'commander'
        ? { role, force: F, unit: team.parent ?? undefined }
        : role === 'sergeant' || role === 'officer'
          ? { role, force: F, team: team.code }
          : { role, force: F };
    people.push({
      userId: `bench-${people.length}`,
      email: `u${people.length}@bench`,
      name: role,
      grants: [grant],
      method: 'password',
    });
  }
// The server runs in its own process (bench/lib/access-server.ts), so autocannon's work does not
// share its event loop.
const peopleFile = join(values.out as string, 'people.json');
writeFileSync(peopleFile, JSON.stringify(people));
const child = fork(join(ROOT, 'bench', 'lib', 'access-server.ts'), [built.path, peopleFile], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
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
const f = `/api/forces/${F}`;
const ward = wards[0].code;

/** What each role does, as its pages would ask. */
function requestsFor(p: Principal, n: number): { method: 'GET' | 'POST'; path: string; body?: string }[] {
  const role = p.grants[0].role;
  const reads = [
    `${f}/overview`,
    `${f}/impact-areas`,
    `${f}/harm?level=ward&area=${wards[n % 10].code}&from=2021-01`,
    `${f}/areas?level=ward`,
    `${f}/hotspots/grid?area=${p.grants[0].unit ?? 'BW'}&cell=250&from=2022-10&to=2022-12`,
    `${f}/trends?selection=neighbourhood-crime&level=unit`,
  ];
  if (role === 'administrator' || role === 'analyst' || role === 'commander') reads.push(`${f}/workforce`);
  if (role === 'administrator' || role === 'analyst') reads.push('/api/imports');
  const out: { method: 'GET' | 'POST'; path: string; body?: string }[] = reads.map((path) => ({
    method: 'GET',
    path,
  }));
  // Officers log a patrol after every few pages.
  if (role === 'officer')
    for (const at of [2, 6])
      out.splice(at, 0, {
        method: 'POST',
        path: `${f}/patrol-logs`,
        body: JSON.stringify({ hotspot: ward, minutes: 15 }),
      });
  return out;
}

// Warm the response cache as the first user of each role (and of each unit) would, on every page
// the run will ask for: the figures are then of a server in use, not of its first minute.
const warmed = new Set<string>();
const w0 = performance.now();
for (const p of people)
  for (let step = 0; step < 10; step++)
    for (const r of requestsFor(p, step)) {
      const key = `${p.grants[0].role} ${r.path}`;
      if (r.method !== 'GET' || warmed.has(key)) continue;
      warmed.add(key);
      await fetch(`${server.url}${r.path}`, { headers: { authorization: `Bearer ${p.userId}` } });
    }
console.log(`warm-up: ${warmed.size} first requests in ${((performance.now() - w0) / 1000).toFixed(1)} s`);

let issued = 0;
const times: number[] = [];
const statuses = new Map<number, number>();
let writes = 0;
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
          setupRequest: (req) => {
            // autocannon resets a connection's context after each pass over `requests`, so users take
            // turns here: request i goes to user i mod N, which walks its own list in order.
            const i = issued++;
            const p = people[i % people.length];
            const list = requestsFor(p, Math.floor(i / people.length));
            const r = list[Math.floor(i / people.length) % list.length];
            if (r.method === 'POST') writes++;
            return {
              ...req,
              method: r.method,
              path: r.path,
              body: r.body,
              headers: {
                ...req.headers,
                authorization: `Bearer ${p.userId}`,
                ...(r.body ? { 'content-type': 'application/json' } : {}),
              },
            };
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
const sample = people.slice(0, 50);
const targets = [
  { resource: 'crime-aggregates', action: 'read', force: F },
  { resource: 'workforce', action: 'read', force: F },
  { resource: 'patrol-logs', action: 'create', force: F, team: teams[0].code, ownerId: 'bench-1' },
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
    req.principal = people[n % people.length];
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

const { openStore } = await import('../src/core/store/open.ts');
const store = await openStore({ db: built.path });
const chain = await verifyAudit(store);
await store.close();

times.sort((a, b) => a - b);
const pct = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN;
const errors = instance.errors + instance.timeouts + instance.non2xx;
console.log('');
console.log(
  `access bench: ${users} users (${MIX.map(([r, s]) => `${Math.round(s * users)} ${r}`).join(', ')}), ${values.seconds} s, overall rate cap ${values.rate} req/s, store ${rows.toLocaleString('en-GB')} generated crimes`,
);
console.log(
  '  identity: benchmark-only bearer-like test header → principal (sign-in sessions are another branch); writes: stand-in patrol-log route (benchmark only) whose real write is its audit entry',
);
console.log(
  `  requests ${instance.requests.total.toLocaleString('en-GB')} in ${wallS.toFixed(1)} s (${Math.round(instance.requests.total / wallS)} req/s), writes ${writes.toLocaleString('en-GB')}, statuses ${[...statuses].map(([s, n]) => `${s}:${n}`).join(' ')}`,
);
console.log(
  `  latency p50 ${pct(0.5).toFixed(1)} ms  p95 ${pct(0.95).toFixed(1)} ms  p99 ${pct(0.99).toFixed(1)} ms  max ${times.at(-1)?.toFixed(1)} ms  ${pct(0.95) < 100 ? 'MET' : 'NOT MET'} (p95 < 100 ms)`,
);
console.log(
  `  errors ${errors} (socket ${instance.errors}, timeouts ${instance.timeouts}, non-2xx ${instance.non2xx})  ${errors === 0 ? 'MET' : 'NOT MET'} (zero errors)`,
);
console.log(
  `  policy: decide() ${decideUs.toFixed(2)} µs per call over ${N.toLocaleString('en-GB')} calls (${allowed.toLocaleString('en-GB')} allowed); guard hook ${hook.us.toFixed(1)} µs per request (mean over ${hook.n.toLocaleString('en-GB')}, its own time between the hooks around it)  ${decideUs < 1000 && hook.us < 1000 ? 'MET' : 'NOT MET'} (< 1 ms)`,
);
console.log(
  `  audit log after the run: ${chain.ok ? 'intact' : 'BROKEN'}, ${chain.entries.toLocaleString('en-GB')} entries`,
);
const peak = vmHwmBytes();
console.log(
  `  peak memory of the load generator (the server is its own process) ${peak === null ? 'unknown' : `${Math.round(peak / MB)} MB`}`,
);
