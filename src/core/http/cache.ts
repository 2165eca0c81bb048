import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Store } from '../store/store.ts';

/**
 * Caches GET /api responses by URL for as long as the store's data has not changed. The data
 * version is read per request from what every analysis depends on (imports, weight sets, the
 * forces' chosen weights, areas and their `areas` version counter, which every write to a force's
 * structure moves, workforce snapshots): one small query, so a cached answer is never
 * stale. Answers are computed from the store on the first request after any change.
 */
export function registerResponseCache(app: FastifyInstance, store: Store, maxEntries = 500): void {
  const cache = new Map<string, { version: string; type: string; body: string; gzip?: Buffer }>();
  const version = async (): Promise<string> => {
    const r = await sql<{ v: string }>`SELECT
        (SELECT coalesce(max(id), 0) FROM imports) || ':' ||
        (SELECT coalesce(max(id), 0) || '/' || count(*) FROM weight_sets) || ':' ||
        (SELECT coalesce(group_concat(coalesce(weight_set, '-')), '') FROM forces) || ':' ||
        (SELECT count(*) || '/' || coalesce(max(id), 0) FROM areas) || ':' ||
        (SELECT coalesce(max(version), 0) FROM data_versions WHERE name = 'areas') || ':' ||
        (SELECT count(*) || '/' || coalesce(max(id), 0) FROM workforce_snapshots) || ':' ||
        (SELECT count(*) || '/' || coalesce(max(id), 0) FROM workforce_events) AS v`.execute(store.db);
    return r.rows[0]?.v ?? '';
  };
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !req.url.startsWith('/api/forces')) return;
    const v = await version();
    (req as { dataVersion?: string }).dataVersion = v;
    const hit = cache.get(req.url);
    if (hit && hit.version === v) {
      cache.delete(req.url);
      cache.set(req.url, hit); // most recently used last
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
    const v = (req as { dataVersion?: string }).dataVersion;
    if (v === undefined || reply.statusCode !== 200 || reply.getHeader('x-cache') === 'hit') return payload;
    if (typeof payload !== 'string') return payload;
    cache.set(req.url, {
      version: v,
      type: String(reply.getHeader('content-type') ?? 'application/json'),
      body: payload,
    });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    return payload;
  });
}
