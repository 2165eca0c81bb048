import { type Kysely, sql } from 'kysely';
import type { Database } from '../../core/store/schema.ts';
import type { Redaction, RetentionClass } from '../retention/classes.ts';
import { LETTER_WINDOW_DAYS, lettersFor, redactedRegistration } from './letters.ts';
import { vdb } from './schema.ts';

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
    describe:
      'a volunteer member who left: name and contact details removed (the member stays, unnamed, in the sessions they attended)',
  },
  {
    recordClass: 'speedwatch-offence',
    table: 'speedwatch_offences',
    idColumn: 'id',
    forceColumn: 'force_id',
    dateColumn: 'seen_on',
    defaultDays: 365,
    describe:
      'a vehicle seen speeding by SpeedWatch: registration removed, its letter stage kept (held while a later sighting of the vehicle within the letter window needs it)',
  },
  // Sessions (date, site, hours, vehicles checked) hold no personal data of their own: who took
  // part is a link to a member, whose name goes at the member's retention. They are kept with the
  // figures they make.
];

/** The name a member keeps once their personal data is removed. */
export const REMOVED_NAME = '(removed at retention)';

/**
 * How the personal fields go while the records stay for the monthly figures: a member keeps its
 * reference, group and dates (the active-member counts); an offence keeps its session, time, speed
 * and limit (the offence counts) and its letter stage, frozen in place of the registration.
 */
export const VOLUNTEER_REDACTIONS: Readonly<Record<string, Redaction>> = {
  'volunteer-member': {
    columns: ['email', 'phone'],
    values: { name: REMOVED_NAME },
    pending: sql`(name <> ${REMOVED_NAME} OR email IS NOT NULL OR phone IS NOT NULL)`,
  },
  'speedwatch-offence': {
    columns: [],
    pending: sql`registration NOT LIKE ${'~%'}`,
    hold: holdOffences,
    prepare: freezeLetterStages,
  },
};

async function offencesOf(db: Kysely<Database>, forceId: number) {
  return vdb(db)
    .selectFrom('speedwatch_offences')
    .select(['id', 'registration', 'seen_on', 'seen_at'])
    .where('force_id', '=', forceId)
    .execute();
}

const dayOf = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/**
 * The due offences to keep back: a later sighting of the same vehicle within the letter window
 * that is not due itself counts this one for its letter stage, so removing this registration would
 * change that letter (and the figures of its month).
 */
async function holdOffences(
  db: Kysely<Database>,
  forceId: number,
  due: readonly { id: number; date: string }[],
  cutoff: string,
): Promise<Set<number>> {
  const all = await offencesOf(db, forceId);
  const notDue = new Map<string, number[]>();
  for (const o of all)
    if (o.seen_on > cutoff) {
      const list = notDue.get(o.registration);
      if (list) list.push(dayOf(o.seen_on));
      else notDue.set(o.registration, [dayOf(o.seen_on)]);
    }
  const regOf = new Map(all.map((o) => [o.id, o.registration]));
  const held = new Set<number>();
  for (const d of due) {
    const later = notDue.get(regOf.get(d.id) ?? '') ?? [];
    const day = dayOf(d.date);
    if (later.some((l) => l >= day && l - day <= LETTER_WINDOW_DAYS)) held.add(d.id);
  }
  return held;
}

/**
 * Replaces the registration of each offence by its frozen letter stage (computed from the whole
 * history first, so removing one does not change another's stage).
 */
async function freezeLetterStages(db: Kysely<Database>, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const v = vdb(db);
  const forces = await v
    .selectFrom('speedwatch_offences')
    .select('force_id')
    .distinct()
    .where('id', 'in', [...ids])
    .execute();
  const wanted = new Set(ids);
  for (const { force_id } of forces) {
    const all = await offencesOf(db, force_id);
    const letters = new Map(
      lettersFor(
        all.map((o) => ({ id: o.id, registration: o.registration, date: o.seen_on, time: o.seen_at })),
      ).map((l) => [l.offenceId, l.previous]),
    );
    for (const o of all)
      if (wanted.has(o.id))
        await v
          .updateTable('speedwatch_offences')
          .set({ registration: redactedRegistration(o.id, letters.get(o.id) ?? null) })
          .where('id', '=', o.id)
          .execute();
  }
}
