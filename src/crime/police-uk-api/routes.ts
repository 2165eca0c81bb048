/**
 * The crime paths of the police.uk-compatible public API (src/force/police-uk-api serves forces and
 * neighbourhoods): street-level crimes by point, custom area and location, crimes with no location,
 * outcomes, categories, dates; stop and search answers with empty lists (Beatwise holds none).
 * Everything at police.uk's precision (precision.ts), under police.uk's limits (core/http/police-uk.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { toBNG } from '../../core/geo/bng.ts';
import {
  type PoliceUkSettings,
  parsePoly,
  policeUkFail,
  policeUkMonth,
  policeUkSettings,
  registerPoliceUkLimit,
} from '../../core/http/police-uk.ts';
import { route } from '../../core/http/route.ts';
import type { RoutePlugin } from '../../core/http/server.ts';
import type { Store } from '../../core/store/store.ts';
import { formatMonth, parseMonth } from '../../core/time/month.ts';
import { idKey } from '../keys.ts';
import { categoryIndexesFor, POLICE_UK_CATEGORIES } from './categories.ts';
import {
  hasOutcome,
  idOfPersistentId,
  type PlacedCrime,
  placeCrime,
  policeUkCrime,
  policeUkCrimeNoOutcome,
  policeUkOutcome,
  readCrimes,
  withinRadius,
  withinRing,
} from './crimes.ts';
import { snapMetres, snappedSquare } from './precision.ts';

/** police.uk's "one mile radius". */
export const ONE_MILE_M = 1609.344;

const access = { resource: 'crime-aggregates', action: 'read' } as const;
const tag = 'police-uk';

interface ForceInfo {
  id: number;
  slug: string;
  months: Set<number>;
  teamNames: Map<number, string>;
}

/** What every crime path needs to know about the store's forces (read per request: it is small). */
async function forcesOf(store: Store): Promise<ForceInfo[]> {
  const forces = await store.db.selectFrom('forces').select(['id', 'slug']).orderBy('slug').execute();
  const months = await store.db
    .selectFrom('cube')
    .select(['force_id', 'month'])
    .distinct()
    .where('level', '=', 'force')
    .execute();
  const teams = await store.db
    .selectFrom('areas')
    .select(['id', 'force_id', 'name'])
    .where('level', '=', 'team')
    .execute();
  return forces.map((f) => ({
    id: f.id,
    slug: f.slug,
    months: new Set(months.filter((m) => m.force_id === f.id).map((m) => m.month)),
    teamNames: new Map(teams.filter((t) => t.force_id === f.id).map((t) => [t.id, t.name])),
  }));
}

/**
 * The crime a persistent_id names: an extract crime by its row id, otherwise a police.uk Crime ID
 * looked up through the natural-key index (force, month, crime_key): one probe per published
 * force-month instead of a scan of every crime's Crime ID. ASB (category 0) has no persistent id.
 */
async function findCrime(
  store: Store,
  forces: ForceInfo[],
  byId: number | null,
  pid: string,
): Promise<
  | { id: number | string; force_id: number; month: number; easting: number | null; northing: number | null }
  | undefined
> {
  const cols = ['id', 'force_id', 'month', 'easting', 'northing'] as const;
  if (byId !== null)
    return store.db
      .selectFrom('crimes')
      .select(cols)
      .where('id', '=', byId)
      .where('source', '=', 1)
      .where('category', '!=', 0)
      .executeTakeFirst();
  const key = idKey(pid);
  for (const f of forces) {
    if (f.months.size === 0) continue;
    const row = await store.db
      .selectFrom('crimes')
      .select(cols)
      .where('force_id', '=', f.id)
      .where('month', 'in', [...f.months])
      .where('crime_key', '=', key)
      .where('crime_id', '=', pid)
      .where('category', '!=', 0)
      .executeTakeFirst();
    if (row) return row;
  }
  return undefined;
}

function latestMonth(forces: ForceInfo[]): number | null {
  let latest: number | null = null;
  for (const f of forces) for (const m of f.months) if (latest === null || m > latest) latest = m;
  return latest;
}

/** The month asked for (default the latest published), or null when it is not published (404). */
function pickMonth(forces: ForceInfo[], date: string | undefined): number | null {
  if (date === undefined || date === '') return latestMonth(forces);
  // A well-formed month outside the calendar Beatwise keeps (e.g. 9999-12) is not published: 404.
  const m = parseMonth(policeUkMonth(date));
  return m !== null && forces.some((f) => f.months.has(m)) ? m : null;
}

