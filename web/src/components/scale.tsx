/** Colour scales for maps: a sequential ramp on quantile breaks, with an HTML legend that says the ranges. */

export const RAMP = ['#fff7ec', '#fee8c8', '#fdd49e', '#fdbb84', '#fc8d59', '#e34a33', '#b30000'];
export const NO_DATA = '#e2e2e2';

/** Up to `k - 1` increasing thresholds splitting the positive values into k groups of similar size. */
export function quantileBreaks(values: readonly number[], k = RAMP.length): number[] {
  const v = values.filter((x) => Number.isFinite(x) && x > 0).sort((a, b) => a - b);
  if (v.length === 0) return [];
  const out: number[] = [];
  for (let i = 1; i < k; i++) {
    const t = v[Math.min(v.length - 1, Math.floor((i * v.length) / k))];
    // A break at the smallest value would make an empty first group ("above 0, under 1").
    if (t > v[0] && (out.length === 0 || t > out[out.length - 1])) out.push(t);
  }
  return out;
}

/** Colour of step `i` (0 = zero, 1.. = above 0, one per group) when there are `groups` groups above 0. */
function rampAt(i: number, groups: number): string {
  if (i === 0) return RAMP[0];
  if (groups <= 1) return RAMP[RAMP.length - 2];
  return RAMP[1 + Math.round(((i - 1) * (RAMP.length - 2)) / (groups - 1))];
}

/** The ramp colour of a value: 0 is the lightest, then one step per threshold passed. */
export function rampColour(v: number | null | undefined, breaks: readonly number[]): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NO_DATA;
  if (v <= 0) return RAMP[0];
  let i = 0;
  while (i < breaks.length && v >= breaks[i]) i++;
  return rampAt(i + 1, breaks.length + 1);
}

export function RampLegend({
  title,
  breaks,
  format,
}: {
  title: string;
  breaks: readonly number[];
  format: (n: number) => string;
}) {
  const groups = breaks.length + 1;
  const items: { colour: string; text: string }[] = [{ colour: RAMP[0], text: '0' }];
  for (let i = 0; i < groups; i++) {
    const lo = i === 0 ? null : breaks[i - 1];
    const hi = i < breaks.length ? breaks[i] : null;
    const text =
      lo === null
        ? hi === null
          ? 'above 0'
          : `above 0, under ${format(hi)}`
        : hi === null
          ? `${format(lo)} or more`
          : `${format(lo)} to under ${format(hi)}`;
    items.push({ colour: rampAt(i + 1, groups), text });
  }
  return (
    <div class="legend-block">
      <p class="legend-title">{title}</p>
      <ul class="legend">
        {items.map((it) => (
          <li key={it.text}>
            <span class="swatch" style={{ background: it.colour }} aria-hidden="true" /> {it.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

export const GI_COLOURS: Record<number, string> = {
  3: '#b2182b',
  2: '#ef8a62',
  1: '#fddbc7',
  0: '#f4f4f4',
  [-1]: '#d1e5f0',
  [-2]: '#67a9cf',
  [-3]: '#2166ac',
};

export const GI_LABELS: Record<number, string> = {
  3: 'hot spot, 99% confidence',
  2: 'hot spot, 95% confidence',
  1: 'hot spot, 90% confidence',
  0: 'not significant',
  [-1]: 'cold spot, 90% confidence',
  [-2]: 'cold spot, 95% confidence',
  [-3]: 'cold spot, 99% confidence',
};
