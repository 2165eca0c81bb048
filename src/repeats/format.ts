/**
 * How repeats results are printed: the Knox table (text, highlighting significant cells with *), a
 * CSV laid out like the Near Repeat Calculator's (observed, expected, Knox ratio and p-value tables,
 * distance bands down, time bands across), the classification table, and alerts with their visit
 * lists as text and as a printable HTML page.
 */
import { toCsvLine } from '../core/csv/write.ts';
import type { AlertsAnswer, ClassifyAnswer, Header, KnoxAnswer } from './api.ts';
import type { CocooningEvaluation } from './cocooning.ts';

const n0 = (v: number) => Math.round(v).toLocaleString('en-GB');
const f2 = (v: number | null) => (v === null ? '–' : v.toFixed(2));
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const pv = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  '))
    .join('\n');
}

export function headerLines(h: Header): string[] {
  const lines = [];
  if (h.synthetic) lines.push('SYNTHETIC DATA — not real crimes');
  lines.push(
    `${h.force}: ${h.area}, burglaries ${h.months} (${h.burglaries.toLocaleString('en-GB')} located)`,
  );
  for (const c of h.caveats) lines.push(`caveat: ${c}`);
  return lines;
}

export function knoxText(a: KnoxAnswer): string {
  const r = a.result;
  const out = headerLines(a.header);
  out.push(
    `Knox test: ${r.metric} distance, ${r.iterations} permutations of the ${r.scheme === 'times' ? "crimes' times among their places" : "pairs' time labels (surveillance::knox)"}, seed ${r.seed}${a.bandsChosen ? ' (bands suggested for this data; set --distances and --times to change)' : ''}`,
  );
  out.push(
    `pairs: ${n0(r.pairs)} in all, ${n0(r.closePairs)} within ${a.distances[a.distances.length - 1]} m; smallest p-value ${r.iterations} permutations allow: ${pv(r.minP)}; * = significant (p ≤ ${r.alpha}, more pairs than expected)`,
  );
  const table = (title: string, cell: (d: number, t: number) => string) => {
    const rows = [[title, ...r.timeLabels]];
    for (const [d, dl] of r.distanceLabels.entries())
      rows.push([dl, ...r.timeLabels.map((_, t) => cell(d, t))]);
    return pad(rows);
  };
  const star = (d: number, t: number) => (r.significant[d][t] ? '*' : ' ');
  out.push(
    '',
    table('observed pairs', (d, t) => n0(r.observed[d][t])),
  );
  out.push(
    '',
    table('Knox ratio (observed / expected)', (d, t) => `${f2(r.ratio[d][t])}${star(d, t)}`),
  );
  out.push(
    '',
    table('p-value', (d, t) => `${pv(r.p[d][t])}${star(d, t)}`),
  );
  const c = r.cumulative;
  out.push(
    '',
    `within ${a.distances[0]} m and ${a.times[0]} days (Knox's single-threshold statistic): ${n0(c.observed[0][0])} pairs, ${c.expected[0][0].toFixed(1)} expected, p = ${pv(c.p[0][0])}`,
  );
  out.push(
    a.risk
      ? `near-repeat risk area the result supports: ${a.risk.radiusM} m for ${a.risk.days} days (${a.risk.note})${a.saved ? ' — saved as the force’s setting for alerts' : ' — save it for alerts with --save'}`
      : 'no near-repeat risk area: the first distance band in the first time band is not significant with a Knox ratio ≥ 1.2, so alerts use the force’s settings or the default (400 m, 28 days)',
  );
  out.push(`took ${a.seconds.toFixed(2)} s`);
  return `${out.join('\n')}\n`;
}

