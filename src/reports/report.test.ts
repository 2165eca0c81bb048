// The board paper from a store: the feature sections (with a fake source), byte-identical HTML
// across runs, and every number in its tables against the API's figure for the same thing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { AS_ADMIN } from '../../test/support/principals.ts';
import { startServer } from '../core/http/server.ts';
import type { MonthlyFiguresSource } from '../core/monthly-figures.ts';
import type { Store } from '../core/store/store.ts';
import type { ImpactAreaTable, TrendReport } from '../harm/index.ts';
import { ROUTES } from '../server.ts';
import type { WorkforceReport } from '../workforce/index.ts';
import { readReportConfig } from './config.ts';
import { FEATURE_SECTIONS, type FeatureSection } from './feature-sections.ts';
import { num, pct } from './format.ts';
import { renderHtml } from './html.ts';
import { reportHtml } from './report.ts';
import { westMidlandsStore } from './test-support.ts';

const MONTH = '2022-12';
let t: Awaited<ReturnType<typeof westMidlandsStore>>;
let store: Store;
let server: Awaited<ReturnType<typeof startServer>>;
const config = readReportConfig();

before(async () => {
  t = await westMidlandsStore();
  store = t.store;
  server = await startServer({ dbPath: t.location, port: 0, plugins: ROUTES, ...AS_ADMIN });
});
after(async () => {
  await server.close();
  await t.dispose();
});

const api = async <T>(path: string): Promise<T> => {
  const r = await fetch(`${server.url}${path}`);
  assert.equal(r.status, 200, `${path}: ${await r.clone().text()}`);
  return (await r.json()) as T;
};

/** A table's body (and foot) rows as text cells, first cell included. */
function rowsOf(html: string, id: string): string[][] {
  const { document } = parseHTML(html);
  const tableEl = document.getElementById(id);
  assert.ok(tableEl, `no table #${id}`);
  return [...tableEl.querySelectorAll('tbody tr, tfoot tr')].map((tr) =>
    [...tr.children].map((c) => (c.textContent ?? '').trim()),
  );
}

test('six feature sections, each drawn from its feature', () => {
  assert.deepEqual(
    FEATURE_SECTIONS.map((s) => s.key),
    ['patrols', 'burglary-pledge', 'referrals', 'offenders', 'volunteers', 'engagement'],
  );
  assert.ok(FEATURE_SECTIONS.every((s) => typeof s.source === 'function'));
});

test('a section renders a source’s sentences, tables, SYNTHETIC label and caveats; no data and no source each say so in a sentence', async () => {
  const calls: string[] = [];
  const fake: MonthlyFiguresSource = async (_s, q) => {
    calls.push(`${q.force} ${q.month} ${q.unit ?? ''}`);
    return {
      title: 'Targeted patrols',
      hasData: true,
      sentences: ['Officers logged 412 patrols in 38 hotspots.'],
      tables: [
        {
          caption: 'Patrols by unit',
          header: ['Unit', 'Patrols', 'Minutes'],
          rows: [
            ['BE', 212, 2860.5],
            ['BW', 200, null],
          ],
        },
      ],
      synthetic: true,
      caveats: ['Before and after is not an evaluation.'],
    };
  };
  const empty: MonthlyFiguresSource = async () => ({
    title: 'Offender management',
    hasData: false,
    sentences: ['No offender management records for December 2022.'],
    tables: [],
    synthetic: false,
    caveats: [],
  });
  // Patrols from a fake source, offenders from one with nothing for the month, the rest with none.
  const sections: FeatureSection[] = FEATURE_SECTIONS.map((s) =>
    s.key === 'patrols'
      ? { ...s, source: fake }
      : s.key === 'offenders'
        ? { ...s, source: empty }
        : { key: s.key, title: s.title },
  );
  const { html } = await reportHtml(store, { force: 'west-midlands', month: MONTH, sections }, config);
  assert.deepEqual(calls, ['west-midlands 2022-12 ']);
  const { document } = parseHTML(html);
  const patrols = document.getElementById('feature-patrols');
  assert.ok(patrols);
  const text = patrols.textContent ?? '';
  assert.match(text, /Officers logged 412 patrols in 38 hotspots\./);
  assert.match(text, /SYNTHETIC/);
  assert.match(text, /Before and after is not an evaluation\./);
  const rows = [...patrols.querySelectorAll('table tbody tr')].map((tr) =>
    [...tr.children].map((c) => c.textContent),
  );
  assert.deepEqual(rows, [
    ['BE', '212', '2,860.5'],
    ['BW', '200', '–'],
  ]);
  assert.match(patrols.querySelector('caption')?.textContent ?? '', /Patrols by unit \(SYNTHETIC\)/);
  const offenders = document.getElementById('feature-offenders')?.textContent ?? '';
  assert.match(offenders, /No offender management records for December 2022\./);
  assert.equal(document.querySelectorAll('#feature-offenders table').length, 0);
  for (const key of ['burglary-pledge', 'referrals', 'volunteers', 'engagement']) {
    const el = document.getElementById(`feature-${key}`);
    assert.ok(el, key);
    assert.match(el.textContent ?? '', /is not yet set up in Beatwise for this force/);
    assert.equal(el.querySelectorAll('table').length, 0, `${key} shows a table`);
    assert.doesNotMatch(el.textContent ?? '', /\b0\b/, `${key} prints a zero`);
  }
});

