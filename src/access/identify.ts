import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Identify, Principal } from '../core/http/principal.ts';
import type { Store } from '../core/store/store.ts';
import { type Access, accessFor } from './access.ts';
import { accountState } from './lockout.ts';
import { fetchHeaders } from './request.ts';
import { grantsOf } from './users.ts';

/** Where the server of this request listens (for the sign-in service's URL). */
export function listening(req: FastifyRequest): { host: string; port: number } {
  const a = req.server.server.address();
  if (a && typeof a === 'object') return { host: a.address, port: a.port };
  return { host: '127.0.0.1', port: 0 };
}

/** The session cookie better-auth re-issued while identifying a request (its session was extended). */
const refreshed = new WeakMap<FastifyRequest, string[]>();

/** Adds the re-issued session cookie of the request, if any, to its answer (an onSend hook's work). */
export function sendRefreshedCookie(req: FastifyRequest, reply: FastifyReply): void {
  const cookies = refreshed.get(req);
  if (!cookies?.length) return;
  const before = reply.getHeader('set-cookie');
  const kept = before === undefined ? [] : Array.isArray(before) ? before.map(String) : [String(before)];
  reply.header('set-cookie', [...kept, ...cookies]);
}

/**
 * The signed-in user of a request with their grants; null for no session, an expired one (idle past
 * its timeout, or older than the absolute lifetime), or a disabled or locked account. Using a
 * session extends it (better-auth's updateAge): the new cookie goes out with the answer.
 */
export async function principalOf(
  access: Access,
  req: FastifyRequest,
  now: number,
): Promise<Principal | null> {
  const cookie = req.headers.cookie;
  if (!cookie?.includes('session_token')) return null;
  // better-auth's own endpoints (sign-out, two-factor) set the session cookie themselves.
  const own = req.url.startsWith('/api/auth/');
  const { headers, response: found } = await access.auth.api.getSession({
    headers: fetchHeaders(req),
    query: { disableRefresh: own },
    returnHeaders: true,
  });
  if (!found) return null;
  if (now - new Date(found.session.createdAt).getTime() >= access.env.session.absoluteSeconds * 1000) {
    // Past its absolute lifetime, however busy: it ends, and the user signs in again.
    await access.db.deleteFrom('session').where('id', '=', found.session.id).execute();
    return null;
  }
  const cookies = headers.getSetCookie();
  if (cookies.length && !own) refreshed.set(req, cookies);
  const state = await accountState(access.db, found.user.id, now);
  if (state.state !== 'open') return null;
  return {
    userId: found.user.id,
    email: found.user.email,
    name: found.user.name,
    grants: await grantsOf(access.db, found.user.id),
    method: found.session.signInMethod === 'oidc' ? 'oidc' : 'password',
  };
}

/** The Identify of a store: the better-auth session in the request's cookie. */
export function identifyFor(store: Store): Identify {
  return (req) => principalOf(accessFor(store, listening(req)), req, Date.now());
}
