/**
 * The paper as one HTML document: the reference paper's structure (purpose, workforce, Impact
 * Areas, crime and harm trends, hotspots, the feature sections, caveats) with numbered paragraphs,
 * tables with headers, SVG charts and a map. Pure: PaperData in, a string out (byte-stable).
 */
import type { FiguresTable } from '../core/monthly-figures.ts';
import type { Driver, TrendReport } from '../harm/index.ts';
import type { Comparison, Kind, SeriesReport } from '../workforce/index.ts';
import { rollingChart, sparkline, ytdChart } from './charts.ts';
import { esc, moved, num, pct, share, signed } from './format.ts';
import type { PaperData, TrendBlock } from './gather.ts';
import { mapSvg } from './map.ts';
import { PAPER_CSS } from './style.ts';
import { unitFlows, unitSeries } from './unit-workforce.ts';

const GLYPH: Record<string, string> = {
  Outstanding: '↓↓',
  Good: '↓',
  'No change': '→',
  'Needs improvement': '↑',
  Poor: '↑↑',
};

const SELECTION_NAME: Record<TrendBlock['key'], string> = {
  'all-crime': 'All crime',
  'neighbourhood-crime': 'Neighbourhood crime',
  'serious-youth-violence': 'Serious youth violence',
};

/** Numbered paragraphs and tables, counted as the paper is written. */
class Writer {
  private para = 0;
  readonly out: string[] = [];
  readonly contents: { id: string; title: string }[] = [];

  section(id: string, title: string): void {
    this.contents.push({ id, title });
    this.out.push(
      `</section><section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${esc(title)}</h2>`,
    );
  }
  sub(title: string): void {
    this.out.push(`<h3>${esc(title)}</h3>`);
  }
  /** A numbered paragraph; `html` is already escaped. */
  p(html: string): void {
    this.para++;
    this.out.push(`<p class="para"><span class="num">${this.para}.</span> ${html}</p>`);
  }
  list(items: string[]): void {
    this.out.push(`<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`);
  }
  raw(html: string): void {
    this.out.push(html);
  }
}

