// For the access tests: a server on a temporary store with sign-in wired, and a client that keeps
// cookies as a browser does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditSink } from '../audit/index.ts';
import { startServer } from '../core/http/server.ts';
import { IDENTIFY, ROUTES } from '../server.ts';
import { accessControl } from './policy.ts';

export type TestServer = Awaited<ReturnType<typeof startServer>> & {
  dir: string;
  dispose: () => Promise<void>;
};

/** A server on a new store in a temporary folder (sign-in settings from process.env). */
export async function startAccessServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'beatwise-access-'));
  const server = await startServer({
    dbPath: join(dir, 'test.db'),
    port: 0,
    plugins: ROUTES,
    identifyFor: IDENTIFY,
    access: accessControl,
    audit: auditSink,
  });
  return {
    ...server,
    dir,
    dispose: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fetch with a cookie jar, following no redirects, sending the Origin a browser would. */
export class Browserish {
  readonly cookies = new Map<string, string>();
  constructor(readonly origin: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Fetches `url` (absolute, or a path on `origin`), keeping the cookies it sets. */
  async fetch(
    url: string,
    init: { method?: string; json?: unknown; form?: Record<string, string>; origin?: string } = {},
  ): Promise<Response> {
    const target = new URL(url, this.origin);
    const headers: Record<string, string> = {};
    const sameSite = target.origin === new URL(this.origin).origin;
    if (sameSite && this.cookies.size) headers.cookie = this.cookieHeader();
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (init.method && init.method !== 'GET') headers.origin = init.origin ?? this.origin;
    const res = await fetch(target, {
      method: init.method ?? 'GET',
      headers,
      body: init.form
        ? new URLSearchParams(init.form).toString()
        : init.json === undefined
          ? undefined
          : JSON.stringify(init.json),
      redirect: 'manual',
    });
    if (sameSite) {
      for (const c of res.headers.getSetCookie()) {
        const [pair, ...attrs] = c.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
        if (expired) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
    }
    return res;
  }

  async json<T>(
    url: string,
    init: { method?: string; json?: unknown } = {},
  ): Promise<{ status: number; body: T }> {
    const res = await this.fetch(url, init);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
}
