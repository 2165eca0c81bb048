/**
 * POST /api/forces/:force/patrol-evaluations: the body is a design (model.ts); the answer is the
 * evaluation (estimates, intervals, detectable effects, words, methods, the panel CSV inline), or
 * with ?format=csv the place-day panel as a CSV file.
 */
import { z } from 'zod';
import { BeatwiseError } from '../../core/errors.ts';
import { requireObject } from '../../core/http/guard.ts';
import { route } from '../../core/http/route.ts';
import type { RoutePlugin } from '../../core/http/server.ts';
import { loadPlan } from '../store.ts';
import { runJson } from './format.ts';
import { designFromPlan } from './from-plan.ts';
import { evaluateDesign, runPanelCsv } from './store.ts';

export const patrolEvaluationRoutes: RoutePlugin = (app, { store }) => {
  route(
    app,
    {
      method: 'POST',
      url: '/api/forces/:force/patrol-evaluations',
      summary:
        'Evaluate a patrol design (body: force, hotspots, startDate, days, allocation or patrolled): rate ratios with 95% intervals, permutation p-values, detectable effects, displacement; ?format=csv gives the place-day panel',
      tag: 'patrols',
      access: { resource: 'patrol-plans', action: 'read' },
      params: z.object({ force: z.string().min(1) }),
      query: z.object({
        format: z.enum(['json', 'csv']).default('json'),
        panel: z.enum(['inline', 'none']).default('inline'),
      }),
    },
    async ({ params, query }, req, reply) => {
      if (req.body === undefined || req.body === null || typeof req.body !== 'object')
        throw new BeatwiseError('patrols.bad_design', 'send the design as a JSON body', { field: 'body' });
      const body = { force: params.force, ...(req.body as Record<string, unknown>) };
      const run = await evaluateDesign(store.db, body, params.force);
      if (query.format === 'csv') {
        reply.header(
          'Content-Disposition',
          `attachment; filename="${run.force}-patrol-panel-${run.design.startDate}${run.dataKinds.includes('synthetic') ? '-SYNTHETIC' : ''}.csv"`,
        );
        return reply.type('text/csv; charset=utf-8').send(runPanelCsv(run));
      }
      return runJson(run, { panel: query.panel === 'inline' });
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/patrol-plans/:id/evaluation',
      summary:
        'Evaluate a stored randomised patrol plan (its hotspots, days and allocation): rate ratios, permutation p-values, detectable effects, displacement; ?format=csv gives the place-day panel',
      tag: 'patrols',
      counters: ['patrols', 'crimes', 'areas', 'weights'],
      access: { resource: 'patrol-plans', action: 'read', perObject: true },
      params: z.object({ force: z.string().min(1), id: z.coerce.number().int().positive() }),
      query: z.object({
        version: z.coerce.number().int().positive().optional(),
        format: z.enum(['json', 'csv']).default('json'),
        panel: z.enum(['inline', 'none']).default('none'),
      }),
    },
    async ({ params, query }, req, reply) => {
      const plan = await loadPlan(store, params.force, params.id, query.version);
      requireObject(
        req,
        {
          resource: 'patrol-plans',
          action: 'read',
          force: params.force,
          unit: plan.unit || undefined,
          team: plan.team || undefined,
        },
        `patrol plan ${params.id}`,
      );
      const run = await evaluateDesign(store.db, designFromPlan(plan), params.force);
      if (query.format === 'csv') {
        reply.header(
          'Content-Disposition',
          `attachment; filename="${run.force}-plan-${plan.planId}-panel${run.dataKinds.includes('synthetic') ? '-SYNTHETIC' : ''}.csv"`,
        );
        return reply.type('text/csv; charset=utf-8').send(runPanelCsv(run));
      }
      return {
        plan: { id: plan.planId, version: plan.version, name: plan.name },
        ...runJson(run, { panel: query.panel === 'inline' }),
      };
    },
  );
};
