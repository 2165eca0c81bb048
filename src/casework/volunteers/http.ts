/** Small helpers the volunteer and engagement routes share: bodies checked with zod, scope checks. */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { BeatwiseError } from '../../core/errors.ts';
import { type AccessTarget, allows } from '../../core/http/guard.ts';
import { allIssues, firstIssue, withoutBlanks } from './fields.ts';

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
