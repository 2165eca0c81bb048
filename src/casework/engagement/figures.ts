/**
 * Engagement figures per team and month: events (by kind), people attending, issues raised,
 * priorities set, closed, and open at the month's end. Pure: records in, rows out.
 */
import { EVENT_KINDS, type EventKind } from './model.ts';

export interface EventFact {
  team: string;
  date: string;
  kind: string;
  attendance: number;
  issues: number;
}

export interface PriorityFact {
  team: string;
  issueDate: string;
  closedOn: string | null;
}

export interface EngagementFigures {
  team: string;
  month: string;
  events: number;
  byKind: Record<EventKind, number>;
  attendance: number;
  issuesRaised: number;
  prioritiesSet: number;
  prioritiesClosed: number;
  openAtMonthEnd: number;
}

function empty(team: string, month: string): EngagementFigures {
  return {
    team,
    month,
    events: 0,
    byKind: Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as Record<EventKind, number>,
    attendance: 0,
    issuesRaised: 0,
    prioritiesSet: 0,
    prioritiesClosed: 0,
    openAtMonthEnd: 0,
  };
}

const isKind = (k: string): k is EventKind => (EVENT_KINDS as readonly string[]).includes(k);

/** Rows for every team and month with an event or a priority set or closed, by month then team. */
export function engagementFigures(
  events: readonly EventFact[],
  priorities: readonly PriorityFact[],
): EngagementFigures[] {
  const rows = new Map<string, EngagementFigures>();
  const row = (team: string, month: string) => {
    const key = `${month}|${team}`;
    let r = rows.get(key);
    if (!r) {
      r = empty(team, month);
      rows.set(key, r);
    }
    return r;
  };
  for (const e of events) {
    const r = row(e.team, e.date.slice(0, 7));
    r.events++;
    if (isKind(e.kind)) r.byKind[e.kind]++;
    r.attendance += e.attendance;
    r.issuesRaised += e.issues;
  }
  for (const p of priorities) {
    row(p.team, p.issueDate.slice(0, 7)).prioritiesSet++;
    if (p.closedOn) row(p.team, p.closedOn.slice(0, 7)).prioritiesClosed++;
  }
  for (const r of rows.values()) {
    const end = `${r.month}-31`;
    r.openAtMonthEnd = priorities.filter(
      (p) => p.team === r.team && p.issueDate <= end && (p.closedOn === null || p.closedOn > end),
    ).length;
  }
  return [...rows.values()].sort((a, b) => a.month.localeCompare(b.month) || a.team.localeCompare(b.team));
}

export function totalEngagement(rows: readonly EngagementFigures[], month: string): EngagementFigures {
  const t = empty('Total', month);
  for (const r of rows) {
    t.events += r.events;
    for (const k of EVENT_KINDS) t.byKind[k] += r.byKind[k];
    t.attendance += r.attendance;
    t.issuesRaised += r.issuesRaised;
    t.prioritiesSet += r.prioritiesSet;
    t.prioritiesClosed += r.prioritiesClosed;
    t.openAtMonthEnd += r.openAtMonthEnd;
  }
  return t;
}
