import { type Kysely, sql } from 'kysely';
import type { Database } from '../core/store/schema.ts';

type Db = Kysely<Database>;

/** The crime columns that carry an area per level; the force level counts every row. */
const LEVEL_COLUMNS = {
  lsoa: 'lsoa_id',
  msoa: 'msoa_id',
  ward: 'ward_id',
  district: 'district_id',
  team: 'team_id',
  unit: 'unit_id',
} as const;

/**
 * Counts to add to the monthly cube, gathered while an import inserts rows so that it touches only
 * the months and areas it brought.
 */
export class CubeDelta {
  private readonly counts = new Map<string, number>();

  add(level: string, areaId: number, month: number, category: number): void {
    const k = `${level}\u0000${areaId}\u0000${month}\u0000${category}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }

  get size(): number {
    return this.counts.size;
  }

  *entries(): Generator<{ level: string; area_id: number; month: number; category: number; count: number }> {
    for (const [k, count] of this.counts) {
      const [level, a, m, c] = k.split('\u0000');
      yield { level, area_id: Number(a), month: Number(m), category: Number(c), count };
    }
  }
}

/** Adds a delta to the cube (inside the caller's transaction). */
export async function applyCubeDelta(db: Db, forceId: number, delta: CubeDelta): Promise<void> {
  const rows = [...delta.entries()].map((r) => ({ force_id: forceId, ...r }));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('cube')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc
          .columns(['force_id', 'level', 'area_id', 'month', 'category'])
          .doUpdateSet({ count: sql`cube.count + excluded.count` }),
      )
      .execute();
  }
}

/** Recomputes a force's cube from its crimes: what incremental updates must always agree with. */
export async function rebuildCube(db: Db, forceId: number): Promise<void> {
  await db.deleteFrom('cube').where('force_id', '=', forceId).execute();
  const forceArea = await db
    .selectFrom('areas')
    .select('id')
    .where('force_id', '=', forceId)
    .where('level', '=', 'force')
    .executeTakeFirst();
  if (forceArea) {
    await sql`INSERT INTO cube (force_id, level, area_id, month, category, count)
      SELECT force_id, 'force', ${forceArea.id}, month, category, count(*) FROM crimes
      WHERE force_id = ${forceId} GROUP BY force_id, month, category`.execute(db);
  }
  for (const [level, column] of Object.entries(LEVEL_COLUMNS)) {
    await sql`INSERT INTO cube (force_id, level, area_id, month, category, count)
      SELECT force_id, ${level}, ${sql.ref(column)}, month, category, count(*) FROM crimes
      WHERE force_id = ${forceId} AND ${sql.ref(column)} IS NOT NULL
      GROUP BY force_id, ${sql.ref(column)}, month, category`.execute(db);
  }
  const withImpact = await db
    .selectFrom('crimes')
    .select(['month', 'category', 'impact_area_ids'])
    .where('force_id', '=', forceId)
    .where('impact_area_ids', 'is not', null)
    .execute();
  const delta = new CubeDelta();
  for (const r of withImpact) {
    for (const id of (r.impact_area_ids as string).split(','))
      delta.add('impact-area', Number(id), r.month, r.category);
  }
  await applyCubeDelta(db, forceId, delta);
}

export { LEVEL_COLUMNS };
