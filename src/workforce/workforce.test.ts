/**
 * Workforce tables from the West Midlands board paper (data/workforce/): totals, the check of the
 * paper's printed totals, variance and fill rate, events and projected strength. Pure functions only.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../../test/support/stores.ts';
import { parseMonth } from '../core/time/month.ts';
import { readForceSpec } from '../force/index.ts';
import type { DepartmentRef, SnapshotInput } from './model.ts';
import { findRole } from './model.ts';
import { parseWorkforceEvents, parseWorkforceTable } from './parse.ts';
import { eventFlows, monthEnd, projectStrength } from './projection.ts';
import { readTableRows } from './read.ts';
import { snapshotTotals } from './totals.ts';
import { snapshotChanges, varianceTable } from './variance.ts';

const DIR = join(REPO, 'data', 'workforce');
const spec = readForceSpec(join(REPO, 'data', 'forces', 'west-midlands.json'));
const DEPTS: DepartmentRef[] = [
  ...spec.units.map((u) => ({ code: u.code, name: u.name, kind: 'unit' as const })),
  ...spec.departments.map((d) => ({ code: d.code, name: d.name, kind: 'department' as const })),
];

async function table(name: string): Promise<SnapshotInput> {
  const file = join(DIR, name);
  const snaps = parseWorkforceTable(await readTableRows(file), { file, departments: DEPTS });
  assert.equal(snaps.length, 1);
  return snaps[0];
}

const T1 = 'west-midlands-table-1-establishment-2023-01-01.csv';
const T2 = 'west-midlands-table-2-strength-2023-01-01.csv';
const T4 = 'west-midlands-table-4-sip-eh-establishment.csv';

describe("the paper's tables", () => {
  it('Table 1 (establishment): the rows give the printed totals 1756 / 75 / 452 / 2283, every check passes', async () => {
    const s = await table(T1);
    assert.equal(s.kind, 'establishment');
    assert.equal(s.asOf, '2023-01-01');
    const t = snapshotTotals(s);
    const col = Object.fromEntries(t.roles.map((r) => [r.role, r.total]));
    assert.deepEqual(col, { 'police-officer': 1756, 'police-staff': 75, pcso: 452 });
    assert.equal(t.grand, 2283);
    assert.equal(t.printedGrand, 2283);
    assert.equal(t.departments.length, 10);
    // 10 row totals, 3 column totals, the grand total, and the grand total against both sets of totals.
    assert.equal(t.checks.length, 16);
    assert.deepEqual(t.discrepancies, []);
    assert.deepEqual(t.blanks, []);
  });

  it('Table 2 (strength): 1840.5 / 401 / 2306.5 reproduced; the rows that do not add up are reported', async () => {
    const s = await table(T2);
    const t = snapshotTotals(s);
    const col = Object.fromEntries(t.roles.map((r) => [r.role, r]));
    assert.equal(col['police-officer'].total, 1840.5);
    assert.equal(col['police-officer'].printed, 1840.5);
    assert.equal(col.pcso.total, 401);
    assert.equal(col.pcso.printed, 401);
    // The printed Grand Total column adds up to the printed 2306.5.
    assert.equal(
      t.departments.reduce((x, d) => x + (d.printed ?? 0), 0),
      2306.5,
    );
    // What the paper's own rows do not add up to, each with its line:
    const d = t.discrepancies.map((c) => ({
      what: c.what,
      who: c.departmentLabel ?? c.role,
      line: c.line,
      printed: c.printed,
      computed: c.computed,
    }));
    assert.deepEqual(d, [
      // Coventry: 209.5 + 6 + 52 = 267.5, printed 267.
      { what: 'row', who: 'Coventry NPU', line: 11, printed: 267, computed: 267.5 },
      // Police staff: 6+0+6+3+5+4+5+3+20+13.5 = 65.5, printed 68.5.
      { what: 'column', who: 'police-staff', line: 19, printed: 68.5, computed: 65.5 },
      // Every cell: 2307, printed 2306.5 (the Coventry half).
      { what: 'grand', who: null, line: 19, printed: 2306.5, computed: 2307 },
      // The printed column totals: 1840.5 + 68.5 + 401 = 2310, printed 2306.5.
      { what: 'column-totals', who: null, line: 19, printed: 2306.5, computed: 2310 },
    ]);
    assert.match(t.discrepancies[0].message, /Coventry NPU.*267\.5.*267.*line 11/);
    // Everything else checks out, including the printed row totals against the printed grand total.
    assert.equal(t.checks.filter((c) => c.ok).length, 12);
    assert.ok(t.checks.find((c) => c.what === 'row-totals')?.ok);
  });

  it('Table 4 (SIP/EH): 61 SIP and 36 EH; the blank BE × EH cell is kept and listed', async () => {
    const s = await table(T4);
    assert.equal(s.series, 'sip-eh-uplift');
    const t = snapshotTotals(s);
    assert.deepEqual(
      t.roles.map((r) => [r.role, r.total, r.printed]),
      [
        ['sip', 61, 61],
        ['eh', 36, 36],
      ],
    );
    assert.deepEqual(t.discrepancies, []);
    assert.deepEqual(
      t.blanks.map((b) => [b.department, b.role, b.line]),
      [['BE', 'eh', 11]],
    );
    // The remark after the printed total is kept.
    const sipTotal = s.cells.find((c) => c.department === null && c.role === 'sip');
    assert.equal(sipTotal?.note, 'included 2 x SGTS');
  });

  it('variance and fill rate per department, role and total (Tables 1 and 2 side by side)', async () => {
    const v = varianceTable(await table(T1), await table(T2));
    assert.deepEqual(v.roles, ['police-officer', 'police-staff', 'pcso']);
    const be = v.departments.find((d) => d.department === 'BE');
    assert.deepEqual(be?.cells['police-officer'], {
      establishment: 369,
      strength: 373,
      variance: 4,
      fillRate: 373 / 369,
    });
    assert.deepEqual(be?.total, { establishment: 440, strength: 434, variance: -6, fillRate: 434 / 440 });
    // No establishment: no fill rate (Birmingham Partnerships has 3 PCSOs against 0 posts).
    const bp = v.departments.find((d) => d.department === 'BP');
    assert.deepEqual(bp?.cells.pcso, { establishment: 0, strength: 3, variance: 3, fillRate: null });
    assert.deepEqual(v.totals['police-officer'], {
      establishment: 1756,
      strength: 1840.5,
      variance: 84.5,
      fillRate: 1840.5 / 1756,
    });
    assert.deepEqual(v.totals.pcso, {
      establishment: 452,
      strength: 401,
      variance: -51,
      fillRate: 401 / 452,
    });
    // Totals come from the rows, never from the printed totals.
    assert.equal(v.totals['police-staff'].strength, 65.5);
    assert.equal(v.grandTotal.establishment, 2283);
    assert.equal(v.grandTotal.strength, 2307);
    assert.equal(v.grandTotal.variance, 24);
  });

  it('a table with only one kind has unknown variance', async () => {
    const v = varianceTable(await table(T4), null);
    assert.equal(v.totals.sip.establishment, 61);
    assert.equal(v.totals.sip.strength, null);
    assert.equal(v.totals.sip.variance, null);
    // The blank EH cell of BE is unknown, not 0; the EH total still adds the known cells.
    const be = v.departments.find((d) => d.department === 'BE');
    assert.equal(be?.cells.eh.establishment, null);
    assert.equal(v.totals.eh.establishment, 36);
  });
});

describe('change between snapshots', () => {
  it('gives the change per cell, role and total between consecutive snapshots of a series and kind', async () => {
    const jan = await table(T2);
    const apr: SnapshotInput = {
      ...jan,
      asOf: '2023-04-01',
      cells: jan.cells.map((c) =>
        c.department === 'CV' && c.role === 'pcso' ? { ...c, fte: (c.fte as number) + 4 } : c,
      ),
    };
    const est = await table(T1);
    const changes = snapshotChanges([apr, est, jan]);
    assert.equal(changes.length, 1, 'one strength pair; one establishment has nothing to compare with');
    const [c] = changes;
    assert.deepEqual([c.kind, c.from, c.to], ['strength', '2023-01-01', '2023-04-01']);
    assert.deepEqual(c.total, { from: 2307, to: 2311, change: 4 });
    assert.deepEqual(
      c.cells.filter((x) => x.change !== 0).map((x) => [x.department, x.role, x.from, x.to, x.change]),
      [['CV', 'pcso', 52, 56, 4]],
    );
    assert.deepEqual(
      c.roles.find((r) => r.role === 'pcso'),
      { role: 'pcso', from: 401, to: 405, change: 4 },
    );
  });
});

describe('events and projected strength', () => {
  const eventsFile = join(DIR, 'west-midlands-events-2021-2022.csv');

  it("records the paper's PCSO flows: 168 left, 88 of them to police constable, 61 recruited", async () => {
    const events = parseWorkforceEvents(await readTableRows(eventsFile), {
      file: eventsFile,
      departments: DEPTS,
    });
    assert.equal(events.length, 3);
    const flows = Object.fromEntries(eventFlows(events).map((f) => [f.role, f]));
    assert.equal(flows.pcso.outflow, 168);
    assert.equal(flows.pcso.movedOut, 88);
    assert.equal(flows.pcso.joined, 61);
    assert.equal(flows['police-officer'].movedIn, 88);
    assert.equal(flows.pcso.net, 61 - 168);
    // A window counts events by the month they take effect (their last month): all three end in 2022-12.
    assert.deepEqual(
      eventFlows(events, parseMonth('2021-01') as number, parseMonth('2022-11') as number),
      [],
    );
    assert.equal(eventFlows(events, parseMonth('2022-12') as number).length, 2);
  });

  it('projects strength forward and back from a snapshot by the events in between', async () => {
    const str = await table(T2);
    const est = await table(T1);
    const m = (t: string) => parseMonth(t) as number;
    const ev = (
      type: 'join' | 'leave' | 'move',
      month: string,
      role: string,
      fte: number,
      department: string | null,
      extra: { toRole?: string; toDepartment?: string } = {},
    ) => ({
      type,
      role,
      toRole: extra.toRole ?? null,
      department,
      toDepartment: extra.toDepartment ?? null,
      monthFrom: m(month),
      monthTo: m(month),
      fte,
      note: null,
      file: 'x',
      line: 1,
    });
    const events = [
      ev('join', '2023-02', 'pcso', 10, 'CV'),
      ev('leave', '2023-03', 'pcso', 2.5, 'CV'),
      ev('move', '2023-03', 'pcso', 3, 'CV', { toRole: 'police-officer' }),
      ev('move', '2023-04', 'police-officer', 1, 'CV', { toDepartment: 'DY' }),
      ev('join', '2023-09', 'pcso', 99, 'CV'), // after the window
      ev('join', '2022-12', 'pcso', 7, 'CV'), // before the snapshot: already in it
    ];
    const p = projectStrength(str, events, m('2023-06'), est);
    assert.equal(p.direction, 'forward');
    assert.equal(p.eventsApplied, 4);
    const cell = (d: string, r: string) => p.cells.find((c) => c.department === d && c.role === r);
    assert.equal(cell('CV', 'pcso')?.projected, 52 + 10 - 2.5 - 3);
    assert.equal(cell('CV', 'pcso')?.variance, 52 + 10 - 2.5 - 3 - 58);
    assert.equal(cell('CV', 'police-officer')?.projected, 209.5 + 3 - 1);
    assert.equal(cell('DY', 'police-officer')?.projected, 123 + 1);
    assert.equal(p.total.projected, 2307 + 10 - 2.5);
    // Back to the end of 2022-12: the December joiner is inside the snapshot, so nothing to undo.
    const back = projectStrength(str, events, m('2022-12'), est);
    assert.equal(back.direction, 'back');
    assert.equal(back.eventsApplied, 0);
    // Back to 2022-11: undo the December joiner.
    const nov = projectStrength(str, events, m('2022-11'), est);
    assert.equal(nov.cells.find((c) => c.department === 'CV' && c.role === 'pcso')?.projected, 52 - 7);
  });

  it('an event takes effect at the end of its last month', () => {
    assert.equal(monthEnd(parseMonth('2024-02') as number), '2024-02-29');
    assert.equal(monthEnd(parseMonth('2023-12') as number), '2023-12-31');
  });
});

describe('role headings', () => {
  it("reads the paper's headings and common variants", () => {
    const code = (t: string) => findRole(t)?.code;
    assert.equal(code('Police Officer'), 'police-officer');
    assert.equal(code('police officers'), 'police-officer');
    assert.equal(code('PCSOs'), 'pcso');
    assert.equal(code('Police Staff'), 'police-staff');
    assert.equal(code('SIP Uplift Establishment'), 'sip');
    assert.equal(code('EH Uplift Establishment'), 'eh');
    assert.equal(code('School Intervention & Prevention Officers'), 'sip');
    assert.equal(code('Early Help & Intervention Officer'), 'eh');
    assert.equal(code('Detectives'), undefined);
  });
});
