import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Store } from '../store/store.ts';

/**
 * Caches GET /api responses by URL for as long as the store's data has not changed. The data
 * version is read per request from what every analysis depends on (imports, weight sets, the
 * forces' chosen weights, areas, workforce snapshots): one small query, so a cached answer is never
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
        (SELECT count(*) || '/' || coalesce(max(id), 0) FROM workforce_snapshots) || ':' ||
        (SELECT count(*) || '/' || coalesce(max(id), 0) FROM workforce_events) AS v`.execute(store.db);
    return r.rows[0]?.v ?? '';
  };
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !req.url.startsWith('/api/forces')) return;
    const v = await version();
    (req as { dataVersion?: string }).dataVersion = v;
    // The answer to a URL changes only with the data version: the ETag says which one it is, so a
    // browser that has it (boundaries: megabytes) gets 304 without the answer being made or sent.
    const etag = entityTag(v, req.url);
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (ifNoneMatch(req.headers['if-none-match'], etag)) return reply.code(304).send();
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
