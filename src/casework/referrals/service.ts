import { percent } from '../shared/stats.ts';
import type { ReferralRecord, ServiceLevels, WorkingHours } from './model.ts';
import { workingHoursBetween } from './working-hours.ts';

/** A referral against its service level: working hours taken (so far, when not yet actioned). */
export interface ServiceCheck {
  hours: number;
  limit: number;
  breached: boolean;
  /** Not yet referred or signposted. */
  open: boolean;
}

/** Whether a referral met its grade's service level; an open one is judged at `nowMs`. Pure. */
export function serviceCheck(
  r: ReferralRecord,
  levels: ServiceLevels,
  wh: WorkingHours,
  nowMs: number,
): ServiceCheck {
  const end = r.actionedAt ? Date.parse(r.actionedAt) : nowMs;
  const hours = Math.round(workingHoursBetween(Date.parse(r.receivedAt), end, wh) * 10) / 10;
  const limit = levels[r.grade];
  return { hours, limit, breached: hours > limit, open: r.actionedAt === null };
}

export interface ReferralFigures {
  key: string;
  referrals: number;
  byGrade: Record<string, number>;
  byCategory: Record<string, number>;
  referred: number;
  signposted: number;
  withinServiceLevel: number;
  breaches: number;
  /** Of breaches: still not actioned. */
  openBreaches: number;
  /** Actioned within the service level, % of actioned. */
  shareWithin: number | null;
  synthetic: boolean;
}

/** Referral figures per unit, team or month. Pure. */
export function referralFigures(
  records: readonly ReferralRecord[],
  by: 'unit' | 'team' | 'month',
  levels: ServiceLevels,
  wh: WorkingHours,
  nowMs: number,
): ReferralFigures[] {
  const groups = new Map<string, ReferralRecord[]>();
  for (const r of records) {
    const k = (by === 'month' ? r.month : by === 'unit' ? r.unit : r.team) ?? '(no area)';
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, g]) => {
      const f: ReferralFigures = {
        key,
        referrals: g.length,
        byGrade: {},
        byCategory: {},
        referred: 0,
        signposted: 0,
        withinServiceLevel: 0,
        breaches: 0,
        openBreaches: 0,
        shareWithin: null,
        synthetic: g.some((r) => r.synthetic),
      };
      let actioned = 0;
      for (const r of g) {
        f.byGrade[r.grade] = (f.byGrade[r.grade] ?? 0) + 1;
        f.byCategory[r.category] = (f.byCategory[r.category] ?? 0) + 1;
        if (r.outcome === 'referred') f.referred++;
        if (r.outcome === 'signposted') f.signposted++;
        const c = serviceCheck(r, levels, wh, nowMs);
        if (!c.open) actioned++;
        if (c.breached) {
          f.breaches++;
          if (c.open) f.openBreaches++;
        } else if (!c.open) f.withinServiceLevel++;
      }
      f.shareWithin = percent(f.withinServiceLevel, actioned);
      return f;
    });
}
