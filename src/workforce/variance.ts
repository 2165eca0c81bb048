/**
 * Establishment against strength: variance (strength − establishment) and fill rate
 * (strength ÷ establishment) per department × role, per department, per role and in total.
 * Pure: takes snapshots, returns plain JSON-ready objects.
 */
import { type SnapshotInput, sortRoles } from './model.ts';
import { departmentOrder } from './totals.ts';

/** One comparison. null = not known (no such snapshot, cell absent or blank). */
export interface Comparison {
  establishment: number | null;
  strength: number | null;
  /** strength − establishment, when both are known. */
  variance: number | null;
  /** strength ÷ establishment, when both are known and establishment > 0. */
  fillRate: number | null;
}

export interface VarianceRow {
  department: string;
  label: string;
  cells: Record<string, Comparison>;
  total: Comparison;
}

export interface VarianceTable {
  roles: string[];
  departments: VarianceRow[];
  /** Per role, over all departments. */
  totals: Record<string, Comparison>;
  grandTotal: Comparison;
}

export function compare(establishment: number | null, strength: number | null): Comparison {
  return {
    establishment,
    strength,
    variance: establishment !== null && strength !== null ? strength - establishment : null,
    fillRate:
      establishment !== null && strength !== null && establishment > 0 ? strength / establishment : null,
  };
}

/** Adds numbers that may be unknown: unknown only when every one is. */
function sumKnown(values: (number | null)[]): number | null {
  let any = false;
  let t = 0;
  for (const v of values) {
    if (v === null) continue;
    any = true;
    t += v;
  }
  return any ? t : null;
}

/**
 * The side-by-side table. Either snapshot may be missing (its columns are then unknown). Only the
 * table cells count, never the file's printed totals (those are checked in totals.ts).
 */
export function varianceTable(est: SnapshotInput | null, str: SnapshotInput | null): VarianceTable {
  const cells = [...(est?.cells ?? []), ...(str?.cells ?? [])].filter(
    (c) => c.department !== null && c.role !== null,
  );
  const roles = sortRoles(cells.map((c) => c.role as string));
  const depts = departmentOrder(cells);
  const index = (s: SnapshotInput | null) => {
    const m = new Map<string, number | null>();
    for (const c of s?.cells ?? [])
      if (c.department !== null && c.role !== null) m.set(`${c.department}|${c.role}`, c.fte);
    return m;
  };
  const e = index(est);
  const s = index(str);
  const get = (m: Map<string, number | null>, snap: SnapshotInput | null, d: string, r: string) =>
    snap ? (m.get(`${d}|${r}`) ?? null) : null;
  const departments: VarianceRow[] = depts.map((d) => {
    const row: Record<string, Comparison> = {};
    for (const r of roles) row[r] = compare(get(e, est, d.code, r), get(s, str, d.code, r));
    return {
      department: d.code,
      label: d.label,
      cells: row,
      total: compare(
        sumKnown(roles.map((r) => row[r].establishment)),
        sumKnown(roles.map((r) => row[r].strength)),
      ),
    };
  });
  const totals: Record<string, Comparison> = {};
  for (const r of roles) {
    totals[r] = compare(
      sumKnown(departments.map((d) => d.cells[r].establishment)),
      sumKnown(departments.map((d) => d.cells[r].strength)),
    );
  }
  return {
    roles,
    departments,
    totals,
    grandTotal: compare(
      sumKnown(roles.map((r) => totals[r].establishment)),
      sumKnown(roles.map((r) => totals[r].strength)),
    ),
  };
}

export interface CellChange {
  department: string;
  label: string;
  role: string;
  from: number | null;
  to: number | null;
  /** to − from, when both are known. */
  change: number | null;
}

export interface SnapshotChange {
  series: string;
  kind: string;
  from: string;
  to: string;
  /** Every department × role in either snapshot. */
  cells: CellChange[];
  roles: { role: string; from: number | null; to: number | null; change: number | null }[];
  total: { from: number | null; to: number | null; change: number | null };
}

/** The change between consecutive snapshots of one series and kind (sorted by as-of date here). */
export function snapshotChanges(snapshots: SnapshotInput[]): SnapshotChange[] {
  const groups = new Map<string, SnapshotInput[]>();
  for (const s of snapshots) {
    const k = `${s.series}\u0000${s.kind}`;
    const list = groups.get(k) ?? [];
    list.push(s);
    groups.set(k, list);
  }
  const out: SnapshotChange[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => a.asOf.localeCompare(b.asOf));
    for (let i = 1; i < list.length; i++) {
      // A variance table of (earlier as "establishment", later as "strength") is exactly the change.
      const t = varianceTable(list[i - 1], list[i]);
      const cells: CellChange[] = [];
      for (const d of t.departments)
        for (const r of t.roles) {
          const c = d.cells[r];
          cells.push({
            department: d.department,
            label: d.label,
            role: r,
            from: c.establishment,
            to: c.strength,
            change: c.variance,
          });
        }
      out.push({
        series: list[i].series,
        kind: list[i].kind,
        from: list[i - 1].asOf,
        to: list[i].asOf,
        cells,
        roles: t.roles.map((r) => ({
          role: r,
          from: t.totals[r].establishment,
          to: t.totals[r].strength,
          change: t.totals[r].variance,
        })),
        total: {
          from: t.grandTotal.establishment,
          to: t.grandTotal.strength,
          change: t.grandTotal.variance,
        },
      });
    }
  }
  return out;
}
