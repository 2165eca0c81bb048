/**
 * The concentration curve of a grid: cells ranked by a measure, the share of the area they cover
 * against the share of the measure they hold (cells are of equal area on a square grid).
 */
export interface CurvePoint {
  areaShare: number;
  share: number;
}

export function concentrationCurve(values: readonly number[]): CurvePoint[] {
  const v = values.filter((x) => Number.isFinite(x) && x > 0).sort((a, b) => b - a);
  const n = values.length;
  const total = v.reduce((s, x) => s + x, 0);
  const out: CurvePoint[] = [{ areaShare: 0, share: 0 }];
  if (n === 0 || total === 0) return out;
  let acc = 0;
  for (let i = 0; i < v.length; i++) {
    acc += v[i];
    out.push({ areaShare: (i + 1) / n, share: acc / total });
  }
  if (v.length < n) out.push({ areaShare: 1, share: 1 });
  return out;
}

/** The share held by the top `areaShare` of cells (interpolated inside a cell). */
export function shareAt(curve: readonly CurvePoint[], areaShare: number): number {
  if (curve.length < 2) return 0;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1];
    const b = curve[i];
    if (b.areaShare >= areaShare) {
      const t = b.areaShare === a.areaShare ? 1 : (areaShare - a.areaShare) / (b.areaShare - a.areaShare);
      return a.share + t * (b.share - a.share);
    }
  }
  return curve[curve.length - 1].share;
}

/** At most `max` points of the curve, evenly spaced in area, for drawing. */
export function thin(curve: readonly CurvePoint[], max = 400): CurvePoint[] {
  if (curve.length <= max) return [...curve];
  const out: CurvePoint[] = [];
  for (let k = 0; k < max; k++) out.push(curve[Math.round((k * (curve.length - 1)) / (max - 1))]);
  return out;
}
