import type { Store } from '../core/store/store.ts';

/** Caveats every output about a force carries: what the data is and where its limits are. */
export async function caveatsFor(store: Store, forceId: number): Promise<string[]> {
  // The stored rows, not the crimes view: the source needs no place.
  const sources = await store.db
    .selectFrom('crime_records')
    .select('source')
    .distinct()
    .where('force_id', '=', forceId)
    .execute();
  const out: string[] = [];
  const synthetic = await store.db
    .selectFrom('imports')
    .select('id')
    .where('force_id', '=', forceId)
    .where('synthetic', '=', 1)
    .limit(1)
    .executeTakeFirst();
  if (synthetic)
    out.push('SYNTHETIC data: generated crimes calibrated on real West Midlands counts, not real records');
  if (sources.some((s) => s.source === 0)) {
    out.push('police.uk open data: locations approximate (anonymised map points), month only');
  }
  return out;
}
