/**
 * A store for the police.uk-compatible API tests: the Leicestershire structure, one month of
 * police.uk crimes (2022-04, on police.uk's map points) and one month of a force extract (2022-05,
 * exact points), and a team with public fields. Also the shape comparison the contract tests use.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { accessControl } from '../../src/access/policy.ts';
import { toBNG, toWGS84 } from '../../src/core/geo/bng.ts';
import type { PoliceUkSettings } from '../../src/core/http/police-uk.ts';
import { buildServer } from '../../src/core/http/server.ts';
import type { Store } from '../../src/core/store/store.ts';
import { importCrimeFiles } from '../../src/crime/index.ts';
import { policeUkCrimeRoutes } from '../../src/crime/police-uk-api/routes.ts';
import { setTeamPublic, teamPublicSchema } from '../../src/force/police-uk-api/public-info.ts';
import { policeUkForceRoutes } from '../../src/force/police-uk-api/routes.ts';
import { findForce } from '../../src/force/store.ts';
import { leicestershireStore, REPO } from './stores.ts';

export const FIXTURES = join(REPO, 'test', 'fixtures', 'police-uk');
export const F = 'leicestershire';
export const PREFIX = '/api/police-uk';

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}

/** Leicester city centre, where the test crimes are. */
export const CENTRE = { lat: 52.634, lng: -1.1312 };

export interface PoliceUkWorld {
  store: Store;
  dir: string;
  /** Exact BNG points of the extract's crimes (what must never be published). */
  exact: { easting: number; northing: number; lon: number; lat: number }[];
  /** A team holding crimes, and a point inside it. */
  team: { code: string; name: string; lat: number; lng: number };
  dispose: () => Promise<void>;
}

export async function policeUkWorld(): Promise<PoliceUkWorld> {
  const t = await leicestershireStore();
  return { ...(await seedPoliceUk(t.store, t.dir)), store: t.store, dir: t.dir, dispose: t.dispose };
}

/** Loads the test crimes and a team's public fields into a store holding the Leicestershire structure. */
export async function seedPoliceUk(
  store: Store,
  dir: string,
): Promise<Pick<PoliceUkWorld, 'exact' | 'team'>> {
  const t = { store, dir };
  const [cx, cy] = toBNG(CENTRE.lng, CENTRE.lat);
  // police.uk rows: four map points, a crime with an outcome, an ASB incident, one unlocated.
  const header =
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
  const pu = [header];
  const points = [
    [0, 0],
    [300, 150],
    [-500, 400],
    [900, -700],
  ];
  let n = 0;
  for (const [k, [dx, dy]] of points.entries()) {
    const [lon, lat] = toWGS84(cx + dx, cy + dy);
    for (const type of ['Burglary', 'Violence and sexual offences', 'Anti-social behaviour']) {
      n++;
      const id =
        type === 'Anti-social behaviour' ? '' : createHash('sha256').update(`crime ${n}`).digest('hex');
      const outcome = type === 'Burglary' ? 'Investigation complete; no suspect identified' : '';
      pu.push(
        `${id},2022-04,Leicestershire Police,Leicestershire Police,${lon.toFixed(6)},${lat.toFixed(6)},On or near Street ${k},,,${type},${outcome},`,
      );
    }
  }
  pu.push(
    `${'f'.repeat(64)},2022-04,Leicestershire Police,Leicestershire Police,,,No location,,,Drugs,Under investigation,`,
  );
  const puFile = join(t.dir, '2022-04-leicestershire-street.csv');
  writeFileSync(puFile, pu.join('\n'));
  // The extract: exact points with an address each, in May 2022.
  const exact: PoliceUkWorld['exact'] = [];
  const ex = [
    'crime_reference,recorded_at,occurred_from,category,easting,northing,location,outcome,falls_within',
  ];
  for (let i = 0; i < 12; i++) {
    const easting = Math.round((cx + (i % 4) * 137.3 - 200) * 100) / 100 + 0.37;
    const northing = Math.round((cy + Math.floor(i / 4) * 211.7 - 150) * 100) / 100 + 0.41;
    const [lon, lat] = toWGS84(easting, northing);
    exact.push({ easting, northing, lon, lat });
    ex.push(
      `LE/22/${1000 + i},2022-05-${String(1 + i).padStart(2, '0')} 10:00,2022-05-${String(1 + i).padStart(2, '0')} 02:00,${i % 2 ? 'Burglary' : 'Robbery'},${easting},${northing},${12 + i} Secret Road,${i % 3 ? 'Under investigation' : ''},Leicestershire Police`,
    );
  }
  const exFile = join(t.dir, 'extract-2022-05.csv');
  writeFileSync(exFile, ex.join('\n'));
  await importCrimeFiles(t.store, [puFile, exFile], { force: F, rejectsDir: join(t.dir, 'rejects') });
  const force = await findForce(t.store.db, F);
  if (!force) throw new Error('no force');
  const place = await t.store.db
    .selectFrom('crimes as c')
    .innerJoin('areas as a', 'a.id', 'c.team_id')
    .select(['a.code', 'a.name', 'c.lon', 'c.lat'])
    .where('c.force_id', '=', force.id)
    .where('c.source', '=', 0)
    .where('c.team_id', 'is not', null)
    .orderBy('c.id')
    .executeTakeFirstOrThrow();
  await setTeamPublic(
    t.store.db,
    force.id,
    place.code,
    teamPublicSchema.parse({
      description: '<p>The city centre team.</p>',
      population: 12345,
      contact_details: { telephone: '101', email: 'city@example.org' },
      links: [{ title: 'Council', url: 'https://example.org' }],
      people: [{ name: 'Sgt Jane Example', rank: 'Sergeant', bio: 'Leads the team.' }],
    }),
  );
  return {
    exact,
    team: { code: place.code, name: place.name, lat: Number(place.lat), lng: Number(place.lon) },
  };
}

