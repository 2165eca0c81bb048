/** How the paper writes numbers: en-GB, fixed rules, so the HTML is byte-stable and tests can match. */

export function num(v: number | null | undefined, dp = 0): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return v.toLocaleString('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: dp });
}

/** A signed % with 2 dp (Table 3) or 1 dp. */
export function pct(v: number | null | undefined, dp = 1): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return `${v > 0 ? '+' : ''}${v.toFixed(dp)}%`;
}

/** A share 0..1 as a % with 1 dp. */
export function share(v: number): string {
  return `${(100 * v).toFixed(1)}%`;
}

export function signed(v: number, dp = 0): string {
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${num(Math.abs(v), dp)}`;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** rose / fell / did not change, for a signed change. */
export function moved(v: number | null): string {
  if (v === null) return 'changed';
  return v > 0 ? 'rose' : v < 0 ? 'fell' : 'did not change';
}
