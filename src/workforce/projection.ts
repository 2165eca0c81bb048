/**
 * Joiners, leavers and moves: their totals per role over a window, and the strength they imply at
 * another month, starting from a strength snapshot. Pure.
 *
 * Timing rule: an event takes effect at the end of its (last) month. A snapshot as of date D
 * already includes every event that took effect on or before D. Projecting forward to month M adds
 * the events effective after D and by the end of M; projecting back to M takes away the events
 * effective after the end of M and by D.
 */
import { formatMonth } from '../core/time/month.ts';
import type { SnapshotInput, WorkforceEvent } from './model.ts';
import { sortRoles } from './model.ts';

/** 'YYYY-MM-DD' of the last day of a month index. */
export function monthEnd(month: number): string {
  const y = Math.floor(month / 12) + 1970;
  const m = month - (y - 1970) * 12; // 0-based
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return `${formatMonth(month)}-${String(last).padStart(2, '0')}`;
}

export interface Flow {
  role: string;
  joined: number;
  left: number;
  movedIn: number;
  movedOut: number;
  /** joined − left + movedIn − movedOut. */
  net: number;
  /** left + movedOut: everyone who stopped holding the role. */
  outflow: number;
}

/** Role totals of the events effective in [fromMonth, toMonth] (all when not given). */
export function eventFlows(events: WorkforceEvent[], fromMonth?: number, toMonth?: number): Flow[] {
  const flows = new Map<string, Flow>();
  const flow = (role: string) => {
    let f = flows.get(role);
    if (!f) {
      f = { role, joined: 0, left: 0, movedIn: 0, movedOut: 0, net: 0, outflow: 0 };
      flows.set(role, f);
    }
    return f;
  };
  for (const e of events) {
    if (fromMonth !== undefined && e.monthTo < fromMonth) continue;
    if (toMonth !== undefined && e.monthTo > toMonth) continue;
    if (e.type === 'join') flow(e.role).joined += e.fte;
    else if (e.type === 'leave') flow(e.role).left += e.fte;
    else {
      const to = e.toRole ?? e.role;
      if (to !== e.role) {
        flow(e.role).movedOut += e.fte;
        flow(to).movedIn += e.fte;
      } else flow(e.role); // a move between departments keeps the role's force-wide total
    }
  }
  for (const f of flows.values()) {
    f.net = f.joined - f.left + f.movedIn - f.movedOut;
    f.outflow = f.left + f.movedOut;
  }
  return sortRoles(flows.keys()).map((r) => flows.get(r) as Flow);
}

export interface ProjectedCell {
  /** Department code, or null for events given with no department (force-wide figures). */
  department: string | null;
  label: string;
  role: string;
  start: number;
  joined: number;
  left: number;
  movedIn: number;
  movedOut: number;
  /** start + (joined − left + movedIn − movedOut) forward; start − (…) back. */
  projected: number;
  establishment: number | null;
  /** projected − establishment. */
  variance: number | null;
}

export interface Projection {
  series: string;
  from: string;
  /** The month projected to, YYYY-MM, and the date it ends. */
  to: string;
  toDate: string;
  direction: 'forward' | 'back' | 'none';
  /** Events counted, and events outside the window. */
  eventsApplied: number;
  eventsOutside: number;
  cells: ProjectedCell[];
  roles: {
    role: string;
    start: number;
    projected: number;
    establishment: number | null;
    variance: number | null;
  }[];
  total: { start: number; projected: number; establishment: number | null; variance: number | null };
  /** Cells that would go below zero: the events and the snapshot do not agree. */
  warnings: string[];
}

/**
 * Strength at the end of `toMonth`, from a strength snapshot and the events. Events with no
 * department are kept in a "(no department)" row so that role and force totals include them.
 */
