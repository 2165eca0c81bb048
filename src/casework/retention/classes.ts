/**
 * Every class of casework record with its retention: the table it lives in, the columns naming a
 * record, its force and the date its retention runs from, and the default period (a force sets its
 * own with the setting `retention.<recordClass>`, in days). The volunteers' and engagement classes
 * are declared beside their records (casework/volunteers, casework/engagement).
 */
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../../core/store/schema.ts';
import { ENGAGEMENT_REDACTIONS, ENGAGEMENT_RETENTION_CLASSES } from '../engagement/retention.ts';
import { VOLUNTEER_REDACTIONS, VOLUNTEER_RETENTION_CLASSES } from '../volunteers/retention.ts';

export interface RetentionClass {
  recordClass: string;
  table: string;
  idColumn: string;
  forceColumn: string;
  dateColumn: string;
  defaultDays: number;
  describe: string;
}

export const CASEWORK_RETENTION_CLASSES: readonly RetentionClass[] = [
  {
    recordClass: 'burglary-attendance',
    table: 'burglary_attendance',
    idColumn: 'id',
    forceColumn: 'force_id',
    dateColumn: 'reported_at',
    defaultDays: 2 * 365,
    describe:
      'home burglary attendance records: crime reference and victim contact, two years from the report',
  },
  {
    recordClass: 'referrals',
    table: 'referrals',
    idColumn: 'id',
    forceColumn: 'force_id',
    dateColumn: 'received_at',
    defaultDays: 6 * 365,
    describe: 'vulnerability referrals: person reference and victim contact, six years from receipt',
  },
  {
    recordClass: 'offenders',
    table: 'iom_members',
    idColumn: 'id',
    forceColumn: 'force_id',
    dateColumn: 'entered_on',
    defaultDays: 6 * 365,
    describe: 'IOM cohort members: offender reference and score source, six years from entry',
  },
];

/** The registry: every class reviewed by `beatwise retention review`. */
export const RETENTION_CLASSES: readonly RetentionClass[] = [
  ...CASEWORK_RETENTION_CLASSES,
  ...VOLUNTEER_RETENTION_CLASSES,
  ...ENGAGEMENT_RETENTION_CLASSES,
];

/**
 * How a class's personal fields are removed while the record stays for the aggregate figures
 * (months, teams, states and times are not personal). A class without an entry is deleted outright.
 */
export interface Redaction {
  /** Columns cleared (set to NULL). */
  columns: readonly string[];
  /** Columns that may not be empty, given a fixed value instead (a member's name). */
  values?: Readonly<Record<string, string>>;
  /** The column stamped with the time the personal data went (a redacted record is not due again). */
  stamp?: string;
  /** Without a stamp: the SQL condition of a record that still holds personal data. */
  pending?: RawBuilder<unknown>;
  /** Due records to keep back for now (another record's figures still need them). */
  hold?: (
    db: Kysely<Database>,
    forceId: number,
    due: readonly { id: number; date: string }[],
    cutoff: string,
  ) => Promise<Set<number>>;
  /** Work done first, on all the due records at once while they are whole (in one transaction). */
  prepare?: (db: Kysely<Database>, ids: readonly number[]) => Promise<void>;
}

export const REDACTIONS: Readonly<Record<string, Redaction>> = {
  'burglary-attendance': { columns: ['victim_contact', 'owner_id'], stamp: 'redacted_at' },
  referrals: { columns: ['person_ref', 'victim_contact', 'owner_id', 'partner'], stamp: 'redacted_at' },
  offenders: { columns: ['score_source', 'owner_id'], stamp: 'redacted_at' },
  ...VOLUNTEER_REDACTIONS,
  ...ENGAGEMENT_REDACTIONS,
};
