import { type BeforeAfter, beforeAfter, inCohort } from './before-after.ts';
import type { CohortMember, LinkedCrime } from './model.ts';

export interface CohortFigures {
  key: string;
  members: number;
  byTier: Record<string, number>;
  entered: number;
  exited: number;
  events: Record<string, number>;
  pathways: Record<string, number>;
  /** Totals over members with linked crimes: not an evaluation. */
  beforeAfter: {
    members: number;
    crimesBefore: number;
    crimesAfter: number;
    harmBefore: number;
    harmAfter: number;
    unweighted: number;
  };
  synthetic: boolean;
}

/**
 * The cohort in `month`, per unit or team: members by tier, entries and exits in the month, events
 * (reviews, visits, warrants, recalls) in the month, pathways, and linked offending before and after
 * entry (`window` months each side, cut at `month`). Pure.
 */
export function cohortFigures(
  members: readonly CohortMember[],
  events: readonly { memberId: number; kind: string; onDate: string }[],
  links: readonly LinkedCrime[],
  month: string,
  by: 'unit' | 'team',
  window = 12,
): CohortFigures[] {
  const groups = new Map<string, CohortMember[]>();
  for (const m of members) {
    if (!inCohort(m, month)) continue;
    const k = (by === 'unit' ? m.unit : m.team) ?? '(no area)';
    groups.set(k, [...(groups.get(k) ?? []), m]);
  }
  const linked = new Set(links.map((l) => l.offenderRef));
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, g]) => {
      const ids = new Set(g.map((m) => m.id));
      const f: CohortFigures = {
        key,
        members: g.length,
        byTier: {},
        entered: g.filter((m) => m.enteredOn.startsWith(month)).length,
        exited: g.filter((m) => m.exitedOn?.startsWith(month)).length,
        events: {},
        pathways: {},
        beforeAfter: {
          members: 0,
          crimesBefore: 0,
          crimesAfter: 0,
          harmBefore: 0,
          harmAfter: 0,
          unweighted: 0,
        },
        synthetic: g.some((m) => m.synthetic),
      };
      for (const m of g) {
        f.byTier[m.tier] = (f.byTier[m.tier] ?? 0) + 1;
        for (const p of m.pathways) f.pathways[p] = (f.pathways[p] ?? 0) + 1;
        if (!linked.has(m.offenderRef)) continue;
        const b: BeforeAfter = beforeAfter(m, links, window, month);
        f.beforeAfter.members++;
        f.beforeAfter.crimesBefore += b.crimesBefore;
        f.beforeAfter.crimesAfter += b.crimesAfter;
        f.beforeAfter.harmBefore = Math.round((f.beforeAfter.harmBefore + b.harmBefore) * 10) / 10;
        f.beforeAfter.harmAfter = Math.round((f.beforeAfter.harmAfter + b.harmAfter) * 10) / 10;
        f.beforeAfter.unweighted += b.unweighted;
      }
      for (const e of events)
        if (ids.has(e.memberId) && e.onDate.startsWith(month)) f.events[e.kind] = (f.events[e.kind] ?? 0) + 1;
      return f;
    });
}
