import type { Kysely } from 'kysely';
import type { Database } from '../../core/store/schema.ts';
import { cdb } from './schema.ts';

/** A force's casework setting (JSON), or `fallback` when the force has not set it. */
export async function readSetting<T>(
  db: Kysely<Database>,
  forceId: number,
  key: string,
  fallback: T,
): Promise<T> {
  const row = await cdb(db)
    .selectFrom('casework_settings')
    .select('value')
    .where('force_id', '=', forceId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? (JSON.parse(row.value) as T) : fallback;
}

export async function writeSetting(
  db: Kysely<Database>,
  forceId: number,
  key: string,
  value: unknown,
): Promise<void> {
  const text = JSON.stringify(value);
  await cdb(db)
    .insertInto('casework_settings')
    .values({ force_id: forceId, key, value: text })
    .onConflict((oc) => oc.columns(['force_id', 'key']).doUpdateSet({ value: text }))
    .execute();
}