function notPublished(reply: FastifyReply, date: string | undefined) {
  return policeUkFail(
    reply,
    404,
    'police_uk.month_not_published',
    date ? `no crimes are published for ${date}` : 'no crimes are published yet',
  );
}

const latLng = {
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
};
const dateQ = { date: z.string().optional().describe('YYYY-MM (default: the latest published month)') };

/** Crimes of a month placed at their published points, in a BNG box around a point or ring. */
async function placedIn(
  store: Store,
  forces: ForceInfo[],
  month: number,
  box: { xMin: number; yMin: number; xMax: number; yMax: number },
  snapM: number,
  limit?: number,
): Promise<PlacedCrime[] | 'too-many'> {
  // The exact point of an extract crime is up to a square's diagonal from its published point.
  const pad = snapM * Math.SQRT2;
  const rows = await readCrimes(store.db, {
    forceIds: forces.filter((f) => f.months.has(month)).map((f) => f.id),
    month,
    where: {
      box: { xMin: box.xMin - pad, yMin: box.yMin - pad, xMax: box.xMax + pad, yMax: box.yMax + pad },
    },
    limit,
  });
  if (limit && rows.length > limit) return 'too-many';
  const names = new Map<number, string>();
  for (const f of forces) for (const [id, n] of f.teamNames) names.set(id, n);
  return rows.map((r) => placeCrime(r, snapM, names));
}

function ringOf(poly: string): {
  ring: [number, number][];
  box: { xMin: number; yMin: number; xMax: number; yMax: number };
} {
  const ring = parsePoly(poly).map(([lng, lat]) => toBNG(lng, lat) as [number, number]);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return {
    ring,
    box: { xMin: Math.min(...xs), yMin: Math.min(...ys), xMax: Math.max(...xs), yMax: Math.max(...ys) },
  };
}

function boxAround(x: number, y: number, r: number) {
  return { xMin: x - r, yMin: y - r, xMax: x + r, yMax: y + r };
}

type AreaQuery = { lat?: number; lng?: number; poly?: string; date?: string };

/**
 * The crimes of an area query (a point's one-mile radius or a custom polygon), or the failure to
 * answer with: 400 without an area, 404 for a month not published, 503 past the area limit.
 */
async function crimesOfArea(
  store: Store,
  s: PoliceUkSettings,
  q: AreaQuery,
  reply: FastifyReply,
): Promise<PlacedCrime[] | FastifyReply> {
  const forces = await forcesOf(store);
  const month = pickMonth(forces, q.date);
  if (month === null) return notPublished(reply, q.date);
  const snapM = snapMetres();
  if (q.poly) {
    const { ring, box } = ringOf(q.poly);
    // Read at most a generous multiple of the limit from the box; then count inside the ring.
    const placed = await placedIn(store, forces, month, box, snapM, s.maxAreaCrimes * 20);
    const inside = placed === 'too-many' ? 'too-many' : placed.filter((c) => withinRing(c, ring));
    if (inside === 'too-many' || inside.length > s.maxAreaCrimes)
      return policeUkFail(
        reply,
        503,
        'police_uk.area_too_large',
        `the custom area holds more than ${s.maxAreaCrimes} crimes: ask for a smaller area`,
      );
    return inside;
  }
  if (q.lat === undefined || q.lng === undefined)
    return policeUkFail(reply, 400, 'police_uk.bad_request', 'give lat and lng, or poly');
  const [x, y] = toBNG(q.lng, q.lat);
  const placed = await placedIn(store, forces, month, boxAround(x, y, ONE_MILE_M), snapM);
  if (placed === 'too-many') return [];
  return placed.filter((c) => withinRadius(c, x, y, ONE_MILE_M));
}

