/**
 * Enforcement of the access policy in one place: an onRequest hook, run after the principal is
 * known and before the response cache can answer, checks the route's declared rule against the
 * principal and the request's scope (the :force path parameter; unit and team from the query).
 * Routes ask for object-level checks with `requireObject` (a record out of scope is a 404, never
 * a 403: its existence is not confirmed). The policy itself (src/access/policy.ts) arrives through
 * the server's context as an `AccessControl`: core knows no feature.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BeatwiseError } from '../errors.ts';
import { canonicalKey } from './cache.ts';
import type { Principal } from './principal.ts';

export type AccessAction = 'read' | 'create' | 'update' | 'delete';

/** What a route declares: the resource it serves and the action it performs. */
export interface RouteAccess {
  resource: string;
  action: AccessAction;
  /**
   * The route serves one record found by id: the guard checks the role and force only, and the
   * handler checks the record's own unit, team or owner with `requireObject` (404 if out of scope).
   */
  perObject?: boolean;
}

export interface AccessTarget {
  resource: string;
  action: AccessAction;
  force?: string;
  unit?: string;
  team?: string;
  ownerId?: string;
  /** Check the force only: the record's own scope is checked when it is found. */
  pending?: boolean;
}

export interface AccessDecision {
  allow: boolean;
  status: 200 | 401 | 403;
  reason: string;
}

/** The policy as the server sees it. */
export interface AccessControl {
  decide(principal: Principal | null, target: AccessTarget): AccessDecision;
  /** Personal data: reads need a justification and are logged. */
  isPersonal(resource: string): boolean;
  /**
   * Names what the principal may see of the target, for the response cache key (principals with the
   * same key may share cached answers), or null not to cache the answer.
   */
  cacheKey(principal: Principal | null, target: AccessTarget): string | null;
}

/** One line of the audit log, as the server reports it (src/audit stores and chains it). */
export interface AccessEvent {
  kind: 'denied' | 'write' | 'personal-read' | 'sign-in' | 'sign-in-failure';
  userId: string | null;
  roles: string[];
  method: string;
  route: string;
  objectIds: Record<string, string>;
  outcome: number;
  reason: string | null;
}

export type AuditSink = (event: AccessEvent) => Promise<void>;

