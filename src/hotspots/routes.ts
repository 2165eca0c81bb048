import { z } from 'zod';
import { monthParam, route } from '../core/http/route.ts';
import type { RoutePlugin } from '../core/http/server.ts';
import { cellOrDefault, cellPlaceRoutes } from './cell-routes.ts';
import { gridCsv, gridGeoJson, nameGridRows } from './grid-export.ts';
import { concentrationResult, gistarResult, kdeResult, prepare, timesResult } from './lab.ts';
import { summaryOf } from './summary.ts';

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
  cellPlaceRoutes(app, store, selection);
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/hotspots/grid',
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
    async ({ params: p, query: q }, _req, reply) => {
      const ctx = await prepare(store, { force: p.force, ...q, cell: cellOrDefault(q) });
      const r = gistarResult(ctx);
      const name = `${p.force}-hotspots`;
      const named = await nameGridRows(store, ctx, r.rows);
      if (q.format === 'csv') {
        reply.header('Content-Disposition', `attachment; filename="${name}.csv"`);
        return reply.type('text/csv').send(gridCsv(ctx, named.rows));
      }
      if (q.format === 'geojson') {
        // Cells as WGS84 polygons with the same columns, for maps and QGIS.
        reply.header('Content-Disposition', `attachment; filename="${name}.geojson"`);
        return reply
          .type('application/geo+json')
          .send(
            gridGeoJson(
              ctx,
              named.rows,
              { selection: r.selection, caveats: r.caveats, grid: r.grid, months: r.months },
              q.only === 'crime',
            ),
          );
      }
      return { ...r, summary: summaryOf(ctx), rows: named.rows };
    },
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/hotspots/concentration',
      summary: '"x% of the area holds y% of crime and z% of harm", Lorenz curve and Gini',
      tag: 'hotspots',
      params,
      query: z.object(selection),
    },
    async ({ params: p, query: q }) =>
      concentrationResult(await prepare(store, { force: p.force, ...q, cell: cellOrDefault(q) })),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/hotspots/kde',
      summary: 'Quartic kernel density per cell (bandwidth reported back)',
      tag: 'hotspots',
      params,
      query: z.object({ ...selection, bandwidth: z.coerce.number().positive().optional() }),
    },
    async ({ params: p, query: q }) =>
      kdeResult(await prepare(store, { force: p.force, ...q, cell: cellOrDefault(q) }), {
        bandwidth: q.bandwidth,
      }),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/hotspots/times',
      summary:
        'Hour × weekday crime and harm and the best ≤ 60-minute patrol windows (force extracts with times)',
      tag: 'hotspots',
      params,
      query: z.object(selection),
    },
    async ({ params: p, query: q }) =>
      timesResult(await prepare(store, { force: p.force, ...q, cell: cellOrDefault(q) })),
  );
};