/** Crimes at one published point: a location_id, or the published point nearest lat/lng. */
async function crimesAtLocation(
  store: Store,
  q: { location_id?: number; lat?: number; lng?: number; date?: string },
  reply: FastifyReply,
): Promise<PlacedCrime[] | FastifyReply> {
  const forces = await forcesOf(store);
  const month = pickMonth(forces, q.date);
  if (month === null) return notPublished(reply, q.date);
  const snapM = snapMetres();
  if (q.location_id !== undefined) {
    const square = snappedSquare(q.location_id, snapM);
    let box = square;
    if (!box) {
      const place = await store.db
        .selectFrom('places')
        .select(['easting', 'northing'])
        .where('id', '=', q.location_id)
        .executeTakeFirst();
      if (!place || place.easting === null || place.northing === null) return [];
      box = boxAround(place.easting, place.northing, 1);
    }
    const placed = await placedIn(store, forces, month, box, snapM);
    if (placed === 'too-many') return [];
    return placed.filter((c) => c.point?.id === q.location_id);
  }
  if (q.lat === undefined || q.lng === undefined)
    return policeUkFail(reply, 400, 'police_uk.bad_request', 'give location_id, or lat and lng');
  const [x, y] = toBNG(q.lng, q.lat);
  const placed = await placedIn(store, forces, month, boxAround(x, y, ONE_MILE_M), snapM);
  if (placed === 'too-many') return [];
  let nearest: PlacedCrime | null = null;
  let best = Number.POSITIVE_INFINITY;
  for (const c of placed) {
    if (!withinRadius(c, x, y, ONE_MILE_M)) continue;
    const d = (c.x - x) ** 2 + (c.y - y) ** 2;
    if (d < best) {
      best = d;
      nearest = c;
    }
  }
  const id = nearest?.point?.id;
  return id === undefined ? [] : placed.filter((c) => c.point?.id === id);
}

const isReply = (v: unknown): v is FastifyReply =>
  typeof v === 'object' && v !== null && 'sent' in v && 'raw' in v;

function byCategory(crimes: PlacedCrime[], category: string): PlacedCrime[] | null {
  const idx = categoryIndexesFor(category);
  if (!idx) return null;
  const set = new Set(idx);
  return crimes.filter((c) => set.has(c.row.category));
}

const streetQuery = z.object({ ...latLng, poly: z.string().optional(), ...dateQ });

