import type { Status } from '../api/types.ts';

/**
 * Impact Area status (the paper's Table 3 legend). Colour is never the only signal: the word is
 * always shown, with a glyph for the direction of rolling harm.
 */
// The glyphs are the direction of rolling harm (↓ falling = better), not the paper's arrows (which
// read ↑ as improving on most rows of its Table 3, but not all).
export const STATUS_STYLE: Record<Status, { fill: string; glyph: string; meaning: string }> = {
  Outstanding: { fill: '#1b7837', glyph: '↓↓', meaning: 'rolling harm reducing for 3 months or more' },
  Good: { fill: '#7fbf7b', glyph: '↓', meaning: 'rolling harm reducing for 1–2 months' },
  'No change': { fill: '#bababa', glyph: '→', meaning: 'no change in rolling harm this month' },
  'Needs improvement': { fill: '#f1a340', glyph: '↑', meaning: 'rolling harm increasing for 1–2 months' },
  Poor: { fill: '#c51b1b', glyph: '↑↑', meaning: 'rolling harm increasing for 3 months or more' },
};

/** The sort order of statuses, best first. */
export const STATUS_RANK: Record<Status, number> = {
  Outstanding: 0,
  Good: 1,
  'No change': 2,
  'Needs improvement': 3,
  Poor: 4,
};

export function statusClass(s: Status): string {
  return `status-${s.toLowerCase().replace(/\s+/g, '-')}`;
}

export function StatusBadge({ status, tooFew = false }: { status: Status | null; tooFew?: boolean }) {
  if (!status && tooFew) return <span class="status status-none">Too few crimes for a status</span>;
  if (!status) return <span class="status status-none">No status (too little history)</span>;
  const st = STATUS_STYLE[status];
  return (
    <span class={`status ${statusClass(status)}`} title={st.meaning}>
      <span aria-hidden="true" class="status-glyph">
        {st.glyph}
      </span>{' '}
      {status}
    </span>
  );
}

/** The status legend, words and colours. */
export function StatusLegend() {
  return (
    <ul class="legend" aria-label="Status legend">
      {(Object.keys(STATUS_STYLE) as Status[]).map((s) => (
        <li key={s}>
          <span class="swatch" style={{ background: STATUS_STYLE[s].fill }} aria-hidden="true" />
          <StatusBadge status={s} /> <span class="small muted">{STATUS_STYLE[s].meaning}</span>
        </li>
      ))}
    </ul>
  );
}
