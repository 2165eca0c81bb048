import { z } from 'zod';
import { route } from '../core/http/route.ts';
import type { RoutePlugin } from '../core/http/server.ts';
import { workforceReport } from './api.ts';
import { publicWorkforceReport } from './public-report.ts';

/** Establishment against strength, variance, discrepancy notes. */
export const workforceRoutes: RoutePlugin = (app, { store }) => {
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/workforce',
      access: { resource: 'workforce', action: 'read' },
      summary: 'Establishment against strength by department and role, variance, fill rate, discrepancies',
      tag: 'workforce',
      counters: ['workforce', 'areas'],
      params: z.object({ force: z.string().min(1) }),
      query: z.object({
        asOf: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
          .optional(),
      }),
    },
    async ({ params, query }) =>
      publicWorkforceReport(await workforceReport(store, { force: params.force, asOf: query.asOf })),
  );
};
