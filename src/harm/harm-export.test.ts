// Downloads: /harm honours format=csv and xlsx, and any table a page shows exports through
// POST /api/exports; every file starts with what it holds and its caveats, numbers rounded.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { AS_ADMIN } from '../../test/support/principals.ts';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import { startServer } from '../core/http/server.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { ROUTES } from '../server.ts';

let server: Awaited<ReturnType<typeof startServer>>;

before(async () => {
  const t = await leicestershireStore();
  await importCrimeFiles(
    t.store,
    ['2022-03', '2022-04'].map((m) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`)),
    { rejectsDir: join(t.dir, 'rejects') },
  );
  await t.store.close();
  server = await startServer({ dbPath: t.location, port: 0, plugins: ROUTES, ...AS_ADMIN });
});
after(async () => server.close());

const HARM = '/api/forces/leicestershire/harm?level=district&window=1';

test('GET /harm?format=csv is CSV with its notes and caveats, one line per row, numbers rounded', async () => {
  const json = (await (await fetch(`${server.url}${HARM}`)).json()) as { rows: unknown[]; ruleText: string };
  const r = await fetch(`${server.url}${HARM}&format=csv`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /^text\/csv/);
  const lines = (await r.text()).trimEnd().split('\n');
  assert.match(lines[0], /^# Beatwise harm table: leicestershire, district, rolling 1 months/);
  assert.equal(lines[1], `# ${json.ruleText}`);
  assert.ok(lines.some((l) => /^# .*approximate/.test(l)));
  const header = lines.findIndex((l) => l.startsWith('level,'));
  assert.equal(lines.length - header - 1, json.rows.length);
  for (const l of lines.slice(header + 1)) assert.doesNotMatch(l, /\.\d*0000\d|\.\d*9999\d/);
});

test('GET /harm?format=xlsx is a workbook with the same rows', async () => {
  const json = (await (await fetch(`${server.url}${HARM}`)).json()) as { rows: { area_name: string }[] };
  const r = await fetch(`${server.url}${HARM}&format=xlsx`);
  assert.equal(r.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await r.arrayBuffer());
  const ws = wb.worksheets[0];
  const values: unknown[][] = [];
  ws.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
  const header = values.findIndex((v) => v[0] === 'level');
  assert.ok(header > 0);
  assert.equal(values.length - header - 1, json.rows.length);
  assert.equal(values[header + 1][2], json.rows[0].area_name);
});

test('POST /api/exports writes a page’s table as CSV and XLSX with its caveats; formulas stay text', async () => {
  const body = {
    title: 'Impact Areas, 2022-11',
    notes: ['SYNTHETIC data, not real crimes'],
    columns: ['Impact Area', 'Harm'],
    rows: [
      ['=HYPERLINK("x")', 800.7800000000001],
      ['Erdington', 12],
    ],
  };
  const post = (format: string) =>
    fetch(`${server.url}/api/exports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, format }),
    });
  const csv = await post('csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-disposition') ?? '', /impact-areas-2022-11\.csv/);
  const text = await csv.text();
  assert.match(
    text,
    /^# Beatwise: Impact Areas, 2022-11\n# SYNTHETIC data, not real crimes\nImpact Area,Harm\n/,
  );
  assert.match(text, /,800\.78\n/);
  const x = await post('xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await x.arrayBuffer());
  const ws = wb.worksheets[0];
  assert.equal(ws.getCell('A2').value, 'SYNTHETIC data, not real crimes');
  assert.equal(ws.getCell('A5').value, '\'=HYPERLINK("x")');
  assert.equal(ws.getCell('B5').value, 800.78);
  const bad = await fetch(`${server.url}/api/exports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, format: 'pdf' }),
  });
  assert.equal(bad.status, 400);
});
