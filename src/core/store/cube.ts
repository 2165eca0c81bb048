import type { BulkWriter } from './store.ts';

/** The crime columns that carry an area per level. */
export const LEVEL_COLUMNS = {
  lsoa: 'lsoa_id',
  msoa: 'msoa_id',
  ward: 'ward_id',
  district: 'district_id',
  team: 'team_id',
  unit: 'unit_id',
} as const;

/** Months since 1970-01 run from 1900-01 (-840) to 2200-12; shifted by this they pack in 0..4095. */
const MONTH_SHIFT = 1024;
/** Area ids pack below 2^31, so (month, area, category) stays within 2^48. */
const AREA_SPAN = 2 ** 31;

/**
 * Counts and harm to add to the monthly cube, gathered while an import inserts rows so that it
 * touches only the months and areas it brought. Area ids are unique across levels, so a cell is
 * keyed by (month, area, category) packed into one number, which sorts as the cube's key does
 * within a level.
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
    const m = month + MONTH_SHIFT;
    if (!(areaId > 0 && areaId < AREA_SPAN && m >= 0 && m < 4096 && category >= 0 && category < 32))
      throw new Error(`cube: cell (area ${areaId}, month ${month}, category ${category}) out of range`);
    const key = (m * AREA_SPAN + areaId) * 32 + category;
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

  /**
   * The cells in the cube's key order (level, month, area, category), so they reach the store's
   * B-tree in order.
   */
  *entries(): Generator<CubeCell> {
    const byLevel = new Map<string, number[]>();
    for (let i = 0; i < this.keys.length; i++) {
      const category = this.keys[i] % 32;
      const area = ((this.keys[i] - category) / 32) % AREA_SPAN;
      const level = this.levels.get(area) as string;
      let cells = byLevel.get(level);
      if (!cells) {
        cells = [];
        byLevel.set(level, cells);
      }
      cells.push(i);
    }
    // Levels as SQLite's BINARY collation orders them (they are ASCII).
    for (const level of [...byLevel.keys()].sort()) {
      const order = Float64Array.from(byLevel.get(level) as number[]).sort(
        (a, b) => this.keys[a] - this.keys[b],
      );
      for (const i of order) {
        const key = this.keys[i];
        const category = key % 32;
        const rest = (key - category) / 32;
        const area_id = rest % AREA_SPAN;
        yield {
          level,
          area_id,
          month: (rest - area_id) / AREA_SPAN - MONTH_SHIFT,
          category,
          count: this.count[i],
          harm_milli: this.harmMilli[i],
          unweighted: this.unweighted[i],
        };
      }
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

/** Adds a delta to the cube, through the transaction's bulk writer. */
export function applyCubeDelta(bulk: BulkWriter, forceId: number, delta: CubeDelta): void {
  bulk.addToCubeMany(forceId, [...delta.entries()]);
}
