import { z } from 'zod';
import { DATA_COUNTERS } from '../core/http/cache-key.ts';
import { route } from '../core/http/route.ts';
import type { RoutePlugin } from '../core/http/server.ts';
import { readReportConfig } from './config.ts';
import { reportHtml, reportPdf } from './report.ts';

/** The board paper: it prints the workforce tables, so it is read under the workforce resource. */
export const reportRoutes: RoutePlugin = (app, { store }) => {
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/report',
      access: { resource: 'workforce', action: 'read' },
      summary: 'The monthly board paper for a force or one unit, as HTML or PDF',
      tag: 'reports',
      counters: DATA_COUNTERS,
      produces: 'text/html',
      params: z.object({ force: z.string().min(1) }),
      query: z.object({
        month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM'),
        unit: z.string().min(1).optional(),
        format: z.enum(['html', 'pdf']).default('html'),
      }),
    },
    async ({ params, query }, _req, reply) => {
      const opts = { force: params.force, month: query.month, unit: query.unit };
      const config = readReportConfig();
      const name = `${params.force}-board-paper-${query.month}${query.unit ? `-${query.unit}` : ''}`;
      if (query.format === 'html') {
        const { html } = await reportHtml(store, opts, config);
        // The paper runs no script; the web app's Report page shows it in a frame of the same origin.
        reply.header(
          'Content-Security-Policy',
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
        );
        reply.header('X-Frame-Options', 'SAMEORIGIN');
        return reply.type('text/html; charset=utf-8').send(html);
      }
      const { pdf } = await reportPdf(store, opts, config);
      reply.header('Content-Disposition', `attachment; filename="${name}.pdf"`);
      return reply.type('application/pdf').send(pdf);
    },
  );
};
