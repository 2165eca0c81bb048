import { sql } from 'kysely';
import type { Store } from '../core/store/store.ts';
import { formatMonth } from '../core/time/month.ts';
import { findForce, listForces } from '../force/index.ts';
import { CATEGORIES } from './categories.ts';

export interface ForceSummary {
  force: string;
  name: string;
  months: string[];
  units: { code: string; name: string; counts: number[]; total: number }[];
  categories: { category: string; count: number }[];
  total: number;
  unlocated: number;
  outside: number;
  /** Located inside the force but in no unit (a gap in the force structure). */
  noUnit: number;
  teams: number;
  impactAreas: { code: string; name: string; unit: string | null; count: number }[];
  caveats: string[];
}

/** Crimes per unit × month and per category, with unlocated and outside counts, from the cube. */
export async function summarise(store: Store, slug?: string): Promise<ForceSummary[]> {
  const forces = slug
    ? [await findForce(store.db, slug)].filter((f) => f !== undefined)
    : await listForces(store.db);
  const out: ForceSummary[] = [];
  for (const f of forces) {
    const perUnit = await store.db
      .selectFrom('cube')
      .innerJoin('areas', 'areas.id', 'cube.area_id')
      .select(['areas.code', 'areas.name', 'cube.month', sql<number>`sum(cube.count)`.as('n')])
      .where('cube.force_id', '=', f.id)
      .where('cube.level', '=', 'unit')
      .groupBy(['areas.code', 'areas.name', 'cube.month'])
      .execute();
    const perCategory = await store.db
      .selectFrom('cube')
      .select(['category', 'month', sql<number>`sum(count)`.as('n')])
      .where('force_id', '=', f.id)
      .where('level', '=', 'force')
      .groupBy(['category', 'month'])
      .execute();
    const placement = await store.db
      .selectFrom('crimes')
      .select(['placement', sql<number>`count(*)`.as('n')])
      .where('force_id', '=', f.id)
      .groupBy('placement')
      .execute();
    const monthSet = new Set<number>([...perCategory.map((r) => r.month)]);
    const months = [...monthSet].sort((a, b) => a - b);
    const col = new Map(months.map((m, i) => [m, i]));
    const units = new Map<string, { code: string; name: string; counts: number[]; total: number }>();
    for (const r of perUnit) {
      let u = units.get(r.code);
      if (!u) {
        u = { code: r.code, name: r.name, counts: months.map(() => 0), total: 0 };
        units.set(r.code, u);
      }
      u.counts[col.get(r.month) as number] += Number(r.n);
      u.total += Number(r.n);
    }
    const cats = new Map<number, number>();
    for (const r of perCategory) cats.set(r.category, (cats.get(r.category) ?? 0) + Number(r.n));
    const byPlacement = new Map(placement.map((p) => [p.placement, Number(p.n)]));
    const teams = await store.db
      .selectFrom('areas')
      .select(sql<number>`count(*)`.as('n'))
      .where('force_id', '=', f.id)
      .where('level', '=', 'team')
      .executeTakeFirstOrThrow();
    // The force's Impact Area cells summed in one pass over their part of the cube, then joined
    // (joining the cube itself read all of it once per Impact Area).
    const impactAreas = await store.db
      .selectFrom('areas as a')
      .leftJoin('areas as u', 'u.id', 'a.parent_id')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('cube')
            .select(['area_id', sql<number>`sum(count)`.as('n')])
            .where('force_id', '=', f.id)
            .where('level', '=', 'impact-area')
            .groupBy('area_id')
            .as('c'),
        (j) => j.onRef('c.area_id', '=', 'a.id'),
      )
      .select(['a.code', 'a.name', 'u.code as unit', sql<number>`coalesce(c.n, 0)`.as('n')])
      .where('a.force_id', '=', f.id)
      .where('a.level', '=', 'impact-area')
      .orderBy('u.code')
      .orderBy('a.name')
      .execute();
    const synthetic = await store.db
      .selectFrom('imports')
      .select('id')
      .where('force_id', '=', f.id)
      .where('synthetic', '=', 1)
      .limit(1)
      .executeTakeFirst();
    const total = [...cats.values()].reduce((a, b) => a + b, 0);
    const inUnits = [...units.values()].reduce((a, u) => a + u.total, 0);
    out.push({
      force: f.slug,
      name: f.name,
      months: months.map(formatMonth),
      units: [...units.values()].sort((a, b) => a.code.localeCompare(b.code)),
      categories: [...cats.entries()]
        .map(([c, count]) => ({ category: CATEGORIES[c], count }))
        .sort((a, b) => b.count - a.count),
      total,
      unlocated: byPlacement.get(1) ?? 0,
      outside: byPlacement.get(2) ?? 0,
      noUnit: (byPlacement.get(0) ?? 0) - inUnits,
      teams: Number(teams.n),
      impactAreas: impactAreas.map((a) => ({ code: a.code, name: a.name, unit: a.unit, count: Number(a.n) })),
      caveats: synthetic ? ['SYNTHETIC data: generated crimes, not real records'] : [],
    });
  }
  return out;
}

/** The summary as plain text tables. */
export function formatSummary(s: ForceSummary): string {
  const lines: string[] = [];
  lines.push(
    `${s.name} (${s.force}): ${s.total} crimes and ASB incidents, ${s.months[0] ?? '-'} to ${s.months.at(-1) ?? '-'}`,
  );
  for (const c of s.caveats) lines.push(`note: ${c}`);
  lines.push(`${s.units.length} units, ${s.teams} neighbourhood teams, ${s.impactAreas.length} Impact Areas`);
  lines.push(
    `unlocated (no coordinates): ${s.unlocated}; outside the force area: ${s.outside}; inside but in no unit: ${s.noUnit}`,
  );
  lines.push('');
  if (s.units.length) {
    const codes = s.units.map((u) => u.code);
    const w = Math.max(
      7,
      ...codes.map((c) => c.length + 1),
      ...s.units.map((u) => String(u.total).length + 1),
    );
    lines.push(`month   ${codes.map((c) => c.padStart(w)).join('')}`);
    s.months.forEach((m, i) => {
      lines.push(`${m} ${s.units.map((u) => String(u.counts[i]).padStart(w)).join('')}`);
    });
    lines.push(`total   ${s.units.map((u) => String(u.total).padStart(w)).join('')}`);
    lines.push('');
    for (const u of s.units) lines.push(`${u.code.padEnd(w)} ${u.name}`);
  } else {
    lines.push('no units: load a force description (npx beatwise force load FILE) to see crimes per unit');
  }
  if (s.impactAreas.length) {
    lines.push('');
    lines.push('Impact Area                          unit    crimes');
    for (const a of s.impactAreas)
      lines.push(`${a.name.padEnd(36)} ${(a.unit ?? '').padEnd(6)} ${String(a.count).padStart(7)}`);
  }
  lines.push('');
  lines.push('category                        count');
  for (const c of s.categories) lines.push(`${c.category.padEnd(30)} ${String(c.count).padStart(7)}`);
  return lines.join('\n');
}
