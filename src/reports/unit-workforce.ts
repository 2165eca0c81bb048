/**
 * A unit's share of the workforce tables, for a unit's paper: the rows a supplied table holds for
 * that unit (NPU) with their totals, and the joiners and leavers recorded against it. A table with
 * no row for the unit, or events with no unit named, stay force-wide (the paper says so). Pure:
 * takes the workforce API's reports, returns plain data.
 */
import {
  type Comparison,
  compare,
  type Flow,
  roleByCode,
  type SeriesReport,
  sortRoles,
  type TotalCheck,
  type VarianceRow,
  type WorkforceFlows,
} from '../workforce/index.ts';

export interface UnitSeries {
  /** The table's rows for the unit (one per department coded as the unit). */
  rows: VarianceRow[];
  /** Sums over those rows, per role and in all (unknown only where every row is). */
  totals: Record<string, Comparison>;
  grandTotal: Comparison;
  /** The printed totals of the unit's rows that its cells do not add up to. */
  discrepancies: TotalCheck[];
  /** The other printed totals of the table that do not add up (its columns and grand total). */
  otherDiscrepancies: number;
}

function sum(values: (number | null)[]): number | null {
  let any = false;
  let t = 0;
  for (const v of values) {
    if (v === null) continue;
    any = true;
    t += v;
  }
  return any ? t : null;
}

function sumComparisons(list: Comparison[]): Comparison {
  return compare(sum(list.map((c) => c.establishment)), sum(list.map((c) => c.strength)));
}

/** The unit's rows of a series and their totals; null when the table holds no row for the unit. */
export function unitSeries(s: SeriesReport, unit: string): UnitSeries | null {
  const rows = s.table.departments.filter((d) => d.department === unit);
  if (!rows.length) return null;
  const totals: Record<string, Comparison> = {};
  for (const r of s.table.roles)
    totals[r] = sumComparisons(rows.map((d) => d.cells[r]).filter((c): c is Comparison => !!c));
  const bad = [...(s.establishmentTotals?.discrepancies ?? []), ...(s.strengthTotals?.discrepancies ?? [])];
  const mine = bad.filter((c) => c.department === unit);
  return {
    rows,
    totals,
    grandTotal: sumComparisons(rows.map((d) => d.total)),
    discrepancies: mine,
    otherDiscrepancies: bad.filter((c) => c.department === null).length,
  };
}

export interface UnitFlows {
  roles: (Flow & { label: string })[];
  /** Events in the window that name no unit or department (not counted for the unit). */
  unplaced: number;
}

/**
 * Joiners, leavers and moves of one unit over the flows' window: a join into or leave from the
 * unit; a move out of it (to another department or role) as moved out, a move into it as moved in.
 * Null when no event in the window names a department: the events are force-wide only.
 */
export function unitFlows(f: WorkforceFlows, unit: string): UnitFlows | null {
  if (!f.events.some((e) => e.department !== null || e.toDepartment !== null)) return null;
  const flows = new Map<string, Flow>();
  const flow = (role: string): Flow => {
    let x = flows.get(role);
    if (!x) {
      x = { role, joined: 0, left: 0, movedIn: 0, movedOut: 0, net: 0, outflow: 0 };
      flows.set(role, x);
    }
    return x;
  };
  let unplaced = 0;
  for (const e of f.events) {
    if (e.department === null && e.toDepartment === null) {
      unplaced++;
      continue;
    }
    const from = e.department === unit;
    if (e.type === 'join') {
      if (from) flow(e.role).joined += e.fte;
    } else if (e.type === 'leave') {
      if (from) flow(e.role).left += e.fte;
    } else {
      // A move with no destination department stays in its department.
      const toRole = e.toRole ?? e.role;
      const to = (e.toDepartment ?? e.department) === unit;
      if (from && to && toRole === e.role) flow(e.role);
      else {
        if (from) flow(e.role).movedOut += e.fte;
        if (to) flow(toRole).movedIn += e.fte;
      }
    }
  }
  const roles = sortRoles(flows.keys()).map((r) => {
    const x = flows.get(r) as Flow;
    x.net = x.joined - x.left + x.movedIn - x.movedOut;
    x.outflow = x.left + x.movedOut;
    return { ...x, label: roleByCode(r)?.label ?? r };
  });
  return { roles, unplaced };
}