export function projectStrength(
  strength: SnapshotInput,
  events: WorkforceEvent[],
  toMonth: number,
  establishment: SnapshotInput | null = null,
): Projection {
  const toDate = monthEnd(toMonth);
  const D = strength.asOf;
  const direction = toDate > D ? 'forward' : toDate < D ? 'back' : 'none';
  const inWindow = (e: WorkforceEvent) => {
    const eff = monthEnd(e.monthTo);
    return direction === 'forward'
      ? eff > D && eff <= toDate
      : direction === 'back'
        ? eff > toDate && eff <= D
        : false;
  };
  const key = (d: string | null, r: string) => `${d ?? ''}|${r}`;
  const cells = new Map<string, ProjectedCell>();
  const labels = new Map<string, string>();
  for (const c of strength.cells) if (c.department !== null) labels.set(c.department, c.departmentLabel);
  const cell = (d: string | null, r: string) => {
    const k = key(d, r);
    let c = cells.get(k);
    if (!c) {
      c = {
        department: d,
        label: d === null ? '(no department)' : (labels.get(d) ?? d),
        role: r,
        start: 0,
        joined: 0,
        left: 0,
        movedIn: 0,
        movedOut: 0,
        projected: 0,
        establishment: null,
        variance: null,
      };
      cells.set(k, c);
    }
    return c;
  };
  for (const c of strength.cells) {
    if (c.department === null || c.role === null) continue;
    cell(c.department, c.role).start = c.fte ?? 0;
  }
  let applied = 0;
  for (const e of events) {
    if (!inWindow(e)) continue;
    applied++;
    if (e.type === 'join') cell(e.department, e.role).joined += e.fte;
    else if (e.type === 'leave') cell(e.department, e.role).left += e.fte;
    else {
      cell(e.department, e.role).movedOut += e.fte;
      cell(e.toDepartment ?? e.department, e.toRole ?? e.role).movedIn += e.fte;
    }
  }
  const sign = direction === 'back' ? -1 : 1;
  const est = new Map<string, number | null>();
  for (const c of establishment?.cells ?? [])
    if (c.department !== null && c.role !== null) est.set(key(c.department, c.role), c.fte);
  if (establishment)
    for (const c of establishment.cells)
      if (c.department !== null && c.role !== null) cell(c.department, c.role);
  const warnings: string[] = [];
  for (const c of cells.values()) {
    c.projected = c.start + sign * (c.joined - c.left + c.movedIn - c.movedOut);
    const e = est.get(key(c.department, c.role));
    c.establishment = e ?? null;
    c.variance = c.establishment === null ? null : c.projected - c.establishment;
    if (c.projected < 0 && c.department !== null)
      warnings.push(`${c.label} × ${c.role}: projected ${c.projected} FTE, below zero; check the events`);
  }
  const list = [...cells.values()];
  const roles = sortRoles(list.map((c) => c.role)).map((r) => {
    const of = list.filter((c) => c.role === r);
    const e = of.some((c) => c.establishment !== null)
      ? of.reduce((t, c) => t + (c.establishment ?? 0), 0)
      : null;
    const start = of.reduce((t, c) => t + c.start, 0);
    const projected = of.reduce((t, c) => t + c.projected, 0);
    return { role: r, start, projected, establishment: e, variance: e === null ? null : projected - e };
  });
  const te = roles.some((r) => r.establishment !== null)
    ? roles.reduce((t, r) => t + (r.establishment ?? 0), 0)
    : null;
  const tp = roles.reduce((t, r) => t + r.projected, 0);
  const order = new Map(roles.map((r, i) => [r.role, i]));
  const deptOrder = new Map<string, number>();
  for (const c of strength.cells)
    if (c.department !== null && !deptOrder.has(c.department)) deptOrder.set(c.department, deptOrder.size);
  list.sort(
    (a, b) =>
      (a.department === null ? 1e9 : (deptOrder.get(a.department) ?? 1e6)) -
        (b.department === null ? 1e9 : (deptOrder.get(b.department) ?? 1e6)) ||
      (order.get(a.role) ?? 0) - (order.get(b.role) ?? 0),
  );
  return {
    series: strength.series,
    from: D,
    to: formatMonth(toMonth),
    toDate,
    direction,
    eventsApplied: applied,
    eventsOutside: events.length - applied,
    cells: list,
    roles,
    total: {
      start: roles.reduce((t, r) => t + r.start, 0),
      projected: tp,
      establishment: te,
      variance: te === null ? null : tp - te,
    },
    warnings,
  };
}
