import type { RetentionClass } from '../volunteers/index.ts';

/**
 * Retention classes of the engagement records (the casework retention registry's shape). Events
 * and priorities hold no personal data (attendance is a count), so they are kept longer.
 */
export const ENGAGEMENT_RETENTION_CLASSES: RetentionClass[] = [
  {
    recordClass: 'engagement-event',
    table: 'engagement_events',
    idColumn: 'id',
    forceColumn: 'force_id',
    dateColumn: 'date',
    defaultDays: 2190,
    describe: 'an engagement event: kind, team, date, place, attendance, issues raised',
  },
  {
    recordClass: 'neighbourhood-priority',
    table: 'neighbourhood_priorities',
    idColumn: 'id',
    forceColumn: 'force_id',
    dateColumn: 'issue_date',
    defaultDays: 2190,
    describe: 'a neighbourhood priority: issue, action, dates, what was done',
  },
];
