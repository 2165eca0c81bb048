import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Store } from '../store/store.ts';

/**
 * Caches GET /api responses by URL for as long as the store's data has not changed. The data
 * version is read per request from what every analysis depends on (imports, weight sets, the
 * forces' chosen weights, areas, workforce snapshots): one small query, so a cached answer is never
 * stale. Answers are computed from the store on the first request after any change.
 */
export function registerResponseCache(
  app: FastifyInstance,
  store: Store,
  opts: {
    /**
     * The cache key of a request, naming what its principal may see (so an answer is never served to
     * someone allowed less), or null not to cache it (personal data). Default: the URL.
     */
    key?: (req: FastifyRequest) => string | null;
    maxEntries?: number;
  } = {},
): void {
  const maxEntries = opts.maxEntries ?? 500;
  const keyOf = opts.key ?? ((req: FastifyRequest) => req.url);
  const cache = new Map<string, { version: string; type: string; body: string; gzip?: Buffer }>();
  const version = async (): Promise<string> => {
    const r = await sql<{ v: string }>`SELECT
        (SELECT coalesce(max(id), 0) FROM imports) || ':' ||
        (SELECT coalesce(max(id), 0) || '/' || count(*) FROM weight_sets) || ':' ||
        (SELECT coalesce(group_concat(coalesce(weight_set, '-') || '/' ||
          coalesce(public_min_cell_m, '-') || '/' || coalesce(public_min_count, '-')), '') FROM forces) || ':' ||
        (SELECT count(*) || '/' || coalesce(max(id), 0) FROM areas) || ':' ||
        (SELECT count(*) || '/' || coalesce(max(id), 0) FROM workforce_snapshots) || ':' ||
        (SELECT count(*) || '/' || coalesce(max(id), 0) FROM workforce_events) AS v`.execute(store.db);
    return r.rows[0]?.v ?? '';
  };
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !req.url.startsWith('/api/forces')) return;
    const key = keyOf(req);
    if (key === null) return;
    const v = await version();
    (req as { dataVersion?: string; cacheKey?: string }).dataVersion = v;
    (req as { cacheKey?: string }).cacheKey = key;
    const hit = cache.get(key);
    if (hit && hit.version === v) {
      cache.delete(key);
      cache.set(key, hit); // most recently used last
      reply.header('x-cache', 'hit').header('vary', 'accept-encoding').type(hit.type);
      // Compress a cached answer once, not on every hit.
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && hit.body.length >= 1024) {
        hit.gzip ??= gzipSync(hit.body);
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
    cache.set(key, {
      version: v,
      type: String(reply.getHeader('content-type') ?? 'application/json'),
      body: payload,
    });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    return payload;
  });
}
