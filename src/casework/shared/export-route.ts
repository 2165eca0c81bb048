import { z } from 'zod';
import { route } from '../../core/http/route.ts';
import type { RoutePlugin } from '../../core/http/server.ts';
import type { Store } from '../../core/store/store.ts';
import { logPersonalExport } from './export-log.ts';
import { forceIdOf, recorder, visible } from './http.ts';
import type { RecordFilter } from './record-store.ts';
import { forceParam, monthParam, type Placed } from './scoped.ts';

/** The query of a record-class export: which records, and who receives them and why (both logged). */
export const exportQuery = z.object({
  month: monthParam,
  from: monthParam,
  to: monthParam,
  unit: z.string().optional(),
  team: z.string().optional(),
  recipient: z.string().trim().min(1, 'say who receives the file (it is logged)').max(200),
  reason: z
    .string()
    .trim()
    .min(8, 'say why it is exported, in at least 8 characters (it is logged)')
    .max(500),
});

/**
 * `GET /api/forces/:force/casework/<area>.csv`: the records of one class the principal may see, as
 * CSV in the import format (formulas neutralised by core/csv/write.ts). Personal data: the request
 * names the recipient and the reason, and the export is written to the audit log (as the CLI's
 * export is) before the file is sent; the guard also logs the read with its justification.
 */
export function exportRoute<T extends Placed & { synthetic: boolean }>(
  area: string,
  resource: string,
  list: (store: Store, f: RecordFilter) => Promise<T[]>,
  toCsv: (records: readonly T[]) => string,
): RoutePlugin {
  const o = { area, resource, recordClass: area, list, toCsv };
  return (app, { store }) =>
    route(
      app,
      {
        method: 'GET',
        url: `/api/forces/:force/casework/${o.area}.csv`,
        access: { resource: o.resource, action: 'read', perObject: true },
        summary: `Export ${o.recordClass} records as CSV (personal: needs recipient and reason, both logged)`,
        tag: 'casework',
        params: forceParam,
        query: exportQuery,
        produces: 'text/csv',
        noCache: true,
      },
      async ({ params, query }, req, reply) => {
        const forceId = await forceIdOf(store, params.force);
        const all = await o.list(store, {
          forceId,
          from: query.month ?? query.from,
          to: query.month ?? query.to,
          unit: query.unit,
          team: query.team,
        });
        const records = visible(req, o.resource, params.force, all);
        const file = `${params.force}-${o.area}${query.month ? `-${query.month}` : ''}.csv`;
        await logPersonalExport(store, {
          by: recorder(req),
          recipient: query.recipient,
          reason: query.reason,
          recordClass: o.recordClass,
          force: params.force,
          rows: records.length,
          file,
        });
        if (records.some((r) => r.synthetic)) reply.header('x-beatwise-synthetic', 'SYNTHETIC');
        reply.header('Content-Disposition', `attachment; filename="${file}"`);
        return reply.type('text/csv; charset=utf-8').send(o.toCsv(records));
      },
    );
}
