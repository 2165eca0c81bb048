import type { AccessEvent, AuditSink } from '../core/http/guard.ts';
import type { Store } from '../core/store/store.ts';
import { recordAudit } from './log.ts';

/** What the server's guard reports (denials, writes, personal-data reads), into the store's log. */
export function auditSink(store: Store): AuditSink {
  return async (e: AccessEvent) => {
    await recordAudit(store, {
      kind: e.kind,
      userId: e.userId,
      roles: e.roles,
      method: e.method,
      route: e.route,
      objectIds: e.objectIds,
      outcome: e.outcome,
      reason: e.reason,
    });
  };
}
