/**
 * The response cache's key for a request: its path and the values of the query parameters its route
 * knows (the zod schema's keys), in a canonical order. Parameters the route does not know cannot
 * change its answer, so junk parameters do not make new entries.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** The query parameters a route reads (set by route() in route.ts); absent = none. */
    queryKeys?: readonly string[];
    /** The answer changes with something no data counter follows: never cache it. */
    noCache?: boolean;
    /** The data counters the answer depends on (default DEFAULT_COUNTERS): a write moving another leaves it cached. */
    counters?: readonly DataCounter[];
  }
}

/**
 * What a cached answer can depend on. Each is a counter in `data_versions` that every write to its
 * feature's tables moves (triggers of migrations 010 and 018; patrols: its store), plus, for crimes,
 * areas and workforce, the tables' highest ids and counts.
 */
export const DATA_COUNTERS = [
  'crimes',
  'areas',
  'weights',
  'workforce',
  'patrols',
  'casework',
  'engagement',
  'repeats',
] as const;
export type DataCounter = (typeof DATA_COUNTERS)[number];

/** The data counters of a route that names none: the crimes, the force's areas and the harm weights. */
export const DEFAULT_COUNTERS: readonly DataCounter[] = ['crimes', 'areas', 'weights'];

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
