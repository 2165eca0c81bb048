/**
 * Volunteer figures per team and month: sessions, volunteer hours, vehicles checked, offences,
 * letters by stage, and active members (members who took part in at least one session that month).
 * Pure: records in, rows out.
 */
import type { Letter, LetterStage } from './letters.ts';

export interface SessionFact {
  id: number;
  team: string;
  /** YYYY-MM-DD */
  date: string;
  hours: number;
  vehiclesChecked: number | null;
  offences: number;
  memberIds: readonly number[];
}

export interface LetterFact extends Letter {
  team: string;
}

export interface VolunteerFigures {
  team: string;
  /** YYYY-MM */
  month: string;
  sessions: number;
  hours: number;
  vehiclesChecked: number;
  offences: number;
  letters: Record<LetterStage, number>;
  activeMembers: number;
}

function empty(team: string, month: string): VolunteerFigures {
  return {
    team,
    month,
    sessions: 0,
    hours: 0,
    vehiclesChecked: 0,
    offences: 0,
    letters: { 'first-letter': 0, 'second-letter': 0, 'police-contact': 0 },
    activeMembers: 0,
  };
}

/** Rows per team and month, sorted by month then team. */
export function volunteerFigures(
  sessions: readonly SessionFact[],
  letters: readonly LetterFact[],
): VolunteerFigures[] {
  const rows = new Map<string, VolunteerFigures>();
  const members = new Map<string, Set<number>>();
  const row = (team: string, month: string) => {
    const key = `${month}|${team}`;
    let r = rows.get(key);
    if (!r) {
      r = empty(team, month);
      rows.set(key, r);
      members.set(key, new Set());
    }
    return r;
  };
  for (const s of sessions) {
    const month = s.date.slice(0, 7);
    const r = row(s.team, month);
    r.sessions++;
    r.hours += s.hours;
    r.vehiclesChecked += s.vehiclesChecked ?? 0;
    r.offences += s.offences;
    const set = members.get(`${month}|${s.team}`);
    for (const m of s.memberIds) set?.add(m);
  }
  for (const l of letters) row(l.team, l.date.slice(0, 7)).letters[l.stage]++;
  for (const [key, r] of rows) {
    r.activeMembers = members.get(key)?.size ?? 0;
    r.hours = Math.round(r.hours * 100) / 100;
  }
  return [...rows.values()].sort((a, b) => a.month.localeCompare(b.month) || a.team.localeCompare(b.team));
}

/** The rows added up (one total for a unit or force); `team` is the label given. */
export function totalFigures(
  rows: readonly VolunteerFigures[],
  team: string,
  month: string,
): VolunteerFigures {
  const t = empty(team, month);
  for (const r of rows) {
    t.sessions += r.sessions;
    t.hours += r.hours;
    t.vehiclesChecked += r.vehiclesChecked;
    t.offences += r.offences;
    t.activeMembers += r.activeMembers;
    for (const s of Object.keys(t.letters) as LetterStage[]) t.letters[s] += r.letters[s];
  }
  t.hours = Math.round(t.hours * 100) / 100;
  return t;
}