export function knoxCsv(a: KnoxAnswer): string {
  const r = a.result;
  const lines: string[] = [];
  const meta: [string, string | number][] = [];
  if (a.header.synthetic) meta.push(['data', 'SYNTHETIC: not real crimes']);
  meta.push(
    ['force', a.header.force],
    ['area', a.header.area],
    ['months', a.header.months],
    ['burglaries', a.header.burglaries],
    ['distance', r.metric],
    ['permutation', r.scheme],
    ['iterations', r.iterations],
    ['seed', r.seed],
    ['smallest possible p', r.minP],
    ['significance level', r.alpha],
  );
  for (const c of a.header.caveats) meta.push(['caveat', c]);
  for (const m of meta) lines.push(toCsvLine(m));
  const block = (title: string, cell: (d: number, t: number) => string | number) => {
    lines.push('');
    lines.push(toCsvLine([title, ...r.timeLabels]));
    for (const [d, dl] of r.distanceLabels.entries())
      lines.push(toCsvLine([dl, ...r.timeLabels.map((_, t) => cell(d, t))]));
  };
  block('Observed frequencies', (d, t) => r.observed[d][t]);
  block('Expected frequencies (mean of permutations)', (d, t) => Number(r.expected[d][t].toFixed(3)));
  block('Knox ratios', (d, t) => (r.ratio[d][t] === null ? '' : Number((r.ratio[d][t] ?? 0).toFixed(3))));
  block('Significance (p-values)', (d, t) => Number(r.p[d][t].toPrecision(4)));
  block('Significant (p <= alpha and ratio > 1)', (d, t) => (r.significant[d][t] ? 'yes' : ''));
  return `${lines.join('\n')}\n`;
}

export function classifyText(a: ClassifyAnswer): string {
  const out = headerLines(a.header);
  out.push(
    `repeat = same place, near repeat = within ${a.risk.radiusM} m, both within ${a.risk.days} days of an earlier burglary (${a.risk.source})`,
  );
  out.push(`totals: ${a.classes.map((c) => `${c} ${a.totals[c].toLocaleString('en-GB')}`).join(', ')}`);
  out.push('');
  const rows = [['area', 'month', 'isolated', 'originator', 'repeat', 'near repeat']];
  for (const r of a.rows)
    rows.push([
      `${r.areaName}`,
      r.month,
      String(r.isolated),
      String(r.originator),
      String(r.repeat),
      String(r.nearRepeat),
    ]);
  out.push(pad(rows));
  return `${out.join('\n')}\n`;
}

export function classifyCsv(a: ClassifyAnswer): string {
  const lines = [];
  if (a.header.synthetic) lines.push(toCsvLine(['SYNTHETIC data: not real crimes']));
  lines.push(
    toCsvLine(['area_code', 'area_name', 'month', 'isolated', 'originator', 'repeat', 'near_repeat']),
  );
  for (const r of a.rows)
    lines.push(
      toCsvLine([r.areaCode, r.areaName, r.month, r.isolated, r.originator, r.repeat, r.nearRepeat]),
    );
  return `${lines.join('\n')}\n`;
}

