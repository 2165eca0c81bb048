/** Text and CSV renderings of the workforce reports (the JSON form is the objects themselves). */
import { toCsvLine } from '../core/csv/write.ts';
import type { WorkforceFlows, WorkforceHistory, WorkforceProjection, WorkforceReport } from './api.ts';
import { roleByCode } from './model.ts';
import { fmtFte, type SnapshotTotals } from './totals.ts';
import type { Comparison } from './variance.ts';

type Align = 'l' | 'r';

/** A heading over several columns. */
export interface Span {
  label: string;
  span: number;
}

/**
 * Aligned columns: optional spanning headings, header rows, then body rows. Columns are two spaces
 * apart; a spanning heading is centred over its columns (which widen to fit it).
 */
export function renderTable(head: string[][], body: string[][], align: Align[], spans?: Span[]): string {
  const all = [...head, ...body];
  const widths = align.map((_, c) => Math.max(0, ...all.map((r) => (r[c] ?? '').length)));
  if (spans) {
    let c = 0;
    for (const s of spans) {
      const have = widths.slice(c, c + s.span).reduce((t, w) => t + w, 0) + 2 * (s.span - 1);
      if (s.label.length > have) widths[c + s.span - 1] += s.label.length - have;
      c += s.span;
    }
  }
  const line = (r: string[]) =>
    align
      .map((a, c) => {
        const v = r[c] ?? '';
        return a === 'l' ? v.padEnd(widths[c]) : v.padStart(widths[c]);
      })
      .join('  ')
      .trimEnd();
  const lines: string[] = [];
  if (spans) {
    let c = 0;
    const parts: string[] = [];
    for (const s of spans) {
      const w = widths.slice(c, c + s.span).reduce((t, x) => t + x, 0) + 2 * (s.span - 1);
      const left = Math.floor((w - s.label.length) / 2);
      parts.push((' '.repeat(Math.max(0, left)) + s.label).padEnd(w));
      c += s.span;
    }
    lines.push(parts.join('  ').trimEnd());
  }
  return [...lines, ...all.map(line)].join('\n');
}

