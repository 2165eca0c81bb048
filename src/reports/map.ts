/**
 * The paper's map as SVG: the force's own boundaries (British National Grid metres) scaled into the
 * drawing, north up, with Impact Areas and the hotspot cells on top. Coordinates are rounded to a
 * tenth of a drawing unit and repeated points dropped, so the SVG stays small and byte-stable.
 */
import type { MultiPolygon } from '../core/geo/types.ts';
import { escapeAttr } from './charts.ts';
import type { MapData } from './map-data.ts';

interface Frame {
  minX: number;
  maxY: number;
  scale: number;
  width: number;
  height: number;
}

function frameOf(shapes: MultiPolygon[], width: number): Frame | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const mp of shapes)
    for (const poly of mp)
      for (const [x, y] of poly[0] ?? []) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
  if (!Number.isFinite(minX) || maxX === minX) return null;
  const scale = width / (maxX - minX);
  return { minX, maxY, scale, width, height: Math.ceil((maxY - minY) * scale) };
}

function path(mp: MultiPolygon, f: Frame): string {
  let d = '';
  for (const poly of mp)
    for (const ring of poly) {
      let last = '';
      let n = 0;
      let part = '';
      for (const [x, y] of ring) {
        const p = `${((x - f.minX) * f.scale).toFixed(1)},${((f.maxY - y) * f.scale).toFixed(1)}`;
        if (p === last) continue;
        part += `${n ? 'L' : 'M'}${p}`;
        last = p;
        n++;
      }
      if (n >= 3) d += `${part}Z`;
    }
  return d;
}

const FILLS = ['#e8eef6', '#dfe9dd', '#f3e8d8', '#ece0ee', '#e2eef0', '#f1e4e4', '#e9ecd9', '#e6e4f2'];

/** The map SVG, or '' when the force has no boundaries. */
export function mapSvg(
  data: MapData,
  cells: { x: number; y: number }[],
  cellSize: number,
  alt: string,
  width = 640,
): string {
  const units = data.areas.filter((a) => a.level === 'unit');
  const f = frameOf(
    units.flatMap((u) => u.shapes),
    width,
  );
  if (!f) return '';
  const parts: string[] = [];
  units.forEach((u, i) => {
    parts.push(
      `<path d="${u.shapes.map((s) => path(s, f)).join('')}" fill="${FILLS[i % FILLS.length]}" stroke="${FILLS[i % FILLS.length]}" stroke-width="0.6"><title>${escapeAttr(u.name)}</title></path>`,
    );
  });
  for (const a of data.areas.filter((x) => x.level === 'impact-area'))
    parts.push(
      `<path d="${a.shapes.map((s) => path(s, f)).join('')}" fill="#f6c76b" fill-opacity="0.55" stroke="#c98a12" stroke-width="0.4"><title>${escapeAttr(a.name)}</title></path>`,
    );
  const side = Math.max(1.5, cellSize * f.scale);
  for (const c of cells) {
    const x = (c.x - f.minX) * f.scale;
    const y = (f.maxY - (c.y + cellSize)) * f.scale;
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${side.toFixed(1)}" height="${side.toFixed(1)}" fill="#b3122e"/>`,
    );
  }
  // Unit labels at the centre of each unit's bounding box.
  for (const u of units) {
    const g = frameOf(u.shapes, 1);
    if (!g) continue;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (const mp of u.shapes)
      for (const poly of mp)
        for (const [x, y] of poly[0] ?? []) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
    parts.push(
      `<text x="${(((minX + maxX) / 2 - f.minX) * f.scale).toFixed(1)}" y="${((f.maxY - (minY + maxY) / 2) * f.scale).toFixed(1)}" font-size="11" text-anchor="middle" fill="#222">${escapeAttr(u.code)}</text>`,
    );
  }
  return `<svg role="img" aria-label="${escapeAttr(alt)}" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" font-family="DejaVu Sans, sans-serif">${parts.join('')}</svg>`;
}