export function alertsText(a: AlertsAnswer, maxVisits = 15): string {
  const out = headerLines(a.header);
  out.push(
    `near-repeat alerts for burglaries since ${a.since}: risk area ${a.risk.radiusM} m for ${a.risk.days} days (${a.risk.source})`,
  );
  out.push(`${a.alerts.length} alert(s)`);
  for (const al of a.alerts) {
    out.push('');
    out.push(
      `burglary ${al.crimeId} on ${al.monthOnly ? `${al.date.slice(0, 7)} (month only)` : al.date} at E${Math.round(al.easting)} N${Math.round(al.northing)}, ${al.teamName}: risk ${al.from} to ${al.to}, ${al.places} map point(s) within ${al.radiusM} m${al.cocooning ? ` — cocooning ${al.cocooning.status}${al.cocooning.doneBy ? ` by ${al.cocooning.doneBy}` : ''}` : ''}`,
    );
    for (const v of al.visitsByTeam) {
      out.push(`  visit list, ${v.teamName}:`);
      for (const item of v.list.slice(0, maxVisits))
        out.push(
          `   ${String(item.order).padStart(2)}. ${item.street} (${item.distanceM} m, ${item.points.length} point(s)) — ${item.action}`,
        );
      if (v.list.length > maxVisits)
        out.push(`   … and ${v.list.length - maxVisits} more streets (--format html or json for all)`);
    }
  }
  return `${out.join('\n')}\n`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A printable page of alerts and visit lists (A4, one alert per page break; readable at 390 px). */
export function alertsHtml(a: AlertsAnswer): string {
  const parts = [
    '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Cocooning visit lists since ${esc(a.since)}</title>`,
    '<style>body{font:15px/1.4 system-ui,sans-serif;margin:1rem;max-width:52rem}section{border-top:2px solid #333;padding-top:.5rem;margin-top:1rem}ol{padding-left:1.4rem}li{margin:.3rem 0}.small{color:#444;font-size:.85em}.banner{background:#b00;color:#fff;padding:.3rem .5rem;font-weight:bold}@media print{section{break-inside:avoid-page}}</style></head><body>',
  ];
  if (a.header.synthetic) parts.push('<p class="banner">SYNTHETIC DATA — not real crimes</p>');
  parts.push(`<h1>Cocooning visit lists: burglaries since ${esc(a.since)}</h1>`);
  parts.push(
    `<p>Risk area ${a.risk.radiusM} m for ${a.risk.days} days (${esc(a.risk.source)}). ${a.alerts.length} burglaries.</p>`,
  );
  for (const c of a.header.caveats) parts.push(`<p class="small">${esc(c)}</p>`);
  for (const al of a.alerts) {
    parts.push('<section>');
    parts.push(
      `<h2>Burglary ${al.crimeId}, ${esc(al.monthOnly ? `${al.date.slice(0, 7)} (month only)` : al.date)} — ${esc(al.teamName)}</h2><p>At raised risk: within ${al.radiusM} m, ${esc(al.from)} to ${esc(al.to)}; ${al.places} map points.${al.cocooning ? ` Cocooning ${esc(al.cocooning.status)}.` : ''}</p>`,
    );
    for (const v of al.visitsByTeam) {
      parts.push(`<h3>${esc(v.teamName)}</h3><ol>`);
      for (const item of v.list)
        parts.push(
          `<li><strong>${esc(item.street)}</strong> <span class="small">${item.distanceM} m, ${item.points.length} point(s)</span><br>${esc(item.action)}</li>`,
        );
      parts.push('</ol>');
    }
    parts.push('</section>');
  }
  parts.push('</body></html>');
  return parts.join('\n');
}

export function cocooningText(h: Header, e: CocooningEvaluation): string {
  const out = headerLines(h);
  out.push(
    `a burglary is "followed" when another burglary happens within ${e.radiusM} m in the next ${e.days} ${e.unit}${e.unit === 'months' ? ' (a burglary in the same month cannot be ordered: only later months count)' : ''}`,
  );
  const g = (name: string, x: CocooningEvaluation['cocooned']) =>
    `${name}: ${x.burglaries} burglaries, ${x.followed} followed (${pct(x.share)}${x.shareInterval ? `, 95% CI ${pct(x.shareInterval[0])}–${pct(x.shareInterval[1])}` : ''}), ${x.followers} near-repeat burglaries after them`;
  out.push(g('cocooned', e.cocooned), g('not cocooned', e.notCocooned));
  if (e.difference)
    out.push(
      `difference (cocooned − not): ${(e.difference.estimate * 100).toFixed(1)} points, 95% CI ${(e.difference.interval[0] * 100).toFixed(1)} to ${(e.difference.interval[1] * 100).toFixed(1)}`,
    );
  if (e.riskRatio)
    out.push(
      `risk ratio: ${e.riskRatio.estimate.toFixed(2)}, 95% CI ${e.riskRatio.interval[0].toFixed(2)}–${e.riskRatio.interval[1].toFixed(2)}`,
    );
  if (!e.difference)
    out.push('no comparison yet: it needs burglaries both cocooned (records marked done) and not');
  out.push(`${e.tooRecent} burglaries too recent for a full follow-up are left out`);
  out.push(`caveat: ${e.caveat}`);
  return `${out.join('\n')}\n`;
}
