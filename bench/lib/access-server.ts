/**
 * The server of bench/access.ts, in its own process: `beatwise serve`'s own setup — every route,
 * sign-in through better-auth (the session cookie identifies each request, as in production), the
 * access policy, the audit log, the rate limit, CSRF and the security headers. Nothing in it exists
 * only for the benchmark; bench/access.ts sets its environment (the per-address sign-in limit).
 *
 *   node --import tsx bench/lib/access-server.ts STORE.db   (started by bench/access.ts)
 */
import { accessControl } from '../../src/access/policy.ts';
import { auditSink } from '../../src/audit/index.ts';
import { hardeningFromEnv } from '../../src/core/http/headers.ts';
import { startServer } from '../../src/core/http/server.ts';
import { IDENTIFY, ROUTES } from '../../src/server.ts';

const [dbPath] = process.argv.slice(2);
const server = await startServer({
  dbPath,
  port: 0,
  host: '127.0.0.1',
  plugins: ROUTES,
  identifyFor: IDENTIFY,
  access: accessControl,
  audit: auditSink,
  hardening: hardeningFromEnv(),
});
process.send?.({ url: server.url });
process.on('message', async (m) => {
  if (m !== 'close') return;
  await server.close();
  process.exit(0);
});
