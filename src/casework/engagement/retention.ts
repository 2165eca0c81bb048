import { sql } from 'kysely';
import type { Redaction, RetentionClass } from '../retention/classes.ts';

/**
 * Retention classes of the engagement records (the casework retention registry's shape). Events
 * and priorities hold little personal data (attendance is a count): only the user who recorded
 * them, so they are kept longer.
 */
export const ENGAGEMENT_RETENTION_CLASSES: RetentionClass[] = [
  {
    recordClass: 'engagement-event',
    table: 'engagement_events',
    idColumn: 'id',
    forceColumn: 'force_id',
    dateColumn: 'date',
    defaultDays: 2190,
    describe:
      'an engagement event: who recorded it removed; kind, team, date, place, attendance and issues kept',
  },
  {
    recordClass: 'neighbourhood-priority',
    table: 'neighbourhood_priorities',
    idColumn: 'id',
    forceColumn: 'force_id',
    dateColumn: 'issue_date',
    defaultDays: 2190,
    describe:
      'a neighbourhood priority: who recorded it removed; issue, action, dates and what was done kept',
  },
];

/** The personal field of both (the user who recorded it) goes; the record stays for the figures. */
export const ENGAGEMENT_REDACTIONS: Readonly<Record<string, Redaction>> = {
  'engagement-event': { columns: ['owner_id'], pending: sql`owner_id IS NOT NULL` },
  'neighbourhood-priority': { columns: ['owner_id'], pending: sql`owner_id IS NOT NULL` },
};
