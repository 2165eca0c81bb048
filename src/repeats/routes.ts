/**
 * Near repeats over HTTP. The Knox table, the classification counts and the cocooning comparison
 * are aggregates (the hotspots resource, public at any precision: no place is named); alerts and
 * visit lists name map points and streets (exact-locations); recording a cocooning visit is
 * community engagement (engagement: create), checked against the burglary's unit and team.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { BeatwiseError } from '../core/errors.ts';
import { requireObject } from '../core/http/guard.ts';
import { monthParam, route } from '../core/http/route.ts';
import type { RoutePlugin } from '../core/http/server.ts';
import type { Store } from '../core/store/store.ts';
import { timeoutFromEnv, WorkerPool } from '../core/worker-pool.ts';
import { resolveArea } from '../hotspots/index.ts';
import {
  alertsFor,
  classifyAnalysis,
  cocooningAnalysis,
  type KnoxAnswer,
  type KnoxRequest,
  knoxAnalysis,
  markCocooning,
} from './api.ts';
import { alertsHtml, knoxCsv } from './format.ts';
import { areaNames, burglaryOf } from './store.ts';

const params = z.object({ force: z.string().min(1) });
const selection = {
  area: z.string().optional().describe('an area code or LEVEL:CODE; default the whole force'),
  from: monthParam,
  to: monthParam,
};
const numbers = z
  .string()
  .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, 'numbers separated by commas')
  .transform((s) => s.split(',').map(Number))
  .optional();
const risk = {
  radius: z.coerce.number().positive().max(5000).optional(),
  days: z.coerce.number().positive().max(365).optional(),
  metric: z.enum(['euclidean', 'manhattan']).default('euclidean'),
};

/** Iterations over HTTP: up to 999 (the request waits for them); the CLI allows 9,999. */
const MAX_HTTP_ITERATIONS = 999;

/**
 * The Knox test off the request path, on one worker thread with the hotspot lab's time limit
 * (BEATWISE_ANALYSIS_TIMEOUT_MS, default 20 s); a store that is not a file runs it in place.
 */
function knoxRunner(store: Store): {
  run: (r: KnoxRequest) => Promise<KnoxAnswer>;
  close: () => Promise<void>;
} {
  const dbPath = store.dialect === 'sqlite' && store.location !== ':memory:' ? store.location : null;
  if (!dbPath) return { run: (r) => knoxAnalysis(store, r), close: async () => {} };
  const pool = new WorkerPool<{ dbPath: string; request: KnoxRequest }, KnoxAnswer>(
    new URL('./knox-worker.ts', import.meta.url),
    {
      size: 1,
      what: 'the Knox test',
      timeoutEnv: 'BEATWISE_ANALYSIS_TIMEOUT_MS',
      advice: 'choose fewer permutations, a smaller area or fewer months, or run `beatwise repeats knox`',
    },
  );
  return {
    run: (request) => pool.run({ dbPath, request }, timeoutFromEnv('BEATWISE_ANALYSIS_TIMEOUT_MS', 20_000)),
    close: () => pool.close(),
  };
}

