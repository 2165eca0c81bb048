import type { RetentionClass } from '../retention/classes.ts';

/**
 * Retention classes of the volunteer records, in the shape the casework retention registry takes:
 * which table, which column identifies a record, which holds its force and which date starts its
 * retention period, the default period, and what the record is.
 */
export type { RetentionClass };

export const VOLUNTEER_RETENTION_CLASSES: RetentionClass[] = [
  {
    recordClass: 'volunteer-member',
    table: 'volunteer_members',
    idColumn: 'id',
    forceColumn: 'force_id',
    // A member who left: kept two years after leaving (members still active have no left date
    // and are never due).
    dateColumn: 'left_on',
    defaultDays: 730,
    describe: 'a volunteer member: name and contact details',
  },
  {
    recordClass: 'speedwatch-offence',
    table: 'speedwatch_offences',
    idColumn: 'id',
    forceColumn: 'force_id',
    dateColumn: 'seen_on',
    defaultDays: 365,
    describe: 'a vehicle registration seen speeding by SpeedWatch (the letters follow from it)',
  },
  {
    recordClass: 'volunteer-session',
    table: 'volunteer_sessions',
    idColumn: 'id',
    forceColumn: 'force_id',
    dateColumn: 'date',
    defaultDays: 2190,
    describe: 'a volunteer session: date, site, hours, vehicles checked',
  },
];
