/**
 * The hotspot lab's queries: which force and area a selection means, the area's boundary (the
 * study area), and the located crimes of a selection as typed arrays.
 */
import { type Kysely, sql } from 'kysely';
import { BeatwiseError } from '../core/errors.ts';
import type { MultiPolygon } from '../core/geo/types.ts';
import type { Database } from '../core/store/schema.ts';
import { formatMonth } from '../core/time/month.ts';
import {
  BLOCK_LEVELS,
  type BlockLevel,
  CATEGORIES,
  type CrimeColumns,
  readMonthBlocks,
} from '../crime/index.ts';
import { ForceShapes } from '../force/index.ts';
import { type CrimePoints, type DataKind, emptyPoints } from './model.ts';

type Db = Kysely<Database>;

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

/**
 * The located crimes of an area and selection, as typed arrays: read from the force's month blocks
 * (crime/month-blocks.ts: one indexed read per month range, not a join of every crime to its place).
 */
export async function loadCrimePoints(
  db: Db,
  area: ResolvedArea,
  q: CrimeQuery,
  harm?: HarmSource,
): Promise<LoadedCrimes> {
  const blocks = await readMonthBlocks(db, area.forceId, q.from, q.to);
  const cats = new Uint8Array(CATEGORIES.length);
  for (const c of q.categories ??
    CATEGORIES.map((_, i) => i).filter((i) => CATEGORIES[i] !== 'Anti-social behaviour'))
    cats[c] = 1;
  const codes = q.offenceCodes ?? [];
  const exact = new Set(codes.filter((c) => !c.endsWith('*')));
  const prefixes = codes.filter((c) => c.endsWith('*')).map((c) => c.slice(0, -1));
  // The rows kept: (block, row) pairs.
  const keepBlock: number[] = [];
  const keepRow: number[] = [];
  let unlocated = 0;
  blocks.forEach((b, bi) => {
    const inArea = areaTest(area, b);
    const codeOk = b.offenceCodes.map((c) => exact.has(c) || prefixes.some((p) => c.startsWith(p)));
    for (let k = 0; k < b.n; k++) {
      if (!cats[b.category[k]] || !inArea(k)) continue;
      const o = b.offence[k];
      if (q.test) {
        const age = b.victimAge[k];
        if (!q.test(b.category[k], o < 0 ? null : b.offenceCodes[o], age < 0 ? null : age)) continue;
      }
      if (codes.length && (o < 0 || !codeOk[o])) continue;
      if (Number.isNaN(b.x[k]) || Number.isNaN(b.y[k])) unlocated++;
      else {
        keepBlock.push(bi);
        keepRow.push(k);
      }
    }
  });
  const n = keepRow.length;
  const p = emptyPoints(n);
  const codeIndex = new Map<string, number>();
  // Harm per (category, offence code) of a block: looked up once per pair, not per crime.
  let memoBlock = -1;
  const blockMemo = new Map<number, number | null>();
  let unweighted = 0;
  let minMonth = Infinity;
  let maxMonth = -Infinity;
  let extract = 0;
  for (let k = 0; k < n; k++) {
    const b = blocks[keepBlock[k]];
    const r = keepRow[k];
    p.x[k] = b.x[r];
    p.y[k] = b.y[r];
    p.lon[k] = b.lon[r];
    p.lat[k] = b.lat[r];
    p.month[k] = b.month;
    p.category[k] = b.category[r];
    p.occurredFrom[k] = b.occurredFrom[r];
    p.occurredTo[k] = b.occurredTo[r];
    p.victimAge[k] = b.victimAge[r];
    p.source[k] = b.source[r];
    if (b.source[r] === 1) extract++;
    const o = b.offence[r];
    const code = o < 0 ? null : b.offenceCodes[o];
    if (code !== null) {
      let c = codeIndex.get(code);
      if (c === undefined) {
        c = codeIndex.size;
        codeIndex.set(code, c);
      }
      p.offence[k] = c;
    }
    if (harm) {
      if (memoBlock !== keepBlock[k]) {
        memoBlock = keepBlock[k];
        blockMemo.clear();
      }
      const key = b.category[r] * 65536 + o + 1;
      let w = blockMemo.get(key);
      if (w === undefined) {
        w = harm.harmOf(b.category[r], code);
        blockMemo.set(key, w);
      }
      if (w === null) unweighted++;
      p.harm[k] = w ?? 0;
    }
    if (b.month < minMonth) minMonth = b.month;
    if (b.month > maxMonth) maxMonth = b.month;
  }
  p.offenceCodes = [...codeIndex.keys()];
  const kinds: DataKind[] = [];
  if (extract < n) kinds.push('open');
  if (extract > 0) kinds.push('extract');
  if (await isSynthetic(db, area.forceId)) kinds.push('synthetic');
  return {
    points: p,
    kinds,
    months: n ? [minMonth, maxMonth] : null,
    unlocated,
    unweighted,
    harm: harm ? harm.describe() : null,
  };
}

/** Whether row k of a month's block lies in the area (the whole force: every crime placed inside). */
function areaTest(area: ResolvedArea, b: CrimeColumns): (k: number) => boolean {
  if (area.level === 'force') return (k) => b.placement[k] === 0;
  if (area.level === 'impact-area') {
    const id = String(area.areaId);
    const hit = Uint8Array.from(b.impactSets, (s) => (s.split(',').includes(id) ? 1 : 0));
    return (k) => b.impact[k] >= 0 && hit[b.impact[k]] === 1;
  }
  const l = BLOCK_LEVELS.indexOf(area.level as BlockLevel);
  if (l < 0)
    throw new BeatwiseError('hotspots.bad_level', `crimes cannot be selected by a ${area.level} area`);
  const ids = b.levelIds[l];
  return (k) => ids[k] === area.areaId;
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
