import { z } from 'zod';
import { BeatwiseError } from '../core/errors.ts';
import { PMTILES_URL, pmtilesPath } from '../core/http/pmtiles.ts';
import { route } from '../core/http/route.ts';
import type { RoutePlugin } from '../core/http/server.ts';
import { formatMonth } from '../core/time/month.ts';
import { caveatsFor } from '../crime/index.ts';
import { type BoundaryFeature, boundarySubset } from './boundary-subset.ts';
import { ForceShapes, joinMultiPolygons } from './geometry.ts';
import { LEVELS } from './model.ts';
import { areaCounts, findForce, listForces } from './store.ts';

const forceParams = z.object({ force: z.string().min(1) });

/** Forces, their areas and boundaries, and the server's settings. */
export const forceRoutes: RoutePlugin = (app, { store }) => {
  route(
    app,
    {
      method: 'GET',
      url: '/api/health',
      access: { resource: 'meta', action: 'read' },
      summary: 'Is the server up, and which store it uses',
      tag: 'meta',
    },
    async () => ({
      ok: true,
      store: store.dialect,
    }),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/config',
      access: { resource: 'meta', action: 'read' },
      summary: 'Settings the web app needs (base map tile URL, or the local PMTiles base map)',
      tag: 'meta',
    },
    async () => ({
      tileUrl: process.env.BEATWISE_TILE_URL ?? null,
      // The base map from one local file (BEATWISE_PMTILES), served by this server: its address only.
      pmtilesUrl: pmtilesPath() ? PMTILES_URL : null,
    }),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces',
      access: { resource: 'force-structure', action: 'read' },
      summary: 'Forces in the store with their months and areas',
      tag: 'force',
    },
    async () => {
      const out = [];
      for (const f of await listForces(store.db)) {
        const months = await store.db
          .selectFrom('cube')
          .select((eb) => [
            eb.fn.min<number>('month').as('lo'),
            eb.fn.max<number>('month').as('hi'),
            eb.fn.sum<number>('count').as('n'),
          ])
          .where('force_id', '=', f.id)
          .where('level', '=', 'force')
          .executeTakeFirst();
        out.push({
          slug: f.slug,
          name: f.name,
          months:
            months?.lo == null
              ? null
              : { from: formatMonth(Number(months.lo)), to: formatMonth(Number(months.hi)) },
          crimes: Number(months?.n ?? 0),
          levels: await areaCounts(store.db, f.id),
          caveats: await caveatsFor(store, f.id),
        });
      }
      return { forces: out };
    },
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/areas',
      access: { resource: 'force-structure', action: 'read' },
      summary: 'The areas of one level, with their parent',
      tag: 'force',
      params: forceParams,
      query: z.object({ level: z.enum(LEVELS) }),
    },
    async ({ params, query }) => {
      const force = await mustFind(params.force);
      const areas = await store.db
        .selectFrom('areas as a')
        .leftJoin('areas as p', 'p.id', 'a.parent_id')
        .select(['a.code', 'a.name', 'p.code as parent', 'p.level as parentLevel', 'a.approximate'])
        .where('a.force_id', '=', force.id)
        .where('a.level', '=', query.level)
        .orderBy('a.name')
        .execute();
      return { level: query.level, areas: areas.map((a) => ({ ...a, approximate: a.approximate === 1 })) };
    },
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/boundaries',
      access: { resource: 'force-structure', action: 'read' },
      summary:
        'Area boundaries of one level as GeoJSON (WGS84); with area, that area and its neighbours; with zoom, simplified for it',
      tag: 'force',
      params: forceParams,
      query: z.object({
        level: z.enum(LEVELS),
        area: z.string().min(1).optional().describe('an area code of the level: it and its neighbours only'),
        zoom: z.coerce
          .number()
          .min(0)
          .max(22)
          .optional()
          .describe('web-map zoom: simplified to half a pixel'),
      }),
      produces: 'application/geo+json',
    },
    async ({ params, query }, _req, reply) => {
      const force = await mustFind(params.force);
      const rows = await store.db
        .selectFrom('areas')
        .select(['id', 'code', 'name', 'geometry'])
        .where('force_id', '=', force.id)
        .where('level', '=', query.level)
        .execute();
      // An area made of others (a team of wards, an Impact Area) is drawn with its members' shapes.
      const shapes = rows.some((r) => r.geometry === null)
        ? await ForceShapes.load(store.db, force.id)
        : null;
      reply.type('application/geo+json');
      // Geometry is stored as GeoJSON text: splice it in rather than parse and re-serialise.
      const all: BoundaryFeature[] = [];
      for (const r of rows) {
        const parts = r.geometry
          ? [r.geometry]
          : (shapes?.shapesOf(r.id) ?? []).flatMap((a) => (a.geometry ? [a.geometry] : []));
        if (!parts.length) continue;
        all.push({
          code: r.code,
          props: { code: r.code, name: r.name, level: query.level, composed: r.geometry === null },
          coordinates: joinMultiPolygons(parts),
        });
      }
      const picked = boundarySubset(all, { area: query.area, zoom: query.zoom });
      if (!picked)
        throw new BeatwiseError(
          'force.unknown_area',
          `no ${query.level} with code "${query.area}" in ${params.force}`,
          {
            field: 'area',
          },
        );
      const features = picked.map(
        (f) =>
          `{"type":"Feature","properties":${JSON.stringify(f.props)},"geometry":{"type":"MultiPolygon","coordinates":${f.coordinates}}}`,
      );
      return `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
    },
  );

  async function mustFind(slug: string) {
    const f = await findForce(store.db, slug);
    if (!f) throw new BeatwiseError('force.unknown', `no force "${slug}" in the store`);
    return f;
  }
};
