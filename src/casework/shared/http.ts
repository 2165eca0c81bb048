import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { BeatwiseError } from '../../core/errors.ts';
import { allows } from '../../core/http/guard.ts';
import type { Store } from '../../core/store/store.ts';
import { requireForce } from '../../force/index.ts';

/** A JSON body checked with zod: a 400 naming the field and saying what is wrong. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.join('.') || 'body';
  throw new BeatwiseError(
    'casework.invalid',
    `${field}: ${issue.message}`,
    { field },
    { issues: r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) },
  );
}

export async function forceIdOf(store: Store, slug: string): Promise<number> {
  return Number((await requireForce(store.db, slug)).id);
}

/** Who is recording: the signed-in user's id. */
export function recorder(req: FastifyRequest): string {
  return req.principal?.userId ?? 'unknown';
}

/** Keeps the records the principal may `action` on, each checked at its own unit, team and owner. */
export function visible<T extends { unit: string | null; team: string | null; ownerId?: string | null }>(
  req: FastifyRequest,
  resource: string,
  force: string,
  records: readonly T[],
): T[] {
  return records.filter((r) =>
    allows(req, {
      resource,
      action: 'read',
      force,
      unit: r.unit ?? undefined,
      team: r.team ?? undefined,
      ownerId: r.ownerId ?? undefined,
    }),
  );
}

export const monthQuery = /^\d{4}-(0[1-9]|1[0-2])$/;
