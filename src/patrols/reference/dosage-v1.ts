// The implementation before the typed-array rewrite (December 2026), kept unchanged only as the
// reference that equivalence.test.ts compares the current one with. Not used by the application.
/**
 * Dosage: the patrol time each hotspot received, day by day, against the plan. Pure: patrols (from
 * assemble.ts) and the plan's shape in, tables out. A patrol counts on the London date it started.
 * Planned minutes: visits per day × visit length on each patrol day of each hotspot (every day
 * when the plan is not randomised; the allocation's patrol days when it is). Compliance: delivered
 * minutes on planned hotspot-days, each capped at its planned minutes, over planned minutes.
 */
import { dateNumber, dateText, londonDay } from '../days.ts';

export interface DosagePatrol {
  hotspotRank: number | null;
  startMs: number;
  endMs: number | null;
  minutes: number;
  trackedMinutes: number | null;
}

export interface DosagePlan {
  startDate: string;
  days: number;
  /** Hotspots in rank order (rank = index + 1), with the team each belongs to. */
  hotspots: readonly { rank: number; teamCode: string }[];
  /** days × hotspots flags (1 = patrol day), or null: every day is a patrol day. */
  allocation: Uint8Array | null;
  visitsPerDay: number;
  visitMinutes: number;
}

export interface HotspotDay {
  rank: number;
  day: number;
  date: string;
  planned: boolean;
  plannedMinutes: number;
  visits: number;
  minutes: number;
  minutesPerVisit: number | null;
  /** Mean minutes between the end of one visit and the start of the next that day (null under 2 visits). */
  meanGapMinutes: number | null;
  trackedMinutes: number;
}

export interface ComplianceRow {
  key: string;
  plannedMinutes: number;
  /** Delivered on planned hotspot-days, each capped at its plan. */
  deliveredMinutes: number;
  /** Every minute delivered, whatever the plan said. */
  allMinutes: number;
  visits: number;
  /** deliveredMinutes / plannedMinutes, 0..1 (null when nothing was planned). */
  compliance: number | null;
}

export interface HotspotDosage extends ComplianceRow {
  rank: number;
  teamCode: string;
  daysPatrolled: number;
  longestRun: number;
  minutesPerVisit: number | null;
}

