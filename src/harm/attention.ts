/**
 * What needs attention: the units and teams ranked by how much their crime changed, year to date
 * against the same months last year, in a way that weighs volume. A raw % puts a team with 3 crimes
 * more (+50%) above a unit with 60 more (+5%); the score here is the change over its Poisson noise,
 * (this year − last year) / √(this year + last year), so a big change in a big area ranks first
 * and a small area needs a larger relative change to rank with it.
 */
import type { Store } from '../core/store/store.ts';
import { harmReport, trendsReport } from './reports.ts';
import type { Status } from './status.ts';

export interface AttentionRow {
  level: 'unit' | 'team';
  code: string;
  name: string;
  /** Year to date: crimes this year, the same months last year, the change and %. */
  ytd: { count: number; lastYear: number; change: number; changePct: number | null };
  harmChange: number;
  /** Rolling 12-month harm and its status at the month (app thresholds). */
  rollingHarm: number | null;
  status: Status | null;
  tooFew: boolean;
  /** (this − last) / √(this + last): positive = more crime; ranks the rows. */
  score: number | null;
}

export interface AttentionTable {
  force: string;
  month: string;
  ytdLabel: string;
  method: string;
  rows: AttentionRow[];
  caveats: string[];
}

/** The change over its noise; null when both years are empty. */
export function changeScore(current: number, previous: number): number | null {
  const n = current + previous;
  return n === 0 ? null : Math.round(((current - previous) / Math.sqrt(n)) * 100) / 100;
}

export async function attentionTable(
  store: Store,
  o: { force: string; month?: string },
): Promise<AttentionTable> {
  const rows: AttentionRow[] = [];
  let month = o.month ?? '';
  let ytdLabel = '';
  let caveats: string[] = [];
  for (const level of ['unit', 'team'] as const) {
    const t = await trendsReport(store, { force: o.force, selection: 'all-crime', level, to: o.month });
    month = t.to;
    ytdLabel = t.current.label;
    caveats = t.caveats;
    const h = await harmReport(store, { force: o.force, level, from: t.to, to: t.to });
    const at = new Map(h.rows.map((r) => [r.area_code, r]));
    for (const d of t.drivers.byArea) {
      const r = at.get(d.code);
      rows.push({
        level,
        code: d.code,
        name: d.name,
        ytd: {
          count: d.current.count,
          lastYear: d.previous.count,
          change: d.change.count,
          changePct:
            d.previous.count === 0
              ? null
              : Math.round((1000 * (d.current.count - d.previous.count)) / d.previous.count) / 10,
        },
        harmChange: d.change.harm,
        rollingHarm: r?.rolling_harm ?? null,
        status: r?.status ?? null,
        tooFew: r?.too_few ?? false,
        score: changeScore(d.current.count, d.previous.count),
      });
    }
  }
  rows.sort((a, b) => (b.score ?? Number.NEGATIVE_INFINITY) - (a.score ?? Number.NEGATIVE_INFINITY));
  return {
    force: o.force,
    month,
    ytdLabel,
    method:
      'Ranked by the year-to-date change in crimes over its noise, (this year − last year) / √(this year + last year): a change in a big area outranks the same % in a small one.',
    rows,
    caveats,
  };
}