test('the same store and options give byte-identical HTML', async () => {
  const h = async () =>
    createHash('sha256')
      .update((await reportHtml(store, { force: 'west-midlands', month: MONTH }, config)).html)
      .digest('hex');
  assert.equal(await h(), await h());
});

test('the paper is accessible HTML: one h1, headings in order, every chart and map with alt text, tables with headers', async () => {
  const { html } = await reportHtml(store, { force: 'west-midlands', month: MONTH }, config);
  const { document } = parseHTML(html);
  assert.equal(document.querySelectorAll('h1').length, 1);
  let last = 1;
  for (const h of document.querySelectorAll('h1, h2, h3')) {
    const level = Number(h.tagName.slice(1));
    assert.ok(level <= last + 1, `${h.tagName} "${h.textContent}" skips a level`);
    last = level;
  }
  const svgs = [...document.querySelectorAll('svg')];
  assert.ok(svgs.length >= 3, 'charts and map');
  for (const s of svgs)
    assert.ok((s.getAttribute('aria-label') ?? '').length > 10, 'an SVG without alt text');
  const imgs = [...document.querySelectorAll('img')];
  assert.ok(imgs.length >= 1, 'the logo');
  for (const i of imgs) assert.ok((i.getAttribute('alt') ?? '').length > 0, 'an image without alt text');
  for (const tb of document.querySelectorAll('table')) {
    assert.ok(tb.querySelector('caption'), 'a table without a caption');
    assert.ok(tb.querySelectorAll('thead th[scope="col"]').length > 1, 'a table without column headers');
  }
  // SYNTHETIC on the page and in the footer line of every printed page.
  assert.match(html, /SYNTHETIC DATA/);
  assert.match(html, /@bottom-left \{ content: "[^"]*SYNTHETIC data/);
  // Numbered paragraphs run 1, 2, 3… without a gap.
  const nums = [...document.querySelectorAll('p.para .num')].map((n) =>
    Number((n.textContent ?? '').replace('.', '')),
  );
  assert.deepEqual(
    nums,
    nums.map((_, i) => i + 1),
  );
});

test('every number in Tables 1, 2 and 2a is the workforce API’s', async () => {
  const { html } = await reportHtml(store, { force: 'west-midlands', month: MONTH }, config);
  const w = await api<WorkforceReport>('/api/forces/west-midlands/workforce');
  const s = w.series.find((x) => x.establishment && x.strength);
  assert.ok(s);
  for (const kind of ['establishment', 'strength'] as const) {
    const rows = rowsOf(html, `wf-${s.series}-${kind}`);
    const want: string[][] = [
      ...s.table.departments.map((d) => [
        d.label,
        ...s.table.roles.map((r) => num(d.cells[r]?.[kind], 2)),
        num(d.total[kind], 2),
      ]),
      [
        'Total',
        ...s.table.roles.map((r) => num(s.table.totals[r]?.[kind], 2)),
        num(s.table.grandTotal[kind], 2),
      ],
    ];
    assert.deepEqual(rows, want, kind);
  }
  const variance = rowsOf(html, `wf-${s.series}-variance`);
  assert.equal(variance.length, s.table.departments.length + 1);
  variance.slice(0, -1).forEach((r, i) => {
    const d = s.table.departments[i];
    assert.equal(r[1], num(d.total.establishment, 2));
    assert.equal(r[2], num(d.total.strength, 2));
    assert.equal(r[3].replace('−', '-').replace('+', ''), num(d.total.variance, 2).replace(/^-/, '-'));
  });
  // The supplied tables' printed totals that do not add up are listed.
  const bad = [...(s.establishmentTotals?.discrepancies ?? []), ...(s.strengthTotals?.discrepancies ?? [])];
  assert.ok(bad.length > 0, 'the paper’s Table 2 has totals that do not add up');
  for (const c of bad) assert.ok(html.includes(c.message.replace(/&/g, '&amp;')), c.message);
});

