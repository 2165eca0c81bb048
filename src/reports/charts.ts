/**
 * Charts as SVG text, drawn by Observable Plot on the server against linkedom's DOM (no browser),
 * and the small per-area trend lines drawn directly. Each chart comes with the alt text that states
 * its main finding (the caller writes it from the same figures).
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

function doc(): Document {
  return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

/** A chart as an accessible figure: role="img" with the finding as its label. */
function figure(svg: string, alt: string): string {
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeAttr(alt)}" `);
}

export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Rolling 12-month harm per month: a line. */
export function rollingChart(series: { month: string; harm: number | null }[], alt: string): string {
  const data = series.filter((d) => d.harm !== null);
  const el = Plot.plot({
    document: doc(),
    width: 640,
    height: 220,
    marginLeft: 70,
    style: { fontSize: '11px', fontFamily: 'DejaVu Sans, sans-serif' },
    x: {
      type: 'band',
      label: null,
      tickFormat: (m: string) => (m.endsWith('-01') || m.endsWith('-07') ? m : ''),
    },
    y: { label: 'Rolling 12-month harm (CCHI days)', grid: true, nice: true },
    marks: [
      Plot.lineY(data, { x: 'month', y: 'harm', stroke: '#1d4f91', strokeWidth: 2 }),
      Plot.dot(data.slice(-1), { x: 'month', y: 'harm', fill: '#1d4f91', r: 3 }),
    ],
  });
  return figure(el.outerHTML, alt);
}

/** Year to date against last year and the baseline year, one group per selection. */
export function ytdChart(rows: { selection: string; period: string; count: number }[], alt: string): string {
  const el = Plot.plot({
    document: doc(),
    width: 640,
    height: 240,
    marginLeft: 60,
    style: { fontSize: '11px', fontFamily: 'DejaVu Sans, sans-serif' },
    fx: { label: null },
    x: { axis: null, label: null },
    y: { label: 'Crimes, year to date', grid: true },
    color: { legend: false, range: ['#9bb7d4', '#5b84b1', '#1d4f91'] },
    marks: [Plot.barY(rows, { fx: 'selection', x: 'period', y: 'count', fill: 'period' }), Plot.ruleY([0])],
  });
  return figure(el.outerHTML, alt);
}

/** A small trend line (no axes) for a table cell. */
export function sparkline(values: (number | null)[], alt: string, width = 56, height = 18): string {
  const v = values.map((x) => (x === null ? Number.NaN : x));
  const known = v.filter((x) => !Number.isNaN(x));
  if (known.length < 2) return '';
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const span = hi - lo || 1;
  let d = '';
  let pen = false;
  v.forEach((x, i) => {
    if (Number.isNaN(x)) {
      pen = false;
      return;
    }
    const px = ((i / (v.length - 1)) * (width - 2) + 1).toFixed(1);
    const py = (height - 1 - ((x - lo) / span) * (height - 2)).toFixed(1);
    d += `${pen ? 'L' : 'M'}${px},${py}`;
    pen = true;
  });
  return `<svg class="spark" role="img" aria-label="${escapeAttr(alt)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><path d="${d}" fill="none" stroke="#1d4f91" stroke-width="1.2"/></svg>`;
}