function table(
  id: string,
  caption: string,
  head: string[],
  rows: string[][],
  o: { foot?: string[][]; numeric?: boolean[]; className?: string; widths?: number[] } = {},
): string {
  const cols = o.widths
    ? `<colgroup>${o.widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>`
    : '';
  const cls = (i: number) => ((o.numeric?.[i] ?? i > 0) ? ' class="n"' : '');
  const cell = (r: string[], tag: 'td' | 'th') =>
    r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<${tag}${cls(i)}>${c}</${tag}>`)).join('');
  return `<table id="${id}" class="${o.className ?? 'fig'}"><caption>${esc(caption)}</caption>${cols}<thead><tr>${head
    .map((h, i) => `<th scope="col"${cls(i)}>${esc(h)}</th>`)
    .join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${cell(r, 'td')}</tr>`).join('')}</tbody>${
    o.foot ? `<tfoot>${o.foot.map((r) => `<tr class="total">${cell(r, 'td')}</tr>`).join('')}</tfoot>` : ''
  }</table>`;
}

function chart(svg: string, caption: string): string {
  return svg ? `<figure class="chart">${svg}<figcaption>${esc(caption)}</figcaption></figure>` : '';
}

function driverText(d: Driver | undefined, total: number): string {
  if (!d) return '';
  return `${esc(d.name)} was the main driver (${signed(d.change.count)} of ${signed(total)} crimes)`;
}

function topDrivers(list: Driver[], n = 5): Driver[] {
  return list.filter((d) => d.shareOfChange !== null).slice(0, n);
}

function ytdSentence(name: string, t: TrendReport): string {
  const main = t.drivers.byArea[0]?.shareOfChange !== null ? t.drivers.byArea[0] : t.drivers.byCategory[0];
  const driver = driverText(main?.shareOfChange !== null ? main : undefined, t.vsLastYear.count);
  return `${esc(name)} in the ${esc(t.current.label)} (${t.current.from} to ${t.current.to}) ${moved(t.vsLastYear.count)} ${pct(t.vsLastYear.countPct)} against the same period last year (${num(t.current.count)} crimes against ${num(t.lastYear.count)}) and ${pct(t.vsBaseline.countPct)} against ${esc(t.baseline.label)} (${num(t.baseline.count)})${driver ? `; ${driver}` : ''}.`;
}

/** The unit a paper is for, and the force it compares with. */
interface UnitScope {
  code: string;
  name: string;
  force: string;
}

function comparisonRow(
  label: string,
  rs: string[],
  c: { totals: Record<string, Comparison>; grandTotal: Comparison },
  kind: Kind,
): string[] {
  return [label, ...rs.map((r) => num(c.totals[r]?.[kind], 2)), num(c.grandTotal[kind], 2)];
}

function varianceCells(label: string, c: Comparison): string[] {
  return [
    label,
    num(c.establishment, 2),
    num(c.strength, 2),
    c.variance === null ? '–' : signed(c.variance, 2),
    c.fillRate === null ? '–' : share(c.fillRate),
  ];
}

/**
 * A series' tables: establishment, strength, and strength against establishment. In a unit's paper
 * (`unit` given) a table that holds rows for the unit shows those rows and their total, with the
 * force's total as a comparison line; one that does not is shown force-wide and says so.
 */
function workforceTables(
  w: Writer,
  s: SeriesReport,
  roles: Map<string, string>,
  first: boolean,
  n: { t: number },
  unit: UnitScope | null,
): void {
  const rs = s.table.roles;
  const head = ['Department', ...rs.map((r) => roles.get(r) ?? r), 'Grand Total'];
  const kinds: Kind[] = [];
  if (s.establishment) kinds.push('establishment');
  if (s.strength) kinds.push('strength');
  const u = unit ? unitSeries(s, unit.code) : null;
  const forceLine = unit ? `${esc(unit.force)} total (for comparison)` : 'Total';
  const labels: string[] = [];
  for (const kind of kinds) {
    const meta = s[kind];
    const label = first ? `Table ${kind === 'establishment' ? 1 : 2}` : `Table ${n.t++}`;
    labels.push(label);
    const rows = (u ? u.rows : s.table.departments).map((d) => [
      esc(d.label),
      ...rs.map((r) => num(d.cells[r]?.[kind], 2)),
      num(d.total[kind], 2),
    ]);
    const foot = [comparisonRow(forceLine, rs, s.table, kind)];
    if (u && unit && u.rows.length > 1) foot.unshift(comparisonRow(`${esc(unit.name)} total`, rs, u, kind));
    const title = (meta?.title ?? `${s.series} ${kind}`).replace(/^Table\s+\w+\s*:\s*/i, '');
    const whose = u && unit ? ` — ${unit.name}, with the force total` : unit ? ' — force-wide' : '';
    w.raw(
      table(
        `wf-${s.series}-${kind}`,
        `${label}: ${title}${whose} (${kind}, ${meta?.asOf ?? ''})`,
        head,
        rows,
        {
          foot,
        },
      ),
    );
    const checks = s[kind === 'establishment' ? 'establishmentTotals' : 'strengthTotals'];
    const bad = u
      ? (checks?.discrepancies ?? []).filter((c) => c.department === unit?.code)
      : checks?.discrepancies;
    if (bad?.length) {
      w.p(
        `${bad.length} printed total${bad.length === 1 ? '' : 's'} in the supplied ${kind} table ${u ? `for ${esc(unit?.name ?? '')} ` : ''}do not add up; the table above shows the sums of its rows:`,
      );
      w.list(bad.map((c) => esc(c.message)));
    }
  }
  if (s.establishment && s.strength) {
    const label = `Table ${first ? '2a' : n.t++}`;
    labels.push(label);
    const rows = (u ? u.rows : s.table.departments).map((d) => varianceCells(esc(d.label), d.total));
    const foot = [varianceCells(forceLine, s.table.grandTotal)];
    if (u && unit && u.rows.length > 1) foot.unshift(varianceCells(`${esc(unit.name)} total`, u.grandTotal));
    w.raw(
      table(
        `wf-${s.series}-variance`,
        `${label}: strength against establishment${u && unit ? ` — ${unit.name}, with the force total` : unit ? ' — force-wide' : ''} (variance = strength − establishment; fill rate = strength ÷ establishment)`,
        ['Department', 'Establishment', 'Strength', 'Variance', 'Fill rate'],
        rows,
        { foot },
      ),
    );
  }
  if (!unit) return;
  const nums = labels.map((l) => l.replace(/^Table /, ''));
  const which =
    nums.length > 1 ? `Tables ${nums.slice(0, -1).join(', ')} and ${nums.at(-1)}` : `Table ${nums[0]}`;
  if (u) {
    const others = u.otherDiscrepancies;
    w.p(
      `${which} show${labels.length > 1 ? '' : 's'} ${esc(unit.name)}’s row${u.rows.length > 1 ? 's' : ''} of the supplied table${labels.length > 1 ? 's' : ''}${u.rows.length > 1 ? ' and their total' : ''}, with the ${esc(unit.force)} total as a comparison line${others ? `; ${others} printed force total${others === 1 ? '' : 's'} in the supplied table${labels.length > 1 ? 's' : ''} do not add up (see the force’s paper)` : ''}.`,
    );
  } else
    w.p(
      `${which} hold${labels.length > 1 ? '' : 's'} no row for ${esc(unit.name)}, so ${labels.length > 1 ? 'they are' : 'it is'} shown force-wide.`,
    );
}

function featureTable(t: FiguresTable, id: string): string {
  return table(
    id,
    t.caption,
    t.header,
    t.rows.map((r) =>
      r.map((c, i) => (c === null ? '–' : typeof c === 'number' ? num(c, 2) : i === 0 ? esc(c) : esc(c))),
    ),
  );
}

/** The caveat line in every page's footer. */
export function footerLine(d: PaperData): string {
  const parts = [
    d.synthetic ? 'SYNTHETIC data' : '',
    'police.uk locations approximate',
    'boundaries approximate',
    `harm: ${d.weights}`,
    d.dataMonths ? `data ${d.dataMonths.from} to ${d.dataMonths.to}` : '',
  ].filter(Boolean);
  return `${d.force.name} · ${d.paperNumber} · ${parts.join(' · ')}`;
}

export function renderHtml(d: PaperData): string {
  const w = new Writer();
  const where = d.unit ? `${d.unit.name} (${d.force.name})` : d.force.name;
  const rolls = d.rolling.current;
  const all = d.trends.find((t) => t.key === 'all-crime')?.report ?? null;

  // ---- Purpose and summary
  w.section('purpose', 'Purpose of paper and summary');
  w.p(
    `To provide the ${esc(d.config.board)} with a report on neighbourhood policing in ${esc(where)} for ${esc(d.monthLabel)}, relating to the priority “${esc(d.config.priority)}”. Every figure in this paper is computed by Beatwise from the force’s records; none is typed.`,
  );
  const headlines: string[] = [];
  if (rolls?.rolling_harm != null)
    headlines.push(
      `Rolling 12-month harm ${moved(rolls.pct_change)} ${pct(rolls.pct_change, 2)} to ${num(rolls.rolling_harm, 1)} CCHI days in the 12 months to ${esc(d.monthLabel)} (${num(rolls.rolling_count)} crimes)${rolls.status ? `; its status is ${esc(rolls.status)}` : ''}.`,
    );
  if (all) headlines.push(ytdSentence('All crime', all));
  const nc = d.trends.find((t) => t.key === 'neighbourhood-crime')?.report;
  if (nc)
    headlines.push(
      `Neighbourhood crime year to date ${moved(nc.vsLastYear.count)} ${pct(nc.vsLastYear.countPct)} against last year (${num(nc.current.count)} against ${num(nc.lastYear.count)}).`,
    );
  const ia = d.impactAreas.rows;
  if (ia.length) {
    const improving = ia.filter((r) => r.status === 'Outstanding' || r.status === 'Good').length;
    const worsening = ia.filter((r) => r.status === 'Poor' || r.status === 'Needs improvement').length;
    headlines.push(
      `Of ${ia.length} Impact Areas, ${improving} had falling rolling harm this month (Outstanding or Good) and ${worsening} rising (Needs improvement or Poor).`,
    );
  }
  w.p('The headline movements this month:');
  w.list(headlines);
  if (d.synthetic)
    w.p(
      '<strong>SYNTHETIC data.</strong> The crimes in this paper are generated, calibrated on real counts; they are not real records. The workforce tables are those supplied.',
    );
  w.p('This paper sets out, in turn:');
  w.list(
    [
      'Organisation and workforce',
      'Neighbourhood policing and Impact Areas',
      'Crime and harm trends',
      'Hotspots',
      ...d.features.map((f) => f.title),
      'Caveats and data sources',
    ].map(esc),
  );

  // ---- Workforce
  w.section('workforce', 'Organisation and workforce');
  w.p(
    `${esc(d.force.name)} is divided into ${d.counts.units} neighbourhood policing units, with ${d.counts.teams} neighbourhood policing teams and ${d.counts.impactAreas} Impact Areas in the store’s force description.`,
  );
  if (d.workforce) {
    const roles = new Map(d.workforce.roles.map((r) => [r.code, r.label]));
    const scope = d.unit ? { code: d.unit.code, name: d.unit.name, force: d.force.name } : null;
    const both = d.workforce.series.filter((s) => s.establishment && s.strength);
    const g = both[0]?.table.grandTotal;
    const ug = scope && both[0] ? unitSeries(both[0], scope.code)?.grandTotal : undefined;
    const fill = (c: { fillRate: number | null }) => (c.fillRate === null ? '–' : share(c.fillRate));
    if (scope && ug && ug.establishment !== null && ug.strength !== null)
      w.p(
        `Against an establishment of ${num(ug.establishment, 2)} posts in ${esc(scope.name)}, strength is ${num(ug.strength, 2)} (variance ${signed(ug.strength - ug.establishment, 2)}, fill rate ${fill(ug)}), by the supplied tables (Tables 1 and 2)${g && g.establishment !== null && g.strength !== null ? `; across the force, ${num(g.strength, 2)} against ${num(g.establishment, 2)} (fill rate ${fill(g)})` : ''}.`,
      );
    else if (g && g.establishment !== null && g.strength !== null)
      w.p(
        `Against an establishment of ${num(g.establishment, 2)} posts, strength is ${num(g.strength, 2)} (variance ${signed(g.strength - g.establishment, 2)}, fill rate ${fill(g)}), by the supplied tables (Tables 1 and 2)${scope ? `; these figures are force-wide, as the tables hold no row for ${esc(scope.name)}` : ''}.`,
      );
    const n = { t: 4 };
    d.workforce.series.forEach((s, i) => {
      workforceTables(w, s, roles, i === 0 && !!(s.establishment && s.strength), n, scope);
    });
    const uf = scope && d.flows ? unitFlows(d.flows, scope.code) : null;
    const flows = uf ? uf.roles : (d.flows?.roles ?? []);
    const whose = scope
      ? uf
        ? ` in ${esc(scope.name)}`
        : ' across the force (the records name no unit, so this is the force’s figure)'
      : '';
    if (flows.length) {
      w.p(
        `In the 12 months to ${esc(d.monthLabel)} the recorded joiners and leavers${whose} were: ${flows
          .map(
            (r) =>
              `${esc(r.label)} ${num(r.joined, 1)} joined, ${num(r.left, 1)} left${r.movedIn || r.movedOut ? `, ${num(r.movedIn, 1)} moved in, ${num(r.movedOut, 1)} moved out` : ''} (net ${signed(r.net, 1)})`,
          )
          .join(
            '; ',
          )}${uf?.unplaced ? `; ${uf.unplaced} record${uf.unplaced === 1 ? '' : 's'} naming no unit are not counted` : ''}.`,
      );
    } else w.p(`No joiners or leavers are recorded${whose} for the 12 months to ${esc(d.monthLabel)}.`);
  } else w.p(esc(d.workforceMissing ?? 'No workforce figures.'));

  // ---- Impact Areas
  w.section('impact-areas', 'Neighbourhood policing and Impact Areas');
  if (ia.length) {
    w.p(
      `Impact Areas are places with a disproportionate amount of crime, demand, deprivation and harm. Table 3 gives each area’s rolling ${d.impactAreas.window}-month crime harm over the last ${d.impactAreas.windows.length} windows, the % change from one window to the next and its status (${esc(d.impactAreas.ruleText)}).`,
    );
    const win = d.impactAreas.windows.map((x) => x.replace('..', ' to '));
    const widths = [14, 4];
    for (let i = 0; i < win.length; i++) widths.push(...(i ? [9.5, 7] : [9.5]));
    widths.push(100 - widths.reduce((a, b) => a + b, 0) - 9, 9);
    const head = ['Impact Area', 'NPU'];
    win.forEach((x, i) => {
      head.push(`${x} harm`);
      if (i > 0) head.push('% dif.');
    });
    head.push('Status', 'Trend (24 months)');
    const rows = ia.map((r) => {
      const cells = [esc(r.name), esc(d.impactAreas.units[r.code] ?? '')];
      r.rolling.forEach((v, i) => {
        cells.push(num(v, 1));
        if (i > 0) cells.push(pct(r.pctChange[i], 2));
      });
      const st = r.status ? `${GLYPH[r.status]} ${esc(r.status)}` : r.tooFew ? 'too few crimes' : '–';
      cells.push(
        `<span class="status s-${(r.status ?? 'none').toLowerCase().replace(/ /g, '-')}">${st}</span>`,
      );
      const first = r.spark.find((v) => v !== null);
      const last = r.spark.at(-1);
      cells.push(
        sparkline(
          r.spark,
          `${r.name}: rolling harm ${first != null && last != null ? `${moved(last - first)} from ${num(first, 1)} to ${num(last, 1)}` : 'not known'} over the last ${r.spark.length} months`,
        ),
      );
      return cells;
    });
    w.raw(
      table(
        'table-3',
        `Table 3: change in crime harm in each Impact Area, ${win[0]} to ${win.at(-1)}`,
        head,
        rows,
        {
          numeric: head.map((_, i) => i > 1 && i < head.length - 2),
          className: 'fig wide',
          widths,
        },
      ),
    );
    w.raw(
      '<p class="legend"><span>↓↓ OUTSTANDING: reducing 3 months</span> <span>↓ GOOD: reducing 1–2 months</span> <span>↑ NEEDS IMPROVEMENT: increasing 1–2 months</span> <span>↑↑ POOR: increasing 3 months</span></p>',
    );
    const poor = ia.filter((r) => r.status === 'Poor').map((r) => esc(r.name));
    if (poor.length) w.p(`Rolling harm has risen for three months or more in ${poor.join(', ')}.`);
  } else w.p(`${esc(where)} has no Impact Areas in the store.`);

  // ---- Trends
  w.section('trends', 'Crime and harm trends');
  if (d.rolling.series.length) {
    const s = d.rolling.series.filter((x) => x.harm !== null);
    const a = s[0];
    const b = s.at(-1);
    const finding =
      a && b && a.harm !== null && b.harm !== null
        ? `Rolling 12-month harm in ${where} ${moved(b.harm - a.harm)} from ${num(a.harm, 1)} (${a.month}) to ${num(b.harm, 1)} (${b.month})`
        : 'Rolling 12-month harm';
    w.raw(
      chart(rollingChart(d.rolling.series, finding), `Figure 1: rolling 12-month crime harm. ${finding}.`),
    );
  }
  const ytdRows: { selection: string; period: string; count: number }[] = [];
  const tRows: string[][] = [];
  for (const t of d.trends) {
    const name = SELECTION_NAME[t.key];
    if (!t.report) {
      w.p(`${esc(name)}: no figures. ${esc(t.missing ?? '')}`);
      continue;
    }
    const r = t.report;
    w.p(ytdSentence(name, r));
    for (const p of [r.baseline, r.lastYear, r.current])
      ytdRows.push({ selection: name, period: p.label, count: p.count });
    tRows.push([
      esc(name),
      num(r.current.count),
      num(r.lastYear.count),
      pct(r.vsLastYear.countPct),
      num(r.baseline.count),
      pct(r.vsBaseline.countPct),
      num(r.current.harm, 1),
      pct(r.vsLastYear.harmPct),
    ]);
  }
  if (tRows.length && all) {
    w.raw(
      table(
        'table-5',
        `Table 5: ${all.current.label} against last year and ${all.baseline.label}`,
        [
          'Crime',
          all.current.label,
          all.lastYear.label,
          '% vs last year',
          all.baseline.label,
          '% vs baseline',
          'Harm YTD',
          'Harm % vs last year',
        ],
        tRows,
      ),
    );
    w.raw(
      chart(
        ytdChart(
          ytdRows,
          `Year-to-date crimes: ${tRows.map((r) => `${r[0]} ${r[3]} against last year`).join('; ')}`,
        ),
        `Figure 2: crimes year to date; in each group, left to right: ${all.baseline.label} (light), ${all.lastYear.label} (mid), ${all.current.label} (dark).`,
      ),
    );
  }
  let tn = 6;
  for (const t of d.trends) {
    if (!t.report) continue;
    const r = t.report;
    const name = SELECTION_NAME[t.key];
    const by = d.unit ? [] : topDrivers(r.drivers.byArea);
    const cats = topDrivers(r.drivers.byCategory);
    const rows = [
      ...by.map((x) => [
        esc(x.name),
        'unit',
        num(x.previous.count),
        num(x.current.count),
        signed(x.change.count),
        `${(x.shareOfChange ?? 0).toFixed(1)}%`,
      ]),
      ...cats.map((x) => [
        esc(x.name),
        'category',
        num(x.previous.count),
        num(x.current.count),
        signed(x.change.count),
        `${(x.shareOfChange ?? 0).toFixed(1)}%`,
      ]),
    ];
    if (rows.length)
      w.raw(
        table(
          `table-${tn}`,
          `Table ${tn++}: ${name}, what drove the change against last year`,
          ['Driver', 'Kind', 'Last year', 'This year', 'Change', 'Share'],
          rows,
        ),
      );
  }
  if (all) w.raw(`<p class="note">${esc(all.shareNote)}</p>`);

  // ---- Hotspots
  w.section('hotspots', 'Hotspots');
  const h = d.hotspots;
  if (h) {
    const sentence = `${share(h.at.areaShare)} of the area (${num(h.at.cells)} cells of ${num(h.cellSizeM)} m) holds ${share(h.at.countShare)} of ${h.what} and ${share(h.at.harmShare)} of its harm, ${h.months ? `${h.months.from} to ${h.months.to}` : ''}.`;
    w.p(esc(sentence));
    w.raw(
      chart(
        mapSvg(d.map, h.topCells, h.cellSizeM, `Map of ${where}: ${sentence}`),
        `Figure 3: ${where}, its units and Impact Areas (amber), and the top ${num(h.at.cells)} hotspot cells (red).`,
      ),
    );
    if (h.backtest) {
      const b = h.backtest;
      const best = [...b.methods].sort(
        (x, y) => y.hitRate - x.hitRate || x.method.localeCompare(y.method),
      )[0];
      w.p(
        `An honest backtest (each month predicted only from the months before it, ${b.origins} months) at ${share(b.coverage)} of the area: ${esc(best.label)} captured the most of the next month’s crime (hit rate ${share(best.hitRate)}, PAI ${best.pai.toFixed(1)}). ${best.method === 'naive' ? 'No method beat last period’s hotspots, so the simple map is the one to trust.' : `It beat last period’s hotspots in ${best.better} of ${b.origins} months.`}`,
      );
      w.raw(
        table(
          'table-backtest',
          `Backtest at ${share(b.coverage)} of the area`,
          ['Method', 'Hit rate', 'PAI', 'Months better than naive', 'Months worse'],
          b.methods.map((m) => [
            esc(m.label),
            share(m.hitRate),
            m.pai.toFixed(1),
            String(m.better),
            String(m.worse),
          ]),
        ),
      );
    } else w.p(esc(h.backtestMissing ?? 'No backtest.'));
  } else w.p(esc(d.hotspotsMissing ?? 'No hotspot analysis.'));

  // ---- Feature sections
  let ft = 20;
  for (const f of d.features) {
    w.section(`feature-${f.key}`, f.title);
    const fig = f.figures;
    if (!fig?.hasData) {
      w.p(esc(f.notice ?? ''));
      continue;
    }
    if (fig.synthetic) w.raw('<p class="synthetic">SYNTHETIC: these records are generated, not real.</p>');
    for (const s of fig.sentences) w.p(esc(s));
    for (const t of fig.tables)
      w.raw(
        featureTable(
          { ...t, caption: `Table ${ft}: ${t.caption}${fig.synthetic ? ' (SYNTHETIC)' : ''}` },
          `table-${ft++}`,
        ),
      );
    if (fig.caveats.length)
      w.raw(`<ul class="caveats">${fig.caveats.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`);
  }

  // ---- Caveats
  w.section('caveats', 'Caveats and data sources');
  w.list(d.caveats.map(esc));
  w.p('The board is asked to note the contents of this report.');
  w.raw(
    `<p class="author">Author: ${esc(d.config.author)}${d.config.authorRole ? `<br>Job Title: ${esc(d.config.authorRole)}` : ''}</p>`,
  );

  const body = w.out.join('').replace(/^<\/section>/, '');
  const contents = `<nav aria-labelledby="contents-h"><h2 id="contents-h">Contents</h2><ol>${w.contents
    .map((c) => `<li><a href="#${c.id}">${esc(c.title)}</a></li>`)
    .join('')}</ol></nav>`;
  const logo = d.config.logoDataUrl
    ? `<img class="logo" src="${d.config.logoDataUrl}" alt="${esc(d.config.logoAlt ?? `${d.force.name} logo`)}">`
    : '';
  const footer = footerLine(d);
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.config.title)}: ${esc(where)}, ${esc(d.monthLabel)}${d.synthetic ? ' (SYNTHETIC)' : ''}</title>
<style>${PAPER_CSS.replace('@FOOTER@', JSON.stringify(footer))}</style></head>
<body><header class="masthead">${logo}<p class="board">${esc(d.config.board.toUpperCase())}</p><p>${esc(d.monthLabel)} · Paper ${esc(d.paperNumber)}</p>
<h1>Report: ${esc(d.config.title)} — ${esc(where)}</h1>
<p>Police and Crime Plan Priority: ${esc(d.config.priority)}</p>${d.config.presentedBy ? `<p>Presented by: ${esc(d.config.presentedBy)}</p>` : ''}${
    d.synthetic ? '<p class="synthetic">SYNTHETIC DATA: generated crimes, not real records</p>' : ''
  }</header>
<main>${contents}${body}</section></main>
<footer class="page-foot"><p>${esc(footer)}</p></footer>
</body></html>
`;
}
