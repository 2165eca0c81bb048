import type { Kysely } from 'kysely';
import type { Dialect } from '../store.ts';
import { columnTypes } from './column-types.ts';

/**
 * Casework (src/casework): burglary attendance records and their steps, vulnerability referrals and
 * their events, Integrated Offender Management cohort members, their events and crime links, and
 * per-force casework settings (reason lists, service levels, retention periods). Timestamps are ISO
 * text in UTC; `month` is the Europe/London 'YYYY-MM' of the record's start. `redacted_at` is set
 * when retention removed a record's personal fields (the rest stays for the aggregate figures).
 * Types: src/casework/shared/schema.ts.
 */
export function casework(dialect: Dialect) {
  const { id, big, real } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('casework_settings')
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('casework_settings_pk', ['force_id', 'key'])
        .execute();

      await db.schema
        .createTable('burglary_attendance')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('crime_ref', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('unit_code', 'text')
        .addColumn('team_code', 'text')
        .addColumn('owner_id', 'text')
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('reported_at', 'text', (c) => c.notNull())
        .addColumn('vulnerable', 'integer')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('scheduled_for', 'text')
        .addColumn('attended_at', 'text')
        .addColumn('reason', 'text')
        .addColumn('victim_contact', 'text')
        .addColumn('synthetic', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('redacted_at', 'text')
        .addUniqueConstraint('burglary_attendance_key', ['force_id', 'crime_ref'])
        .execute();
      await db.schema
        .createIndex('burglary_attendance_month')
        .on('burglary_attendance')
        .columns(['force_id', 'month'])
        .execute();
      await db.schema
        .createTable('burglary_steps')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('attendance_id', big, (c) => c.notNull().references('burglary_attendance.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('note', 'text')
        .execute();
      await db.schema
        .createIndex('burglary_steps_record')
        .on('burglary_steps')
        .columns(['attendance_id'])
        .execute();

      await db.schema
        .createTable('referrals')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('person_ref', 'text')
        .addColumn('victim_contact', 'text')
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('unit_code', 'text')
        .addColumn('team_code', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text')
        .addColumn('partner', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        // 'referred' | 'signposted' once actioned (kept when closed).
        .addColumn('outcome', 'text')
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('actioned_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('synthetic', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('redacted_at', 'text')
        .addUniqueConstraint('referrals_key', ['force_id', 'ref'])
        .execute();
      await db.schema
        .createTable('referral_events')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('referral_id', big, (c) => c.notNull().references('referrals.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text', (c) => c.notNull())
        .addColumn('from_grade', 'text')
        .addColumn('to_grade', 'text')
        .addColumn('rationale', 'text')
        .execute();
      await db.schema
        .createIndex('referral_events_record')
        .on('referral_events')
        .columns(['referral_id'])
        .execute();

      await db.schema
        .createTable('iom_members')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('offender_ref', 'text', (c) => c.notNull())
        .addColumn('tier', 'text', (c) => c.notNull())
        .addColumn('score', real)
        .addColumn('score_source', 'text')
        .addColumn('unit_code', 'text')
        .addColumn('team_code', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text')
        .addColumn('entered_on', 'text', (c) => c.notNull())
        .addColumn('exited_on', 'text')
        .addColumn('pathways', 'text', (c) => c.notNull())
        .addColumn('synthetic', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('redacted_at', 'text')
        .addUniqueConstraint('iom_members_key', ['force_id', 'offender_ref'])
        .execute();
      await db.schema
        .createTable('iom_events')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('member_id', big, (c) => c.notNull().references('iom_members.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('on_date', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addUniqueConstraint('iom_events_key', ['member_id', 'kind', 'on_date'])
        .execute();
      await db.schema
        .createTable('iom_crime_links')
        .addColumn('force_id', big, (c) => c.notNull().references('forces.id'))
        .addColumn('offender_ref', 'text', (c) => c.notNull())
        .addColumn('crime_ref', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('harm', real)
        .addPrimaryKeyConstraint('iom_crime_links_pk', ['force_id', 'offender_ref', 'crime_ref'])
        .execute();
    },
  };
}
