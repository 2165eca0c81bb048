import type { CohortMember, LinkedCrime } from './model.ts';

function monthIndex(m: string): number {
  return Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
}

export interface BeforeAfter {
  offenderRef: string;
  /** Months counted on each side (the after side is cut at exit and at `asOf`). */
  monthsBefore: number;
  monthsAfter: number;
  crimesBefore: number;
  crimesAfter: number;
  harmBefore: number;
  harmAfter: number;
  /** Linked crimes without a harm weight (counted, not weighted). */
  unweighted: number;
}

/**
 * Linked offending in the `window` months before the month of entry and the months from entry
 * (up to `window`, exit and `asOf`). Pure. Not an evaluation (see BEFORE_AFTER_CAVEAT).
 */
export function beforeAfter(
  m: CohortMember,
  links: readonly LinkedCrime[],
  window: number,
  asOf: string,
): BeforeAfter {
  const entry = monthIndex(m.enteredOn.slice(0, 7));
  const last = Math.min(
    entry + window - 1,
    monthIndex(asOf),
    m.exitedOn ? monthIndex(m.exitedOn.slice(0, 7)) : Number.POSITIVE_INFINITY,
  );
  const out: BeforeAfter = {
    offenderRef: m.offenderRef,
    monthsBefore: window,
    monthsAfter: Math.max(0, last - entry + 1),
    crimesBefore: 0,
    crimesAfter: 0,
    harmBefore: 0,
    harmAfter: 0,
    unweighted: 0,
  };
  for (const l of links) {
    if (l.offenderRef !== m.offenderRef) continue;
    const i = monthIndex(l.month);
    const before = i >= entry - window && i < entry;
    const afterSide = i >= entry && i <= last;
    if (!before && !afterSide) continue;
    if (l.harm === null) out.unweighted++;
    if (before) {
      out.crimesBefore++;
      out.harmBefore += l.harm ?? 0;
    } else {
      out.crimesAfter++;
      out.harmAfter += l.harm ?? 0;
    }
  }
  out.harmBefore = Math.round(out.harmBefore * 10) / 10;
  out.harmAfter = Math.round(out.harmAfter * 10) / 10;
  return out;
}

/** Whether a member is in the cohort at any time in `month`. */
export function inCohort(m: CohortMember, month: string): boolean {
  return m.enteredOn.slice(0, 7) <= month && (m.exitedOn === null || m.exitedOn.slice(0, 7) >= month);
}
