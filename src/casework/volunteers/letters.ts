/**
 * The letters that follow a SpeedWatch sighting. A vehicle seen speeding gets a first advisory
 * letter; seen again, a second; seen a third time, police contact (a visit or call to the keeper).
 * The stage follows from the vehicle's own history: how many times the same registration was seen
 * speeding before, within the window (default 12 months; an older sighting no longer counts).
 * Pure: offences in, letters out.
 */

export const LETTER_STAGES = ['first-letter', 'second-letter', 'police-contact'] as const;
export type LetterStage = (typeof LETTER_STAGES)[number];

export interface Sighting {
  id: number;
  /** Normalised registration (upper case, no spaces). */
  registration: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
}

export interface Letter {
  offenceId: number;
  registration: string;
  date: string;
  stage: LetterStage;
  /** How many earlier sightings of the vehicle counted (within the window). */
  previous: number;
}

const DAY = 86_400_000;

/** How far back a vehicle's earlier sightings count for the stage of its next letter. */
export const LETTER_WINDOW_DAYS = 365;

/** What a letter shows for the vehicle once its registration has been removed at retention. */
export const REMOVED_REGISTRATION = '(removed)';

/**
 * The registration an offence keeps once the real one is removed at retention: its letter stage,
 * frozen (`previous` earlier sightings, or `-` for a repeat sighting that had no letter of its own),
 * and its id (unique within its session). It starts with `~`, which no registration can.
 */
export function redactedRegistration(offenceId: number, previous: number | null): string {
  return `~${previous ?? '-'}#${offenceId}`;
}

/** The frozen letter history of a removed registration, or undefined for a real registration. */
export function frozenPrevious(registration: string): number | null | undefined {
  const m = /^~(\d+|-)#\d+$/.exec(registration);
  if (!m) return undefined;
  return m[1] === '-' ? null : Number(m[1]);
}

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY;
}

/** The stage of a letter after `previous` earlier sightings. */
export function stageAfter(previous: number): LetterStage {
  return LETTER_STAGES[Math.min(previous, LETTER_STAGES.length - 1)];
}

/**
 * One letter per sighting, in date order, each at the stage the vehicle's history gives it.
 * Sightings of the same vehicle on the same day and time count once (one letter). A sighting
 * whose registration was removed at retention keeps its frozen stage and joins no history.
 */
export function lettersFor(sightings: readonly Sighting[], windowDays = LETTER_WINDOW_DAYS): Letter[] {
  const out: Letter[] = [];
  const live: Sighting[] = [];
  for (const s of sightings) {
    // A sighting whose registration was removed at retention keeps the stage it had.
    const frozen = frozenPrevious(s.registration);
    if (frozen === undefined) live.push(s);
    else if (frozen !== null)
      out.push({
        offenceId: s.id,
        registration: REMOVED_REGISTRATION,
        date: s.date,
        stage: stageAfter(frozen),
        previous: frozen,
      });
  }
  const sorted = live.sort(
    (a, b) =>
      a.registration.localeCompare(b.registration) ||
      a.date.localeCompare(b.date) ||
      a.time.localeCompare(b.time) ||
      a.id - b.id,
  );
  let reg = '';
  let history: number[] = [];
  let lastKey = '';
  for (const s of sorted) {
    if (s.registration !== reg) {
      reg = s.registration;
      history = [];
      lastKey = '';
    }
    const key = `${s.date} ${s.time}`;
    if (key === lastKey) continue;
    lastKey = key;
    const day = dayNumber(s.date);
    const previous = history.filter((d) => day - d <= windowDays).length;
    out.push({
      offenceId: s.id,
      registration: s.registration,
      date: s.date,
      stage: stageAfter(previous),
      previous,
    });
    history.push(day);
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.offenceId - b.offenceId);
}
