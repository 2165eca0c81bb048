/**
 * What a feature contributes to the monthly board paper (src/reports): its figures for one month
 * of a force or one of its units, as sentences and tables computed from the store. Each feature
 * that the paper has a section for (patrols, the burglary pledge, referrals, offender management,
 * volunteers, engagement) exports one function of type `MonthlyFiguresSource` from its index.ts.
 */
import type { Store } from './store/store.ts';

/** Which month, and of what: a force's code and optionally one unit's code. */
export interface MonthlyFiguresQuery {
  force: string;
  /** 'YYYY-MM' */
  month: string;
  /** A unit (NPU) code, to report one unit rather than the whole force. */
  unit?: string;
}

/** A table of figures, with the header the paper prints. Cells are what the paper shows. */
export interface FiguresTable {
  caption: string;
  header: string[];
  rows: (string | number | null)[][];
}

/** A feature's figures for the month. */
export interface MonthlyFigures {
  /** The section's heading, e.g. "Burglary attendance pledge". */
  title: string;
  /**
   * Whether there is anything to report. False when the feature holds no records for the
   * month: then `sentences` holds one sentence saying so, and the paper never shows zeros that
   * mean "unknown".
   */
  hasData: boolean;
  /** The findings, as sentences written from the data. */
  sentences: string[];
  tables: FiguresTable[];
  /** True when the records are generated (SYNTHETIC); the paper labels them so. */
  synthetic: boolean;
  /** Caveats the reader needs, e.g. "before/after is not an evaluation". */
  caveats: string[];
}

export type MonthlyFiguresSource = (store: Store, q: MonthlyFiguresQuery) => Promise<MonthlyFigures>;
