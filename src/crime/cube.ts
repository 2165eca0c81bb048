import { type Kysely, sql } from 'kysely';
import { applyCubeDelta, CubeDelta } from '../core/store/cube.ts';
import type { Database } from '../core/store/schema.ts';
import type { BulkWriter } from '../core/store/store.ts';

type Db = Kysely<Database>;

/** A crime's harm under some weights: null when its offence has no weight. */
export type HarmOf = (category: number, offenceCode: string | null) => number | null;

/** Where a stored crime lies, as the cube needs it. */
export interface CrimePlace {
  month: number;
  category: number;
  placement: number;
  lsoa_id: number | null;
  msoa_id: number | null;
  ward_id: number | null;
  district_id: number | null;
  team_id: number | null;
  unit_id: number | null;
  impact_area_ids: string | null;
}

/**
 * Adds one crime to a cube delta: always at force level; at each area level only when it lies
 * inside the force. The one rule both imports and rebuilds follow.
 */
export function addCrime(delta: CubeDelta, forceAreaId: number, c: CrimePlace, harm: number | null): void {
  delta.add('force', forceAreaId, c.month, c.category, harm);
  if (c.placement !== 0) return;
  if (c.lsoa_id) delta.add('lsoa', c.lsoa_id, c.month, c.category, harm);
  if (c.msoa_id) delta.add('msoa', c.msoa_id, c.month, c.category, harm);
  if (c.ward_id) delta.add('ward', c.ward_id, c.month, c.category, harm);
  if (c.district_id) delta.add('district', c.district_id, c.month, c.category, harm);
  if (c.team_id) delta.add('team', c.team_id, c.month, c.category, harm);
  if (c.unit_id) delta.add('unit', c.unit_id, c.month, c.category, harm);
  if (c.impact_area_ids) {
    for (const id of c.impact_area_ids.split(','))
      delta.add('impact-area', Number(id), c.month, c.category, harm);
  }
}

export async function forceAreaId(db: Db, forceId: number): Promise<number> {
  const row = await db
    .selectFrom('areas')
    .select('id')
    .where('force_id', '=', forceId)
    .where('level', '=', 'force')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Recomputes a force's cube from its crimes (inside the caller's transaction): what incremental
 * updates must always agree with. Reads the crimes in pages so memory stays flat.
 */
export async function rebuildCube(
  db: Db,
  bulk: BulkWriter,
  forceId: number,
  harmOf: HarmOf,
): Promise<number> {
  await db.deleteFrom('cube').where('force_id', '=', forceId).execute();
  const forceArea = await forceAreaId(db, forceId);
  const delta = new CubeDelta();
  let last = 0;
  let n = 0;
  for (;;) {
    const page = await db
      .selectFrom('crimes')
      .select([
        'id',
        'month',
        'category',
        'offence_code',
        'placement',
        'lsoa_id',
        'msoa_id',
        'ward_id',
        'district_id',
        'team_id',
        'unit_id',
        'impact_area_ids',
      ])
      // Walk the primary key: `+force_id` keeps the planner off the (force, month, key) index,
      // which would scan and sort the force's every crime for each page.
      .where(sql<boolean>`+${sql.ref('force_id')} = ${forceId}`)
      .where('id', '>', last)
      .orderBy('id')
      .limit(50_000)
      .execute();
    if (!page.length) break;
    for (const c of page) addCrime(delta, forceArea, c, harmOf(c.category, c.offence_code));
    n += page.length;
    last = page[page.length - 1].id;
  }
  applyCubeDelta(bulk, forceId, delta);
  return n;
}
