/**
 * Rolling N-month totals over dense monthly series: pure arithmetic on typed arrays.
 * A matrix holds one row per area and one column per month (row-major), months with no crime are
 * zeros. The rolling total at column m is the sum of columns m−N+1 … m, defined only from column
 * N−1 on (NaN before: not enough history); the % change compares it with the total at m−1.
 */

/** Rolling sums of each row over `window` columns; NaN where the window is not full. */
export function rollingSums(values: Float64Array, rows: number, cols: number, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1)
    throw new RangeError(`window must be a positive integer, got ${window}`);
  const out = new Float64Array(rows * cols).fill(Number.NaN);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      sum += values[base + c];
      if (c >= window) sum -= values[base + c - window];
      if (c >= window - 1) out[base + c] = sum;
    }
  }
  return out;
}

/**
 * % change of each rolling total from the previous column's: 100·(cur − prev)/prev.
 * 0 → 0 is 0 (no change); 0 → n is +Infinity ("new"); NaN where either total is undefined.
 */
export function percentChanges(rolling: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols).fill(Number.NaN);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 1; c < cols; c++) {
      const prev = rolling[base + c - 1];
      const cur = rolling[base + c];
      if (Number.isNaN(prev) || Number.isNaN(cur)) continue;
      if (prev === 0) out[base + c] = cur === 0 ? 0 : Number.POSITIVE_INFINITY;
      else out[base + c] = (100 * (cur - prev)) / prev;
    }
  }
  return out;
}

/** Rounds half away from zero to `dp` decimal places, as a spreadsheet prints percentages. */
export function roundTo(x: number, dp = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** dp;
  const y = Math.abs(x) * f;
  // Nudge values a hair below .5 by binary representation error (e.g. 1.005) up to .5.
  const r = Math.round(y + 1e-9 * Math.max(1, y));
  return (Math.sign(x) * r) / f;
}
