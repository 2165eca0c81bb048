import type { AttendanceRecord } from './model.ts';

/**
 * What a record evidences about the pledge. `attended` needs an attendance time at or after the
 * report; `not-attended` needs a reason. Anything else — no outcome recorded yet, not attended with
 * no reason, attended with no time or a time before the report — is `cannot-evidence`, and is never
 * counted as attended.
 */
export type Evidence =
  | { kind: 'attended'; hours: number }
  | { kind: 'not-attended'; reason: string }
  | { kind: 'cannot-evidence'; why: CannotEvidence };

export const CANNOT_EVIDENCE = [
  'no outcome recorded',
  'not attended, no reason',
  'attendance time missing or before report',
] as const;
export type CannotEvidence = (typeof CANNOT_EVIDENCE)[number];

export function evidenceOf(r: AttendanceRecord): Evidence {
  if (r.state === 'attended') {
    if (r.attendedAt === null)
      return { kind: 'cannot-evidence', why: 'attendance time missing or before report' };
    const hours = (Date.parse(r.attendedAt) - Date.parse(r.reportedAt)) / 3_600_000;
    if (!(hours >= 0)) return { kind: 'cannot-evidence', why: 'attendance time missing or before report' };
    return { kind: 'attended', hours };
  }
  if (r.state === 'not-attended')
    return r.reason
      ? { kind: 'not-attended', reason: r.reason }
      : { kind: 'cannot-evidence', why: 'not attended, no reason' };
  return { kind: 'cannot-evidence', why: 'no outcome recorded' };
}
