/**
 * The pairs of crimes that lie within a distance of each other, found once through a flatbush index
 * (never all n² pairs): each crime asks the index for the points in its square of side 2·maxDistance,
 * keeps those with a higher index, and measures the exact distance. Everything the Knox test and the
 * classification do afterwards walks these pairs only.
 */
import Flatbush from 'flatbush';

export type Metric = 'euclidean' | 'manhattan';

/** Close pairs as parallel typed arrays: pair k joins crimes i[k] < j[k] at distance d[k] metres. */
export interface ClosePairs {
  n: number;
  i: Int32Array;
  j: Int32Array;
  d: Float64Array;
}

export function distance(metric: Metric, dx: number, dy: number): number {
  return metric === 'manhattan' ? Math.abs(dx) + Math.abs(dy) : Math.sqrt(dx * dx + dy * dy);
}

/** Every pair (i < j) with distance ≤ maxDistance (metres), in order of i then j. */
export function closePairs(
  x: Float64Array,
  y: Float64Array,
  maxDistance: number,
  metric: Metric,
): ClosePairs {
  const n = x.length;
  let cap = Math.max(1024, n * 4);
  let pi = new Int32Array(cap);
  let pj = new Int32Array(cap);
  let pd = new Float64Array(cap);
  let m = 0;
  if (n < 2) return { n: 0, i: pi.subarray(0, 0), j: pj.subarray(0, 0), d: pd.subarray(0, 0) };
  const index = new Flatbush(n, 16);
  for (let k = 0; k < n; k++) index.add(x[k], y[k], x[k], y[k]);
  index.finish();
  const found: number[] = [];
  for (let a = 0; a < n; a++) {
    const xa = x[a];
    const ya = y[a];
    found.length = 0;
    index.search(xa - maxDistance, ya - maxDistance, xa + maxDistance, ya + maxDistance, (b) => {
      if (b > a) found.push(b);
      return false;
    });
    found.sort((p, q) => p - q);
    for (const b of found) {
      const dist = distance(metric, x[b] - xa, y[b] - ya);
      if (dist > maxDistance) continue;
      if (m === cap) {
        cap *= 2;
        const ni = new Int32Array(cap);
        ni.set(pi);
        pi = ni;
        const nj = new Int32Array(cap);
        nj.set(pj);
        pj = nj;
        const nd = new Float64Array(cap);
        nd.set(pd);
        pd = nd;
      }
      pi[m] = a;
      pj[m] = b;
      pd[m] = dist;
      m++;
    }
  }
  return { n: m, i: pi.slice(0, m), j: pj.slice(0, m), d: pd.slice(0, m) };
}
