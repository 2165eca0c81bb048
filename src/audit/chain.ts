/**
 * The hash chain: each entry's hash is sha256 over its canonical content (fixed field order, JSON)
 * and the previous entry's hash, so changing, removing or reordering any entry breaks every hash
 * after it. The first entry follows GENESIS.
 */
import { createHash } from 'node:crypto';
import type { AuditLogTable } from './model.ts';

export const GENESIS = '0'.repeat(64);

export type ChainedFields = Omit<AuditLogTable, 'id' | 'hash'>;

/** The canonical text an entry's hash covers. */
export function canonical(e: ChainedFields): string {
  return JSON.stringify([
    e.prev_hash,
    e.at,
    e.kind,
    e.user_id,
    e.roles,
    e.method,
    e.route,
    e.object_ids,
    e.outcome,
    e.reason,
  ]);
}

export function entryHash(e: ChainedFields): string {
  return createHash('sha256').update(canonical(e)).digest('hex');
}

/** JSON of an object with its keys sorted (so the same ids always hash the same). */
export function sortedJson(o: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))));
}
