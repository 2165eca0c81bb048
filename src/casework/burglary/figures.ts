import { median, percent, quantile } from '../shared/stats.ts';
import { CANNOT_EVIDENCE, type CannotEvidence, evidenceOf } from './evidence.ts';
import type { AttendanceRecord } from './model.ts';

/** How records are grouped: by unit, team or month (and always within what the caller passed). */
export type GroupBy = 'unit' | 'team' | 'month';

/** The pledge figures of one group of home burglaries. */
export interface PledgeFigures {
  key: string;
  burglaries: number;
  attended: number;
  /** attended / burglaries, %, one decimal (null for none). */
  shareAttended: number | null;
  /** Report to attendance, hours, of the attended ones (nearest rank). */
  medianHours: number | null;
  p90Hours: number | null;
  notAttended: number;
  notAttendedByReason: Record<string, number>;
  cannotEvidence: number;
  cannotEvidenceByWhy: Record<CannotEvidence, number>;
  /** Vulnerable victims whose burglary was not evidenced as attended: always a flag. */
  vulnerableNotAttended: number;
  synthetic: boolean;
}

function keyOf(r: AttendanceRecord, by: GroupBy): string {
  if (by === 'month') return r.month;
  return (by === 'unit' ? r.unit : r.team) ?? '(no area)';
}

/** The pledge figures per group, sorted by key. Pure: records in, figures out. */
export function pledgeFigures(records: readonly AttendanceRecord[], by: GroupBy): PledgeFigures[] {
  const groups = new Map<string, AttendanceRecord[]>();
  for (const r of records) {
    const k = keyOf(r, by);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, g]) => figuresOf(key, g));
}

/** The figures of one set of records (all of them, as one group). */
export function figuresOf(key: string, records: readonly AttendanceRecord[]): PledgeFigures {
  const hours: number[] = [];
  const byReason: Record<string, number> = {};
  const byWhy = Object.fromEntries(CANNOT_EVIDENCE.map((w) => [w, 0])) as Record<CannotEvidence, number>;
  let notAttended = 0;
  let cannot = 0;
  let vulnerableNot = 0;
  let synthetic = false;
  for (const r of records) {
    if (r.synthetic) synthetic = true;
    const e = evidenceOf(r);
    if (e.kind === 'attended') hours.push(e.hours);
    else {
      if (r.vulnerable) vulnerableNot++;
      if (e.kind === 'not-attended') {
        notAttended++;
        byReason[e.reason] = (byReason[e.reason] ?? 0) + 1;
      } else {
        cannot++;
        byWhy[e.why]++;
      }
    }
  }
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    key,
    burglaries: records.length,
    attended: hours.length,
    shareAttended: percent(hours.length, records.length),
    medianHours: round(median(hours)),
    p90Hours: round(quantile(hours, 0.9)),
    notAttended,
    notAttendedByReason: byReason,
    cannotEvidence: cannot,
    cannotEvidenceByWhy: byWhy,
    vulnerableNotAttended: vulnerableNot,
    synthetic,
  };
}