test('every number in Table 3 is the Impact Areas API’s', async () => {
  const { html } = await reportHtml(store, { force: 'west-midlands', month: MONTH }, config);
  const ia = await api<ImpactAreaTable>(`/api/forces/west-midlands/impact-areas?month=${MONTH}`);
  const rows = rowsOf(html, 'table-3');
  assert.equal(rows.length, ia.rows.length);
  assert.equal(rows.length, 19);
  for (const r of rows) {
    const a = ia.rows.find((x) => x.name === r[0]);
    assert.ok(a, r[0]);
    const want: string[] = [];
    a.rolling.forEach((v, i) => {
      want.push(num(v, 1));
      if (i > 0) want.push(pct(a.pctChange[i], 2));
    });
    assert.deepEqual(r.slice(2, 2 + want.length), want, a.name);
    assert.ok(r[2 + want.length].endsWith(a.status ?? '–'), `${a.name} status`);
  }
});

test('every number in Table 5 is the trends API’s', async () => {
  const { html } = await reportHtml(store, { force: 'west-midlands', month: MONTH }, config);
  const rows = rowsOf(html, 'table-5');
  const names = ['all-crime', 'neighbourhood-crime', 'serious-youth-violence'];
  assert.equal(rows.length, 3);
  for (const [i, sel] of names.entries()) {
    const tr = await api<TrendReport>(
      `/api/forces/west-midlands/trends?selection=${sel}&level=unit&to=${MONTH}`,
    );
    assert.deepEqual(rows[i].slice(1), [
      num(tr.current.count),
      num(tr.lastYear.count),
      pct(tr.vsLastYear.countPct),
      num(tr.baseline.count),
      pct(tr.vsBaseline.countPct),
      num(tr.current.harm, 1),
      pct(tr.vsLastYear.harmPct),
    ]);
  }
});

test('a unit’s paper holds that unit’s Impact Areas only; a month outside the data and an unknown unit are refused', async () => {
  const { data } = await reportHtml(store, { force: 'west-midlands', month: MONTH, unit: 'BE' }, config);
  assert.equal(data.unit?.code, 'BE');
  assert.ok(data.impactAreas.rows.length > 0);
  assert.ok(data.impactAreas.rows.every((r) => data.impactAreas.units[r.code] === 'BE'));
  await assert.rejects(reportHtml(store, { force: 'west-midlands', month: '2030-01' }, config), /outside/);
  await assert.rejects(
    reportHtml(store, { force: 'west-midlands', month: MONTH, unit: 'ZZ' }, config),
    /no unit "ZZ"/,
  );
});

test('a unit’s paper shows the unit’s rows of each workforce table that has them, with the force total as a comparison line', async () => {
  const { html, data } = await reportHtml(
    store,
    { force: 'west-midlands', month: MONTH, unit: 'BE' },
    config,
  );
  const w = await api<WorkforceReport>('/api/forces/west-midlands/workforce');
  const forceName = data.force.name;
  assert.ok(w.series.length >= 2, 'Tables 1 and 2, and Table 4');
  for (const s of w.series) {
    const be = s.table.departments.filter((d) => d.department === 'BE');
    assert.equal(be.length, 1, `${s.series} has a row for BE`);
    for (const kind of ['establishment', 'strength'] as const) {
      if (!s[kind]) continue;
      assert.deepEqual(rowsOf(html, `wf-${s.series}-${kind}`), [
        [be[0].label, ...s.table.roles.map((r) => num(be[0].cells[r]?.[kind], 2)), num(be[0].total[kind], 2)],
        [
          `${forceName} total (for comparison)`,
          ...s.table.roles.map((r) => num(s.table.totals[r]?.[kind], 2)),
          num(s.table.grandTotal[kind], 2),
        ],
      ]);
    }
    if (s.establishment && s.strength) {
      const v = rowsOf(html, `wf-${s.series}-variance`);
      assert.equal(v.length, 2);
      assert.deepEqual(v[0].slice(0, 3), [
        be[0].label,
        num(be[0].total.establishment, 2),
        num(be[0].total.strength, 2),
      ]);
      assert.deepEqual(v[1].slice(0, 3), [
        `${forceName} total (for comparison)`,
        num(s.table.grandTotal.establishment, 2),
        num(s.table.grandTotal.strength, 2),
      ]);
    }
  }
  const { document } = parseHTML(html);
  const text = (document.getElementById('workforce')?.textContent ?? '').replace(/\s+/g, ' ');
  assert.match(
    text,
    /Tables 1, 2 and 2a show Birmingham East’s row of the supplied tables, with the West Midlands Police total as a comparison line/,
  );
  assert.doesNotMatch(text, /hold no row/);
  // The headline uses the unit's own establishment and strength, the force's as the comparison.
  const s = w.series.find((x) => x.establishment && x.strength);
  const be = s?.table.departments.find((d) => d.department === 'BE');
  assert.ok(s && be);
  assert.ok(
    text.includes(
      `establishment of ${num(be.total.establishment, 2)} posts in Birmingham East, strength is ${num(be.total.strength, 2)}`,
    ),
  );
  assert.ok(
    text.includes(
      `across the force, ${num(s.table.grandTotal.strength, 2)} against ${num(s.table.grandTotal.establishment, 2)}`,
    ),
  );
  // The bundled joiners and leavers name no unit: the force's figures, and the paper says so.
  assert.ok(
    data.flows && data.flows.events.length > 0 && data.flows.events.every((e) => e.department === null),
  );
  assert.match(
    text,
    /joiners and leavers across the force \(the records name no unit, so this is the force’s figure\)/,
  );
});