export const repeatRoutes: RoutePlugin = (app, { store }) => {
  const knoxJobs = knoxRunner(store);
  app.addHook('onClose', () => knoxJobs.close());
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/repeats/knox',
      access: { resource: 'hotspots', action: 'read' },
      summary:
        'Knox test of burglaries: pairs by distance × time band, Knox ratios and permutation p-values (JSON or CSV)',
      tag: 'repeats',
      counters: ['crimes', 'areas', 'weights', 'repeats'],
      params,
      query: z.object({
        ...selection,
        distances: numbers.describe('upper edges of the distance bands, metres, e.g. 100,200,300,400'),
        times: numbers.describe('upper edges of the time bands, days, e.g. 7,14,28,56'),
        metric: risk.metric,
        iterations: z.coerce.number().int().min(9).max(MAX_HTTP_ITERATIONS).default(999),
        seed: z.coerce
          .number()
          .int()
          .min(1)
          .max(2 ** 31 - 1)
          .optional(),
        scheme: z.enum(['times', 'pairs']).default('times'),
        format: z.enum(['json', 'csv']).default('json'),
      }),
    },
    async ({ params: p, query: { format, seed, ...q } }, _req, reply) => {
      const a = await knoxJobs.run({ force: p.force, ...q, seed: seed ?? randomInt(1, 2 ** 31 - 1) });
      if (format === 'csv') {
        reply.header(
          'Content-Disposition',
          `attachment; filename="knox-${p.force}-seed${a.result.seed}.csv"`,
        );
        return reply.type('text/csv; charset=utf-8').send(knoxCsv(a));
      }
      return a;
    },
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/repeats/classify',
      access: { resource: 'hotspots', action: 'read' },
      summary: 'Burglaries as isolated, originator, repeat or near repeat: counts per area and month',
      tag: 'repeats',
      counters: ['crimes', 'areas', 'weights', 'repeats'],
      params,
      query: z.object({ ...selection, ...risk, by: z.enum(['team', 'ward', 'unit']).default('team') }),
    },
    async ({ params: p, query: { radius, ...q } }) =>
      classifyAnalysis(store, { force: p.force, ...q, radiusM: radius }),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/repeats/alerts',
      access: { resource: 'exact-locations', action: 'read' },
      summary:
        'Near-repeat alerts since a date: the area at raised risk after each burglary and cocooning visit lists per team (JSON or printable HTML)',
      tag: 'repeats',
      counters: ['crimes', 'areas', 'weights', 'repeats'],
      params,
      query: z.object({
        since: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'a date as YYYY-MM-DD or YYYY-MM'),
        area: selection.area,
        ...risk,
        format: z.enum(['json', 'html']).default('json'),
      }),
    },
    async ({ params: p, query: { radius, format, ...q } }, _req, reply) => {
      const a = await alertsFor(store, { force: p.force, ...q, radiusM: radius });
      return format === 'html' ? reply.type('text/html; charset=utf-8').send(alertsHtml(a)) : a;
    },
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/repeats/cocooning',
      access: { resource: 'hotspots', action: 'read' },
      summary:
        'Whether cocooning worked: near-repeat burglaries after cocooned and not cocooned burglaries, with intervals (not randomised)',
      tag: 'repeats',
      counters: ['crimes', 'areas', 'weights', 'repeats'],
      params,
      query: z.object({ ...selection, ...risk }),
    },
    async ({ params: p, query: { radius, ...q } }) =>
      cocooningAnalysis(store, { force: p.force, ...q, radiusM: radius }),
  );
  const body = z.object({
    status: z.enum(['done', 'planned']).default('done'),
    visits: z.number().int().min(0).max(10_000).optional(),
    note: z.string().max(2000).optional(),
  });
  route(
    app,
    {
      method: 'POST',
      url: '/api/forces/:force/repeats/cocooning/:crime',
      access: { resource: 'engagement', action: 'create', perObject: true },
      summary: "Record a burglary's neighbourhood as cocooned (or planned): body {status, visits, note}",
      tag: 'repeats',
      params: z.object({ force: z.string().min(1), crime: z.coerce.number().int().positive() }),
    },
    async ({ params: p }, req) => {
      const parsed = body.safeParse(req.body ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue.path.join('.') || 'body';
        throw new BeatwiseError('http.bad_request', `body field "${field}": ${issue.message}`, { field });
      }
      const area = await resolveArea(store.db, p.force);
      let where: { team: number | null; unit: number | null };
      try {
        where = await burglaryOf(store.db, area.forceId, p.crime);
      } catch {
        throw new BeatwiseError('repeats.not_found', `no burglary ${p.crime}`);
      }
      const names = await areaNames(store.db, area.forceId);
      const userId = req.principal?.userId;
      requireObject(
        req,
        {
          resource: 'engagement',
          action: 'create',
          force: p.force,
          unit: where.unit === null ? undefined : names.get(where.unit)?.code,
          team: where.team === null ? undefined : names.get(where.team)?.code,
          ownerId: userId,
        },
        `burglary ${p.crime}`,
      );
      const b = parsed.data;
      const now = new Date().toISOString();
      await markCocooning(store, p.force, {
        crimeId: p.crime,
        status: b.status,
        doneAt: b.status === 'done' ? now : null,
        doneBy: userId ?? null,
        visits: b.visits ?? null,
        note: b.note ?? null,
      });
      return { crimeId: p.crime, status: b.status };
    },
  );
};
