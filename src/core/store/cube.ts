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

  /** The cells in key order (area, month, category), so they reach the store's index in order. */
  *entries(): Generator<CubeCell> {
    const order = Float64Array.from(this.keys.keys()).sort((a, b) => this.keys[a] - this.keys[b]);
    for (const i of order) {
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

/** Adds a delta to the cube, through the transaction's bulk writer. */
export function applyCubeDelta(bulk: BulkWriter, forceId: number, delta: CubeDelta): void {
  bulk.addToCubeMany(forceId, [...delta.entries()]);
}