/** A server of the police.uk routes only, as the public, with the given limits. */
export function policeUkServer(store: Store, settings: Partial<PoliceUkSettings> = {}): FastifyInstance {
  const s: PoliceUkSettings = {
    prefix: PREFIX,
    ratePerSecond: 0,
    burst: 30,
    maxAreaCrimes: 10_000,
    ...settings,
  };
  return buildServer(
    {
      store,
      rejectsDir: join(store.location, '..', 'rejects'),
      access: accessControl,
      hardening: { rateLimitMax: 0, rateLimitWindowMs: 60_000, tileUrl: null },
    },
    [policeUkForceRoutes({ settings: s }), policeUkCrimeRoutes(s)],
  );
}

/** The type of a JSON value ('null' apart), for shape comparison. */
function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Problems with `actual` against a documented example: every key of the example present, no key
 * the example lacks, each value of the same JSON type (null matches anything: police.uk's nullable
 * fields), arrays compared item by item against the example's first item. Empty list: [].
 */
export function shapeProblems(expected: unknown, actual: unknown, path = '$'): string[] {
  const ek = kind(expected);
  const ak = kind(actual);
  if (ek === 'null' || ak === 'null') return [];
  if (ek !== ak) return [`${path}: ${ak}, documented ${ek}`];
  if (ek === 'array') {
    const e = expected as unknown[];
    const a = actual as unknown[];
    if (e.length === 0) return [];
    return a.flatMap((item, i) => shapeProblems(e[0], item, `${path}[${i}]`));
  }
  if (ek === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    // Free-form maps (contact_details) list only what a team gave.
    if (path.endsWith('contact_details'))
      return Object.values(a).every((v) => typeof v === 'string') ? [] : [`${path}: not strings`];
    const out: string[] = [];
    for (const k of Object.keys(e)) if (!(k in a)) out.push(`${path}.${k}: missing`);
    for (const k of Object.keys(a)) if (!(k in e)) out.push(`${path}.${k}: not in police.uk`);
    for (const k of Object.keys(e)) if (k in a) out.push(...shapeProblems(e[k], a[k], `${path}.${k}`));
    return out;
  }
  return [];
}
