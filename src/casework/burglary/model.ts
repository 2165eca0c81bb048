import type { Transitions } from '../shared/state-machine.ts';

/** An attendance record's states: reported → attendance scheduled → attended, or not attended. */
export const ATTENDANCE_STATES = ['reported', 'scheduled', 'attended', 'not-attended'] as const;
export type AttendanceState = (typeof ATTENDANCE_STATES)[number];

export const ATTENDANCE_MOVES: Transitions<AttendanceState> = {
  reported: ['scheduled', 'attended', 'not-attended'],
  // A scheduled visit may be re-arranged (scheduled again) before it happens.
  scheduled: ['scheduled', 'attended', 'not-attended'],
  attended: [],
  'not-attended': [],
};

export function isAttendanceState(s: string): s is AttendanceState {
  return (ATTENDANCE_STATES as readonly string[]).includes(s);
}

/** A reason a home burglary was not attended. The list is the force's (setting `burglary.reasons`). */
export interface NotAttendedReason {
  code: string;
  label: string;
}

export const DEFAULT_REASONS: readonly NotAttendedReason[] = [
  { code: 'victim-declined', label: 'Victim declined attendance' },
  { code: 'not-a-home', label: 'Not a home (an unconnected building)' },
  { code: 'no-crime', label: 'No crime' },
  { code: 'duplicate', label: 'Duplicate record' },
];

export const REASONS_SETTING = 'burglary.reasons';

/** Home (dwelling) burglary offence codes of the Home Office Counting Rules: residential burglary of a home. */
export const HOME_BURGLARY_CODES = ['28E', '28F'] as const;

/** One attendance record as the analytics read it. Instants are ISO UTC text. */
export interface AttendanceRecord {
  id: number;
  crimeRef: string;
  source: string;
  unit: string | null;
  team: string | null;
  month: string;
  reportedAt: string;
  vulnerable: boolean | null;
  state: AttendanceState;
  scheduledFor: string | null;
  attendedAt: string | null;
  reason: string | null;
  synthetic: boolean;
}

/** A step in a record's history, with who recorded it and when. */
export interface AttendanceStep {
  state: AttendanceState;
  at: string;
  recordedBy: string;
  reason: string | null;
  note: string | null;
}
