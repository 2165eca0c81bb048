import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { dataDir } from '../data-dir.ts';
import { isBeatwiseError } from '../errors.ts';
import { rejectsDirOf } from '../store/open.ts';
import { isPostgresUrl, PostgresStore } from '../store/postgres.ts';
import { SqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/store.ts';
import { registerResponseCache } from './cache.ts';
import { docsPage } from './docs-page.ts';
import { beatwiseErrorBody, withoutPaths } from './error-body.ts';
import { type AccessControl, type AuditSink, cacheKeyOf, registerGuard } from './guard.ts';
import { type HardeningSettings, hardeningFromEnv, registerHardening } from './headers.ts';
import {
  DEFAULT_BODY_LIMIT,
  fixedStatus,
  frameworkError,
  routerErrorReply,
  UPLOAD_FILE_LIMIT,
} from './limits.ts';
import type { Identify } from './principal.ts';
import { parseTrustProxy, type TrustProxy } from './proxy.ts';
import { openApiDocument, routeDocs } from './route.ts';

/** What each feature's routes get: the store, where rejects files go, and who is asking. */
export interface HttpContext {
  store: Store;
  rejectsDir: string;
  /** Finds the signed-in user of a request (src/access); without it everyone is the public. */
  identify?: Identify;
  /** The access policy (src/access/policy.ts), enforced by core/http/guard.ts. */
  access: AccessControl;
  /** Where denied requests, writes and personal-data reads are logged (src/audit). */
  audit?: AuditSink;
  /** Headers, rate limit (default: from the environment). */
  hardening?: HardeningSettings;
  /** Which proxies to believe about the client's address (default: BEATWISE_TRUST_PROXY; none). */
  trustProxy?: TrustProxy;
}

export type RoutePlugin = (app: FastifyInstance, ctx: HttpContext) => void;

/** HTTP status for an error code: the part before the dot says what kind of problem it is. */
export function statusFor(code: string): number {
  const fixed = fixedStatus(code);
  if (fixed) return fixed;
  // A file or upload past a size limit: 413; a kind of file that cannot be read: 415 (not 404).
  if (/too_large$/.test(code)) return 413;
  if (/(unsupported|unknown)_format$/.test(code)) return 415;
  if (code === 'access.unauthenticated') return 401;
  if (code === 'access.forbidden' || code === 'access.csrf') return 403;
  if (code === 'http.rate_limited') return 429;
  if (/(^|\.)unknown($|_)|not_found/.test(code)) return 404;
  if (code.endsWith('not_available') || code === 'not_available') return 501;
  if (/^(store\.|http\.internal)/.test(code)) return 500;
  return 400;
}

/** The web app's built files (dist/web), if built. */
export function webRoot(): string {
  return join(dataDir(), '..', 'dist', 'web');
}

/**
 * The HTTP server: JSON API under /api (one route file per feature), the web app at /.
 * Errors are {error: {code, message, details}} with the status the code implies.
 */
export function buildServer(
  ctx: HttpContext,
  plugins: RoutePlugin[],
  opts: { logger?: boolean } = {},
): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    frameworkErrors: routerErrorReply,
    trustProxy: ctx.trustProxy ?? parseTrustProxy(process.env.BEATWISE_TRUST_PROXY),
  });
  routeDocs.length = 0;
  // Who is asking, first: every later hook (hardening, policy, audit, the response cache) may read it.
  const identify = ctx.identify ?? (async () => null);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    req.principal = await identify(req);
  });
  registerHardening(app, ctx.hardening ?? hardeningFromEnv());
  app.after(() => {
    registerGuard(app, ctx.access, ctx.audit);
    registerResponseCache(app, ctx.store, { key: cacheKeyOf });
  });
  app.register(compress, { global: true, threshold: 1024 });
  app.register(multipart, { limits: { fileSize: UPLOAD_FILE_LIMIT, files: 1 } });
  app.setErrorHandler((thrown, req, reply) => {
    // Fastify's and the multipart parser's own errors about bad input, said clearly (limits.ts).
    const err = frameworkError(thrown, req.routeOptions.bodyLimit) ?? thrown;
    if (isBeatwiseError(err)) return reply.status(statusFor(err.code)).send(beatwiseErrorBody(err));
    const e = err as { statusCode?: number; code?: string; message: string };
    const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
    // An internal error is a bug: always leave its stack where an operator will see it.
    if (status === 500)
      process.stderr.write(`beatwise server error: ${(err as Error).stack ?? String(err)}\n`);
    return reply.status(status).send({
      error: {
        code: e.code ?? (status === 500 ? 'http.internal' : 'http.bad_request'),
        message: status === 500 ? 'internal error' : withoutPaths(e.message),
        details: {},
      },
    });
  });
  app.register(async (api) => {
    for (const plugin of plugins) plugin(api, ctx);
    const meta = { config: { access: { resource: 'meta', action: 'read' } as const } };
    api.get('/api/openapi.json', meta, async () => openApiDocument('0.1.0'));
    api.get('/api/docs', meta, async (_req, reply) =>
      reply.type('text/html').send(docsPage(openApiDocument('0.1.0'))),
    );
  });
  const root = webRoot();
  if (existsSync(join(root, 'index.html'))) {
    app.register(fastifyStatic, {
      root,
      wildcard: false,
      setHeaders: (res, path) => {
        // Hashed assets never change; the page itself must always be checked.
        res.setHeader(
          'Cache-Control',
          /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && existsSync(join(root, 'index.html'))) {
      // Read it each time: the web app may be built after the server started.
      return reply
        .header('Cache-Control', 'no-cache')
        .type('text/html')
        .send(readFileSync(join(root, 'index.html')));
    }
    const hint = req.url.startsWith('/api/')
      ? 'see /api/docs'
      : 'the web app is not built: run `npm run build`';
    return reply.status(404).send({
      error: { code: 'http.not_found', message: `no route ${req.method} ${req.url}; ${hint}`, details: {} },
    });
  });
  return app;
}

/** Opens the store, starts listening, and returns the URL and a close function. */
export async function startServer(o: {
  /** A SQLite file path or a postgres:// URL. */
  dbPath: string;
  access: AccessControl;
  /** Given the store once it is open (the audit log writes to it). */
  audit?: (store: Store) => AuditSink;
  hardening?: HardeningSettings;
  port?: number;
  host?: string;
  plugins: RoutePlugin[];
  logger?: boolean;
  /** Finds the signed-in user of a request; without it (or identifyFor) everyone is the public. */
  identify?: Identify;
  /** Makes the store's Identify (src/access identifyFor), once the store is open. */
  identifyFor?: (store: Store) => Identify;
}): Promise<{ url: string; app: FastifyInstance; store: Store; close: () => Promise<void> }> {
  const store: Store = isPostgresUrl(o.dbPath)
    ? await PostgresStore.open(o.dbPath)
    : await SqliteStore.open(o.dbPath);
  const app = buildServer(
    {
      store,
      rejectsDir: rejectsDirOf(store.location),
      access: o.access,
      identify: o.identifyFor?.(store) ?? o.identify,
      audit: o.audit?.(store),
      hardening: o.hardening,
    },
    o.plugins,
    { logger: o.logger },
  );
  const address = await app.listen({ port: o.port ?? 8080, host: o.host ?? '127.0.0.1' });
  let closed = false;
  return {
    url: address,
    app,
    store,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      await store.close();
    },
  };
}
