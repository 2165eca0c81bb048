/**
 * The force and neighbourhood paths of the police.uk-compatible public API: forces, a force, its
 * neighbourhoods (its teams), a neighbourhood with its boundary, people, events and priorities, and
 * locate-neighbourhood. Beyond police.uk, under the same prefix: harm per neighbourhood and month with
 * its rolling status, and the neighbourhood's hotspot map at published precision.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { isBeatwiseError } from '../../core/errors.ts';
import {
  type PoliceUkSettings,
  policeUkFail,
  policeUkMonth,
  policeUkSettings,
  registerPoliceUkLimit,
} from '../../core/http/police-uk.ts';
import { route } from '../../core/http/route.ts';
import type { RoutePlugin } from '../../core/http/server.ts';
import type { Store } from '../../core/store/store.ts';
import { harmReport } from '../../harm/index.ts';
import { gridResult, prepare, publicationRule, publishRows } from '../../hotspots/index.ts';
import { findForce } from '../store.ts';
import {
  boundaryPoints,
  forceGeometry,
  locateTeam,
  type Neighbourhood,
  neighbourhoodsOf,
  teamCentre,
} from './neighbourhoods.ts';
import { EMPTY_NEIGHBOURHOOD_SOURCE, type NeighbourhoodPublicSource } from './source.ts';

const access = { resource: 'force-structure', action: 'read' } as const;
const tag = 'police-uk';
const forceP = z.object({ force: z.string() });
const hoodP = z.object({ force: z.string(), neighbourhood: z.string() });

export interface PoliceUkForceOptions {
  settings?: PoliceUkSettings;
  /** Events and priorities (default: none, empty lists). */
  source?: NeighbourhoodPublicSource;
}

function unknown(reply: FastifyReply, what: string) {
  return policeUkFail(reply, 404, 'police_uk.not_found', `${what} not found`);
}

async function forceAndHood(store: Store, force: string, code: string) {
  const f = await findForce(store.db, force);
  if (!f) return null;
  const hoods = await neighbourhoodsOf(store.db, f.id);
  const hood = hoods.find((h) => h.code === code);
  return hood ? { force: f, hood } : null;
}

/** police.uk's /{force}/{neighbourhood} answer. */
async function neighbourhoodDetail(
  store: Store,
  forceId: number,
  forceSlug: string,
  hood: Neighbourhood,
  prefix: string,
) {
  const geometry = await forceGeometry(store.db, forceId);
  const p = hood.public;
  return {
    url_force: p.url ?? `${prefix}/${forceSlug}/${encodeURIComponent(hood.code)}`,
    contact_details: p.contact_details,
    name: hood.name,
    links: p.links,
    centre: teamCentre(geometry.outline(hood.code)),
    locations: [],
    description: p.description,
    id: hood.code,
    population: String(p.population ?? 0),
  };
}

