/**
 * Loading workforce files into a store: CSV and XLSX agree, bad files are refused with file, line
 * and field, re-loading replaces rather than duplicates, and the bundled tables load.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { REPO, tempStore } from '../../test/support/stores.ts';
import { BeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import { type ForceSpec, loadForce, readForceSpec } from '../force/index.ts';
import {
  loadBundledWorkforce,
  loadWorkforceEventsFile,
  loadWorkforceFile,
  workforceFlows,
  workforceHistory,
  workforceProjection,
  workforceReport,
} from './api.ts';
import { formatReport, reportCsv } from './format.ts';
import { parseWorkforceTable } from './parse.ts';
import { readTableRows } from './read.ts';
import { wdb } from './schema.ts';
import { forceDepartments } from './store.ts';

const DIR = join(REPO, 'data', 'workforce');
const T1 = join(DIR, 'west-midlands-table-1-establishment-2023-01-01.csv');
const T2 = join(DIR, 'west-midlands-table-2-strength-2023-01-01.csv');
const EVENTS = join(DIR, 'west-midlands-events-2021-2022.csv');
const FORCE_FILE = join(REPO, 'data', 'forces', 'west-midlands.json');

/** The West Midlands units and departments without boundaries: enough for workforce, and quick. */
async function wmStore(): Promise<Awaited<ReturnType<typeof tempStore>>> {
  const t = await tempStore();
  const full = readForceSpec(FORCE_FILE);
  const spec: ForceSpec = {
    ...full,
    boundaries: [],
    districts: [],
    teams: [],
    impactAreas: [],
    stations: [],
    units: full.units.map((u) => ({ code: u.code, name: u.name })),
  };
  await loadForce(t.store, spec, FORCE_FILE);
  return t;
}

