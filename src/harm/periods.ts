import type { Kysely } from 'kysely';
import type { Database } from '../core/store/schema.ts';
import type { HarmWeights, Selection } from '../crime/index.ts';
import { eachTestedCrime } from './tested-totals.ts';

type Db = Kysely<Database>;

export interface Amount {
  count: number;
  harm: number;
}

/** A selection's totals over a span of months: in all, per area of a level, per category. */
export interface PeriodTotals {
  from: number;
  to: number;
  total: Amount;
  byArea: Map<number, Amount>;
  /** Crimes in no area of the level (unlocated, outside, or in a gap of the structure). */
  unassigned: Amount;
  byCategory: Map<number, Amount>;
}

const zero = (): Amount => ({ count: 0, harm: 0 });

function emptyTotals(from: number, to: number): PeriodTotals {
  return { from, to, total: zero(), byArea: new Map(), unassigned: zero(), byCategory: new Map() };
}

function add(map: Map<number, Amount>, key: number, count: number, harm: number): void {
  let a = map.get(key);
  if (!a) {
    a = zero();
    map.set(key, a);
  }
  a.count += count;
  a.harm += harm;
}

/**
 * Totals of a selection over months [from, to] by area of `level`. Category-only selections are
 * read from the cube; selections that test offence code or victim age read the month blocks.
 */
export async function periodTotals(
  db: Db,
  q: {
    forceId: number;
    level: string;
    selection: Selection;
    from: number;
    to: number;
    weights: HarmWeights;
    /** Only crimes in this area (of `level`): its totals and categories, no drivers by area. */
    areaId?: number;
  },
): Promise<PeriodTotals> {
  if (q.areaId !== undefined) return areaTotals(db, { ...q, areaId: q.areaId });
  const out = emptyTotals(q.from, q.to);
  if (!q.selection.categories.length) return out;
  if (!q.selection.test) {
    const cells = await db
      .selectFrom('cube')
      .select(['level', 'area_id', 'category', 'count', 'harm_milli'])
      .where('force_id', '=', q.forceId)
      .where('level', 'in', ['force', q.level])
      .where('month', '>=', q.from)
      .where('month', '<=', q.to)
      .where('category', 'in', q.selection.categories)
      .execute();
    for (const c of cells) {
      const harm = Number(c.harm_milli) / 1000;
      if (c.level === 'force') {
        out.total.count += Number(c.count);
        out.total.harm += harm;
        add(out.byCategory, c.category, Number(c.count), harm);
      }
      if (c.level === q.level) add(out.byArea, c.area_id, Number(c.count), harm);
    }
  } else {
    await eachTestedCrime(db, q, (category, harm, areaIds) => {
      out.total.count++;
      out.total.harm += harm;
      add(out.byCategory, category, 1, harm);
      for (const id of areaIds) add(out.byArea, id, 1, harm);
    });
  }
  if (q.level === 'force') out.byArea = new Map();
  let inAreas = zero();
  for (const a of out.byArea.values())
    inAreas = { count: inAreas.count + a.count, harm: inAreas.harm + a.harm };
  out.unassigned = { count: out.total.count - inAreas.count, harm: out.total.harm - inAreas.harm };
  return out;
}

/** One area's totals and categories over [from, to]: the same cube or crime reads, restricted. */
async function areaTotals(
  db: Db,
  q: {
    forceId: number;
    level: string;
    selection: Selection;
    from: number;
    to: number;
    weights: HarmWeights;
    areaId: number;
  },
): Promise<PeriodTotals> {
  const out = emptyTotals(q.from, q.to);
  if (!q.selection.categories.length || q.to < q.from) return out;
  if (!q.selection.test) {
    // The months listed, not as a range: the cube's key is (force, level, month, area, category),
    // so each listed month is one seek to the area's cells where a range would read every area's.
    // Spans are a year to date at most; even a century would be 1,200 parameters.
    const months = Array.from({ length: q.to - q.from + 1 }, (_, i) => q.from + i);
    const cells = await db
      .selectFrom('cube')
      .select(['category', 'count', 'harm_milli'])
      .where('force_id', '=', q.forceId)
      .where('level', '=', q.level)
      .where('month', 'in', months)
      .where('area_id', '=', q.areaId)
      .where('category', 'in', q.selection.categories)
      .execute();
    for (const c of cells) add(out.byCategory, c.category, Number(c.count), Number(c.harm_milli) / 1000);
  } else {
    await eachTestedCrime(db, q, (category, harm) => add(out.byCategory, category, 1, harm));
  }
  for (const a of out.byCategory.values()) {
    out.total.count += a.count;
    out.total.harm += a.harm;
  }
  return out;
}
