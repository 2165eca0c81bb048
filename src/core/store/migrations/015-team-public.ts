import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../store.ts';
import { columnTypes } from './column-types.ts';

/**
 * What a neighbourhood team publishes about itself (the police.uk neighbourhood fields): a
 * description, the population it serves, contact details, links and its public roster of people
 * (names, ranks, short bios). A field of the team, kept apart from user accounts: nobody's account
 * is ever published. One row per team of a force, keyed by the team's code. A write moves the
 * `areas` data version (as every write to a force's structure does), so cached public answers follow.
 */
export function teamPublic(dialect: Dialect) {
  const { big } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('team_public')
        .addColumn('force_id', big, (c) => c.notNull())
        .addColumn('team_code', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('population', big)
        .addColumn('url', 'text')
        /** JSON object: telephone, email, twitter, facebook, web… (police.uk contact_details). */
        .addColumn('contact_details', 'text', (c) => c.notNull().defaultTo('{}'))
        /** JSON array of {title, url, description}. */
        .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
        /** JSON array of {name, rank, bio, contact_details}: the public roster. */
        .addColumn('people', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('team_public_pk', ['force_id', 'team_code'])
        .execute();
      const bump = `UPDATE data_versions SET version = version + 1 WHERE name = 'areas'`;
      if (dialect === 'postgres') {
        await sql
          .raw(
            'CREATE TRIGGER team_public_version AFTER INSERT OR UPDATE OR DELETE ON team_public ' +
              'FOR EACH STATEMENT EXECUTE FUNCTION bump_areas_version()',
          )
          .execute(db);
        return;
      }
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        await sql
          .raw(
            `CREATE TRIGGER team_public_version_${event.toLowerCase()} AFTER ${event} ON team_public ` +
              `BEGIN ${bump}; END`,
          )
          .execute(db);
      }
    },
  };
}
