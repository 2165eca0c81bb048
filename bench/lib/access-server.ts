/**
 * The server of bench/access.ts, in its own process: the real routes, policy, audit log, rate limit
 * and headers, plus two things that exist only in the benchmark — an `identify` mapping the
 * bearer-like test header `authorization: Bearer <userId>` to the principals in the given JSON
 * file (sign-in is another branch), and a stand-in patrol-log write route.
 *
 *   node --import tsx bench/lib/access-server.ts STORE.db PEOPLE.json   (started by bench/access.ts)
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { accessControl } from '../../src/access/policy.ts';
import { auditSink } from '../../src/audit/index.ts';
import { BeatwiseError } from '../../src/core/errors.ts';
import { requireObject } from '../../src/core/http/guard.ts';
import { hardeningFromEnv } from '../../src/core/http/headers.ts';
import type { Principal } from '../../src/core/http/principal.ts';
import { route } from '../../src/core/http/route.ts';
import { type RoutePlugin, startServer } from '../../src/core/http/server.ts';
import { ROUTES } from '../../src/server.ts';

/** The stand-in for patrol-log writes (see bench/access.ts): benchmark only. */
export const patrolLogStandIn: RoutePlugin = (app) =>
  route(
    app,
    {
      method: 'POST',
      url: '/api/forces/:force/patrol-logs',
      summary: 'benchmark stand-in: an officer logs a patrol',
      tag: 'bench',
      params: z.object({ force: z.string() }),
      access: { resource: 'patrol-logs', action: 'create', perObject: true },
    },
    async ({ params }, req, reply) => {
      const body = z
        .object({ hotspot: z.string().min(1), minutes: z.number().int().min(1).max(60) })
        .safeParse(req.body);
      if (!body.success)
        throw new BeatwiseError('http.bad_request', 'a patrol log needs hotspot and minutes');
      const p = req.principal;
      requireObject(
        req,
        {
          resource: 'patrol-logs',
          action: 'create',
          force: params.force,
          team: p?.grants[0]?.team,
          ownerId: p?.userId,
        },
        'patrol log',
      );
      return reply.status(201).send({ logged: body.data });
    },
  );

const [dbPath, peopleFile] = process.argv.slice(2);
const people = JSON.parse(readFileSync(peopleFile, 'utf8')) as Principal[];
const byToken = new Map(people.map((p) => [`Bearer ${p.userId}`, p]));
const server = await startServer({
  dbPath,
  port: 0,
  plugins: [...ROUTES, patrolLogStandIn],
  access: accessControl,
  audit: auditSink,
  identify: async (req) => byToken.get(String(req.headers.authorization)) ?? null,
  hardening: hardeningFromEnv(),
});
process.send?.({ url: server.url });
process.on('message', async (m) => {
  if (m !== 'close') return;
  await server.close();
  process.exit(0);
});