export function policeUkForceRoutes(o: PoliceUkForceOptions = {}): RoutePlugin {
  const settings = o.settings ?? policeUkSettings();
  const source = o.source ?? EMPTY_NEIGHBOURHOOD_SOURCE;
  const P = settings.prefix;
  return (app, { store }) => {
    registerPoliceUkLimit(app, settings);
    route(
      app,
      { method: 'GET', url: `${P}/forces`, access, summary: 'police.uk: the forces (id, name)', tag },
      async () => {
        const rows = await store.db.selectFrom('forces').select(['slug', 'name']).orderBy('slug').execute();
        return rows.map((r) => ({ id: r.slug, name: r.name }));
      },
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/forces/:force`,
        access,
        summary: 'police.uk: one force',
        tag,
        params: forceP,
      },
      async ({ params }, _req, reply) => {
        const f = await findForce(store.db, params.force);
        if (!f) return unknown(reply, `force "${params.force}"`);
        return {
          description: null,
          url: null,
          engagement_methods: [],
          telephone: '101',
          id: f.slug,
          name: f.name,
        };
      },
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/forces/:force/people`,
        access,
        summary: 'police.uk: senior officers (none published: an empty list)',
        tag,
        params: forceP,
      },
      async ({ params }, _req, reply) =>
        (await findForce(store.db, params.force)) ? [] : unknown(reply, 'force'),
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/:force/neighbourhoods`,
        access,
        summary: "police.uk: a force's neighbourhoods (its teams: id, name)",
        tag,
        params: forceP,
      },
      async ({ params }, _req, reply) => {
        const f = await findForce(store.db, params.force);
        if (!f) return unknown(reply, `force "${params.force}"`);
        return (await neighbourhoodsOf(store.db, f.id)).map((h) => ({ id: h.code, name: h.name }));
      },
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/:force/:neighbourhood`,
        access,
        summary:
          'police.uk: one neighbourhood (team): description, population, centre, contact details, links',
        tag,
        params: hoodP,
      },
      async ({ params }, _req, reply) => {
        const found = await forceAndHood(store, params.force, params.neighbourhood);
        if (!found) return unknown(reply, 'neighbourhood');
        return neighbourhoodDetail(store, found.force.id, found.force.slug, found.hood, P);
      },
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/:force/:neighbourhood/boundary`,
        access,
        summary: "police.uk: a neighbourhood's boundary, a list of latitude/longitude points",
        tag,
        params: hoodP,
      },
      async ({ params }, _req, reply) => {
        const found = await forceAndHood(store, params.force, params.neighbourhood);
        if (!found) return unknown(reply, 'neighbourhood');
        const outline = (await forceGeometry(store.db, found.force.id)).outline(found.hood.code);
        return outline ? boundaryPoints(outline.ring) : [];
      },
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/:force/:neighbourhood/people`,
        access,
        summary: "police.uk: the team's public roster (names, ranks, bios it chose to publish)",
        tag,
        params: hoodP,
      },
      async ({ params }, _req, reply) => {
        const found = await forceAndHood(store, params.force, params.neighbourhood);
        if (!found) return unknown(reply, 'neighbourhood');
        return found.hood.public.people.map((p) => ({
          bio: p.bio,
          contact_details: p.contact_details,
          name: p.name,
          rank: p.rank,
        }));
      },
    );
    for (const kind of ['events', 'priorities'] as const)
      route(
        app,
        {
          method: 'GET',
          url: `${P}/:force/:neighbourhood/${kind}`,
          access,
          summary: `police.uk: the neighbourhood's ${kind}`,
          tag,
          params: hoodP,
        },
        async ({ params }, _req, reply) => {
          const found = await forceAndHood(store, params.force, params.neighbourhood);
          if (!found) return unknown(reply, 'neighbourhood');
          return kind === 'events'
            ? source.events(store, found.force.slug, found.hood.code)
            : source.priorities(store, found.force.slug, found.hood.code);
        },
      );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/locate-neighbourhood`,
        access,
        summary: 'police.uk: the force and neighbourhood policing a point (q=lat,lng)',
        tag,
        query: z.object({ q: z.string() }),
      },
      async ({ query }, _req, reply) => {
        const [lat, lng] = query.q.split(',').map((v) => Number(v.trim()));
        if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
          return policeUkFail(reply, 400, 'police_uk.bad_request', `q must be lat,lng, not "${query.q}"`);
        const forces = await store.db.selectFrom('forces').select(['id', 'slug']).orderBy('slug').execute();
        for (const f of forces) {
          const hoods = await neighbourhoodsOf(store.db, f.id);
          const hit = locateTeam(hoods, (await forceGeometry(store.db, f.id)).shapes, lng, lat);
          if (hit) return { force: f.slug, neighbourhood: hit.code };
        }
        return unknown(reply, 'neighbourhood');
      },
    );

    // Beyond police.uk: what Beatwise adds, under the same prefix.
    route(
      app,
      {
        method: 'GET',
        url: `${P}/beatwise/:force/:neighbourhood/harm`,
        access: { resource: 'crime-aggregates', action: 'read' },
        summary: 'Beatwise: crime count and harm per month of a neighbourhood, rolling 12 months and status',
        tag,
        params: hoodP,
        query: z.object({ from: z.string().optional(), to: z.string().optional() }),
      },
      async ({ params, query }, _req, reply) => {
        const found = await forceAndHood(store, params.force, params.neighbourhood);
        if (!found) return unknown(reply, 'neighbourhood');
        const r = await harmReport(store, {
          force: found.force.slug,
          level: 'team',
          areaCodes: [found.hood.code],
          from: query.from === undefined ? undefined : policeUkMonth(query.from, 'from'),
          to: query.to === undefined ? undefined : policeUkMonth(query.to, 'to'),
          window: 12,
        });
        return {
          force: found.force.slug,
          neighbourhood: found.hood.code,
          name: found.hood.name,
          weights: r.weights,
          rule: r.ruleText,
          months: r.rows.map((row) => ({
            month: row.month,
            crimes: row.count,
            harm: row.harm,
            rolling_crimes: row.rolling_count,
            rolling_harm: row.rolling_harm,
            pct_change: row.pct_change,
            status: row.status,
          })),
          caveats: r.caveats,
        };
      },
    );
    route(
      app,
      {
        method: 'GET',
        url: `${P}/beatwise/:force/:neighbourhood/hotspots`,
        access: { resource: 'hotspots', action: 'read' },
        summary:
          "Beatwise: the neighbourhood's hotspot map at published precision (small cells and counts suppressed)",
        tag,
        params: hoodP,
        query: z.object({ from: z.string().optional(), to: z.string().optional() }),
      },
      async ({ params, query }, _req, reply) => {
        const found = await forceAndHood(store, params.force, params.neighbourhood);
        if (!found) return unknown(reply, 'neighbourhood');
        const rule = await publicationRule(store, found.force.slug);
        try {
          const ctx = await prepare(store, {
            force: found.force.slug,
            area: `team:${found.hood.code}`,
            cell: Math.max(rule.minCellM, 250),
            from: query.from === undefined ? undefined : policeUkMonth(query.from, 'from'),
            to: query.to === undefined ? undefined : policeUkMonth(query.to, 'to'),
          });
          const g = gridResult(ctx);
          const pub = publishRows(g.rows, rule);
          return {
            force: found.force.slug,
            neighbourhood: found.hood.code,
            months: g.months,
            crs: 'EPSG:27700',
            cellSizeM: g.grid.cellSizeM,
            notice: pub.notice,
            cells: pub.rows
              .filter((r) => r.count === null || r.count > 0)
              .map((r) => ({
                cell_id: r.cell_id,
                x_min: r.x_min,
                y_min: r.y_min,
                size_m: r.size_m,
                count: r.count,
                harm: r.harm,
                suppressed: r.suppressed,
              })),
            caveats: g.caveats,
          };
        } catch (e) {
          if (isBeatwiseError(e) && /no_crimes|empty|no crime/i.test(`${e.code} ${e.message}`))
            return {
              force: found.force.slug,
              neighbourhood: found.hood.code,
              months: null,
              cells: [],
              notice: e.message,
            };
          throw e;
        }
      },
    );
  };
}
