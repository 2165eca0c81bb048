/**
 * Hotspot grids at published precision, for anyone the policy does not allow exact locations (the
 * public): a fine grid on a force extract places individual crimes. Cells smaller than the force's
 * minimum size have all their figures suppressed; cells holding fewer crimes than the force's
 * minimum count (but some) have theirs suppressed. Every output says so.
 */
import { sql } from 'kysely';
import { BeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import type { GridRow } from './lab.ts';

export interface PublicationRule {
  /** Cells smaller than this (metres) are not published. */
  minCellM: number;
  /** Cells with 1 to minCount − 1 crimes are not published. */
  minCount: number;
}

export const DEFAULT_PUBLICATION: PublicationRule = { minCellM: 100, minCount: 3 };

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new BeatwiseError('config.invalid', `${name} must be a whole number ≥ 1, not "${v}"`, {
      field: name,
    });
  return n;
}

/**
 * The force's rule: its own columns (forces.public_min_cell_m / public_min_count, migration 008)
 * where set, else BEATWISE_PUBLIC_MIN_CELL_M / BEATWISE_PUBLIC_MIN_COUNT, else 100 m and 3.
 */
export async function publicationRule(store: Store, forceSlug: string): Promise<PublicationRule> {
  const r = await sql<{ cell: number | null; count: number | null }>`
    SELECT public_min_cell_m AS cell, public_min_count AS count FROM forces WHERE slug = ${forceSlug}`.execute(
    store.db,
  );
  const row = r.rows[0];
  return {
    minCellM: row?.cell ?? envInt('BEATWISE_PUBLIC_MIN_CELL_M', DEFAULT_PUBLICATION.minCellM),
    minCount: row?.count ?? envInt('BEATWISE_PUBLIC_MIN_COUNT', DEFAULT_PUBLICATION.minCount),
  };
}

/** A grid row as published: figures null when suppressed, and why. */
export type PublishedRow<R extends GridRow = GridRow> = Omit<R, 'count' | 'harm'> & {
  count: number | null;
  harm: number | null;
  suppressed: string | null;
};

export interface Published<R extends GridRow = GridRow> {
  rows: PublishedRow<R>[];
  suppressedCells: number;
  /** One sentence for caveats and exports. */
  notice: string;
}

/** The rows at published precision. Empty cells stay 0: they place no crime. */
export function publishRows<R extends GridRow>(rows: readonly R[], rule: PublicationRule): Published<R> {
  let suppressedCells = 0;
  const out = rows.map((r): PublishedRow<R> => {
    const why =
      r.size_m < rule.minCellM
        ? `cells smaller than ${rule.minCellM} m are not published`
        : r.count > 0 && r.count < rule.minCount
          ? `fewer than ${rule.minCount} crimes`
          : null;
    if (!why) return { ...r, suppressed: null };
    suppressedCells++;
    return {
      ...r,
      count: null,
      harm: null,
      gi_z: null,
      gi_p: null,
      gi_q: null,
      gi_bin: null,
      suppressed: why,
    };
  });
  return {
    rows: out,
    suppressedCells,
    notice:
      `published precision: figures of cells smaller than ${rule.minCellM} m and of cells with fewer than ` +
      `${rule.minCount} crimes are suppressed (${suppressedCells} of ${rows.length} cells); exact locations need a signed-in role allowed them`,
  };
}
