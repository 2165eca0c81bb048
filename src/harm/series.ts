import { type Kysely, sql } from 'kysely';
import type { Database } from '../core/store/schema.ts';

type Db = Kysely<Database>;

export interface AreaRef {
  id: number;
  code: string;
  name: string;
}

/**
 * Dense monthly series for every area of one level: count, harm (CCHI days) and unweighted count,
 * one row per area, one column per month from `start` (months with no crime are zeros).
 */
export interface Series {
  level: string;
  start: number;
  months: number;
  areas: AreaRef[];
  count: Float64Array;
  harm: Float64Array;
  unweighted: Float64Array;
}

export interface SeriesQuery {
  forceId: number;
  level: string;
  /** Category indexes to include (default: all but anti-social behaviour). */
  categories: number[];
  /** Per-category weights overriding the cube's harm (a category weight set), NaN = no weight. */
  weightOverride?: Float64Array;
  /** Only these areas of the level (by code): the cube is read for them alone. */
  areaCodes?: string[];
  /**
   * Only these months (first, last; inclusive), clamped to the force's data range: the series then
   * starts at the first (a month range's answer reads the cube for the months it needs, not all).
   */
  months?: [number, number];
}

/** The months a force has data for, from its cube: [first, last], or null when it has none. */
export async function dataMonths(db: Db, forceId: number): Promise<[number, number] | null> {
  const r = await db
    .selectFrom('cube')
    .select([sql<number | null>`min(month)`.as('lo'), sql<number | null>`max(month)`.as('hi')])
    .where('force_id', '=', forceId)
    .where('level', '=', 'force')
    .executeTakeFirst();
  return r?.lo == null || r.hi == null ? null : [Number(r.lo), Number(r.hi)];
}

export async function levelAreas(db: Db, forceId: number, level: string): Promise<AreaRef[]> {
  return db
    .selectFrom('areas')
    .select(['id', 'code', 'name'])
    .where('force_id', '=', forceId)
    .where('level', '=', level)
    .orderBy('code')
    .execute();
}

/** Reads a level's series from the cube over the force's whole data range. */
export async function loadSeries(db: Db, q: SeriesQuery): Promise<Series | null> {
  const range = await dataMonths(db, q.forceId);
  if (!range) return null;
  let [start, end] = range;
  const clip = q.months && Math.max(start, q.months[0]) <= Math.min(end, q.months[1]);
  if (q.months && clip) [start, end] = [Math.max(start, q.months[0]), Math.min(end, q.months[1])];
  const months = end - start + 1;
  const wanted = q.areaCodes ? new Set(q.areaCodes) : null;
  const areas = (await levelAreas(db, q.forceId, q.level)).filter((a) => !wanted || wanted.has(a.code));
  const row = new Map(areas.map((a, i) => [a.id, i]));
  const count = new Float64Array(areas.length * months);
  const harm = new Float64Array(areas.length * months);
  const unweighted = new Float64Array(areas.length * months);
  if (areas.length && q.categories.length) {
    const base = db
      .selectFrom('cube')
      .where('force_id', '=', q.forceId)
      .where('level', '=', q.level)
      .where('category', 'in', q.categories)
      .$if(Boolean(clip), (qb) => qb.where('month', '>=', start).where('month', '<=', end))
      .$if(wanted !== null, (qb) =>
        qb.where(
          'area_id',
          'in',
          areas.map((a) => a.id),
        ),
      );
    const w = q.weightOverride;
    if (w) {
      // Harm under other category weights: from the counts per category.
      const cells = await base.select(['area_id', 'month', 'category', 'count']).execute();
      for (const c of cells) {
        const r = row.get(c.area_id);
        if (r === undefined) continue;
        const i = r * months + (c.month - start);
        const n = Number(c.count);
        count[i] += n;
        const wc = w[c.category];
        if (Number.isNaN(wc)) unweighted[i] += n;
        else harm[i] += Math.round(wc * 1000) * n;
      }
    } else {
      const cells = await base
        .select([
          'area_id',
          'month',
          sql<number>`sum(count)`.as('n'),
          sql<number>`sum(harm_milli)`.as('h'),
          sql<number>`sum(unweighted)`.as('u'),
        ])
        .groupBy(['area_id', 'month'])
        .execute();
      for (const c of cells) {
        const r = row.get(c.area_id);
        if (r === undefined) continue;
        const i = r * months + (c.month - start);
        count[i] += Number(c.n);
        harm[i] += Number(c.h);
        unweighted[i] += Number(c.u);
      }
    }
    for (let i = 0; i < harm.length; i++) harm[i] /= 1000;
  }
  return { level: q.level, start, months, areas, count, harm, unweighted };
}
