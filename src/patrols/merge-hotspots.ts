/**
 * Patrollable hotspots from ranked grid cells: the best cell not yet covered seeds a hotspot whose
 * centre is the score-weighted centre of the ranked cells within its radius; a centre closer than
 * the minimum separation to one already chosen is skipped (Op Savvy: 150 m radius, 500 m apart).
 * Then each hotspot's crimes and harm are counted from the points themselves, so the shares of
 * area, crime and harm describe the circles officers will patrol, not the cells.
 */

export interface MergeInput {
  /** Cell centres (BNG metres) and scores (higher = hotter). */
  cx: Float64Array;
  cy: Float64Array;
  score: Float64Array;
  /** Crimes (BNG metres) and their harm, to count what each hotspot holds. */
  px: Float64Array;
  py: Float64Array;
  pharm: Float64Array;
  /** The study area in square metres (for the share of area). */
  areaM2: number;
}

export interface MergeOptions {
  count: number;
  radiusM: number;
  minSeparationM: number;
  /** How many of the best cells may seed or join a hotspot (default 40 per hotspot). */
  candidates?: number;
}

export interface MergedHotspot {
  x: number;
  y: number;
  /** The points (indexes into px/py) inside the circle. */
  rows: number[];
  crimes: number;
  harm: number;
  cells: number;
}

export interface MergeResult {
  hotspots: MergedHotspot[];
  totalCrimes: number;
  totalHarm: number;
  areaShare: number;
  crimeShare: number;
  harmShare: number;
}

/** Cell indexes best first, finite scores only (ties by index). */
function ranked(score: Float64Array, limit: number): number[] {
  const idx: number[] = [];
  for (let k = 0; k < score.length; k++) if (Number.isFinite(score[k]) && score[k] > 0) idx.push(k);
  idx.sort((a, b) => score[b] - score[a] || a - b);
  return idx.slice(0, limit);
}

export function mergeHotspots(input: MergeInput, o: MergeOptions): MergeResult {
  const { cx, cy, score } = input;
  const r2 = o.radiusM * o.radiusM;
  const sep2 = o.minSeparationM * o.minSeparationM;
  const order = ranked(score, o.candidates ?? Math.max(200, o.count * 40));
  const used = new Uint8Array(score.length);
  const centres: { x: number; y: number; cells: number }[] = [];
  for (const seed of order) {
    if (centres.length >= o.count) break;
    if (used[seed]) continue;
    let sw = 0;
    let sx = 0;
    let sy = 0;
    const members: number[] = [];
    for (const k of order) {
      if (used[k]) continue;
      const dx = cx[k] - cx[seed];
      const dy = cy[k] - cy[seed];
      if (dx * dx + dy * dy > r2) continue;
      const w = score[k];
      sw += w;
      sx += w * cx[k];
      sy += w * cy[k];
      members.push(k);
    }
    const x = sw > 0 ? sx / sw : cx[seed];
    const y = sw > 0 ? sy / sw : cy[seed];
    let clash = false;
    for (const c of centres) {
      const dx = c.x - x;
      const dy = c.y - y;
      if (dx * dx + dy * dy < sep2) {
        clash = true;
        break;
      }
    }
    if (clash) {
      used[seed] = 1;
      continue;
    }
    for (const k of members) used[k] = 1;
    centres.push({ x, y, cells: members.length });
  }
  const counted = countInCircles(centres, o.radiusM, input.px, input.py, input.pharm);
  let totalHarm = 0;
  for (let k = 0; k < input.pharm.length; k++) totalHarm += input.pharm[k];
  const totalCrimes = input.px.length;
  const hotspots = centres.map((c, i) => ({ ...c, ...counted[i] }));
  // Circles at least 2r apart do not overlap; closer ones are counted once per point by countInCircles.
  const covered = unionArea(centres, o.radiusM);
  let crimes = 0;
  let harm = 0;
  const seen = new Uint8Array(input.px.length);
  for (const h of hotspots)
    for (const k of h.rows)
      if (!seen[k]) {
        seen[k] = 1;
        crimes++;
        harm += input.pharm[k];
      }
  return {
    hotspots,
    totalCrimes,
    totalHarm,
    areaShare: input.areaM2 > 0 ? covered / input.areaM2 : 0,
    crimeShare: totalCrimes ? crimes / totalCrimes : 0,
    harmShare: totalHarm ? harm / totalHarm : 0,
  };
}

/** Points inside each circle, found through a hash of squares the size of a diameter. */
export function countInCircles(
  centres: readonly { x: number; y: number }[],
  radiusM: number,
  px: Float64Array,
  py: Float64Array,
  pharm: Float64Array,
): { rows: number[]; crimes: number; harm: number }[] {
  const out = centres.map(() => ({ rows: [] as number[], crimes: 0, harm: 0 }));
  if (centres.length === 0) return out;
  const size = 2 * radiusM;
  const buckets = new Map<number, number[]>();
  const key = (i: number, j: number) => i * 1_000_003 + j;
  centres.forEach((c, h) => {
    for (let i = Math.floor((c.x - radiusM) / size); i <= Math.floor((c.x + radiusM) / size); i++)
      for (let j = Math.floor((c.y - radiusM) / size); j <= Math.floor((c.y + radiusM) / size); j++) {
        const k = key(i, j);
        const list = buckets.get(k);
        if (list) list.push(h);
        else buckets.set(k, [h]);
      }
  });
  const r2 = radiusM * radiusM;
  for (let p = 0; p < px.length; p++) {
    const list = buckets.get(key(Math.floor(px[p] / size), Math.floor(py[p] / size)));
    if (!list) continue;
    for (const h of list) {
      const dx = px[p] - centres[h].x;
      const dy = py[p] - centres[h].y;
      if (dx * dx + dy * dy <= r2) {
        const o = out[h];
        o.rows.push(p);
        o.crimes++;
        o.harm += pharm[p];
      }
    }
  }
  return out;
}

/** Area covered by circles of one radius: exact when none overlap, else estimated on a 5 m lattice. */
function unionArea(centres: readonly { x: number; y: number }[], r: number): number {
  const disc = Math.PI * r * r;
  let overlap = false;
  for (let a = 0; a < centres.length && !overlap; a++)
    for (let b = a + 1; b < centres.length; b++) {
      const dx = centres[a].x - centres[b].x;
      const dy = centres[a].y - centres[b].y;
      if (dx * dx + dy * dy < 4 * r * r) {
        overlap = true;
        break;
      }
    }
  if (!overlap) return centres.length * disc;
  const step = 5;
  let hits = 0;
  let total = 0;
  centres.forEach((c, h) => {
    for (let x = c.x - r + step / 2; x < c.x + r; x += step)
      for (let y = c.y - r + step / 2; y < c.y + r; y += step) {
        const dx = x - c.x;
        const dy = y - c.y;
        if (dx * dx + dy * dy > r * r) continue;
        total++;
        // Count a lattice point once: only for the first circle holding it.
        let first = true;
        for (let o = 0; o < h; o++) {
          const ex = x - centres[o].x;
          const ey = y - centres[o].y;
          if (ex * ex + ey * ey <= r * r) {
            first = false;
            break;
          }
        }
        if (first) hits++;
      }
  });
  return total ? (centres.length * disc * hits) / total : 0;
}
