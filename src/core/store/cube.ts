import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** The crime columns that carry an area per level. */
export const LEVEL_COLUMNS = {
  lsoa: 'lsoa_id',
  msoa: 'msoa_id',
  ward: 'ward_id',
  district: 'district_id',
  team: 'team_id',
  unit: 'unit_id',
} as const;

/**
 * Counts and harm to add to the monthly cube, gathered while an import inserts rows so that it
 * touches only the months and areas it brought. Area ids are unique across levels, so a cell is
 * keyed by (area, month, category) packed into one number.
 */
export class CubeDelta {
  private readonly index = new Map<number, number>();
  private readonly levels = new Map<number, string>();
  private keys: number[] = [];
  private count: number[] = [];
  private harmMilli: number[] = [];
  private unweighted: number[] = [];

  /** One crime in `areaId` (of `level`); harm null = its offence has no weight. */
  add(level: string, areaId: number, month: number, category: number, harm: number | null): void {
    const key = (areaId * 4096 + month) * 32 + category;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.index.set(key, i);
      this.keys.push(key);
      this.count.push(0);
      this.harmMilli.push(0);
      this.unweighted.push(0);
      if (!this.levels.has(areaId)) this.levels.set(areaId, level);
    }
    this.count[i]++;
    if (harm === null) this.unweighted[i]++;
    else this.harmMilli[i] += Math.round(harm * 1000);
  }

  get size(): number {
    return this.keys.length;
  }

  *entries(): Generator<CubeCell> {
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i];
      const category = key % 32;
      const rest = (key - category) / 32;
      const month = rest % 4096;
      const area_id = (rest - month) / 4096;
      yield {
        level: this.levels.get(area_id) as string,
        area_id,
        month,
        category,
        count: this.count[i],
        harm_milli: this.harmMilli[i],
        unweighted: this.unweighted[i],
      };
    }
  }
}

export interface CubeCell {
  level: string;
  area_id: number;
  month: number;
  category: number;
  count: number;
  /** Harm in thousandths of a CCHI day (see CubeTable). */
  harm_milli: number;
  unweighted: number;
}

/** Adds a delta to the cube (inside the caller's transaction). */
export async function applyCubeDelta(db: Db, forceId: number, delta: CubeDelta): Promise<void> {
  let batch: (CubeCell & { force_id: number })[] = [];
  const flush = async () => {
    if (!batch.length) return;
    await db
      .insertInto('cube')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['force_id', 'level', 'area_id', 'month', 'category']).doUpdateSet({
          count: sql`cube.count + excluded.count`,
          harm_milli: sql`cube.harm_milli + excluded.harm_milli`,
          unweighted: sql`cube.unweighted + excluded.unweighted`,
        }),
      )
      .execute();
    batch = [];
  };
  for (const cell of delta.entries()) {
    batch.push({ force_id: forceId, ...cell });
    if (batch.length === 500) await flush();
  }
  await flush();
}
