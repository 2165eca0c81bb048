import type pg from 'pg';
import { BeatwiseError } from '../errors.ts';
import type {
  BulkWriter,
  CrimeColumn,
  CrimeInserter,
  CrimeRow,
  CubeCellValues,
  PlacementColumns,
  PlaceRow,
} from './store.ts';

/** Cube cells and placements buffered before they are sent in one statement each. */
const FLUSH_AT = 20_000;

/**
 * The PostgreSQL bulk writer of one transaction. Writes that return nothing (cube cells, placements)
 * are buffered and sent as one set-based statement (arrays unnested) before the transaction's next
 * query and before COMMIT. Crime rows, places and labels, which must answer an id or a duplicate flag
 * at once, go through the COPY import (postgres-import.ts), not through this interface.
 */
export class PgBulkWriter implements BulkWriter {
  private readonly cube = new Map<string, CubeColumns>();
  private cubeCells = 0;
  private placements: PlacementBuffer = emptyPlacements();
  private flushing: Promise<void> | null = null;

  constructor(private readonly client: pg.PoolClient) {}

  crimeInserter(_columns: readonly CrimeColumn[], _fixed: Partial<CrimeRow>): CrimeInserter {
    throw notHere('storing crime rows one batch at a time');
  }

  place(_forceId: number, _p: PlaceRow): number {
    throw notHere('creating places one at a time');
  }

  label(_text: string): number {
    throw notHere('creating labels one at a time');
  }

  updatePlacement(placeId: number, p: PlacementColumns): void {
    const b = this.placements;
    b.id.push(placeId);
    b.placement.push(p.placement);
    b.lsoa_id.push(p.lsoa_id);
    b.msoa_id.push(p.msoa_id);
    b.ward_id.push(p.ward_id);
    b.district_id.push(p.district_id);
    b.team_id.push(p.team_id);
    b.unit_id.push(p.unit_id);
    b.impact_area_ids.push(p.impact_area_ids);
  }

  addToCube(forceId: number, c: CubeCellValues): void {
    const key = `${forceId}\u0000${c.level}`;
    let cols = this.cube.get(key);
    if (!cols) {
      cols = {
        forceId,
        level: c.level,
        area: [],
        month: [],
        category: [],
        count: [],
        harm: [],
        unweighted: [],
      };
      this.cube.set(key, cols);
    }
    cols.area.push(c.area_id);
    cols.month.push(c.month);
    cols.category.push(c.category);
    cols.count.push(c.count);
    cols.harm.push(c.harm_milli);
    cols.unweighted.push(c.unweighted);
    this.cubeCells++;
  }

  addToCubeMany(forceId: number, cells: readonly CubeCellValues[]): void {
    for (const c of cells) this.addToCube(forceId, c);
  }

  /** True when writes wait to be sent. */
  get pending(): boolean {
    return this.cubeCells > 0 || this.placements.id.length > 0;
  }

  /** Sends the buffered writes (one statement per kind); a no-op when there are none. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (!this.pending) return;
    this.flushing = this.send().finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  private async send(): Promise<void> {
    const placements = this.placements;
    this.placements = emptyPlacements();
    for (let i = 0; i < placements.id.length; i += FLUSH_AT) {
      const part = (a: unknown[]) => a.slice(i, i + FLUSH_AT);
      await this.client.query(
        `UPDATE places p SET placement = u.placement, lsoa_id = u.lsoa_id, msoa_id = u.msoa_id,
           ward_id = u.ward_id, district_id = u.district_id, team_id = u.team_id, unit_id = u.unit_id,
           impact_area_ids = u.impact_area_ids
         FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
           $7::bigint[], $8::bigint[], $9::text[])
           AS u(id, placement, lsoa_id, msoa_id, ward_id, district_id, team_id, unit_id, impact_area_ids)
         WHERE p.id = u.id`,
        [
          part(placements.id),
          part(placements.placement),
          part(placements.lsoa_id),
          part(placements.msoa_id),
          part(placements.ward_id),
          part(placements.district_id),
          part(placements.team_id),
          part(placements.unit_id),
          part(placements.impact_area_ids),
        ],
      );
    }
    const cube = [...this.cube.values()];
    this.cube.clear();
    this.cubeCells = 0;
    for (const c of cube) {
      for (let i = 0; i < c.area.length; i += FLUSH_AT) {
        const part = (a: number[]) => a.slice(i, i + FLUSH_AT);
        await this.client.query(CUBE_UPSERT, [
          c.forceId,
          c.level,
          part(c.area),
          part(c.month),
          part(c.category),
          part(c.count),
          part(c.harm),
          part(c.unweighted),
        ]);
      }
    }
  }
}

/**
 * Adds cells to the cube. A cell may come more than once in one call (several addToCube calls),
 * which ON CONFLICT refuses within one statement: the cells are summed first.
 */
export const CUBE_UPSERT = `INSERT INTO cube (force_id, level, area_id, month, category, count, harm_milli, unweighted)
  SELECT $1::bigint, $2::text, area_id, month, category, sum(count), sum(harm_milli), sum(unweighted)
  FROM unnest($3::bigint[], $4::int[], $5::int[], $6::bigint[], $7::bigint[], $8::bigint[])
    AS c(area_id, month, category, count, harm_milli, unweighted)
  GROUP BY area_id, month, category
  ON CONFLICT (force_id, level, month, area_id, category) DO UPDATE SET
    count = cube.count + excluded.count, harm_milli = cube.harm_milli + excluded.harm_milli,
    unweighted = cube.unweighted + excluded.unweighted`;

interface CubeColumns {
  forceId: number;
  level: string;
  area: number[];
  month: number[];
  category: number[];
  count: number[];
  harm: number[];
  unweighted: number[];
}

interface PlacementBuffer {
  id: number[];
  placement: number[];
  lsoa_id: (number | null)[];
  msoa_id: (number | null)[];
  ward_id: (number | null)[];
  district_id: (number | null)[];
  team_id: (number | null)[];
  unit_id: (number | null)[];
  impact_area_ids: (string | null)[];
}

function emptyPlacements(): PlacementBuffer {
  return {
    id: [],
    placement: [],
    lsoa_id: [],
    msoa_id: [],
    ward_id: [],
    district_id: [],
    team_id: [],
    unit_id: [],
    impact_area_ids: [],
  };
}

function notHere(what: string): BeatwiseError {
  return new BeatwiseError(
    'store.postgres_bulk',
    `the PostgreSQL store does not support ${what}: import crimes into a SQLite store and move it with ` +
      '`beatwise copy --from FILE.db --to postgres://…`',
  );
}
