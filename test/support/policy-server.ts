// A server for route tests: every route, the real access policy and audit log.
import type { FastifyInstance } from 'fastify';
import { accessControl } from '../../src/access/policy.ts';
import { auditSink } from '../../src/audit/index.ts';
import { buildServer } from '../../src/core/http/server.ts';
import type { Store } from '../../src/core/store/store.ts';
import { ROUTES } from '../../src/server.ts';
import { testIdentify } from './principals.ts';

/**
 * A server with every route, the real access policy and audit log, and no rate limit, whose
 * requests come from the principal in the test header (`as(p)`); ready to `inject`.
 */
export async function policyTestServer(store: Store, rejectsDir: string): Promise<FastifyInstance> {
  const app = buildServer(
    {
      store,
      rejectsDir,
      access: accessControl,
      identify: testIdentify,
      audit: auditSink(store),
      hardening: { rateLimitMax: 0, rateLimitWindowMs: 60_000, tileUrl: null },
    },
    ROUTES,
  );
  await app.ready();
  return app;
}
