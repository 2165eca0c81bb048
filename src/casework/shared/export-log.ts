import { userInfo } from 'node:os';
import { recordAudit } from '../../audit/index.ts';
import { BeatwiseError } from '../../core/errors.ts';
import type { Store } from '../../core/store/store.ts';

/** Who runs the CLI (the operating-system user), for the audit log. */
export function cliUser(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

/**
 * Logs an export of personal data in the audit log: who made it, who received it, why, which
 * record class and how many records. Refuses an export without a recipient and a reason.
 */
export async function logPersonalExport(
  store: Store,
  e: {
    by: string;
    recipient?: string;
    reason?: string;
    recordClass: string;
    force: string;
    rows: number;
    file: string;
  },
): Promise<void> {
  if (!e.recipient?.trim())
    throw new BeatwiseError(
      'casework.invalid',
      'an export of personal data needs --recipient (who receives it): it is logged',
      {
        field: 'recipient',
      },
    );
  if (!e.reason || e.reason.trim().length < 8)
    throw new BeatwiseError(
      'casework.invalid',
      'an export of personal data needs --reason (at least 8 characters): it is logged',
      {
        field: 'reason',
      },
    );
  await recordAudit(store, {
    kind: 'personal-read',
    userId: e.by,
    roles: [],
    method: 'EXPORT',
    route: `casework ${e.recordClass} export`,
    objectIds: {
      force: e.force,
      recordClass: e.recordClass,
      recipient: e.recipient.trim(),
      rows: String(e.rows),
      file: e.file,
    },
    outcome: 'ok',
    reason: e.reason.trim(),
  });
}
