/**
 * Hotspot classes over time, with sfhotspot's `hotspot_classify` semantics and default thresholds.
 *
 * For each period, Gi* is computed over the grid; a cell is a significant hot (cold) spot in that
 * period when its p-value, adjusted across that cell's periods (Holm, R's `p.adjust` default, as
 * sfhotspot does), is below `criticalP` and z > 0 (z < 0). With T periods, the last
 * r = ⌊recentProp·T⌋ (at least 1) are "recent" and the rest "older". Then, in this order:
 *
 * - persistent: significant in at least `persistentProp` of all periods;
 * - emerging:   significant in less than `hotspotProp` of older periods, at least `hotspotProp` of recent;
 * - former:     significant in at least `hotspotProp` of older periods, less than `hotspotProp` of recent;
 * - intermittent: significant in at least `hotspotProp` of all periods;
 * - no pattern otherwise.
 *
 * A cell with both a hot and a cold class is "mixed hot/coldspot". Periods with no crime at all are
 * left out (sfhotspot warns and does the same). Where sfhotspot's code departs from its documented
 * rules (its recent window takes one period more than r, and it tests emerging against recentProp)
 * we follow the documentation; docs/decisions.md says so.
 */
import { BeatwiseError } from '../core/errors.ts';
import { type PAdjustMethod, pAdjust } from './bh.ts';
import { giStar } from './gistar.ts';
import type { HotspotWarning, Neighbours } from './model.ts';

export interface ClassifyParams {
  hotspotProp: number;
  persistentProp: number;
  recentProp: number;
  criticalP: number;
  /** Adjustment of each cell's p-values across its periods. */
  pAdjust: PAdjustMethod;
}

/** sfhotspot's `hotspot_classify_params()` defaults. */
export const CLASSIFY_DEFAULTS: ClassifyParams = {
  hotspotProp: 0.1,
  persistentProp: 0.8,
  recentProp: 0.2,
  criticalP: 0.05,
  pAdjust: 'holm',
};

export const CLASS_LABELS = [
  'no pattern',
  'persistent hotspot',
  'emerging hotspot',
  'former hotspot',
  'intermittent hotspot',
  'persistent coldspot',
  'emerging coldspot',
  'former coldspot',
  'intermittent coldspot',
  'mixed hot/coldspot',
] as const;
export type HotspotClass = (typeof CLASS_LABELS)[number];

export interface ClassifyResult {
  /** Index into CLASS_LABELS per cell. */
  classes: Uint8Array;
  /** Which of the input periods were used (periods with no crime are dropped). */
  periodsUsed: number[];
  recentPeriods: number;
  /** Per cell: periods (of those used) in which it was a significant hot / cold spot. */
  hotPeriods: Uint16Array;
  coldPeriods: Uint16Array;
  params: ClassifyParams;
  warnings: HotspotWarning[];
}

/**
 * Classifies every cell from its counts in consecutive periods (`periods[t][cell]`, oldest first).
 */
export function classifyHotspots(
  periods: readonly Float64Array[],
  nb: Neighbours,
  params: Partial<ClassifyParams> = {},
): ClassifyResult {
  const p: ClassifyParams = { ...CLASSIFY_DEFAULTS };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) Object.assign(p, { [k]: v });
  for (const key of ['hotspotProp', 'persistentProp', 'recentProp', 'criticalP'] as const) {
    if (!(p[key] > 0 && p[key] < 1))
      throw new BeatwiseError(
        'hotspots.bad_param',
        `${key} must be greater than 0 and less than 1, got ${p[key]}`,
      );
  }
  const warnings: HotspotWarning[] = [];
  const used: number[] = [];
  periods.forEach((v, t) => {
    let s = 0;
    for (let k = 0; k < v.length; k++) s += v[k];
    if (s > 0) used.push(t);
    else
      warnings.push({
        code: 'empty_period',
        message: `period ${t + 1} has no crimes: it is left out of the classification`,
      });
  });
  const T = used.length;
  const n = nb.start.length - 1;
  let r = Math.floor(p.recentProp * T);
  if (r < 1 || T - r < 1) {
    if (T - 1 < 1)
      throw new BeatwiseError(
        'hotspots.too_few_periods',
        `classification needs at least 2 periods with crimes (found ${T}): widen --from/--to or use shorter periods`,
      );
    r = 1;
    warnings.push({
      code: 'recent_periods',
      message: `${T} periods × recent share ${p.recentProp} gives no whole recent period: the last period is treated as recent`,
    });
  }
  const z: Float64Array[] = [];
  const pv: Float64Array[] = [];
  for (const t of used) {
    const g = giStar(periods[t], nb);
    z.push(g.z);
    pv.push(g.p);
  }
  const hotPeriods = new Uint16Array(n);
  const coldPeriods = new Uint16Array(n);
  const classes = new Uint8Array(n);
  const cellP = new Float64Array(T);
  const older = T - r;
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < T; t++) cellP[t] = pv[t][k];
    const adj = pAdjust(cellP, p.pAdjust);
    let hAll = 0;
    let hRecent = 0;
    let cAll = 0;
    let cRecent = 0;
    for (let t = 0; t < T; t++) {
      if (!(adj[t] < p.criticalP)) continue;
      const recent = t >= older;
      if (z[t][k] > 0) {
        hAll++;
        if (recent) hRecent++;
      } else if (z[t][k] < 0) {
        cAll++;
        if (recent) cRecent++;
      }
    }
    hotPeriods[k] = hAll;
    coldPeriods[k] = cAll;
    const hot = category(hAll, hRecent, T, r, p);
    const cold = category(cAll, cRecent, T, r, p);
    classes[k] = hot && cold ? 9 : hot ? hot : cold ? cold + 4 : 0;
  }
  return { classes, periodsUsed: used, recentPeriods: r, hotPeriods, coldPeriods, params: p, warnings };
}

/** 0 no pattern, 1 persistent, 2 emerging, 3 former, 4 intermittent. */
function category(all: number, recent: number, T: number, r: number, p: ClassifyParams): number {
  const propAll = all / T;
  const propRecent = recent / r;
  const propOlder = (all - recent) / (T - r);
  if (propAll >= p.persistentProp) return 1;
  if (propOlder < p.hotspotProp && propRecent >= p.hotspotProp) return 2;
  if (propOlder >= p.hotspotProp && propRecent < p.hotspotProp) return 3;
  if (propAll >= p.hotspotProp) return 4;
  return 0;
}
