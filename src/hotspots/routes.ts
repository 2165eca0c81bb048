import { z } from 'zod';
import { allows } from '../core/http/guard.ts';
import { monthParam, route } from '../core/http/route.ts';
import type { RoutePlugin } from '../core/http/server.ts';
import { type Cell, toCsv, toGeoJson } from './format.ts';
import { concentrationResult, GRID_COLUMNS, gistarResult, kdeResult, prepare, timesResult } from './lab.ts';
import { publicationRule, publishRows } from './publish.ts';

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
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/hotspots/grid',
      access: { resource: 'hotspots', action: 'read' },
      summary: 'Study grid: count, harm and Gi* (z, p, BH q, class) per cell; JSON, CSV or GeoJSON',
      tag: 'hotspots',
      params,
      query: z.object({ ...selection, format: z.enum(['json', 'csv', 'geojson']).default('json') }),
    },
    async ({ params: p, query: q }, req, reply) => {
      const ctx = await prepare(store, { force: p.force, ...q });
      const exact = gistarResult(ctx);
      // Anyone not allowed exact locations (the public) gets the grid at published precision.
      const published = allows(req, { resource: 'exact-locations', action: 'read', force: p.force })
        ? null
        : publishRows(exact.rows, await publicationRule(store, p.force));
      const r = published
        ? {
            ...exact,
            caveats: [...exact.caveats, published.notice],
            publication: { precision: 'published', suppressedCells: published.suppressedCells },
            rows: published.rows,
          }
        : exact;
      const name = `${p.force}-hotspots${published ? '-published' : ''}`;
      const rows = r.rows as unknown as Record<string, Cell>[];
      if (q.format === 'csv') {
        reply.header('Content-Disposition', `attachment; filename="${name}.csv"`);
        // A CSV has nowhere for a caveat but its columns: each suppressed cell says why.
        const columns = published ? [...GRID_COLUMNS, 'suppressed'] : GRID_COLUMNS;
        return reply.type('text/csv').send(toCsv(columns, rows));
      }
      if (q.format === 'geojson') {
        // Cells as WGS84 polygons with the same columns, for maps and QGIS.
        const cells = Int32Array.from({ length: ctx.grid.n }, (_, i) => i);
        reply.header('Content-Disposition', `attachment; filename="${name}.geojson"`);
        return reply
          .type('application/geo+json')
          .send(toGeoJson(ctx.grid, cells, rows, { selection: r.selection, caveats: r.caveats }));
      }
      return r;
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
    async ({ params: p, query: q }) => concentrationResult(await prepare(store, { force: p.force, ...q })),
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
    async ({ params: p, query: q }) =>
      kdeResult(await prepare(store, { force: p.force, ...q }), { bandwidth: q.bandwidth }),
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
    async ({ params: p, query: q }) => timesResult(await prepare(store, { force: p.force, ...q })),
  );
};