export interface Dosage {
  days: HotspotDay[];
  hotspots: HotspotDosage[];
  teams: ComplianceRow[];
  weeks: ComplianceRow[];
  total: ComplianceRow;
  /** Share of delivered minutes measured by pings rather than typed in (null when none delivered). */
  trackedShare: number | null;
  /** Minutes spent in hotspots on their control (no-patrol) days, and the visits. */
  controlMinutes: number;
  controlVisits: number;
  /** Patrols outside the plan's days or at no known hotspot (not counted). */
  outsidePlan: number;
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

export function dosage(patrols: readonly DosagePatrol[], plan: DosagePlan): Dosage {
  const H = plan.hotspots.length;
  const D = plan.days;
  const cells = H * D;
  const visits = new Int32Array(cells);
  const minutes = new Float64Array(cells);
  const tracked = new Float64Array(cells);
  const gapSum = new Float64Array(cells);
  const gapN = new Int32Array(cells);
  const lastEnd = new Float64Array(cells).fill(Number.NaN);
  const day0 = dateNumber(plan.startDate);
  if (day0 === null) throw new RangeError(`bad startDate ${plan.startDate}`);
  let outside = 0;
  let trackedAll = 0;
  let all = 0;
  const order = patrols.map((_, i) => i).sort((a, b) => patrols[a].startMs - patrols[b].startMs);
  for (const i of order) {
    const p = patrols[i];
    const h = p.hotspotRank === null ? -1 : p.hotspotRank - 1;
    const d = londonDay(p.startMs) - day0;
    if (h < 0 || h >= H || d < 0 || d >= D || p.endMs === null) {
      outside++;
      continue;
    }
    const c = d * H + h;
    visits[c]++;
    minutes[c] += p.minutes;
    all += p.minutes;
    if (p.trackedMinutes !== null) {
      tracked[c] += p.trackedMinutes;
      trackedAll += p.trackedMinutes;
    }
    if (!Number.isNaN(lastEnd[c])) {
      gapSum[c] += Math.max(0, (p.startMs - lastEnd[c]) / 60_000);
      gapN[c]++;
    }
    lastEnd[c] = Number.isNaN(lastEnd[c]) ? p.endMs : Math.max(lastEnd[c], p.endMs);
  }
  const perDay = plan.visitsPerDay * plan.visitMinutes;
  const days: HotspotDay[] = [];
  const hs: HotspotDosage[] = plan.hotspots.map((x) => ({
    key: `hotspot ${x.rank}`,
    rank: x.rank,
    teamCode: x.teamCode,
    plannedMinutes: 0,
    deliveredMinutes: 0,
    allMinutes: 0,
    visits: 0,
    compliance: null,
    daysPatrolled: 0,
    longestRun: 0,
    minutesPerVisit: null,
  }));
  const teams = new Map<string, ComplianceRow>();
  const weeks = new Map<string, ComplianceRow>();
  const row = (key: string): ComplianceRow => ({
    key,
    plannedMinutes: 0,
    deliveredMinutes: 0,
    allMinutes: 0,
    visits: 0,
    compliance: null,
  });
  const total = row('all');
  const run = new Int32Array(H);
  let controlMinutes = 0;
  let controlVisits = 0;
  for (let d = 0; d < D; d++) {
    const date = dateText(day0 + d);
    const weekKey = `week ${Math.floor(d / 7) + 1} (from ${dateText(day0 + Math.floor(d / 7) * 7)})`;
    let wk = weeks.get(weekKey);
    if (!wk) {
      wk = row(weekKey);
      weeks.set(weekKey, wk);
    }
    for (let h = 0; h < H; h++) {
      const c = d * H + h;
      const planned = plan.allocation ? plan.allocation[c] === 1 : true;
      const plannedMinutes = planned ? perDay : 0;
      const delivered = planned ? Math.min(minutes[c], plannedMinutes) : 0;
      if (!planned && visits[c] > 0) {
        controlMinutes += minutes[c];
        controlVisits += visits[c];
      }
      const team = plan.hotspots[h].teamCode || '(no team)';
      let tm = teams.get(team);
      if (!tm) {
        tm = row(team);
        teams.set(team, tm);
      }
      for (const r of [hs[h], tm, wk, total]) {
        r.plannedMinutes += plannedMinutes;
        r.deliveredMinutes += delivered;
        r.allMinutes += minutes[c];
        r.visits += visits[c];
      }
      if (visits[c] > 0) {
        hs[h].daysPatrolled++;
        run[h]++;
        if (run[h] > hs[h].longestRun) hs[h].longestRun = run[h];
      } else run[h] = 0;
      if (planned || visits[c] > 0)
        days.push({
          rank: h + 1,
          day: d,
          date,
          planned,
          plannedMinutes,
          visits: visits[c],
          minutes: minutes[c],
          minutesPerVisit: visits[c] ? minutes[c] / visits[c] : null,
          meanGapMinutes: gapN[c] ? gapSum[c] / gapN[c] : null,
          trackedMinutes: tracked[c],
        });
    }
  }
  const finish = <T extends ComplianceRow>(r: T): T => ({
    ...r,
    compliance: ratio(r.deliveredMinutes, r.plannedMinutes),
  });
  return {
    days,
    hotspots: hs.map((h) => ({ ...finish(h), minutesPerVisit: h.visits ? h.allMinutes / h.visits : null })),
    teams: [...teams.values()].map(finish),
    weeks: [...weeks.values()].map(finish),
    total: finish(total),
    trackedShare: ratio(trackedAll, all),
    controlMinutes,
    controlVisits,
    outsidePlan: outside,
  };
}
