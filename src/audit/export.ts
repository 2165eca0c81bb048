import { toCsvLine } from '../core/csv/write.ts';
import type { AuditLogTable } from './model.ts';

export const AUDIT_COLUMNS = [
  'id',
  'at',
  'kind',
  'user_id',
  'roles',
  'method',
  'route',
  'object_ids',
  'outcome',
  'reason',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof AuditLogTable)[];

/** The entries as CSV (a header row, times in UTC, roles and object ids as JSON text). */
export function auditCsv(rows: readonly AuditLogTable[]): string {
  const lines = [AUDIT_COLUMNS.join(',')];
  for (const r of rows) lines.push(toCsvLine(AUDIT_COLUMNS.map((c) => (r[c] === null ? '' : String(r[c])))));
  return `${lines.join('\n')}\n`;
}

/** The entries as JSON, roles and object ids parsed. */
export function auditJson(rows: readonly AuditLogTable[]): string {
  return `${JSON.stringify(
    rows.map((r) => ({ ...r, roles: JSON.parse(r.roles), object_ids: JSON.parse(r.object_ids) })),
    null,
    2,
  )}\n`;
}
