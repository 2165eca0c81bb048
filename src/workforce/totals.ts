/**
 * Row, column and grand totals of a workforce table, and the check of every total the file printed
 * against the sum of its rows. A printed total that the rows do not add up to is reported with its
 * line, the printed and the computed figure: the data is kept as given, never "fixed".
 */
import { type CellInput, roleByCode, type SnapshotInput, sortRoles } from './model.ts';

export interface TotalCheck {
  /**
   * row: a department's printed total vs its cells; column: a role's printed total vs its cells;
   * grand: the printed grand total vs every cell; row-totals / column-totals: the printed grand
   * total vs the printed row / column totals added up.
   */
  what: 'row' | 'column' | 'grand' | 'row-totals' | 'column-totals';
  department: string | null;
  departmentLabel: string | null;
  role: string | null;
  /** Where the printed figure is. */
  line: number;
  field: string;
  printed: number;
  computed: number;
  /** computed − printed. */
  difference: number;
  ok: boolean;
  /** A sentence a reader can act on, e.g. "Coventry NPU (line 12): …". */
  message: string;
}

export interface DepartmentTotal {
  department: string;
  label: string;
  /** Sum of the department's cells (blank = 0). */
  total: number;
  printed: number | null;
}

export interface RoleTotal {
  role: string;
  total: number;
  printed: number | null;
}

export interface BlankCell {
  department: string;
  label: string;
  role: string;
  line: number;
  field: string;
}

export interface SnapshotTotals {
  departments: DepartmentTotal[];
  roles: RoleTotal[];
  grand: number;
  printedGrand: number | null;
  checks: TotalCheck[];
  /** The checks that failed. */
  discrepancies: TotalCheck[];
  /** Cells the file left blank (counted as 0 in sums). */
  blanks: BlankCell[];
}

/** Formats FTE: 1756, 123.5, with a sign when asked. */
export function fmtFte(n: number, sign = false): string {
  const s = Number.isInteger(n) ? String(n) : n.toFixed(1);
  return sign && n > 0 ? `+${s}` : s;
}

function roleName(code: string | null): string {
  if (code === null) return 'total';
  return roleByCode(code)?.label ?? code;
}

/** Departments in the order the file first lists them. */
export function departmentOrder(cells: CellInput[]): { code: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const c of cells)
    if (c.department !== null && !seen.has(c.department)) seen.set(c.department, c.departmentLabel);
  return [...seen].map(([code, label]) => ({ code, label }));
}

/** Totals of one snapshot and the check of each printed total. */
export function snapshotTotals(s: SnapshotInput): SnapshotTotals {
  const data = s.cells.filter((c) => c.department !== null && c.role !== null);
  const rowSum = new Map<string, number>();
  const colSum = new Map<string, number>();
  let grand = 0;
  const blanks: BlankCell[] = [];
  for (const c of data) {
    const v = c.fte ?? 0;
    rowSum.set(c.department as string, (rowSum.get(c.department as string) ?? 0) + v);
    colSum.set(c.role as string, (colSum.get(c.role as string) ?? 0) + v);
    grand += v;
    if (c.fte === null)
      blanks.push({
        department: c.department as string,
        label: c.departmentLabel,
        role: c.role as string,
        line: c.line,
        field: c.field,
      });
  }
  const printedRow = new Map<string, CellInput>();
  const printedCol = new Map<string, CellInput>();
  let printedGrand: CellInput | null = null;
  for (const c of s.cells) {
    if (c.fte === null) continue;
    if (c.department !== null && c.role === null) printedRow.set(c.department, c);
    else if (c.department === null && c.role !== null) printedCol.set(c.role, c);
    else if (c.department === null && c.role === null) printedGrand = c;
  }
  const checks: TotalCheck[] = [];
  const check = (
    what: TotalCheck['what'],
    p: CellInput,
    computed: number,
    describe: (printed: number, computed: number) => string,
  ) => {
    const printed = p.fte as number;
    const difference = computed - printed;
    const ok = difference === 0;
    const place = `line ${p.line}, ${p.field}`;
    checks.push({
      what,
      department: what === 'row' ? p.department : null,
      departmentLabel: what === 'row' ? p.departmentLabel : null,
      role: what === 'column' ? p.role : null,
      line: p.line,
      field: p.field,
      printed,
      computed,
      difference,
      ok,
      message: `${describe(printed, computed)} (${place})${ok ? '' : `: difference ${fmtFte(difference, true)}`}`,
    });
  };
  const depts = departmentOrder(data);
  for (const d of depts) {
    const p = printedRow.get(d.code);
    if (p)
      check(
        'row',
        p,
        rowSum.get(d.code) ?? 0,
        (pr, co) => `${d.label}: the row adds up to ${fmtFte(co)}; printed ${fmtFte(pr)}`,
      );
  }
  const roles = sortRoles(colSum.keys());
  for (const r of roles) {
    const p = printedCol.get(r);
    if (p)
      check(
        'column',
        p,
        colSum.get(r) ?? 0,
        (pr, co) => `${roleName(r)}: the column adds up to ${fmtFte(co)}; printed ${fmtFte(pr)}`,
      );
  }
  if (printedGrand) {
    const g = printedGrand;
    check(
      'grand',
      g,
      grand,
      (pr, co) => `Grand total: all cells add up to ${fmtFte(co)}; printed ${fmtFte(pr)}`,
    );
    if (depts.length && depts.every((d) => printedRow.has(d.code))) {
      const sum = depts.reduce((t, d) => t + (printedRow.get(d.code)?.fte as number), 0);
      check(
        'row-totals',
        g,
        sum,
        (pr, co) => `Grand total: the printed row totals add up to ${fmtFte(co)}; printed ${fmtFte(pr)}`,
      );
    }
    if (roles.length && roles.every((r) => printedCol.has(r))) {
      const sum = roles.reduce((t, r) => t + (printedCol.get(r)?.fte as number), 0);
      check(
        'column-totals',
        g,
        sum,
        (pr, co) => `Grand total: the printed column totals add up to ${fmtFte(co)}; printed ${fmtFte(pr)}`,
      );
    }
  }
  return {
    departments: depts.map((d) => ({
      department: d.code,
      label: d.label,
      total: rowSum.get(d.code) ?? 0,
      printed: printedRow.get(d.code)?.fte ?? null,
    })),
    roles: roles.map((r) => ({
      role: r,
      total: colSum.get(r) ?? 0,
      printed: printedCol.get(r)?.fte ?? null,
    })),
    grand,
    printedGrand: printedGrand?.fte ?? null,
    checks,
    discrepancies: checks.filter((c) => !c.ok),
    blanks,
  };
}
