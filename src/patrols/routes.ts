/**
 * Patrol plans, patrol events, tracks and dosage over HTTP. Every route declares its rule; routes
 * taking a plan id check the plan's own unit and team (`requireObject`: another team's plan is a
 * 404), and events are written by the officer who made them (scope 'own').
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BeatwiseError } from '../core/errors.ts';
import { allows, requireObject } from '../core/http/guard.ts';
import { route } from '../core/http/route.ts';
import type { RoutePlugin } from '../core/http/server.ts';
import { releasedThrough } from './allocation.ts';
import {
  createPlan,
  editPlan,
  importTrack,
  planDosage,
  planPatrols,
  recordEvents,
  trackOfficers,
} from './api.ts';
import { buildPlan } from './build.ts';
import { dateNumber, dateText, londonDay } from './days.ts';
import { planBriefing, planCsv, planGeoJson, planIcs } from './exports.ts';
import { eventsBody, type PlanVersion, planBody, tacticsBody, trackBody, versionBody } from './model.ts';
import { listPlans, loadPlan, planAllocation, setTactics, tactics } from './store.ts';

function body<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.join('.') || 'body';
  throw new BeatwiseError('http.bad_request', `body field "${field}": ${issue.message}`, { field });
}

function who(req: FastifyRequest): string {
  const id = req.principal?.userId;
  if (!id) throw new BeatwiseError('access.unauthenticated', 'sign in to use patrols', {});
  return id;
}

const forceParam = z.object({ force: z.string().min(1) });
const planParam = z.object({ force: z.string().min(1), id: z.coerce.number().int().positive() });

/** Where a plan sits, for the policy. */
function scopeOf(force: string, p: Pick<PlanVersion, 'unit' | 'team'>) {
  return { force, unit: p.unit || undefined, team: p.team || undefined };
}

/**
 * A plan as served: the allocation's patrol days only as far as released (a week at a time), and
 * its seed only to force-wide readers (analysts, administrators), who evaluate it.
 */
function served(req: FastifyRequest, plan: PlanVersion, nowMs: number) {
  const alloc = planAllocation(plan);
  const start = dateNumber(plan.startDate) ?? 0;
  const elapsed = londonDay(nowMs) - start;
  const seesAll = allows(req, { resource: 'patrol-plans', action: 'read', force: plan.force });
  const released = alloc
    ? seesAll
      ? plan.days
      : elapsed < 0
        ? 0
        : releasedThrough(plan.days, elapsed)
    : plan.days;
  const H = plan.hotspots.length;
  const schedule = alloc
    ? Array.from({ length: released }, (_, d) => ({
        date: dateText(start + d),
        patrol: plan.hotspots.filter((h) => alloc[d * H + h.rank - 1] === 1).map((h) => h.rank),
      }))
    : null;
  return {
    ...plan,
    allocation: plan.allocation
      ? { ...plan.allocation, seed: seesAll ? plan.allocation.seed : null, releasedDays: released }
      : null,
    schedule,
  };
}

