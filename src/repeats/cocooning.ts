/**
 * Whether cocooning worked: for burglaries with a full follow-up period, the share followed by a
 * near-repeat burglary (another burglary within the radius, after it and within the days) among
 * those whose neighbourhood was cocooned against those not cocooned, with the difference (Newcombe's
 * hybrid Wilson interval) and the risk ratio (Katz log interval). Not a randomised comparison: teams
 * choose where to cocoon, so the groups may differ in risk before any visit.
 */
import { closePairs, type Metric } from './pairs.ts';

export interface CocooningGroup {
  burglaries: number;
  /** Burglaries followed by at least one near-repeat burglary. */
  followed: number;
  /** Near-repeat burglaries that followed (a burglary may follow several). */
  followers: number;
  share: number | null;
  shareInterval: [number, number] | null;
}

export interface CocooningEvaluation {
  radiusM: number;
  /** The follow-up window, in `unit`s. */
  days: number;
  /** 'months' for month-only data (times are month numbers), else 'days'. */
  unit: 'days' | 'months';
  cocooned: CocooningGroup;
  notCocooned: CocooningGroup;
  /** cocooned share − not cocooned share, with its 95% interval. */
  difference: { estimate: number; interval: [number, number] } | null;
  riskRatio: { estimate: number; interval: [number, number] } | null;
  /** Burglaries left out because their follow-up period runs past the data. */
  tooRecent: number;
  caveat: string;
}

export const NOT_RANDOMISED =
  'not a randomised comparison: teams choose which neighbourhoods to cocoon (often the busiest, or those they could reach), so the groups may differ in risk before any visit; read the difference as a description, not as the effect of cocooning';

const Z = 1.959963984540054;

/** Wilson score interval for k of n. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const den = 1 + (Z * Z) / n;
  const centre = (p + (Z * Z) / (2 * n)) / den;
  const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / den;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Newcombe's hybrid score interval for p1 − p2. */
export function newcombe(k1: number, n1: number, k2: number, n2: number): [number, number] {
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const [l1, u1] = wilson(k1, n1);
  const [l2, u2] = wilson(k2, n2);
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}

export function evaluateCocooning(
  x: Float64Array,
  y: Float64Array,
  day: Float64Array,
  cocooned: Uint8Array,
  o: { radiusM: number; days: number; metric: Metric; lastDay: number; unit?: 'days' | 'months' },
): CocooningEvaluation {
  const n = x.length;
  const followers = new Int32Array(n);
  const pairs = closePairs(x, y, o.radiusM, o.metric);
  for (let k = 0; k < pairs.n; k++) {
    const a = pairs.i[k];
    const b = pairs.j[k];
    const g = day[b] - day[a];
    if (g > 0 && g <= o.days) followers[a]++;
    else if (g < 0 && -g <= o.days) followers[b]++;
  }
  const groups = [0, 1].map(() => ({ burglaries: 0, followed: 0, followers: 0 }));
  let tooRecent = 0;
  for (let k = 0; k < n; k++) {
    if (day[k] + o.days > o.lastDay) {
      tooRecent++;
      continue;
    }
    const g = groups[cocooned[k] ? 1 : 0];
    g.burglaries++;
    g.followers += followers[k];
    if (followers[k] > 0) g.followed++;
  }
  const finish = (g: { burglaries: number; followed: number; followers: number }): CocooningGroup => ({
    ...g,
    share: g.burglaries ? g.followed / g.burglaries : null,
    shareInterval: g.burglaries ? wilson(g.followed, g.burglaries) : null,
  });
  const [no, yes] = groups;
  const both = yes.burglaries > 0 && no.burglaries > 0;
  let riskRatio: CocooningEvaluation['riskRatio'] = null;
  if (both) {
    // Katz log interval, with 0.5 added to every cell when a count is 0.
    const c = yes.followed === 0 || no.followed === 0 ? 0.5 : 0;
    const a1 = yes.followed + c;
    const n1 = yes.burglaries + 2 * c;
    const a0 = no.followed + c;
    const n0 = no.burglaries + 2 * c;
    const rr = a1 / n1 / (a0 / n0);
    const se = Math.sqrt(1 / a1 - 1 / n1 + 1 / a0 - 1 / n0);
    riskRatio = { estimate: rr, interval: [rr * Math.exp(-Z * se), rr * Math.exp(Z * se)] };
  }
  return {
    radiusM: o.radiusM,
    days: o.days,
    unit: o.unit ?? 'days',
    cocooned: finish(yes),
    notCocooned: finish(no),
    difference: both
      ? {
          estimate: yes.followed / yes.burglaries - no.followed / no.burglaries,
          interval: newcombe(yes.followed, yes.burglaries, no.followed, no.burglaries),
        }
      : null,
    riskRatio,
    tooRecent,
    caveat: NOT_RANDOMISED,
  };
}
