import type { Kysely } from 'kysely';
import type { Database } from '../core/store/schema.ts';

/** What is logged (DPA 2018 Part 3 s.62: collection, alteration, consultation, disclosure…). */
export const AUDIT_KINDS = ['sign-in', 'sign-in-failure', 'denied', 'write', 'personal-read'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** One event to log: who, what, on which objects, the outcome and why. */
export interface AuditEntry {
  kind: AuditKind;
  /** null: the public (or an unknown user, for a failed sign-in: put the name tried in objectIds). */
  userId: string | null;
  roles: readonly string[];
  method?: string | null;
  /** The route (its pattern, e.g. /api/imports/:id/rejects) or the action (e.g. 'sign-in: password'). */
  route?: string | null;
  objectIds?: Readonly<Record<string, string>>;
  /** An HTTP status, or a word ('ok', 'failed'). */
  outcome: number | string;
  /** A refusal's reason, or the justification given for a personal-data read. */
  reason?: string | null;
  /** Default: now. Stored in UTC. */
  at?: Date;
}

/** The audit_log table (migration 008-audit), as Kysely sees it. */
export interface AuditLogTable {
  id: number;
  at: string;
  kind: string;
  user_id: string | null;
  /** JSON array of role names. */
  roles: string;
  method: string | null;
  route: string | null;
  /** JSON object, keys sorted. */
  object_ids: string;
  outcome: string;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

export type AuditDb = Kysely<Database & { audit_log: AuditLogTable }>;
