import type { Store } from '../core/store/store.ts';

/** Caveats every output about a force carries: what the data is and where its limits are. */
export async function caveatsFor(store: Store, forceId: number): Promise<string[]> {
  // From the imports, not the crimes: a police.uk import that loaded rows is what puts police.uk
  // rows (source 0) in the store, and reading the imports costs nothing at any size (reading the
  // crimes' sources scanned every crime of the force: 0.2 s on the demo, seconds at 3M crimes).
  const openData = await store.db
    .selectFrom('imports')
    .select('id')
    .where('force_id', '=', forceId)
    .where('format', '=', 'police-uk')
    .where('loaded', '>', 0)
    .limit(1)
    .executeTakeFirst();
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
  if (openData) {
    out.push('police.uk open data: locations approximate (anonymised map points), month only');
  }
  return out;
}
