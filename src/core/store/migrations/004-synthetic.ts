import type { Kysely } from 'kysely';

/** Imports remember whether their file was synthetic, so every figure made from it can say so. */
export function synthetic() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('imports')
        .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
