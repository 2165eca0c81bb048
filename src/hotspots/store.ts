/**
 * The hotspot lab's queries: which force and area a selection means, the area's boundary (the
 * study area), and the located crimes of a selection as typed arrays.
 */
import { type Kysely, sql } from 'kysely';
import { BeatwiseError } from '../core/errors.ts';
import type { MultiPolygon } from '../core/geo/types.ts';
import type { Database } from '../core/store/schema.ts';
import { formatMonth } from '../core/time/month.ts';
import { CATEGORIES } from '../crime/categories.ts';
import { ForceShapes } from '../force/index.ts';
import { type CrimePoints, type DataKind, emptyPoints } from './model.ts';

type Db = Kysely<Database>;

/** The crime column that holds each level's area id (force: every crime placed inside). */
const LEVEL_COLUMN = {
  lsoa: 'lsoa_id',
  msoa: 'msoa_id',
  ward: 'ward_id',
  district: 'district_id',
  team: 'team_id',
  unit: 'unit_id',
} as const;

export interface ResolvedArea {
  forceId: number;
  forceSlug: string;
  forceName: string;
  areaId: number;
  level: string;
  code: string;
  name: string;
}

/** The force named by slug, or the only force in the store. */
async function resolveForce(db: Db, slug?: string): Promise<{ id: number; slug: string; name: string }> {
  const forces = await db.selectFrom('forces').select(['id', 'slug', 'name']).orderBy('slug').execute();
  if (slug) {
    const f = forces.find((x) => x.slug === slug);
    if (!f)
      throw new BeatwiseError(
        'hotspots.unknown_force',
        `no force "${slug}" in the store${forces.length ? ` (it holds: ${forces.map((x) => x.slug).join(', ')})` : ''}`,
        { field: '--force' },
      );
    return f;
  }
  if (forces.length === 1) return forces[0];
  throw new BeatwiseError(
    'hotspots.which_force',
    forces.length
      ? `the store holds several forces: choose one with --force (${forces.map((x) => x.slug).join(', ')})`
      : 'the store holds no forces yet: run `npx beatwise demo` or import crimes first',
    { field: '--force' },
  );
}

/**
 * The area a selection names: none = the whole force; 'LEVEL:CODE' (e.g. 'unit:LE', 'ward:E05…');
 * or a code or name on its own when only one area of the force has it.
 */
export async function resolveArea(db: Db, force?: string, area?: string): Promise<ResolvedArea> {
  const f = await resolveForce(db, force);
  const base = db.selectFrom('areas').select(['id', 'level', 'code', 'name']).where('force_id', '=', f.id);
  let rows: { id: number; level: string; code: string; name: string }[];
  if (!area) rows = await base.where('level', '=', 'force').execute();
  else {
    const m = /^([a-z-]+):(.+)$/.exec(area);
    if (m) rows = await base.where('level', '=', m[1]).where('code', '=', m[2]).execute();
    else {
      rows = await base.where('code', '=', area).execute();
      if (rows.length === 0) rows = await base.where(sql`lower(name)`, '=', area.toLowerCase()).execute();
    }
  }
  if (rows.length === 0)
    throw new BeatwiseError(
      'hotspots.unknown_area',
      area
        ? `force ${f.slug} has no area "${area}": give LEVEL:CODE (e.g. unit:LE, team:E02…, ward:E05…) or an exact code or name`
        : `force ${f.slug} has no whole-force area`,
      { field: '--area' },
    );
  if (rows.length > 1)
    throw new BeatwiseError(
      'hotspots.ambiguous_area',
      `"${area}" names ${rows.length} areas of ${f.slug}: say which with ${rows.map((r) => `${r.level}:${r.code}`).join(' or ')}`,
      { field: '--area' },
    );
  const r = rows[0];
  return {
    forceId: f.id,
    forceSlug: f.slug,
    forceName: f.name,
    areaId: r.id,
    level: r.level,
    code: r.code,
    name: r.name,
  };
}

/**
 * The area's boundary in BNG and WGS84: its own, else the union of its members or children (a unit
 * made of districts made of LSOAs), else for the whole force every area of the finest level that has
 * boundaries. Empty when nothing has a boundary (the grid then covers the crimes only).
 */
export async function areaGeometry(
  db: Db,
  area: ResolvedArea,
): Promise<{ bng: MultiPolygon[]; wgs84: MultiPolygon[] }> {
  const shapes = await ForceShapes.load(db, area.forceId);
  const out = shapes.shapesOf(area.areaId);
  if (out.length === 0 && area.level === 'force') {
    const all = await db
      .selectFrom('areas')
      .select(['id', 'level', 'geometry', 'geometry_bng'])
      .where('force_id', '=', area.forceId)
      .execute();
    const finest = ['lsoa', 'msoa', 'ward', 'district', 'team', 'unit'].find((l) =>
      all.some((a) => a.level === l && a.geometry_bng),
    );
    if (finest) out.push(...all.filter((a) => a.level === finest && a.geometry_bng));
  }
  return {
    bng: out.map((a) => JSON.parse(a.geometry_bng as string) as MultiPolygon),
    wgs84: out.filter((a) => a.geometry).map((a) => JSON.parse(a.geometry as string) as MultiPolygon),
  };
}

