/**
 * Writing, checking and reading the audit log. `recordAudit` appends one entry to the chain (one at
 * a time per store: the unique previous hash refuses a fork, and a writer that loses the race
 * retries); `verifyAudit` recomputes every hash and names the first entry that does not match;
 * `auditEntries` reads a period for export.
 */
import { BeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import { entryHash, GENESIS, sortedJson } from './chain.ts';
import type { AuditDb, AuditEntry, AuditLogTable } from './model.ts';

const queues = new WeakMap<Store, Promise<unknown>>();

function db(store: Store): AuditDb {
  return store.db as unknown as AuditDb;
}

/** Appends an entry to the store's audit log; resolves with its id and hash. */
export function recordAudit(store: Store, entry: AuditEntry): Promise<{ id: number; hash: string }> {
  // Stamped now, when it happened, not when the queue reaches it (later on a busy server store).
  const stamped = { ...entry, at: entry.at ?? new Date() };
  const previous = queues.get(store) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => append(store, stamped));
  queues.set(store, next);
  return next;
}

async function append(store: Store, entry: AuditEntry, attempt = 0): Promise<{ id: number; hash: string }> {
  const fields = {
    at: (entry.at ?? new Date()).toISOString(),
    kind: entry.kind,
    user_id: entry.userId,
    roles: JSON.stringify([...entry.roles]),
    method: entry.method ?? null,
    route: entry.route ?? null,
    object_ids: sortedJson(entry.objectIds ?? {}),
    outcome: String(entry.outcome),
    reason: entry.reason ?? null,
  };
  try {
    return await db(store)
      .transaction()
      .execute(async (trx) => {
        const last = await trx
          .selectFrom('audit_log')
          .select('hash')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        const row = { ...fields, prev_hash: last?.hash ?? GENESIS };
        const hash = entryHash(row);
        const r = await trx
          .insertInto('audit_log')
          .values({ ...row, hash } as AuditLogTable)
          .returning('id')
          .executeTakeFirstOrThrow();
        return { id: Number(r.id), hash };
      });
  } catch (e) {
    // Another process appended after our read: the unique previous hash refused the fork.
    if (attempt < 5 && /UNIQUE|unique/.test(String(e))) return append(store, entry, attempt + 1);
    throw e;
  }
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not match, and how. */
  firstBroken?: { id: number; at: string; problem: string };
}

/** Recomputes the chain from the first entry; stops at the first broken one. */
export async function verifyAudit(store: Store, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS;
  let after = 0;
  let entries = 0;
  for (;;) {
    const rows = await db(store)
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(batch)
      .execute();
    for (const r of rows) {
      const { id, hash, ...fields } = r;
      if (r.prev_hash !== prev)
        return {
          ok: false,
          entries,
          firstBroken: {
            id,
            at: r.at,
            problem: 'its link to the entry before does not match (an entry was removed or inserted)',
          },
        };
      if (entryHash(fields) !== hash)
        return {
          ok: false,
          entries,
          firstBroken: { id, at: r.at, problem: 'its content does not match its hash (it was altered)' },
        };
      prev = hash;
      entries++;
      after = id;
    }
    if (rows.length < batch) return { ok: true, entries };
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayStart(text: string, field: string): Date {
  const d = DAY.test(text) ? new Date(`${text}T00:00:00.000Z`) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text)
    throw new BeatwiseError('audit.bad_date', `${field} "${text}" is not a date like 2026-01-31`, {
      field,
    });
  return d;
}

/** Entries from the start of `from` to the end of `to` (UTC days, inclusive), oldest first. */
export async function auditEntries(store: Store, from: string, to: string): Promise<AuditLogTable[]> {
  const a = dayStart(from, '--from');
  const b = dayStart(to, '--to');
  if (a > b)
    throw new BeatwiseError('audit.bad_dates', `--from ${from} is after --to ${to}`, { field: '--from' });
  const end = new Date(b.getTime() + 86_400_000).toISOString();
  return db(store)
    .selectFrom('audit_log')
    .selectAll()
    .where('at', '>=', a.toISOString())
    .where('at', '<', end)
    .orderBy('id')
    .execute();
}
