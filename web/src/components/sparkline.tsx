import { fmtHarm } from '../format.ts';

/** A small line of a series (nulls are gaps), with a text description for screen readers. */
export function Sparkline({
  values,
  label,
  width = 120,
  height = 28,
}: {
  values: readonly (number | null)[];
  label: string;
  width?: number;
  height?: number;
}) {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length < 2) return <span class="small muted">not enough months</span>;
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const pad = 2;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / Math.max(1, values.length - 1);
  const y = (v: number) => (hi === lo ? height / 2 : pad + ((hi - v) * (height - 2 * pad)) / (hi - lo));
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  const lastIndex = values.length - 1 - [...values].reverse().findIndex((v) => v !== null);
  const last = values[lastIndex];
  const first = known[0];
  const desc = `${label}: from ${fmtHarm(first)} to ${fmtHarm(known[known.length - 1])}, lowest ${fmtHarm(lo)}, highest ${fmtHarm(hi)}`;
  return (
    <svg
      class="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={desc}
    >
      <title>{desc}</title>
      <path d={d} fill="none" stroke="currentColor" stroke-width="1.5" />
      {last !== null && last !== undefined && (
        <circle cx={x(lastIndex)} cy={y(last)} r="2.5" fill="currentColor" />
      )}
    </svg>
  );
}
