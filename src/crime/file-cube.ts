/**
 * The monthly cube counts of one crime file, counted in arrays as its rows are stored (import.ts)
 * and added to the store's cube when the file ends, in the cube's key order.
 */
import type { CubeCellValues } from '../core/store/store.ts';
import { CATEGORIES } from './categories.ts';
import { AREAS } from './import-batch.ts';

/** A force's areas numbered 0..n-1 (in id order), for counting the cube in arrays. */
export class AreaNumbers {
  private readonly numbers = new Map<number, number>();
  /** Area id and level by number. */
  readonly id: Float64Array;
  readonly level: string[];

  constructor(areas: readonly { id: number; level: string }[]) {
    const sorted = [...areas].sort((a, b) => a.id - b.id);
    this.id = Float64Array.from(sorted, (a) => a.id);
    this.level = sorted.map((a) => a.level);
    for (const [i, a] of sorted.entries()) this.numbers.set(a.id, i);
  }

  get size(): number {
    return this.id.length;
  }

  /** The number of area `id` (-1 for 0 = none). */
  of(id: number): number {
    if (id === 0) return -1;
    const n = this.numbers.get(id);
    if (n === undefined) throw new Error(`crime import: area ${id} is not one of the force's areas`);
    return n;
  }
}

/**
 * The monthly cube counts of one file, as crime/cube.ts addCrime counts them (every row at force
 * level; inside the force, at each of its areas and Impact Areas), in arrays indexed by area
 * number and category, one set per month.
 */
export class FileCube {
  private readonly months = new Map<
    number,
    { count: Int32Array; harm: Float64Array; unweighted: Int32Array }
  >();
  private lastMonth = Number.NaN;
  private count: Int32Array = new Int32Array(0);
  private harm: Float64Array = new Float64Array(0);
  private unweighted: Int32Array = new Int32Array(0);
  private readonly width = CATEGORIES.length;
  private readonly forceArea: number;

  constructor(
    readonly numbers: AreaNumbers,
    forceAreaId: number,
  ) {
    this.forceArea = numbers.of(forceAreaId);
  }

  /**
   * One crime: `areas[at..at+AREAS)` are the area numbers of its place (-1 = none), `impact` the
   * numbers of its Impact Areas.
   */
  add(
    month: number,
    category: number,
    harm: number | null,
    inside: boolean,
    areas: Int32Array,
    at: number,
    impact: readonly number[] | null,
  ): void {
    if (month !== this.lastMonth) this.useMonth(month);
    const milli = harm === null ? Number.NaN : Math.round(harm * 1000);
    this.one(this.forceArea * this.width + category, milli);
    if (!inside) return;
    for (let j = 0; j < AREAS; j++) {
      const a = areas[at + j];
      if (a >= 0) this.one(a * this.width + category, milli);
    }
    if (impact) for (const a of impact) this.one(a * this.width + category, milli);
  }

  private one(cell: number, milli: number): void {
    this.count[cell]++;
    if (Number.isNaN(milli)) this.unweighted[cell]++;
    else this.harm[cell] += milli;
  }

  private useMonth(month: number): void {
    let m = this.months.get(month);
    if (!m) {
      const cells = this.numbers.size * this.width;
      m = { count: new Int32Array(cells), harm: new Float64Array(cells), unweighted: new Int32Array(cells) };
      this.months.set(month, m);
    }
    this.lastMonth = month;
    this.count = m.count;
    this.harm = m.harm;
    this.unweighted = m.unweighted;
  }

  /**
   * The cells with crimes in the cube's key order (level, month, area id, category), so that the
   * store appends each level's cells for the month in one place.
   */
  cells(): CubeCellValues[] {
    const months = [...this.months.keys()].sort((a, b) => a - b);
    const byLevel = new Map<string, number[]>();
    for (let area = 0; area < this.numbers.size; area++) {
      const level = this.numbers.level[area];
      const list = byLevel.get(level);
      if (list) list.push(area);
      else byLevel.set(level, [area]);
    }
    const out: CubeCellValues[] = [];
    for (const level of [...byLevel.keys()].sort()) {
      const areas = byLevel.get(level) ?? [];
      for (const month of months) {
        const m = this.months.get(month);
        if (!m) continue;
        for (const area of areas) {
          for (let category = 0; category < this.width; category++) {
            const cell = area * this.width + category;
            if (m.count[cell] === 0) continue;
            out.push({
              level,
              area_id: this.numbers.id[area],
              month,
              category,
              count: m.count[cell],
              harm_milli: m.harm[cell],
              unweighted: m.unweighted[cell],
            });
          }
        }
      }
    }
    return out;
  }
}
