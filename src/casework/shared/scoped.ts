/**
 * What the casework routes of every area share: the path and query parameters, "a scoped record by
 * id", the team a new record goes to, and a list cut to what the principal may see.
 *
 * A record by id is loaded, then checked at its own unit, team and owner through the access policy:
 * missing or out of scope, the answer is the same 404 (no confirmation that an id exists). Reads of
 * personal records are logged by the guard (core/http/guard.ts) with the justification the request
 * gave, before the answer leaves; writes are logged as writes.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { BeatwiseError } from '../../core/errors.ts';
import { type AccessAction, requireObject } from '../../core/http/guard.ts';
import type { Database } from '../../core/store/schema.ts';
import type { Store } from '../../core/store/store.ts';
import { teamUnits } from './areas.ts';
import { forceIdOf, monthQuery, recorder, visible } from './http.ts';
import { isoUtc, parseInstant } from './time.ts';

export const forceParam = z.object({ force: z.string().min(1) });
export const idParams = z.object({ force: z.string().min(1), id: z.coerce.number().int().positive() });
export const monthParam = z.string().regex(monthQuery, 'a month as YYYY-MM').optional();
export const recordFilter = z.object({
  from: monthParam,
  to: monthParam,
  unit: z.string().optional(),
  team: z.string().optional(),
});
export const instant = z
  .string()
  .refine((s) => parseInstant(s) !== null, 'a date and time as YYYY-MM-DD HH:MM');
/** A `YYYY-MM-DD HH:MM` (Europe/London) instant as ISO UTC text. */
export const toIso = (s: string | undefined): string | undefined =>
  s === undefined ? undefined : isoUtc(parseInstant(s) ?? 0);

/** A record's place in the force: what the policy checks it against. */
export interface Placed {
  unit: string | null;
  team: string | null;
  ownerId?: string | null;
}

export interface ObjectScope {
  force: string;
  unit?: string;
  team?: string;
  ownerId?: string;
}

export function scopeOf(force: string, r: Placed): ObjectScope {
  return { force, unit: r.unit ?? undefined, team: r.team ?? undefined, ownerId: r.ownerId ?? undefined };
}

/**
 * One record by id that the principal may `action`: its force id, the record and its scope. A record
 * missing, or out of the principal's unit, team or ownership, is the same 404 `no <what> <id>`.
 */
export async function scopedRecord<T extends Placed>(
  req: FastifyRequest,
  store: Store,
  o: {
    resource: string;
    action: AccessAction;
    force: string;
    id: number;
    what: string;
    load: (db: Kysely<Database>, forceId: number, id: number) => Promise<T | null>;
  },
): Promise<{ forceId: number; record: T; scope: ObjectScope }> {
  const forceId = await forceIdOf(store, o.force);
  const record = await o.load(store.db, forceId, o.id);
  const what = `${o.what} ${o.id}`;
  if (!record) throw new BeatwiseError('casework.not_found', `no ${what}`);
  const scope = scopeOf(o.force, record);
  requireObject(req, { resource: o.resource, action: o.action, ...scope }, what);
  return { forceId, record, scope };
}

/** `scopedRecord` bound to one record class: `find(req, store, params, 'read')`. */
export function recordFinder<T extends Placed>(
  resource: string,
  what: string,
  load: (db: Kysely<Database>, forceId: number, id: number) => Promise<T | null>,
) {
  return (req: FastifyRequest, store: Store, p: { force: string; id: number }, action: AccessAction) =>
    scopedRecord(req, store, { resource, action, force: p.force, id: p.id, what, load });
}

/**
 * The unit of the team a new record is for, once the team is known in the force and the principal
 * may create records there (an unknown team is a 400 on the `team` field).
 */
export async function teamForNew(
  req: FastifyRequest,
  store: Store,
  o: { resource: string; force: string; forceId: number; team: string },
): Promise<string | null> {
  const teams = await teamUnits(store.db, o.forceId);
  if (!teams.has(o.team))
    throw new BeatwiseError('casework.invalid', `team: no team "${o.team}" in this force`, { field: 'team' });
  const unit = teams.get(o.team) ?? null;
  requireObject(
    req,
    {
      resource: o.resource,
      action: 'create',
      force: o.force,
      unit: unit ?? undefined,
      team: o.team,
      ownerId: recorder(req),
    },
    `team ${o.team}`,
  );
  return unit;
}

/** The list answer: the records the principal may see (at most 500 shown), their count, SYNTHETIC or not. */
export function visibleList<T extends Placed & { synthetic: boolean }, U>(
  req: FastifyRequest,
  resource: string,
  force: string,
  records: readonly T[],
  show: (r: T) => U,
): { synthetic: boolean; records: U[]; total: number } {
  const seen = visible(req, resource, force, records);
  return {
    synthetic: seen.some((r) => r.synthetic),
    records: seen.slice(0, 500).map(show),
    total: seen.length,
  };
}
