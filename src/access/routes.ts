import { BeatwiseError } from '../core/errors.ts';
import { route } from '../core/http/route.ts';
import type { RoutePlugin } from '../core/http/server.ts';
import { accessFor } from './access.ts';
import { listening, sendRefreshedCookie } from './identify.ts';
import { OIDC_PROVIDER } from './oidc.ts';
import { sendFetchResponse, toFetchRequest } from './request.ts';
import { signInAttempt, signInAudit } from './sign-in-audit.ts';

/**
 * Sign-in: better-auth's endpoints under /api/auth (sign-in, sign-out, two-factor, the identity
 * provider's callback), GET /api/me (who is signed in) and GET /api/auth-config (what the sign-in
 * page offers).
 */
export const accessRoutes: RoutePlugin = (app, ctx) => {
  // A session used past its update age was extended while identifying the request: its new cookie
  // (a fresh Max-Age) goes out with whatever the route answers.
  app.addHook('onSend', async (req, reply, payload) => {
    sendRefreshedCookie(req, reply);
    return payload;
  });
  app.register(async (auth) => {
    // better-auth reads the body itself: hand it over as it came.
    auth.removeAllContentTypeParsers();
    auth.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    // Open to everyone: signing in is how one stops being the public (better-auth checks origins).
    const config = { access: { resource: 'sign-in', action: 'create' } as const };
    // better-auth's endpoints are GETs and POSTs; any other method is a 404 (TRACE made Node throw).
    auth.route({
      method: ['GET', 'POST'],
      url: '/api/auth/*',
      config,
      handler: async (req, reply) => {
        const access = accessFor(ctx.store, listening(req));
        const res = await access.auth.handler(toFetchRequest(req, access.baseUrl));
        // better-auth answers an unknown endpoint with an empty 404: say it in the API's error shape.
        if (res.status === 404 && !(res.headers.get('content-type') ?? '').includes('json'))
          throw new BeatwiseError(
            'http.not_found',
            `no sign-in endpoint ${req.method} ${req.url.split('?')[0]}; see docs/security.md`,
          );
        const attempt = signInAttempt(req.url, req.body);
        if (attempt) req.signInAudit = await signInAudit(attempt, res);
        return sendFetchResponse(reply, res);
      },
    });
  });

  route(
    app,
    {
      method: 'GET',
      url: '/api/me',
      summary: 'The signed-in user and their role grants, or null',
      tag: 'access',
      access: { resource: 'sign-in', action: 'read' },
    },
    async (_input, req, reply) => {
      reply.header('cache-control', 'no-store');
      const p = req.principal;
      return {
        user: p ? { id: p.userId, email: p.email, name: p.name, grants: p.grants, method: p.method } : null,
      };
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/auth-config',
      summary: 'How users can sign in',
      tag: 'access',
      access: { resource: 'sign-in', action: 'read' },
    },
    async (_input, req) => {
      const access = accessFor(ctx.store, listening(req));
      const oidc = access.env.oidc;
      return { password: true, oidc: oidc ? { provider: OIDC_PROVIDER, name: oidc.name } : null };
    },
  );
};
