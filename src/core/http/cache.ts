import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Store } from '../store/store.ts';
import { ByteLru } from './byte-lru.ts';
import { cacheKey } from './cache-key.ts';

const gzipAsync = promisify(gzip);

/** The cache's bound in bytes: BEATWISE_CACHE_MB (default 64 MB). */
export function cacheBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.BEATWISE_CACHE_MB);
  return (env.BEATWISE_CACHE_MB && mb >= 0 ? mb : 64) * 1024 * 1024;
}

/**
 * Caches GET /api responses by path and known query parameters (cache-key.ts), within a bound in
 * bytes (least recently used first out), for as long as the store's data has not changed. The data
 * version is read per request from what every analysis depends on (imports, weight sets, the
 * forces' chosen weights, areas and their `areas` version counter, which every write to a force's
 * structure moves, and every other counter there, e.g. `patrols`; workforce snapshots): one small query, so a cached answer is never
 * stale. Answers are computed from the store on the first request after any change.
 */
export function registerResponseCache(
  app: FastifyInstance,
  store: Store,
  opts: {
    /**
     * The cache key of a request, naming what its principal may see (so an answer is never served to
     * someone allowed less), or null not to cache it (personal data). Default: `canonicalKey`.
     */
    key?: (req: FastifyRequest) => string | null;
    maxBytes?: number;
  } = {},
): void {
  const cache = new ByteLru<{
    version: string;
    type: string;
    disposition?: string;
    body: string;
    gzip?: Buffer;
  }>(opts.maxBytes ?? cacheBytes());
  const keyOf = opts.key ?? canonicalKey;
  // Portable SQL (string_agg … ORDER BY is in SQLite since 3.44 and in PostgreSQL): one query for both stores.
  const version = async (): Promise<string> => {
    const r = await sql<{ v: string }>`SELECT
        (SELECT coalesce(max(id), 0) FROM imports) || ':' ||
        (SELECT coalesce(max(id), 0) || '/' || count(*) FROM weight_sets) || ':' ||
        (SELECT coalesce(string_agg(coalesce(weight_set, '-') || '/' ||
          coalesce(CAST(public_min_cell_m AS text), '-') || '/' || coalesce(CAST(public_min_count AS text), '-'),
          ',' ORDER BY id), '') FROM forces) || ':' ||
        (SELECT count(*) || '/' || coalesce(max(id), 0) FROM areas) || ':' ||
        (SELECT coalesce(sum(version), 0) FROM data_versions) || ':' ||
        (SELECT count(*) || '/' || coalesce(max(id), 0) FROM workforce_snapshots) || ':' ||
        (SELECT count(*) || '/' || coalesce(max(id), 0) FROM workforce_events) AS v`.execute(store.db);
    return r.rows[0]?.v ?? '';
  };
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !req.url.startsWith('/api/forces')) return;
    if (req.routeOptions.config.noCache) return;
    const key = keyOf(req);
    if (key === null) return;
    const v = await version();
    (req as { dataVersion?: string; cacheKey?: string }).dataVersion = v;
    (req as { cacheKey?: string }).cacheKey = key;
    // The answer to a key changes only with the data version: the ETag says which one it is, so a
    // browser that has it (boundaries: megabytes) gets 304 without the answer being made or sent.
    const etag = entityTag(v, key);
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (ifNoneMatch(req.headers['if-none-match'], etag)) return reply.code(304).send();
    const hit = cache.get(key);
    if (hit && hit.version === v) {
      reply.header('x-cache', 'hit').header('vary', 'accept-encoding').type(hit.type);
      // A download stays a download.
      if (hit.disposition) reply.header('content-disposition', hit.disposition);
      // Compress a cached answer once, not on every hit, and off the event loop.
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && hit.body.length >= 1024) {
        if (!hit.gzip) {
          hit.gzip = await gzipAsync(hit.body);
          cache.grow(key, hit.gzip.length);
        }
        return reply.header('content-encoding', 'gzip').send(hit.gzip);
      }
      return reply.send(hit.body);
    }
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const { dataVersion: v, cacheKey: key } = req as { dataVersion?: string; cacheKey?: string };
    if (v === undefined || key === undefined) return payload;
    if (reply.statusCode !== 200 || reply.getHeader('x-cache') === 'hit') return payload;
    if (typeof payload !== 'string') return payload;
    cache.set(
      key,
      {
        version: v,
        type: String(reply.getHeader('content-type') ?? 'application/json'),
        disposition: reply.getHeader('content-disposition')?.toString(),
        body: payload,
      },
      Buffer.byteLength(payload) + key.length,
    );
    return payload;
  });
}

/** A request's path and the query parameters its route knows, in canonical order (cache-key.ts). */
export function canonicalKey(req: FastifyRequest): string {
  return cacheKey(req.url, req.query, req.routeOptions.config?.queryKeys);
}

/** A strong ETag for (data version, URL): FNV-1a of the two, as hex. */
export function entityTag(version: string, url: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const text = `${version}\u0000${url}`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `"${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}"`;
}

/** Whether an If-None-Match header names the tag (or is *). */
function ifNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const list = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''));
  return list.includes('*') || list.includes(etag);
}
