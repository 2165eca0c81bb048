/**
 * The board paper's patrol figures for a month: plans active, patrols logged, minutes delivered
 * against planned (compliance) and the flags raised, from every plan of the force (or unit) whose
 * days overlap the month.
 */
import type { MonthlyFigures, MonthlyFiguresSource } from '../core/monthly-figures.ts';
import { parseMonth } from '../core/time/month.ts';
import { planDosage } from './api.ts';
import { dateNumber, londonDay } from './days.ts';
import { listPlans } from './store.ts';

function pct(v: number | null): string {
  return v === null ? '–' : `${(v * 100).toFixed(0)}%`;
}

export const patrolsMonthlyFigures: MonthlyFiguresSource = async (store, q): Promise<MonthlyFigures> => {
  const title = 'Targeted Guardian Patrols';
  const m = parseMonth(q.month);
  const empty = (sentence: string): MonthlyFigures => ({
    title,
    hasData: false,
    sentences: [sentence],
    tables: [],
    synthetic: false,
    caveats: [],
  });
  if (m === null) return empty(`"${q.month}" is not a month.`);
  const y = Math.floor(m / 12) + 1970;
  const mo = (m % 12) + 1;
  const first = Date.UTC(y, mo - 1, 1) / 86_400_000;
  const last = Date.UTC(y, mo, 1) / 86_400_000 - 1;
  const plans = (await listPlans(store, q.force)).filter((p) => {
    const a = dateNumber(p.startDate) ?? 0;
    const b = dateNumber(p.endDate) ?? 0;
    return a <= last && b >= first && (!q.unit || p.unit === q.unit);
  });
  if (plans.length === 0) return empty(`No patrol plan ran in ${q.month}.`);
  const rows: (string | number | null)[][] = [];
  let planned = 0;
  let delivered = 0;
  let patrols = 0;
  let synthetic = false;
  const flagTotals = new Map<string, number>();
  for (const p of plans) {
    const d = await planDosage(store, q.force, p.planId);
    synthetic ||= d.synthetic;
    let pl = 0;
    let de = 0;
    for (const row of d.dosage.days) {
      const day = dateNumber(row.date) ?? 0;
      if (day < first || day > last) continue;
      pl += row.plannedMinutes;
      de += Math.min(row.minutes, row.plannedMinutes);
    }
    const inMonth = d.patrols.filter((x) => {
      const day = londonDay(x.startMs);
      return day >= first && day <= last;
    });
    for (const x of inMonth) for (const f of x.flags) flagTotals.set(f, (flagTotals.get(f) ?? 0) + 1);
    planned += pl;
    delivered += de;
    patrols += inMonth.length;
    rows.push([
      `${p.synthetic ? 'SYNTHETIC ' : ''}${p.name}`,
      p.hotspots,
      inMonth.length,
      Math.round(pl),
      Math.round(de),
      pct(pl > 0 ? de / pl : null),
    ]);
  }
  const compliance = planned > 0 ? delivered / planned : null;
  const flags = [...flagTotals.entries()].map(([f, n]) => `${n} ${f}`).join(', ');
  return {
    title,
    hasData: true,
    sentences: [
      `${plans.length} patrol plan(s) ran in ${q.month}; officers logged ${patrols} patrols delivering ${Math.round(delivered)} of ${Math.round(planned)} planned minutes (${pct(compliance)} compliance).`,
      flags ? `Flags raised: ${flags}.` : 'No patrol was flagged.',
    ],
    tables: [
      {
        caption: `Patrol plans, ${q.month}`,
        header: ['Plan', 'Hotspots', 'Patrols', 'Planned minutes', 'Delivered minutes', 'Compliance'],
        rows,
      },
    ],
    synthetic,
    caveats: [
      'Compliance measures patrol time delivered against the plan; it is not an evaluation of the effect on crime.',
    ],
  };
};
