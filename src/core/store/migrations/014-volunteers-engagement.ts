import type { Kysely } from 'kysely';
import type { Dialect } from '../store.ts';
import { columnTypes } from './column-types.ts';

/**
 * Casework: volunteers (StreetWatch and SpeedWatch groups, members, SpeedWatch sites, sessions,
 * offences seen at a session) and engagement (events, the issues raised at them, neighbourhood
 * priorities). Every record has a natural key (a reference or code per force), so re-importing a
 * file updates rather than duplicates. Types: src/casework/volunteers/schema.ts and
 * src/casework/engagement/schema.ts.
 */
export function volunteersEngagement(dialect: Dialect) {
  const { id, big, real } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('volunteer_groups')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('team', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('volunteer_groups_key', ['force_id', 'code'])
        .execute();
      await db.schema
        .createTable('volunteer_members')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('group_id', big, (c) => c.notNull().references('volunteer_groups.id'))
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('phone', 'text')
        .addColumn('joined_on', 'text', (c) => c.notNull())
        .addColumn('left_on', 'text')
        .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('volunteer_members_key', ['force_id', 'ref'])
        .execute();
      await db.schema
        .createTable('speedwatch_sites')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('group_id', big, (c) => c.notNull().references('volunteer_groups.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('speed_limit', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('decided_on', 'text')
        .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('speedwatch_sites_key', ['force_id', 'code'])
        .execute();
      await db.schema
        .createTable('volunteer_sessions')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('group_id', big, (c) => c.notNull().references('volunteer_groups.id'))
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('site', 'text', (c) => c.notNull())
        .addColumn('site_id', big, (c) => c.references('speedwatch_sites.id'))
        .addColumn('hours', real, (c) => c.notNull())
        .addColumn('vehicles_checked', 'integer')
        .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('volunteer_sessions_key', ['force_id', 'ref'])
        .execute();
      await db.schema
        .createTable('volunteer_session_members')
        // No foreign keys: a member deleted at the end of its retention period leaves its
        // attendance behind as a bare id, so the figures of past months do not change.
        .addColumn('session_id', big, (c) => c.notNull())
        .addColumn('member_id', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('volunteer_session_members_pk', ['session_id', 'member_id'])
        .execute();
      await db.schema
        .createTable('speedwatch_offences')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('session_id', big, (c) => c.notNull().references('volunteer_sessions.id'))
        .addColumn('registration', 'text', (c) => c.notNull())
        // The session's date, kept on the offence for retention and for the vehicle's history.
        .addColumn('seen_on', 'text', (c) => c.notNull())
        .addColumn('seen_at', 'text', (c) => c.notNull())
        .addColumn('speed', 'integer', (c) => c.notNull())
        .addColumn('speed_limit', 'integer', (c) => c.notNull())
        .addUniqueConstraint('speedwatch_offences_key', ['session_id', 'registration', 'seen_at'])
        .execute();
      await db.schema
        .createIndex('speedwatch_offences_vehicle')
        .on('speedwatch_offences')
        .columns(['force_id', 'registration'])
        .execute();

      await db.schema
        .createTable('engagement_events')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('team', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('attendance', 'integer', (c) => c.notNull())
        .addColumn('owner_id', 'text')
        .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('engagement_events_key', ['force_id', 'ref'])
        .execute();
      await db.schema
        .createTable('engagement_issues')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('event_id', big, (c) => c.notNull().references('engagement_events.id'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addUniqueConstraint('engagement_issues_key', ['event_id', 'text'])
        .execute();
      await db.schema
        .createTable('neighbourhood_priorities')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('team', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('issue', 'text', (c) => c.notNull())
        .addColumn('issue_date', 'text', (c) => c.notNull())
        .addColumn('action', 'text')
        .addColumn('action_date', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('closed_on', 'text')
        .addColumn('outcome', 'text')
        .addColumn('issue_id', big, (c) => c.references('engagement_issues.id'))
        .addColumn('owner_id', 'text')
        .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('neighbourhood_priorities_key', ['force_id', 'ref'])
        .execute();
    },
  };
}