/** What a crime selection keeps: months (inclusive), categories, offence codes. */
export interface CrimeQuery {
  from?: number;
  to?: number;
  /** Category indexes (CATEGORIES); none = all but anti-social behaviour. */
  categories?: number[];
  /** Normalised offence codes; a code ending in '*' matches by prefix. */
  offenceCodes?: string[];
  /** A row test (crime/selections.ts), e.g. serious youth violence: offence code and victim age. */
  test?: (category: number, offenceCode: string | null, victimAge: number | null) => boolean;
}

/** The weights harm uses; crime/weights.ts HarmWeights has this shape. */
export interface HarmSource {
  harmOf(category: number, offenceCode: string | null): number | null;
  describe(): string;
}

export interface LoadedCrimes {
  points: CrimePoints;
  kinds: DataKind[];
  /** First and last month present (months since 1970-01), or null when there are none. */
  months: [number, number] | null;
  /** Crimes of the selection without a location (they cannot be placed on a grid). */
  unlocated: number;
  /** Crimes whose offence had no harm weight (their harm is 0; said in the output). */
  unweighted: number;
  harm: string | null;
}

/** The located crimes of an area and selection, as typed arrays. */
export async function loadCrimePoints(
  db: Db,
  area: ResolvedArea,
  q: CrimeQuery,
  harm?: HarmSource,
): Promise<LoadedCrimes> {
  let query = db
    .selectFrom('crimes')
    .select([
      'easting',
      'northing',
      'lon',
      'lat',
      'month',
      'category',
      'occurred_from',
      'occurred_to',
      'victim_age',
      'offence_code',
      'source',
    ])
    .where('force_id', '=', area.forceId);
  if (area.level === 'force') query = query.where('placement', '=', 0);
  else if (area.level === 'impact-area')
    query = query.where(sql<boolean>`(',' || impact_area_ids || ',') LIKE ${`%,${area.areaId},%`}`);
  else if (area.level in LEVEL_COLUMN)
    query = query.where(LEVEL_COLUMN[area.level as keyof typeof LEVEL_COLUMN], '=', area.areaId);
  else throw new BeatwiseError('hotspots.bad_level', `crimes cannot be selected by a ${area.level} area`);
  if (q.from !== undefined) query = query.where('month', '>=', q.from);
  if (q.to !== undefined) query = query.where('month', '<=', q.to);
  const cats =
    q.categories ?? CATEGORIES.map((_, i) => i).filter((i) => CATEGORIES[i] !== 'Anti-social behaviour');
  query = query.where('category', 'in', cats);
  const rows = await query.execute();
  const codes = q.offenceCodes ?? [];
  const exact = new Set(codes.filter((c) => !c.endsWith('*')));
  const prefixes = codes.filter((c) => c.endsWith('*')).map((c) => c.slice(0, -1));
  const keep = rows.filter((r) => {
    if (q.test && !q.test(r.category, r.offence_code, r.victim_age)) return false;
    if (codes.length === 0) return true;
    const c = r.offence_code;
    return c !== null && (exact.has(c) || prefixes.some((p) => c.startsWith(p)));
  });
  const located = keep.filter((r) => r.easting !== null && r.northing !== null);
  const p = emptyPoints(located.length);
  const codeIndex = new Map<string, number>();
  let unweighted = 0;
  let minMonth = Infinity;
  let maxMonth = -Infinity;
  let extract = 0;
  located.forEach((r, k) => {
    p.x[k] = r.easting as number;
    p.y[k] = r.northing as number;
    p.lon[k] = r.lon ?? Number.NaN;
    p.lat[k] = r.lat ?? Number.NaN;
    p.month[k] = r.month;
    p.category[k] = r.category;
    p.occurredFrom[k] = r.occurred_from ?? Number.NaN;
    p.occurredTo[k] = r.occurred_to ?? Number.NaN;
    p.victimAge[k] = r.victim_age ?? -1;
    p.source[k] = r.source;
    if (r.source === 1) extract++;
    if (r.offence_code !== null) {
      let c = codeIndex.get(r.offence_code);
      if (c === undefined) {
        c = codeIndex.size;
        codeIndex.set(r.offence_code, c);
      }
      p.offence[k] = c;
    }
    if (harm) {
      const w = harm.harmOf(r.category, r.offence_code);
      if (w === null) unweighted++;
      p.harm[k] = w ?? 0;
    }
    if (r.month < minMonth) minMonth = r.month;
    if (r.month > maxMonth) maxMonth = r.month;
  });
  p.offenceCodes = [...codeIndex.keys()];
  const kinds: DataKind[] = [];
  if (extract < located.length) kinds.push('open');
  if (extract > 0) kinds.push('extract');
  if (await isSynthetic(db, area.forceId)) kinds.push('synthetic');
  return {
    points: p,
    kinds,
    months: located.length ? [minMonth, maxMonth] : null,
    unlocated: keep.length - located.length,
    unweighted,
    harm: harm ? harm.describe() : null,
  };
}

/** Whether a force's data is synthetic: an import the importer marked synthetic (imports.synthetic). */
export async function isSynthetic(db: Db, forceId: number): Promise<boolean> {
  const marked = await db
    .selectFrom('imports')
    .select('id')
    .where('force_id', '=', forceId)
    .where('synthetic', '=', 1)
    .limit(1)
    .executeTakeFirst();
  return marked !== undefined;
}

/** Human description of a month range. */
export function describeMonths(months: [number, number] | null): string {
  if (!months) return 'no crimes';
  return months[0] === months[1]
    ? formatMonth(months[0])
    : `${formatMonth(months[0])} to ${formatMonth(months[1])}`;
}
