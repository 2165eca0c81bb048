import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../store.ts';

/**
 * The tables a force's structure lives in: a write to any of them changes what every analysis of
 * that force answers (an area's shape moves crimes, a name is shown, a membership makes a team).
 */
const STRUCTURE_TABLES = ['forces', 'areas', 'area_members', 'stations', 'departments'] as const;

/**
 * A counter per kind of data (`data_versions`), and triggers that add one to the `areas` counter on
 * every insert, update or delete of a force's structure. The response cache reads it: an area updated
 * in place (a re-imported boundary, a renamed district) changes neither a count nor a max id.
 */
export function areasVersion(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('data_versions')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`INSERT INTO data_versions (name, version) VALUES ('areas', 0)`.execute(db);
      const bump = `UPDATE data_versions SET version = version + 1 WHERE name = 'areas'`;
      if (dialect === 'postgres') {
        await sql
          .raw(
            `CREATE FUNCTION bump_areas_version() RETURNS trigger AS $$ BEGIN ${bump}; RETURN NULL; END $$ ` +
              'LANGUAGE plpgsql',
          )
          .execute(db);
        for (const table of STRUCTURE_TABLES) {
          await sql
            .raw(
              `CREATE TRIGGER ${table}_version AFTER INSERT OR UPDATE OR DELETE ON ${table} ` +
                'FOR EACH STATEMENT EXECUTE FUNCTION bump_areas_version()',
            )
            .execute(db);
        }
        return;
      }
      for (const table of STRUCTURE_TABLES) {
        for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
          await sql
            .raw(
              `CREATE TRIGGER ${table}_version_${event.toLowerCase()} AFTER ${event} ON ${table} ` +
                `BEGIN ${bump}; END`,
            )
            .execute(db);
        }
      }
    },
  };
}
