/** Small helpers the volunteer and engagement routes share: bodies checked with zod, scope checks. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BeatwiseError } from '../../core/errors.ts';
import { exportCsv } from '../../core/export/csv-export.ts';
import { type AccessTarget, allows } from '../../core/http/guard.ts';
import type { Store } from '../../core/store/store.ts';
import { logPersonalExport } from '../shared/export-log.ts';
import { allIssues, firstIssue, withoutBlanks } from './fields.ts';
import type { ExportTable } from './records.ts';

/**
 * The request body checked by `schema`: a bad value is a 400 naming the field, with every problem
 * in `details.issues` (a form shows each beside its field).
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(withoutBlanks(body ?? {}));
  if (r.success) return r.data;
  const { field, reason } = firstIssue(r.error);
  throw new BeatwiseError(
    'casework.invalid',
    `${field}: ${reason}`,
    { field },
    { issues: allIssues(r.error) },
  );
}

/**
 * A write the guard let through for the force only (the record's team comes in the body): refused
 * with 403 when the principal may not do it in that team or unit, and logged as denied.
 */
export function requireScope(req: FastifyRequest, target: AccessTarget, what: string): void {
  if (allows(req, target)) return;
  if (req.access) req.access.denied = `out of scope: ${what}`;
  throw new BeatwiseError('access.forbidden', `not allowed: ${what}`);
}

/** The query of a CSV export: who receives it and why (both logged), as the CLI's --to and --reason. */
export const exportQuery = z.object({
  recipient: z.string().max(200).optional(),
  reason: z.string().max(500).optional(),
});

/**
 * Sends one record type as CSV, the columns of the CLI's export (so it imports again): only the
 * rows of the teams and units the principal may read, the personal columns blank on the rows where
 * it may not read `volunteer-contact`, every text cell neutralised against spreadsheet formulas
 * (core/export). The export is logged in the audit log with its recipient and reason first.
 */
export async function sendExport(
  store: Store,
  req: FastifyRequest,
  reply: FastifyReply,
  e: {
    force: string;
    resource: 'volunteers' | 'engagement';
    type: string;
    table: ExportTable;
    recipient?: string;
    reason?: string;
  },
): Promise<FastifyReply> {
  const { table } = e;
  if (!e.recipient?.trim())
    throw new BeatwiseError('casework.invalid', 'recipient: say who receives the export (it is logged)', {
      field: 'recipient',
    });
  if ((e.reason?.trim().length ?? 0) < 8)
    throw new BeatwiseError(
      'casework.invalid',
      'reason: say why it is needed, at least 8 characters (it is logged)',
      {
        field: 'reason',
      },
    );
  const personal = new Set(table.personal.map((c) => table.header.indexOf(c)).filter((i) => i >= 0));
  let withheld = 0;
  const rows = table.rows
    .filter((r) =>
      allows(req, {
        resource: e.resource,
        action: 'read',
        force: e.force,
        team: r.team,
        unit: r.unit,
        ownerId: r.ownerId ?? undefined,
      }),
    )
    .map((r) => {
      const sees =
        personal.size === 0 ||
        allows(req, {
          resource: 'volunteer-contact',
          action: 'read',
          force: e.force,
          team: r.team,
          unit: r.unit,
        });
      if (!sees) withheld++;
      return Object.fromEntries(
        table.header.map((c, i) => [c, sees || !personal.has(i) ? r.cells[i] : null]),
      );
    });
  await logPersonalExport(store, {
    by: req.principal?.userId ?? 'unknown',
    recipient: e.recipient,
    reason: e.reason,
    recordClass: `${e.resource} ${e.type}`,
    force: e.force,
    rows: rows.length,
    file: `${e.type}.csv`,
  });
  if (withheld > 0)
    reply.header('x-beatwise-withheld', `${[...table.personal].join(',')} on ${withheld} rows`);
  return reply
    .header('content-disposition', `attachment; filename="${e.force}-${e.type}.csv"`)
    .type('text/csv; charset=utf-8')
    .send(exportCsv([], table.header, rows));
}