/** The paths, under the prefix (BEATWISE_POLICE_UK_PREFIX, default /api/police-uk). */
export function policeUkCrimeRoutes(settings: PoliceUkSettings = policeUkSettings()): RoutePlugin {
  const P = settings.prefix;
  return (app, { store }) => {
    registerPoliceUkLimit(app, settings);

    const street = async (category: string, q: AreaQuery, reply: FastifyReply) => {
      const crimes = await crimesOfArea(store, settings, q, reply);
      if (isReply(crimes)) return crimes;
      const picked = byCategory(crimes, category);
      if (!picked)
        return policeUkFail(reply, 404, 'police_uk.unknown_category', `no crime category "${category}"`);
      return picked.map(policeUkCrime);
    };
    route(
      app,
      {
        method: 'GET',
        url: `${P}/crimes-street/:category`,
        access,
        summary:
          'police.uk street-level crimes: within a mile of lat/lng, or inside poly (lat,lng:lat,lng:…)',
        tag,
        params: z.object({ category: z.string() }),
        query: streetQuery,
      },
      ({ params, query }, _req, reply) => street(params.category, query, reply),
    );
    // POST for polygons too long for a URL: poly and date as form fields (police.uk's way).
    app.register(async (sub: FastifyInstance) => {
      sub.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string' },
        (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
      route(
        sub,
        {
          method: 'POST',
          url: `${P}/crimes-street/:category`,
          access,
          summary: 'police.uk street-level crimes in a custom area sent as a form body (poly, date)',
          tag,
          params: z.object({ category: z.string() }),
          query: streetQuery,
        },
        async ({ params, query }, req, reply) => {
          const body = streetQuery.parse(typeof req.body === 'object' && req.body !== null ? req.body : {});
          return street(params.category, { ...query, ...body }, reply);
        },
      );
    });
    route(
      app,
      {
        method: 'GET',
        url: `${P}/crimes-at-location`,
        access,
        summary: 'police.uk crimes at one map point: location_id, or the point nearest lat/lng',
        tag,
        query: z.object({ location_id: z.coerce.number().int().optional(), ...latLng, ...dateQ }),
      },
      async ({ query }, _req, reply) => {
        const crimes = await crimesAtLocation(store, query, reply);
        return isReply(crimes) ? crimes : crimes.map(policeUkCrime);
      },
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/crimes-no-location`,
        access,
        summary: 'police.uk crimes of a force that could not be mapped',
        tag,
        query: z.object({ category: z.string().default('all-crime'), force: z.string(), ...dateQ }),
      },
      async ({ query }, _req, reply) => {
        const forces = await forcesOf(store);
        const force = forces.find((f) => f.slug === query.force);
        if (!force) return policeUkFail(reply, 404, 'police_uk.unknown_force', `no force "${query.force}"`);
        const idx = categoryIndexesFor(query.category);
        if (!idx)
          return policeUkFail(
            reply,
            404,
            'police_uk.unknown_category',
            `no crime category "${query.category}"`,
          );
        const month = pickMonth([force], query.date);
        if (month === null) return notPublished(reply, query.date);
        const rows = await readCrimes(store.db, {
          forceIds: [force.id],
          month,
          where: { unlocated: true },
          categories: idx,
        });
        return rows.map((r) => policeUkCrime(placeCrime(r, snapMetres(), force.teamNames)));
      },
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/outcomes-at-location`,
        access,
        summary: 'police.uk outcomes at a map point (location_id), within a mile of lat/lng, or in poly',
        tag,
        query: z.object({
          location_id: z.coerce.number().int().optional(),
          ...latLng,
          poly: z.string().optional(),
          ...dateQ,
        }),
      },
      async ({ query }, _req, reply) => {
        const crimes =
          query.location_id !== undefined
            ? await crimesAtLocation(store, query, reply)
            : await crimesOfArea(store, settings, query, reply);
        if (isReply(crimes)) return crimes;
        return crimes
          .filter(hasOutcome)
          .map((c) => ({ ...policeUkOutcome(c), crime: policeUkCrimeNoOutcome(c) }));
      },
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/outcomes-for-crime/:persistent_id`,
        access,
        summary: 'police.uk: a crime (by persistent_id) and its outcomes',
        tag,
        params: z.object({ persistent_id: z.string() }),
      },
      async ({ params }, _req, reply) => {
        const forces = await forcesOf(store);
        const pid = params.persistent_id.toLowerCase();
        const byId = idOfPersistentId(pid);
        const found = await findCrime(store, forces, byId, params.persistent_id);
        const force = found ? forces.find((f) => f.id === found.force_id) : undefined;
        if (!found || !force?.months.has(found.month))
          return policeUkFail(reply, 404, 'police_uk.unknown_crime', `no crime "${params.persistent_id}"`);
        const rows = await readCrimes(store.db, {
          forceIds: [force.id],
          month: found.month,
          where:
            found.easting === null || found.northing === null
              ? { unlocated: true }
              : { box: boxAround(found.easting, found.northing, 0.01) },
        });
        const row = rows.find((r) => r.id === Number(found.id));
        if (!row)
          return policeUkFail(reply, 404, 'police_uk.unknown_crime', `no crime "${params.persistent_id}"`);
        const c = placeCrime(row, snapMetres(), force.teamNames);
        return { crime: policeUkCrimeNoOutcome(c), outcomes: hasOutcome(c) ? [policeUkOutcome(c)] : [] };
      },
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/crime-categories`,
        access,
        summary: 'police.uk crime categories (the same for every month Beatwise publishes)',
        tag,
        query: z.object({ date: z.string().optional() }),
      },
      async ({ query }) => {
        if (query.date) policeUkMonth(query.date);
        return POLICE_UK_CATEGORIES;
      },
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/crime-last-updated`,
        access,
        summary: 'police.uk: the latest month published, as its first day (YYYY-MM-DD)',
        tag,
      },
      async () => {
        const latest = latestMonth(await forcesOf(store));
        return { date: latest === null ? null : `${formatMonth(latest)}-01` };
      },
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/crimes-street-dates`,
        access,
        summary:
          'police.uk: the months published, latest first, with the forces publishing stop and search (none)',
        tag,
      },
      async () => {
        const months = new Set<number>();
        for (const f of await forcesOf(store)) for (const m of f.months) months.add(m);
        return [...months]
          .sort((a, b) => b - a)
          .map((m) => ({ date: formatMonth(m), 'stop-and-search': [] }));
      },
    );
    // Stop and search: Beatwise holds none; police.uk's paths answer with an empty list.
    for (const path of ['stops-street', 'stops-at-location', 'stops-no-location', 'stops-force'])
      route(
        app,
        {
          method: 'GET',
          url: `${P}/${path}`,
          access,
          summary: `police.uk ${path}: an empty list (Beatwise holds no stop and search data)`,
          tag,
        },
        async () => [],
      );
  };
}
