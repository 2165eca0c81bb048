/**
 * First-request ("cold") times of the main API endpoints, each phase in a fresh child process so
 * that nothing the server keeps in memory (response cache, loaded arrays, JIT-compiled code) carries
 * over from an earlier phase:
 *
 * - `restart`: start the server on an existing store, then request each endpoint once, in order;
 * - `import`: start the server, request each endpoint once (warming it), import `importFiles` into
 *   the same store through a second connection (as `beatwise import crimes` beside a running
 *   server does), then request each endpoint once again: the first answers after an import.
 *
 * Also the warm time: the same request again straight after (served from the response cache).
 * The child prints one JSON line; `coldTimes` runs it and returns the figures.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Endpoint {
  name: string;
  path: string;
}

export interface ColdTimes {
  /** ms per endpoint, in the order given. */
  first: number[];
  /** CPU time (user + system) of the process during each first request: server and client are one process. */
  cpu: number[];
  /** The same request again (a response-cache hit). */
  warm: number[];
  status: number[];
  /** ms of the import (phase `import` only). */
  importMs?: number;
}

/** Runs one phase in a child process and returns its figures. */
export function coldTimes(
  dbPath: string,
  endpoints: readonly Endpoint[],
  phase: 'restart' | 'import',
  importFiles: readonly string[] = [],
  force = 'west-midlands',
): Promise<ColdTimes> {
  const self = fileURLToPath(import.meta.url);
  const args = [
    '--db',
    dbPath,
    '--phase',
    phase,
    '--force',
    force,
    '--paths',
    JSON.stringify(endpoints.map((e) => e.path)),
  ];
  for (const f of importFiles) args.push('--file', f);
  return new Promise((resolve, reject) => {
    const child = fork(self, args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`cold phase ${phase} exited ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(line) as ColdTimes);
    });
  });
}

async function child(): Promise<void> {
  const { parseArgs } = await import('node:util');
  const { performance } = await import('node:perf_hooks');
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      phase: { type: 'string' },
      force: { type: 'string' },
      paths: { type: 'string' },
      file: { type: 'string', multiple: true },
    },
  });
  const { startServer } = await import('../../src/core/http/server.ts');
  const { ROUTES } = await import('../../src/server.ts');
  const paths = JSON.parse(values.paths as string) as string[];
  const { accessControl } = await import('../../src/access/policy.ts');
  const { hardeningFromEnv } = await import('../../src/core/http/headers.ts');
  const { principal } = await import('../../test/support/principals.ts');
  // As a signed-in analyst (exact precision), rate limit off, as bench/api.ts measures.
  const analyst = principal('bench-analyst', { role: 'analyst' });
  const server = await startServer({
    dbPath: values.db as string,
    port: 0,
    plugins: ROUTES,
    access: accessControl,
    identify: async () => analyst,
    hardening: { ...hardeningFromEnv(), rateLimitMax: 0 },
  });
  const hit = async (p: string): Promise<[number, number, number]> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await fetch(`${server.url}${p}`, { headers: { 'accept-encoding': 'gzip' } });
    await r.arrayBuffer();
    const c = process.cpuUsage(c0);
    return [performance.now() - t0, r.status, (c.user + c.system) / 1000];
  };
  const pass = async () => {
    const first: number[] = [];
    const cpu: number[] = [];
    const warm: number[] = [];
    const status: number[] = [];
    for (const p of paths) {
      const [ms, s, c] = await hit(p);
      first.push(ms);
      status.push(s);
      cpu.push(c);
      warm.push((await hit(p))[0]);
    }
    return { first, cpu, warm, status };
  };
  let result: ColdTimes;
  if (values.phase === 'import') {
    await pass();
    const { SqliteStore } = await import('../../src/core/store/sqlite.ts');
    const { importCrimeFiles } = await import('../../src/crime/index.ts');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const store = await SqliteStore.open(values.db as string);
    const t0 = performance.now();
    await importCrimeFiles(store, values.file ?? [], {
      force: values.force as string,
      rejectsDir: join(tmpdir(), 'beatwise-bench-cold-rejects'),
    });
    const importMs = performance.now() - t0;
    await store.close();
    result = { ...(await pass()), importMs };
  } else result = await pass();
  await server.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await child();