test('a unit’s paper keeps a table with no row for the unit force-wide and says so; events that name units are counted for the unit', async () => {
  const { data } = await reportHtml(store, { force: 'west-midlands', month: MONTH, unit: 'BE' }, config);
  assert.ok(data.workforce && data.flows);
  const units = new Set(data.workforce.departments.filter((d) => d.kind === 'unit').map((d) => d.code));
  // The same tables as if supplied without a row for BE: Tables 1 and 2 for the force's
  // departments only (no NPU rows), Table 4 for the other NPUs.
  const series = data.workforce.series.map((s) => ({
    ...s,
    table: {
      ...s.table,
      departments: s.table.departments.filter((d) =>
        s.establishment && s.strength ? !units.has(d.department) : d.department !== 'BE',
      ),
    },
  }));
  assert.ok(series.every((s) => s.table.departments.length > 0));
  const events = [
    {
      type: 'join',
      role: 'pcso',
      toRole: null,
      department: 'BE',
      toDepartment: null,
      from: '2022-03',
      to: '2022-03',
      fte: 4,
      note: null,
    },
    {
      type: 'leave',
      role: 'pcso',
      toRole: null,
      department: 'BE',
      toDepartment: null,
      from: '2022-05',
      to: '2022-05',
      fte: 1.5,
      note: null,
    },
    {
      type: 'join',
      role: 'pcso',
      toRole: null,
      department: 'BW',
      toDepartment: null,
      from: '2022-05',
      to: '2022-05',
      fte: 9,
      note: null,
    },
    {
      type: 'move',
      role: 'pcso',
      toRole: 'police-officer',
      department: 'BE',
      toDepartment: null,
      from: '2022-06',
      to: '2022-06',
      fte: 2,
      note: null,
    },
    {
      type: 'move',
      role: 'police-officer',
      toRole: null,
      department: 'BW',
      toDepartment: 'BE',
      from: '2022-07',
      to: '2022-07',
      fte: 3,
      note: null,
    },
  ];
  const html = renderHtml({
    ...data,
    workforce: { ...data.workforce, series },
    flows: { ...data.flows, events: [...data.flows.events, ...events] },
  });
  const { document } = parseHTML(html);
  const text = (document.getElementById('workforce')?.textContent ?? '').replace(/\s+/g, ' ');
  const local = series.find((s) => s.establishment && s.strength);
  assert.ok(local);
  const rows = rowsOf(html, `wf-${local.series}-establishment`);
  assert.deepEqual(
    rows.map((r) => r[0]),
    [...local.table.departments.map((d) => d.label), `${data.force.name} total (for comparison)`],
  );
  assert.match(
    document.querySelector(`#wf-${local.series}-establishment caption`)?.textContent ?? '',
    /force-wide/,
  );
  assert.match(text, /Tables 1, 2 and 2a hold no row for Birmingham East, so they are shown force-wide\./);
  assert.match(text, /Table 4 holds no row for Birmingham East, so it is shown force-wide\./);
  assert.match(text, /these figures are force-wide, as the tables hold no row for Birmingham East/);
  // BE: 4 PCSOs joined, 1.5 left, 2 moved to police officer; 3 officers moved in from BW. BW's joiners are not BE's.
  assert.match(
    text,
    /joiners and leavers in Birmingham East were: Police Officer 0 joined, 0 left, 5 moved in, 0 moved out \(net \+5\); PCSO 4 joined, 1.5 left, 0 moved in, 2 moved out \(net \+0.5\); 3 records naming no unit are not counted\./,
  );
});

test('GET /report answers HTML to a signed-in reader', async () => {
  const r = await fetch(`${server.url}/api/forces/west-midlands/report?month=${MONTH}&format=html`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /text\/html/);
  // Framed by the app's own Report page only, and no script runs in it.
  assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'self'/);
  assert.doesNotMatch(r.headers.get('content-security-policy') ?? '', /script-src/);
  assert.match(await r.text(), /Report: Neighbourhood Policing/);
});
