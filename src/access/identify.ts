import type { FastifyRequest } from 'fastify';
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

/** The signed-in user of a request with their grants; null for no session, or a disabled or locked account. */
export async function principalOf(
  access: Access,
  req: FastifyRequest,
  now: number,
): Promise<Principal | null> {
  const cookie = req.headers.cookie;
  if (!cookie?.includes('session_token')) return null;
  const found = await access.auth.api.getSession({
    headers: fetchHeaders(req),
    query: { disableRefresh: true },
  });
  if (!found) return null;
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
