/**
 * How concentrated crime is in micro-places, measured the way the "law of crime concentration"
 * literature states it (Weisburd 2015: about 50% of crime in about 5% of street segments): the share
 * of crimes in the busiest `share` of a grid's cells.
 *
 * Definition used throughout the generator, its tests and its documentation: square cells of
 * `size` metres (100 m) aligned to the British National Grid (cell = ⌊easting/size⌋, ⌊northing/size⌋);
 * the denominator is every cell of the force area, occupied or not: a cell counts when its centre
 * lies in one of the force's LSOAs (Geography.forceCells), plus any edge cell whose centre is outside
 * but which holds a crime. Cells are ranked by their count of crimes; the busiest ⌈share × cells⌉
 * cells are taken.
 */
import { cellKey } from './geography.ts';

export interface ConcentrationLevel {
  /** Share of the force area's cells taken (0.05 = the busiest 5%). */
  cellShare: number;
  cells: number;
  /** Share of all crimes in those cells. */
  crimeShare: number;
}

export interface Concentration {
  cellSize: number;
  /** Cells of the force area (the denominator). */
  cells: number;
  crimes: number;
  /** Cells with at least one crime. */
  occupied: number;
  levels: ConcentrationLevel[];
  /** The smallest share of cells holding half of all crimes. */
  cellShareForHalf: number;
}

/** Counts crimes per cell. */
export class CellCounter {
  readonly counts = new Map<number, number>();
  total = 0;
  constructor(readonly size = 100) {}

  add(e: number, n: number): void {
    const k = cellKey(e, n, this.size);
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    this.total++;
  }
}

export function concentration(
  counter: CellCounter,
  areaCells: Float64Array,
  shares: readonly number[] = [0.01, 0.05],
): Concentration {
  let extra = 0;
  const area = new Set(areaCells);
  for (const k of counter.counts.keys()) if (!area.has(k)) extra++;
  const cells = areaCells.length + extra;
  const sorted = Float64Array.from(counter.counts.values()).sort().reverse();
  const crimes = counter.total;
  const cumulative = (k: number) => {
    let s = 0;
    for (let i = 0; i < Math.min(k, sorted.length); i++) s += sorted[i];
    return s;
  };
  const levels = shares.map((cellShare) => {
    const k = Math.ceil(cellShare * cells);
    return { cellShare, cells: k, crimeShare: crimes ? cumulative(k) / crimes : 0 };
  });
  let s = 0;
  let half = 0;
  for (let i = 0; i < sorted.length; i++) {
    s += sorted[i];
    if (s * 2 >= crimes) {
      half = i + 1;
      break;
    }
  }
  return {
    cellSize: counter.size,
    cells,
    crimes,
    occupied: sorted.length,
    levels,
    cellShareForHalf: cells ? half / cells : 0,
  };
}
