/**
 * POST /api/exports: any table the web app shows, as a CSV or XLSX download. The page sends what it
 * shows (title, caveats, columns, rows); the server writes the file with the same writers as every
 * other export, so escaping, rounding and the caveat lines are the same everywhere.
 */
import { z } from 'zod';
import { BeatwiseError } from '../errors.ts';
import { route } from '../http/route.ts';
import type { RoutePlugin } from '../http/server.ts';
import { exportCsv } from './csv-export.ts';
import { exportXlsx } from './xlsx-export.ts';

const cell = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

export const exportBody = z.object({
  title: z.string().min(1).max(200),
  notes: z.array(z.string().max(2000)).max(50).default([]),
  columns: z.array(z.string().max(200)).min(1).max(100),
  rows: z.array(z.array(cell).max(100)).max(100_000),
  format: z.enum(['csv', 'xlsx']),
});

/** A file name from a title: letters, digits and dashes. */
export function fileName(title: string, ext: string): string {
  const base = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return `${base || 'table'}.${ext}`;
}

export const exportRoutes: RoutePlugin = (app) => {
  route(
    app,
    {
      method: 'POST',
      url: '/api/exports',
      summary: 'A table as shown on a page, as CSV or XLSX with its caveats',
      tag: 'exports',
      // Turns what the page already shows into a file: nothing is read from the store.
      access: { resource: 'table-export', action: 'create' },
    },
    async (_input, req, reply) => {
      const parsed = exportBody.safeParse(req.body ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue.path.join('.') || 'body';
        throw new BeatwiseError('http.bad_request', `body field "${field}": ${issue.message}`, { field });
      }
      const b = parsed.data;
      const notes = [`Beatwise: ${b.title}`, ...b.notes];
      reply.header('Content-Disposition', `attachment; filename="${fileName(b.title, b.format)}"`);
      if (b.format === 'csv') {
        const rows = b.rows.map((r) => Object.fromEntries(b.columns.map((c, i) => [c, r[i] ?? null])));
        return reply.type('text/csv; charset=utf-8').send(exportCsv(notes, b.columns, rows));
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await exportXlsx(b.title, notes, b.columns, b.rows));
    },
  );
};
