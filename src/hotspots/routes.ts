import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { allows } from '../core/http/guard.ts';
import { monthParam, route } from '../core/http/route.ts';
import type { RoutePlugin } from '../core/http/server.ts';
import type { AnalysisAnswer } from './analysis-jobs.ts';
import { cellPlaceRoutes } from './cell-routes.ts';
import { publicationRule } from './publish.ts';
import { analysisRunner } from './run-off-thread.ts';
import { streetLabelRoutes } from './street-labels.ts';

const params = z.object({ force: z.string().min(1) });
const selection = {
  area: z.string().optional().describe('an area code (LSOA, ward, unit…); default the whole force'),
  cell: z.coerce.number().int().min(10).max(5000).optional(),
  h3: z.coerce.number().int().min(8).max(10).optional(),
  from: monthParam,
  to: monthParam,
  types: z.string().optional(),
};

/** The hotspot lab over HTTP: grid with Gi*, concentration, KDE, patrol times. */
export const hotspotRoutes: RoutePlugin = (app, { store }) => {
  // Off the request path, with a time limit (run-off-thread.ts).
  const analyses = analysisRunner(store);
  app.addHook('onClose', () => analyses.close());
  cellPlaceRoutes(app, store, selection);
  streetLabelRoutes(app, store);
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/hotspots/grid',
      access: { resource: 'hotspots', action: 'read' },
      summary: 'Study grid: count, harm and Gi* (z, p, BH q, class) per cell; JSON, CSV or GeoJSON',
      tag: 'hotspots',
      params,
      query: z.object({
        ...selection,
        format: z.enum(['json', 'csv', 'geojson']).default('json'),
        only: z
          .enum(['all', 'crime'])
          .default('all')
          .describe('GeoJSON: every cell (default) or only the cells holding crime (what a map draws)'),
      }),
    },
    async ({ params: p, query: { format, only, ...q } }, req, reply) => {
      // Anyone not allowed exact locations (the public) gets the grid at published precision.
      const publication = allows(req, { resource: 'exact-locations', action: 'read', force: p.force })
        ? undefined
        : await publicationRule(store, p.force);
      return send(
        reply,
        await analyses.run({
          kind: 'grid',
          selection: { force: p.force, ...q },
          format,
          onlyCrime: only === 'crime',
          publication,
        }),
      );
    },
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/hotspots/concentration',
      access: { resource: 'hotspots', action: 'read' },
      summary: '"x% of the area holds y% of crime and z% of harm", Lorenz curve and Gini',
      tag: 'hotspots',
      params,
      query: z.object(selection),
    },
    async ({ params: p, query: q }, _req, reply) =>
      send(reply, await analyses.run({ kind: 'concentration', selection: { force: p.force, ...q } })),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/hotspots/kde',
      access: { resource: 'hotspot-detail', action: 'read' },
      summary: 'Quartic kernel density per cell (bandwidth reported back)',
      tag: 'hotspots',
      params,
      query: z.object({ ...selection, bandwidth: z.coerce.number().positive().optional() }),
    },
    async ({ params: p, query: { bandwidth, ...q } }, _req, reply) =>
      send(reply, await analyses.run({ kind: 'kde', selection: { force: p.force, ...q }, bandwidth })),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/hotspots/times',
      access: { resource: 'hotspot-detail', action: 'read' },
      summary:
        'Hour × weekday crime and harm and the best ≤ 60-minute patrol windows (force extracts with times)',
      tag: 'hotspots',
      params,
      query: z.object(selection),
    },
    async ({ params: p, query: q }, _req, reply) =>
      send(reply, await analyses.run({ kind: 'times', selection: { force: p.force, ...q } })),
  );
};

function send(reply: FastifyReply, a: AnalysisAnswer): FastifyReply {
  if (a.filename) reply.header('Content-Disposition', `attachment; filename="${a.filename}"`);
  return reply.type(a.type).send(a.body);
}
