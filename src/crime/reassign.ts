import type { Kysely } from 'kysely';
import { dataDir } from '../core/data-dir.ts';
import type { Database } from '../core/store/schema.ts';
import type { BulkWriter, Store } from '../core/store/store.ts';
import { Assigner } from '../force/index.ts';
import { rebuildCube } from './cube.ts';
import { dropMonthBlocks } from './month-blocks.ts';
import { forceWeights } from './weights-store.ts';

/**
 * Places a force's stored crimes again (after its boundaries or structure changed) and rebuilds its
 * cube: each place (crimes at one point share it) is placed once. Returns how many located crimes
 * were placed.
 */
export async function reassignCrimes(store: Store, forceId: number): Promise<number> {
  return store.transaction((tx, bulk) => reassignInTransaction(tx, bulk, forceId));
}

/**
 * `reassignCrimes` inside a transaction the caller holds: a boundary import places the crimes in the
 * same transaction that changes the areas, so no one ever sees new areas with old placements.
 */
export async function reassignInTransaction(
  db: Kysely<Database>,
  bulk: BulkWriter,
  forceId: number,
): Promise<number> {
  const located = await db
    .selectFrom('crimes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('force_id', '=', forceId)
    .where('easting', 'is not', null)
    .executeTakeFirstOrThrow();
  // A force with no located crimes (a new one) has nothing to place and an empty cube.
  if (Number(located.n) === 0) return 0;
  const assigner = await Assigner.load(db, forceId);
  const weights = await forceWeights(db, forceId, dataDir());
  const rows = await db
    .selectFrom('places')
    .select(['id', 'easting', 'northing'])
    .where('force_id', '=', forceId)
    .where('easting', 'is not', null)
    .execute();
  const p = Assigner.emptyPlacement();
  for (const [i, r] of rows.entries()) {
    // Let requests waiting on the server's thread through (a force has up to millions of places).
    if (i % 20_000 === 19_999) await new Promise((resolve) => setImmediate(resolve));
    assigner.place(r.easting as number, r.northing as number, p);
    const inside = !p.outside;
    bulk.updatePlacement(r.id, {
      placement: inside ? 0 : 2,
      lsoa_id: (inside && p.ids.lsoa) || null,
      msoa_id: (inside && p.ids.msoa) || null,
      ward_id: (inside && p.ids.ward) || null,
      district_id: (inside && p.ids.district) || null,
      team_id: (inside && p.ids.team) || null,
      unit_id: (inside && p.ids.unit) || null,
      impact_area_ids: inside && p.impactAreas.length ? p.impactAreas.join(',') : null,
    });
  }
  await rebuildCube(db, bulk, forceId, (c, o) => weights.harmOf(c, o));
  // The month blocks hold the old area ids (and the same counts): rebuilt when next read.
  await dropMonthBlocks(db, forceId);
  return Number(located.n);
}

/** Rebuilds a force's cube from its crimes under its current weights; returns the crimes read. */
export async function rebuildForceCube(store: Store, forceId: number): Promise<number> {
  const weights = await forceWeights(store.db, forceId, dataDir());
  return store.transaction((tx, bulk) => rebuildCube(tx, bulk, forceId, (c, o) => weights.harmOf(c, o)));
}
