// For the access tests: a server on a temporary store with sign-in wired, and a client that keeps
// cookies as a browser does.
import { storeLocationUnderTest } from '../../test/support/stores.ts';
import { auditSink } from '../audit/index.ts';
import { startServer } from '../core/http/server.ts';
import { IDENTIFY, ROUTES } from '../server.ts';
import { accessControl } from './policy.ts';

export type TestServer = Awaited<ReturnType<typeof startServer>> & {
  dir: string;
  /** The store's file or URL (what `--db` takes). */
  location: string;
  dispose: () => Promise<void>;
};

/** A server on a new store of the engine under test (sign-in settings from process.env). */
export async function startAccessServer(): Promise<TestServer> {
  const where = await storeLocationUnderTest();
  const server = await startServer({
    dbPath: where.location,
    port: 0,
    plugins: ROUTES,
    identifyFor: IDENTIFY,
    access: accessControl,
    audit: auditSink,
  });
  return {
    ...server,
    dir: where.dir,
    location: where.location,
    dispose: async () => {
      await server.close();
      await where.dispose();
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