export const patrolRoutes: RoutePlugin = (app, { store }) => {
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/patrol-plans',
      access: { resource: 'patrol-plans', action: 'read', perObject: true },
      summary: 'Patrol plans the signed-in user may see (latest versions)',
      tag: 'patrols',
      counters: ['patrols', 'crimes', 'areas', 'weights'],
      params: forceParam,
    },
    async ({ params }, req) => {
      const plans = await listPlans(store, params.force);
      return {
        plans: plans.filter((p) =>
          allows(req, { resource: 'patrol-plans', action: 'read', ...scopeOf(params.force, p) }),
        ),
      };
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/forces/:force/patrol-plans',
      access: { resource: 'patrol-plans', action: 'create', perObject: true },
      summary: 'Build and store a patrol plan from the hotspot lab (version 1)',
      tag: 'patrols',
      params: forceParam,
    },
    async ({ params }, req, reply) => {
      const b = body(planBody, req.body);
      const by = who(req);
      // Check the area the plan is for before storing it (building reads only).
      const draft = await buildPlan(store, params.force, b);
      requireObject(
        req,
        {
          resource: 'patrol-plans',
          action: 'create',
          force: params.force,
          unit: draft.area.unit || undefined,
          team: draft.area.team || undefined,
        },
        `area ${b.area ?? params.force} to plan for`,
      );
      const plan = await createPlan(store, params.force, b, by);
      reply.status(201);
      return served(req, plan, Date.now());
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/patrol-plans/:id',
      access: { resource: 'patrol-plans', action: 'read', perObject: true },
      summary:
        'One patrol plan (a version: default the latest) with hotspots, windows and released patrol days',
      tag: 'patrols',
      counters: ['patrols', 'crimes', 'areas', 'weights'],
      params: planParam,
      query: z.object({ version: z.coerce.number().int().positive().optional() }),
    },
    async ({ params, query }, req) => {
      const plan = await loadPlan(store, params.force, params.id, query.version);
      requireObject(
        req,
        { resource: 'patrol-plans', action: 'read', ...scopeOf(params.force, plan) },
        `patrol plan ${params.id}`,
      );
      return { ...served(req, plan, Date.now()), tactics: await tactics(store, params.force) };
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/forces/:force/patrol-plans/:id/versions',
      access: { resource: 'patrol-plans', action: 'update', perObject: true },
      summary: 'Edit a plan: stores a new version (earlier versions and their logs are kept)',
      tag: 'patrols',
      params: planParam,
    },
    async ({ params }, req, reply) => {
      const prev = await loadPlan(store, params.force, params.id);
      requireObject(
        req,
        { resource: 'patrol-plans', action: 'update', ...scopeOf(params.force, prev) },
        `patrol plan ${params.id}`,
      );
      const b = body(versionBody, req.body);
      const plan = await editPlan(store, params.force, params.id, b, who(req));
      reply.status(201);
      return served(req, plan, Date.now());
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/patrol-plans/:id/export',
      access: { resource: 'patrol-plans', action: 'read', perObject: true },
      summary: 'A plan as CSV, GeoJSON, an ICS calendar per team, or a printable briefing per team (HTML)',
      tag: 'patrols',
      counters: ['patrols', 'crimes', 'areas', 'weights'],
      params: planParam,
      query: z.object({
        format: z.enum(['csv', 'geojson', 'ics', 'briefing']),
        team: z.string().max(40).optional(),
        version: z.coerce.number().int().positive().optional(),
      }),
      produces: 'text/csv',
    },
    async ({ params, query }, req, reply) => {
      const plan = await loadPlan(store, params.force, params.id, query.version);
      requireObject(
        req,
        { resource: 'patrol-plans', action: 'read', ...scopeOf(params.force, plan) },
        `patrol plan ${params.id}`,
      );
      const name = `patrol-plan-${plan.planId}-v${plan.version}${query.team ? `-${query.team}` : ''}`;
      switch (query.format) {
        case 'csv':
          reply.header('Content-Disposition', `attachment; filename="${name}.csv"`);
          return reply.type('text/csv; charset=utf-8').send(planCsv(plan));
        case 'geojson':
          reply.header('Content-Disposition', `attachment; filename="${name}.geojson"`);
          return reply.type('application/geo+json').send(JSON.stringify(planGeoJson(plan)));
        case 'ics': {
          const s = served(req, plan, Date.now());
          reply.header('Content-Disposition', `attachment; filename="${name}.ics"`);
          return reply
            .type('text/calendar; charset=utf-8')
            .send(planIcs(plan, query.team, planAllocation(plan), s.allocation?.releasedDays ?? plan.days));
        }
        case 'briefing':
          return reply.type('text/html; charset=utf-8').send(planBriefing(plan, query.team));
      }
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/patrol-plans/:id/dosage',
      access: { resource: 'patrol-plans', action: 'read', perObject: true },
      summary:
        'Dosage of a plan: visits and minutes per hotspot and day, compliance per team, hotspot and week, flags',
      tag: 'patrols',
      counters: ['patrols', 'crimes', 'areas', 'weights'],
      params: planParam,
    },
    async ({ params }, req) => {
      const d = await planDosage(store, params.force, params.id);
      requireObject(
        req,
        { resource: 'patrol-plans', action: 'read', ...scopeOf(params.force, d.plan) },
        `patrol plan ${params.id}`,
      );
      return {
        planId: d.plan.planId,
        version: d.plan.version,
        name: d.plan.name,
        synthetic: d.synthetic,
        caveats: d.caveats,
        patrols: d.patrols.length,
        flags: d.flags,
        dosage: d.dosage,
      };
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/patrol-plans/:id/patrols',
      access: { resource: 'patrol-logs', action: 'read', perObject: true },
      summary: 'The patrols logged against a plan (personal: officers’ movements), with their flags',
      tag: 'patrols',
      counters: ['patrols', 'crimes', 'areas', 'weights'],
      params: planParam,
    },
    async ({ params }, req) => {
      const pp = await planPatrols(store, params.force, params.id);
      const scope = scopeOf(params.force, pp.plan);
      const mine = pp.patrols.filter((p) =>
        allows(req, { resource: 'patrol-logs', action: 'read', ...scope, ownerId: p.officerId }),
      );
      if (mine.length === 0 && pp.patrols.length > 0)
        requireObject(
          req,
          { resource: 'patrol-logs', action: 'read', ...scope },
          `patrol log of plan ${params.id}`,
        );
      return { planId: pp.plan.planId, patrols: mine };
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/forces/:force/patrol-plans/:id/events',
      access: { resource: 'patrol-logs', action: 'create', perObject: true },
      summary: 'Append patrol events (start, end, tactic, note, correction); a retried event is stored once',
      tag: 'patrols',
      params: planParam,
    },
    async ({ params }, req) => {
      const b = body(eventsBody, req.body);
      const me = who(req);
      const officers = new Set(b.events.map((e) => e.officerId ?? me));
      if (officers.size > 1)
        throw new BeatwiseError('patrols.bad_event', 'one request carries the events of one officer', {
          field: 'events',
        });
      const officer = [...officers][0];
      const plan = await loadPlan(store, params.force, params.id);
      requireObject(
        req,
        { resource: 'patrol-logs', action: 'create', ...scopeOf(params.force, plan), ownerId: officer },
        `patrol log of ${officer} in plan ${params.id}`,
      );
      return recordEvents(store, params.force, params.id, b.events, officer);
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/forces/:force/patrol-tracks',
      access: { resource: 'patrol-logs', action: 'create', perObject: true },
      summary:
        'Upload a GPS or radio-location track (CSV of pings per officer, or GPX): stored once per officer and time',
      tag: 'patrols',
      params: forceParam,
      bodyLimit: 6 * 1024 * 1024,
    },
    async ({ params }, req) => {
      const b = body(trackBody, req.body);
      const me = who(req);
      const input = { ...b, officerId: b.officerId ?? (b.format === 'gpx' ? me : undefined) };
      for (const officer of trackOfficers(input))
        requireObject(
          req,
          { resource: 'patrol-logs', action: 'create', force: params.force, ownerId: officer },
          `track of ${officer}`,
        );
      return importTrack(store, params.force, input);
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/patrol-tactics',
      access: { resource: 'patrol-tactics', action: 'read' },
      summary: 'The force’s list of patrol tactics (its own, else the defaults)',
      tag: 'patrols',
      counters: ['patrols', 'crimes', 'areas', 'weights'],
      params: forceParam,
    },
    async ({ params }) => ({ tactics: await tactics(store, params.force) }),
  );

  route(
    app,
    {
      method: 'PUT',
      url: '/api/forces/:force/patrol-tactics',
      access: { resource: 'patrol-tactics', action: 'update' },
      summary:
        'Replace the force’s list of patrol tactics (events already logged keep the codes they were logged with)',
      tag: 'patrols',
      params: forceParam,
    },
    async ({ params }, req) => {
      const b = body(tacticsBody, req.body);
      await setTactics(store, params.force, b.tactics);
      return { tactics: await tactics(store, params.force) };
    },
  );
};
