/**
 * The response cache's key for a request: its path and the values of the query parameters its route
 * knows (the zod schema's keys), in a canonical order. Parameters the route does not know cannot
 * change its answer, so junk parameters do not make new entries.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** The query parameters a route reads (set by route() in route.ts); absent = none. */
    queryKeys?: readonly string[];
    /** The answer changes with records the cache's data version does not follow (casework): never cache it. */
    noCache?: boolean;
  }
}

export function cacheKey(url: string, query: unknown, known: readonly string[] = []): string {
  const q = (query ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of [...known].sort()) {
    if (Object.hasOwn(q, k))
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(JSON.stringify(q[k]))}`);
  }
  const q0 = url.indexOf('?');
  const path = q0 < 0 ? url : url.slice(0, q0);
  return parts.length ? `${path}?${parts.join('&')}` : path;
}
