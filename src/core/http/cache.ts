import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Store } from '../store/store.ts';
import { ByteLru } from './byte-lru.ts';
import { cacheKey, DATA_COUNTERS, type DataCounter, DEFAULT_COUNTERS } from './cache-key.ts';

const gzipAsync = promisify(gzip);

/** The cache's bound in bytes: BEATWISE_CACHE_MB (default 64 MB). */
export function cacheBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.BEATWISE_CACHE_MB);
  return (env.BEATWISE_CACHE_MB && mb >= 0 ? mb : 64) * 1024 * 1024;
}

/**
 * Caches GET /api responses by path and known query parameters (cache-key.ts), within a bound in
 * bytes (least recently used first out), for as long as the data the route depends on has not
 * changed. Each route names its data counters where it is registered (`counters` in its config;
 * default DEFAULT_COUNTERS: crimes, areas, harm weights), and an entry is good while those counters
 * are as they were: a patrol write moves `patrols` only, so harm and hotspot answers stay cached, and
 * a casework edit moves `casework`, so its figures are made again on the next read. The counters are
 * read per request in one small query (dataCounters), so a cached answer is never stale.
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
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !req.url.startsWith('/api/forces')) return;
    if (req.routeOptions.config.noCache) return;
    const key = keyOf(req);
    if (key === null) return;
    const counters = await dataCounters(store);
    const v = versionOf(counters, req.routeOptions.config.counters ?? DEFAULT_COUNTERS);
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

/**
 * The value of every data counter, as text: the `data_versions` counter and, where writes could
 * bypass it (rows inserted with triggers off by a store copy), the table's highest id and count.
 * Portable SQL (string_agg … ORDER BY is in SQLite since 3.44 and in PostgreSQL): one query for both.
 */
export async function dataCounters(store: Store): Promise<Record<DataCounter, string>> {
  const r = await sql<{
    imports: string;
    weight_sets: string;
    forces: string;
    areas: string;
    counters: string;
    workforce: string;
  }>`SELECT
      (SELECT CAST(coalesce(max(id), 0) AS text) FROM imports) AS imports,
      (SELECT coalesce(max(id), 0) || '/' || count(*) FROM weight_sets) AS weight_sets,
      (SELECT coalesce(string_agg(coalesce(weight_set, '-') || '/' ||
        coalesce(CAST(public_min_cell_m AS text), '-') || '/' || coalesce(CAST(public_min_count AS text), '-'),
        ',' ORDER BY id), '') FROM forces) AS forces,
      (SELECT count(*) || '/' || coalesce(max(id), 0) FROM areas) AS areas,
      (SELECT coalesce(string_agg(name || '=' || CAST(version AS text), ',' ORDER BY name), '')
        FROM data_versions) AS counters,
      (SELECT count(*) || '/' || coalesce(max(id), 0) FROM workforce_snapshots) || '/' ||
      (SELECT count(*) || '/' || coalesce(max(id), 0) FROM workforce_events) AS workforce`.execute(store.db);
  const row = r.rows[0];
  const counter = new Map<string, string>();
  for (const pair of (row?.counters ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) counter.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const out = {} as Record<DataCounter, string>;
  for (const name of DATA_COUNTERS) out[name] = counter.get(name) ?? '0';
  out.crimes = `${row?.imports}/${out.crimes}`;
  out.areas = `${row?.areas}/${row?.forces}/${out.areas}`;
  out.weights = `${row?.weight_sets}/${row?.forces}/${out.weights}`;
  out.workforce = `${row?.workforce}/${out.workforce}`;
  return out;
}

/** A route's data version: the values of the counters it depends on. */
export function versionOf(counters: Record<DataCounter, string>, names: readonly DataCounter[]): string {
  return names.map((n) => `${n}:${counters[n]}`).join(';');
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
