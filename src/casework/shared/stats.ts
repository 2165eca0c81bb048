/**
 * Order statistics for casework figures. `quantile` is the nearest-rank quantile (the value at rank
 * ceil(p·n) of the sorted values): it is always a value that occurred, which is what a board paper
 * quoting "90% of attendances within X hours" means. Null for no values.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1];
}

export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}

/** A share as a percentage to one decimal, or null when the denominator is 0. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((1000 * part) / whole) / 10;
}