/** What the guard found for one request. */
interface RequestAccess {
  control: AccessControl;
  rule: RouteAccess;
  /** The scope asked about (the :force, unit and team of the request). */
  target: AccessTarget;
  personal: boolean;
  /** The justification given for a personal-data read. */
  justification: string | null;
  /** Why it was refused, when it was (also object-level refusals). */
  denied: string | null;
  /** Set once the personal-data read was logged (before its answer was sent). */
  recorded?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    access: RequestAccess | null;
    /** Set by a sign-in route: the request is logged as this sign-in (or failure), whatever else. */
    signInAudit?: SignInAudit;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** What a sign-in route says of one attempt, for the audit log. */
export interface SignInAudit {
  ok: boolean;
  /** The user signed in (or null: not known, e.g. a failure for an unknown email). */
  userId: string | null;
  /** What identifies the attempt: the email tried, the provider. */
  objectIds: Record<string, string>;
  reason: string | null;
}

/** The rule of routes outside /api: the web app's files and its pages (index.html). */
export const WEB_APP_ACCESS: RouteAccess = { resource: 'meta', action: 'read' };

/** The header (or `reason` query parameter) carrying the justification for a personal-data read. */
export const REASON_HEADER = 'x-beatwise-reason';
const MIN_REASON = 8;

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The scope a request asks about: its :force, and unit/team from the query string. */
export function targetOf(req: FastifyRequest, rule: RouteAccess): AccessTarget {
  const params = (req.params ?? {}) as Record<string, unknown>;
  const query = (req.query ?? {}) as Record<string, unknown>;
  return {
    resource: rule.resource,
    action: rule.action,
    force: text(params.force),
    unit: text(query.unit),
    team: text(query.team),
    pending: rule.perObject,
  };
}

function justificationOf(req: FastifyRequest): string | null {
  const h = req.headers[REASON_HEADER];
  const q = (req.query ?? {}) as Record<string, unknown>;
  const r = (typeof h === 'string' ? h : undefined) ?? text(q.reason);
  return r?.trim() ? r.trim().slice(0, 500) : null;
}

/**
 * Registers the guard. Every matched route must declare a rule (a route without one is refused:
 * the guard fails closed); unmatched URLs fall through to the not-found handler.
 */
export function registerGuard(app: FastifyInstance, control: AccessControl, audit?: AuditSink): void {
  app.decorateRequest('access', null);
  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url;
    if (url === undefined) return; // no route: the not-found handler answers
    const rule = req.routeOptions.config.access ?? (url.startsWith('/api') ? undefined : WEB_APP_ACCESS);
    if (!rule)
      throw new BeatwiseError('access.forbidden', `${req.method} ${url} declares no access rule`, {});
    const personal = control.isPersonal(rule.resource);
    const target = targetOf(req, rule);
    const state: RequestAccess = { control, rule, target, personal, justification: null, denied: null };
    req.access = state;
    const d = control.decide(req.principal, target);
    if (!d.allow) {
      state.denied = d.reason;
      if (d.status === 401)
        throw new BeatwiseError('access.unauthenticated', 'sign in to use this part of Beatwise', {});
      throw new BeatwiseError('access.forbidden', `not allowed: ${d.reason}`, {});
    }
    if (personal && rule.action === 'read') {
      state.justification = justificationOf(req);
      if (!state.justification || state.justification.length < MIN_REASON) {
        state.denied = 'no justification for a personal-data read';
        throw new BeatwiseError(
          'access.reason_required',
          `this is personal data: say why you need it in the ${REASON_HEADER} header or a "reason" query parameter (at least ${MIN_REASON} characters); it is logged`,
          { field: 'reason' },
        );
      }
    }
  });
  if (audit) {
    // A personal-data read is logged before its answer leaves: when the log cannot be written, the
    // answer is withheld (503) rather than sent unrecorded (DPA 2018 s.62 logging; fail closed).
    app.addHook('onSend', async (req, reply, payload) => {
      const a = req.access;
      if (!a?.personal || a.denied || req.signInAudit || reply.statusCode >= 400) return payload;
      if (req.method !== 'GET' && req.method !== 'HEAD') return payload;
      a.recorded = true;
      try {
        await audit(eventOf(req, 'personal-read', reply.statusCode, a.justification));
        return payload;
      } catch (e) {
        process.stderr.write(`beatwise audit: could not record ${req.method} ${req.url}: ${String(e)}\n`);
        reply.code(503).type('application/json; charset=utf-8');
        reply.removeHeader('content-length');
        reply.removeHeader('etag');
        return JSON.stringify({
          error: {
            code: 'audit.unavailable',
            message:
              'this is personal data and the audit log cannot be written just now, so it is not shown; try again shortly',
            details: {},
          },
        });
      }
    });
    app.addHook('onResponse', async (req, reply) => {
      const a = req.access;
      const s = req.signInAudit;
      if (s) {
        try {
          await audit({
            kind: s.ok ? 'sign-in' : 'sign-in-failure',
            userId: s.userId,
            roles: [],
            method: req.method,
            route: req.url.split('?')[0],
            objectIds: s.objectIds,
            outcome: reply.statusCode,
            reason: s.reason,
          });
        } catch (e) {
          process.stderr.write(`beatwise audit: could not record a sign-in: ${String(e)}\n`);
        }
        return;
      }
      const write = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
      const denied = a?.denied ?? (reply.statusCode === 401 || reply.statusCode === 403 ? 'refused' : null);
      if (!denied && !write && !a?.personal) return;
      if (!a && !denied && !req.url.startsWith('/api/')) return;
      if (a?.recorded && !denied) return;
      const kind = denied ? 'denied' : write ? 'write' : 'personal-read';
      try {
        await audit(eventOf(req, kind, reply.statusCode, denied ?? a?.justification ?? null));
      } catch (e) {
        process.stderr.write(`beatwise audit: could not record ${req.method} ${req.url}: ${String(e)}\n`);
      }
    });
  }
}

function eventOf(
  req: FastifyRequest,
  kind: AccessEvent['kind'],
  outcome: number,
  reason: string | null,
): AccessEvent {
  return {
    kind,
    userId: req.principal?.userId ?? null,
    roles: req.principal?.grants.map((g) => g.role) ?? [],
    method: req.method,
    route: req.routeOptions.url ?? req.url.split('?')[0],
    objectIds: objectIds(req),
    outcome,
    reason,
  };
}

function objectIds(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.params ?? {}) as Record<string, unknown>))
    if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * The object-level check a route makes once it has found a record: a record out of the principal's
 * scope answers 404 as if it did not exist (no confirmation that an id exists: IDOR), and the
 * refusal is logged. `what` names the record in the message, e.g. "import 12".
 */
export function requireObject(req: FastifyRequest, target: AccessTarget, what: string): void {
  const a = req.access;
  if (!a) throw new BeatwiseError('access.forbidden', 'no access rule checked this request', {});
  const d = a.control.decide(req.principal, target);
  if (d.allow) return;
  a.denied = `object out of scope: ${d.reason}`;
  throw new BeatwiseError('access.not_found', `no ${what}`);
}

/** The response cache's key for a request the guard allowed (null: do not cache). */
export function cacheKeyOf(req: FastifyRequest): string | null {
  const a = req.access;
  if (!a || a.denied || a.personal) return null;
  const view = a.control.cacheKey(req.principal, a.target);
  return view === null ? null : `${view}|${canonicalKey(req)}`;
}

/** Whether the principal may do `target` (for filtering lists to what it may see). */
export function allows(req: FastifyRequest, target: AccessTarget): boolean {
  return req.access?.control.decide(req.principal, target).allow ?? false;
}