const tmp = mkdtempSync(join(tmpdir(), 'beatwise-workforce-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes a CSV file in the temporary folder. */
function csv(name: string, text: string): string {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
}

/** The CSV rows as a workbook: numbers as numbers, the as-of date as an Excel date. */
async function xlsxFromCsv(csvFile: string, name: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Strength');
  for (const row of await readTableRows(csvFile)) {
    const values = row.cells.map((c, i) => {
      if (row.cells[0] === 'as_of' && i === 1) return new Date(`${c}T00:00:00Z`);
      return /^-?\d+(\.\d+)?$/.test(c) ? Number(c) : c;
    });
    const r = ws.getRow(row.line);
    values.forEach((v, i) => {
      r.getCell(i + 1).value = v;
    });
    r.commit();
  }
  const out = join(tmp, name);
  await wb.xlsx.writeFile(out);
  return out;
}

async function fails(
  p: Promise<unknown>,
  code: string,
  where: { file: string; line?: number; field?: string },
): Promise<BeatwiseError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof BeatwiseError, `expected a BeatwiseError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.where.file, where.file);
  if ('line' in where) assert.equal(caught.where.line, where.line, caught.message);
  if ('field' in where) assert.equal(caught.where.field, where.field, caught.message);
  assert.ok(String(caught).includes(where.file), 'the message names the file');
  return caught;
}

const HEAD = 'kind,strength\nas_of,2023-01-01\nDepartment,Police Officer,Police Staff,PCSO\n';

describe('workforce files into a store', () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  let store: Store;
  before(async () => {
    t = await wmStore();
    store = t.store;
  });
  after(async () => t.dispose());

  it('reads XLSX and CSV to the same table and the same report', async () => {
    const book = await xlsxFromCsv(T2, 'table-2.xlsx');
    const departments = await forceDepartments(store.db, 1);
    const fromCsv = parseWorkforceTable(await readTableRows(T2), { file: 'f', departments });
    const fromXlsx = parseWorkforceTable(await readTableRows(book), { file: 'f', departments });
    assert.deepEqual(fromXlsx, fromCsv);

    await loadWorkforceFile(store, T2, { force: 'west-midlands' });
    const a = await workforceReport(store, { force: 'west-midlands' });
    await loadWorkforceFile(store, book, { force: 'west-midlands' });
    const b = await workforceReport(store, { force: 'west-midlands' });
    const strip = (r: typeof a) =>
      JSON.parse(JSON.stringify(r, (k, v) => (k === 'file' || k === 'loadedAt' ? undefined : v)));
    assert.deepEqual(strip(b), strip(a));
    assert.equal(b.series[0].strength?.file, book);
    assert.equal(reportCsv(b), reportCsv(a));
  });

  it('reads a named worksheet, and says which sheets there are when the name is wrong', async () => {
    const book = await xlsxFromCsv(T2, 'named.xlsx');
    const r = await loadWorkforceFile(store, book, { force: 'west-midlands', sheet: 'Strength' });
    assert.equal(r.snapshots[0].totals.grand, 2307);
    const e = await fails(
      loadWorkforceFile(store, book, { force: 'west-midlands', sheet: 'Nope' }),
      'workforce.no_sheet',
      {
        file: book,
      },
    );
    assert.match(e.message, /Strength/);
  });

  it('re-loading the same snapshot replaces it, never duplicates it', async () => {
    await loadWorkforceFile(store, T1, { force: 'west-midlands' });
    const count = async () => ({
      snapshots: Number(
        (
          await wdb(store.db)
            .selectFrom('workforce_snapshots')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      cells: Number(
        (
          await wdb(store.db)
            .selectFrom('workforce_cells')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });
    const counted = await count();
    const again = await loadWorkforceFile(store, T1, { force: 'west-midlands' });
    assert.equal(again.snapshots[0].replaced, true);
    assert.deepEqual(await count(), counted);
    const report = await workforceReport(store, { force: 'west-midlands' });
    assert.equal(report.series[0].table.grandTotal.establishment, 2283);
  });

  it('keeps every as-of snapshot and shows the change between them', async () => {
    const later = csv(
      'strength-april.csv',
      readFileSync(T2, 'utf8')
        .replace('as_of,2023-01-01', 'as_of,2023-04-01')
        .replace('Coventry NPU,209.5,6,52,267', 'Coventry NPU,209.5,6,56,271.5'),
    );
    await loadWorkforceFile(store, later, { force: 'west-midlands' });
    const h = await workforceHistory(store, { force: 'west-midlands', kind: 'strength' });
    assert.deepEqual(
      h.snapshots.map((s) => s.asOf),
      ['2023-01-01', '2023-04-01'],
    );
    assert.equal(h.changes.length, 1);
    assert.deepEqual(h.changes[0].total, { from: 2307, to: 2311, change: 4 });
    // The report uses the latest snapshot on or before --as-of.
    const jan = await workforceReport(store, { force: 'west-midlands', asOf: '2023-03-31' });
    assert.equal(jan.series[0].strength?.asOf, '2023-01-01');
    const apr = await workforceReport(store, { force: 'west-midlands' });
    assert.equal(apr.series[0].strength?.asOf, '2023-04-01');
    assert.equal(apr.series[0].table.totals.pcso.strength, 405);
  });

  it('loads events once however often the file is loaded, and projects strength from them', async () => {
    const first = await loadWorkforceEventsFile(store, EVENTS, { force: 'west-midlands' });
    assert.deepEqual([first.events, first.inserted, first.updated], [3, 3, 0]);
    const second = await loadWorkforceEventsFile(store, EVENTS, { force: 'west-midlands' });
    assert.deepEqual([second.events, second.inserted, second.updated], [3, 0, 3]);
    const flows = await workforceFlows(store, { force: 'west-midlands' });
    assert.equal(flows.events.length, 3);
    assert.equal(flows.roles.find((r) => r.role === 'pcso')?.outflow, 168);
    // Back from the April strength to the end of 2020: the 2021-22 PCSO flows undone.
    const p = await workforceProjection(store, {
      force: 'west-midlands',
      to: '2020-12',
      series: 'local-policing',
    });
    assert.equal(p.direction, 'back');
    assert.equal(p.roles.find((r) => r.role === 'pcso')?.projected, 405 + 168 - 61);
    assert.equal(p.roles.find((r) => r.role === 'police-officer')?.projected, 1840.5 - 88);
  });

  it('prints the tables side by side with variance, fill rate and the discrepancy notes', async () => {
    const r = await workforceReport(store, { force: 'west-midlands', asOf: '2023-01-01' });
    const text = formatReport(r);
    assert.match(text, /Police Officer/);
    assert.match(text, /Birmingham East \(BE\)\s+369\s+373\s+\+4\s+101\.1%/);
    assert.match(text, /Police Staff: the column adds up to 65\.5; printed 68\.5/);
    assert.match(text, /Total \(as printed\)\s+1756\s+1840\.5/);
  });
});

describe('bad workforce files', () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    t = await wmStore();
  });
  after(async () => t.dispose());
  const load = (f: string, o: { kind?: string; asOf?: string } = {}) =>
    loadWorkforceFile(t.store, f, { force: 'west-midlands', ...o });

  it('refuses a negative FTE, naming file, line and field', async () => {
    const f = csv('negative.csv', `${HEAD}Coventry NPU,209.5,-6,52\n`);
    const e = await fails(load(f), 'workforce.negative_fte', { file: f, line: 4, field: 'Police Staff' });
    assert.match(e.message, /-6/);
  });

  it('refuses a quarter FTE', async () => {
    const f = csv('quarter.csv', `${HEAD}Coventry NPU,209.25,6,52\n`);
    const e = await fails(load(f), 'workforce.fte_not_half', { file: f, line: 4, field: 'Police Officer' });
    assert.match(e.message, /halves/);
  });

  it('refuses an unknown department and lists the known ones', async () => {
    const f = csv('unknown.csv', `${HEAD}Coventry NPU,209.5,6,52\nBirmingham North NPU,1,2,3\n`);
    const e = await fails(load(f), 'workforce.unknown_department', { file: f, line: 5, field: 'Department' });
    assert.match(e.message, /Birmingham North NPU/);
    assert.match(e.message, /BE \(Birmingham East\)/);
  });

  it('refuses a table with no as-of date anywhere, and a row with an empty as_of cell', async () => {
    const f = csv('no-date.csv', 'kind,strength\nDepartment,Police Officer\nCoventry NPU,209.5\n');
    const e = await fails(load(f), 'workforce.missing_as_of', { file: f, line: 2, field: 'as_of' });
    assert.match(e.message, /--as-of/);
    const g = csv(
      'empty-date.csv',
      'kind,as_of,department,police officer\nstrength,2023-01-01,CV,1\nstrength,,DY,2\n',
    );
    await fails(load(g), 'workforce.missing_as_of', { file: g, line: 3, field: 'as_of' });
    // --as-of fills the gap; a clash with the file is refused.
    const ok = await load(f, { asOf: '2023-01-01' });
    assert.equal(ok.snapshots[0].asOf, '2023-01-01');
    const clash = csv('clash.csv', `${HEAD}Coventry NPU,209.5,6,52\n`);
    await fails(load(clash, { asOf: '2023-02-01' }), 'workforce.conflict', {
      file: clash,
      line: 2,
      field: 'as_of',
    });
  });

  it('refuses an unknown role heading, a missing kind and a bad date', async () => {
    const f = csv('role.csv', 'kind,strength\nas_of,2023-01-01\nDepartment,Detectives\nCV,1\n');
    await fails(load(f), 'workforce.unknown_role', { file: f, line: 3, field: 'Detectives' });
    const k = csv('kind.csv', 'as_of,2023-01-01\nDepartment,PCSO\nCV,1\n');
    await fails(load(k), 'workforce.missing_kind', { file: k, line: 2, field: 'kind' });
    const d = csv('date.csv', 'kind,strength\nas_of,2023-02-30\nDepartment,PCSO\nCV,1\n');
    await fails(load(d), 'workforce.bad_as_of', { file: d, line: 2, field: 'as_of' });
  });

  it('lists every problem of a file, and loads nothing from it', async () => {
    const was = await workforceHistory(t.store, { force: 'west-midlands' });
    const f = csv('many.csv', `${HEAD}Coventry NPU,-1,0.25,x\nNowhere,1,1,1\n`);
    const e = await fails(load(f), 'workforce.negative_fte', { file: f, line: 4 });
    const problems = (e.details?.problems ?? []) as { code: string; line: number }[];
    assert.deepEqual(
      problems.map((p) => [p.code, p.line]),
      [
        ['workforce.negative_fte', 4],
        ['workforce.fte_not_half', 4],
        ['workforce.bad_fte', 4],
        ['workforce.unknown_department', 5],
      ],
    );
    const now = await workforceHistory(t.store, { force: 'west-midlands' });
    assert.deepEqual(now, was);
  });

  it('refuses bad event rows with file, line and field', async () => {
    const f = csv(
      'events.csv',
      'month,type,role,fte\n2023-13,join,PCSO,1\n2023-01,hire,PCSO,1\n2023-01,join,PCSO,0.75\n',
    );
    const e = await fails(
      loadWorkforceEventsFile(t.store, f, { force: 'west-midlands' }),
      'workforce.bad_month',
      {
        file: f,
        line: 2,
        field: 'month',
      },
    );
    const codes = ((e.details?.problems ?? []) as { code: string }[]).map((p) => p.code);
    assert.deepEqual(codes, ['workforce.bad_month', 'workforce.bad_event_type', 'workforce.fte_not_half']);
    const m = csv('move.csv', 'month,type,role,fte\n2023-01,move,PCSO,1\n');
    await fails(
      loadWorkforceEventsFile(t.store, m, { force: 'west-midlands' }),
      'workforce.move_without_target',
      {
        file: m,
        line: 2,
      },
    );
  });
});

describe('bundled West Midlands workforce', () => {
  it('loads the shipped tables and events, idempotently', async () => {
    const t = await wmStore();
    try {
      const first = await loadBundledWorkforce(t.store);
      assert.equal(first.tables.length, 3);
      assert.equal(first.events.length, 1);
      await loadBundledWorkforce(t.store);
      const r = await workforceReport(t.store, { force: 'west-midlands' });
      assert.deepEqual(
        r.series.map((s) => [s.series, s.establishment?.asOf ?? null, s.strength?.asOf ?? null]),
        [
          ['local-policing', '2023-01-01', '2023-01-01'],
          ['sip-eh-uplift', '2023-01-01', null],
        ],
      );
      assert.equal(r.series[0].strengthTotals?.discrepancies.length, 4);
      const h = await workforceHistory(t.store, { force: 'west-midlands' });
      assert.equal(h.snapshots.length, 3);
    } finally {
      await t.dispose();
    }
  });
});