const n = (v: number | null, sign = false) => (v === null ? '-' : fmtFte(v, sign));
const pct = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(1)}%`);
const short = (role: string) => roleByCode(role)?.short ?? role;
const label = (role: string) => roleByCode(role)?.label ?? role;

function describeSnapshot(s: { kind: string; asOf: string; title: string | null; file: string }): string {
  return `${s.kind} as of ${s.asOf}${s.title ? ` (${s.title})` : ''}`;
}

function checkLines(kind: string, asOf: string, file: string, t: SnapshotTotals): string[] {
  const base = file.split(/[\\/]/).pop();
  if (!t.checks.length) return [`  ${kind} ${asOf} (${base}): no printed totals to check`];
  if (!t.discrepancies.length)
    return [`  ${kind} ${asOf} (${base}): all ${t.checks.length} printed totals match the rows`];
  return [
    `  ${kind} ${asOf} (${base}): ${t.discrepancies.length} of ${t.checks.length} printed totals do not match the rows:`,
    ...t.discrepancies.map((d) => `    - ${d.message}`),
  ];
}

/** The report as text: per series, the tables side by side, then the checks, blanks and notes. */
export function formatReport(r: WorkforceReport): string {
  const out: string[] = [];
  if (!r.series.length) {
    return `${r.force.name}: no workforce tables${r.asOf ? ` as of ${r.asOf} or earlier` : ''}; load one with: beatwise workforce load FILE --force ${r.force.slug}`;
  }
  for (const s of r.series) {
    const both = s.establishment && s.strength;
    const only = s.establishment ?? s.strength;
    out.push(
      both
        ? `${r.force.name} — ${s.series}: ${describeSnapshot(s.establishment!)} against ${describeSnapshot(s.strength!)}. FTE; Var = strength − establishment; Fill = strength ÷ establishment.`
        : `${r.force.name} — ${s.series}: ${describeSnapshot(only!)}. FTE.`,
    );
    out.push('');
    const t = s.table;
    const groups = [...t.roles, 'total'];
    const pick = (c: Comparison): string[] =>
      both
        ? [n(c.establishment), n(c.strength), n(c.variance, true), pct(c.fillRate)]
        : [n(s.establishment ? c.establishment : c.strength)];
    const width = both ? 4 : 1;
    const names = new Map(r.departments.map((d) => [d.code, d.name]));
    const deptName = (code: string, fileLabel: string) => {
      const name = names.get(code);
      return name ? `${name} (${code})` : fileLabel;
    };
    const spans: Span[] = [{ label: '', span: 1 }];
    const head2 = ['Department'];
    for (const g of groups) {
      spans.push({ label: g === 'total' ? 'Total' : label(g), span: width });
      head2.push(...(both ? ['Est', 'Str', 'Var', 'Fill'] : [g === 'total' ? 'Total' : short(g)]));
    }
    const body: string[][] = [];
    for (const d of t.departments)
      body.push([
        deptName(d.department, d.label),
        ...t.roles.flatMap((ro) => pick(d.cells[ro])),
        ...pick(d.total),
      ]);
    body.push([
      'Total (rows added up)',
      ...t.roles.flatMap((ro) => pick(t.totals[ro])),
      ...pick(t.grandTotal),
    ]);
    // The totals the files printed, under the computed ones, so a difference is visible at a glance.
    const et = s.establishmentTotals;
    const st = s.strengthTotals;
    const printedRole = (tot: SnapshotTotals | null, role: string) =>
      tot?.roles.find((x) => x.role === role)?.printed ?? null;
    if (et?.checks.length || st?.checks.length) {
      const row = ['Total (as printed)'];
      for (const g of groups) {
        const pe = g === 'total' ? (et?.printedGrand ?? null) : printedRole(et, g);
        const ps = g === 'total' ? (st?.printedGrand ?? null) : printedRole(st, g);
        row.push(...(both ? [n(pe), n(ps), '', ''] : [n(s.establishment ? pe : ps)]));
      }
      body.push(row);
    }
    const align: Align[] = ['l', ...Array(groups.length * width).fill('r')];
    out.push(renderTable([head2], body, align, both ? spans : undefined));
    out.push('');
    out.push('Printed totals checked against the rows:');
    if (s.establishment && et)
      out.push(...checkLines('establishment', s.establishment.asOf, s.establishment.file, et));
    if (s.strength && st) out.push(...checkLines('strength', s.strength.asOf, s.strength.file, st));
    const blanks = [
      ...(et?.blanks ?? []).map((b) => ({ ...b, kind: 'establishment' })),
      ...(st?.blanks ?? []).map((b) => ({ ...b, kind: 'strength' })),
    ];
    if (blanks.length) {
      out.push('Blank cells (counted as 0 in the sums):');
      for (const b of blanks)
        out.push(
          `  - ${b.kind}: ${deptName(b.department, b.label)} × ${label(b.role)} (line ${b.line}, ${b.field})`,
        );
    }
    const notes = [...new Set([...(s.establishment?.notes ?? []), ...(s.strength?.notes ?? [])])];
    if (notes.length) {
      out.push('Notes from the files:');
      for (const note of notes) out.push(`  - ${note}`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

/** The report as CSV: one row per department × role, per department, per role and in total. */
export function reportCsv(r: WorkforceReport): string {
  const lines = [
    toCsvLine([
      'series',
      'department',
      'department_name',
      'role',
      'establishment',
      'strength',
      'variance',
      'fill_rate',
      'establishment_as_of',
      'strength_as_of',
    ]),
  ];
  for (const s of r.series) {
    const row = (code: string, name: string, role: string, c: Comparison) =>
      lines.push(
        toCsvLine([
          s.series,
          code,
          name,
          role,
          c.establishment,
          c.strength,
          c.variance,
          c.fillRate === null ? '' : c.fillRate.toFixed(4),
          s.establishment?.asOf ?? '',
          s.strength?.asOf ?? '',
        ]),
      );
    for (const d of s.table.departments) {
      for (const ro of s.table.roles) row(d.department, d.label, ro, d.cells[ro]);
      row(d.department, d.label, 'total', d.total);
    }
    for (const ro of s.table.roles) row('total', 'Total', ro, s.table.totals[ro]);
    row('total', 'Total', 'total', s.table.grandTotal);
  }
  return lines.join('\n');
}

/** Each discrepancy and blank cell of a report, as one-line notes (for stderr beside CSV output). */
export function reportNotes(r: WorkforceReport): string[] {
  const out: string[] = [];
  for (const s of r.series) {
    for (const [kind, t] of [
      ['establishment', s.establishmentTotals],
      ['strength', s.strengthTotals],
    ] as const) {
      if (!t) continue;
      for (const d of t.discrepancies) out.push(`${s.series} ${kind}: ${d.message}`);
      for (const b of t.blanks)
        out.push(`${s.series} ${kind}: blank cell ${b.label} × ${label(b.role)} (line ${b.line})`);
    }
  }
  return out;
}

export function formatHistory(h: WorkforceHistory): string {
  const out: string[] = [];
  if (!h.snapshots.length) return `${h.force}: no workforce snapshots`;
  out.push(`${h.force}: ${h.snapshots.length} snapshot(s)`);
  out.push(
    renderTable(
      [['Series', 'Kind', 'As of', 'Title', 'File']],
      h.snapshots.map((s) => [s.series, s.kind, s.asOf, s.title ?? '', s.file.split(/[\\/]/).pop() ?? '']),
      ['l', 'l', 'l', 'l', 'l'],
    ),
  );
  if (!h.changes.length) {
    out.push('', 'No two snapshots of the same series and kind yet, so no changes to show.');
    return out.join('\n');
  }
  for (const c of h.changes) {
    out.push(
      '',
      `${c.series} ${c.kind}: ${c.from} → ${c.to}, total ${n(c.total.from)} → ${n(c.total.to)} (${n(c.total.change, true)})`,
    );
    out.push(
      renderTable(
        [['Role', 'From', 'To', 'Change']],
        c.roles.map((ro) => [label(ro.role), n(ro.from), n(ro.to), n(ro.change, true)]),
        ['l', 'r', 'r', 'r'],
      ),
    );
    const moved = c.cells.filter((x) => x.change !== 0);
    if (moved.length) {
      out.push('Cells that changed:');
      out.push(
        renderTable(
          [['Department', 'Role', 'From', 'To', 'Change']],
          moved.map((x) => [x.label, label(x.role), n(x.from), n(x.to), n(x.change, true)]),
          ['l', 'l', 'r', 'r', 'r'],
        ),
      );
    }
  }
  return out.join('\n');
}

export function formatProjection(p: WorkforceProjection): string {
  const out: string[] = [];
  const dir =
    p.direction === 'forward'
      ? `adding the events after ${p.from} up to the end of ${p.to}`
      : p.direction === 'back'
        ? `taking away the events after the end of ${p.to} up to ${p.from}`
        : 'no events in between';
  out.push(
    `${p.force} — ${p.series}: strength as of ${p.from}, projected to ${p.toDate} by ${dir} (${p.eventsApplied} event(s) used, ${p.eventsOutside} outside the window). FTE.`,
  );
  out.push('');
  out.push(
    renderTable(
      [['Department', 'Role', 'Start', 'Joined', 'Left', 'Moved in', 'Moved out', 'Projected', 'Est', 'Var']],
      p.cells.map((c) => [
        c.label,
        label(c.role),
        n(c.start),
        n(c.joined),
        n(c.left),
        n(c.movedIn),
        n(c.movedOut),
        n(c.projected),
        n(c.establishment),
        n(c.variance, true),
      ]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  out.push(
    renderTable(
      [['Role', 'Start', 'Projected', 'Est', 'Var']],
      [
        ...p.roles.map((r) => [
          label(r.role),
          n(r.start),
          n(r.projected),
          n(r.establishment),
          n(r.variance, true),
        ]),
        [
          'Total',
          n(p.total.start),
          n(p.total.projected),
          n(p.total.establishment),
          n(p.total.variance, true),
        ],
      ],
      ['l', 'r', 'r', 'r', 'r'],
    ),
  );
  for (const w of p.warnings) out.push(`warning: ${w}`);
  return out.join('\n');
}

export function projectionCsv(p: WorkforceProjection): string {
  return [
    toCsvLine([
      'series',
      'department',
      'department_name',
      'role',
      'start',
      'joined',
      'left',
      'moved_in',
      'moved_out',
      'projected',
      'establishment',
      'variance',
      'from',
      'to',
    ]),
    ...p.cells.map((c) =>
      toCsvLine([
        p.series,
        c.department ?? '',
        c.label,
        c.role,
        c.start,
        c.joined,
        c.left,
        c.movedIn,
        c.movedOut,
        c.projected,
        c.establishment,
        c.variance,
        p.from,
        p.toDate,
      ]),
    ),
  ].join('\n');
}

export function formatFlows(f: WorkforceFlows): string {
  if (!f.events.length) return `${f.force}: no workforce events${f.from || f.to ? ' in that window' : ''}`;
  const out = [
    `${f.force}: joiners, leavers and moves${f.from ? ` from ${f.from}` : ''}${f.to ? ` to ${f.to}` : ''} (by the month each takes effect). FTE.`,
    '',
    renderTable(
      [['Role', 'Joined', 'Left', 'Moved in', 'Moved out', 'Outflow', 'Net']],
      f.roles.map((r) => [
        r.label,
        n(r.joined),
        n(r.left),
        n(r.movedIn),
        n(r.movedOut),
        n(r.outflow),
        n(r.net, true),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    renderTable(
      [['Months', 'Type', 'Role', 'To role', 'Department', 'To department', 'FTE', 'Note']],
      f.events.map((e) => [
        e.from === e.to ? e.from : `${e.from}/${e.to}`,
        e.type,
        label(e.role),
        e.toRole ? label(e.toRole) : '',
        e.department ?? '',
        e.toDepartment ?? '',
        n(e.fte),
        e.note ?? '',
      ]),
      ['l', 'l', 'l', 'l', 'l', 'l', 'r', 'l'],
    ),
  ];
  return out.join('\n');
}

export function flowsCsv(f: WorkforceFlows): string {
  return [
    toCsvLine(['role', 'joined', 'left', 'moved_in', 'moved_out', 'outflow', 'net']),
    ...f.roles.map((r) => toCsvLine([r.role, r.joined, r.left, r.movedIn, r.movedOut, r.outflow, r.net])),
  ].join('\n');
}

export function historyCsv(h: WorkforceHistory): string {
  return [
    toCsvLine([
      'series',
      'kind',
      'from',
      'to',
      'department',
      'department_name',
      'role',
      'from_fte',
      'to_fte',
      'change',
    ]),
    ...h.changes.flatMap((c) =>
      c.cells.map((x) =>
        toCsvLine([c.series, c.kind, c.from, c.to, x.department, x.label, x.role, x.from, x.to, x.change]),
      ),
    ),
  ].join('\n');
}
