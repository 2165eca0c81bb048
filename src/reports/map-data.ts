/**
 * The shapes the paper's map draws, in British National Grid metres: the force's units (or, for a
 * unit's paper, that unit) and its Impact Areas, each from the force's own boundaries (an area with
 * no boundary of its own is drawn with those of its members or children: force/geometry.ts).
 */
import type { MultiPolygon } from '../core/geo/types.ts';
import type { Store } from '../core/store/store.ts';
import { ForceShapes, findForce } from '../force/index.ts';

export interface MapArea {
  level: 'unit' | 'impact-area';
  code: string;
  name: string;
  shapes: MultiPolygon[];
}

export interface MapData {
  areas: MapArea[];
}

export async function mapData(store: Store, force: string, unit?: string): Promise<MapData> {
  const f = await findForce(store.db, force);
  if (!f) return { areas: [] };
  const shapes = await ForceShapes.load(store.db, f.id);
  const rows = await store.db
    .selectFrom('areas as a')
    .leftJoin('areas as p', 'p.id', 'a.parent_id')
    .select(['a.id', 'a.level', 'a.code', 'a.name', 'p.code as parent'])
    .where('a.force_id', '=', f.id)
    .where('a.level', 'in', ['unit', 'impact-area'])
    .orderBy('a.level', 'desc')
    .orderBy('a.code')
    .execute();
  const areas: MapArea[] = [];
  for (const r of rows) {
    if (unit && (r.level === 'unit' ? r.code !== unit : r.parent !== unit)) continue;
    const list = shapes
      .shapesOf(r.id)
      .flatMap((s) => (s.geometry_bng ? [JSON.parse(s.geometry_bng) as MultiPolygon] : []));
    if (list.length)
      areas.push({ level: r.level as MapArea['level'], code: r.code, name: r.name, shapes: list });
  }
  return { areas };
}

/** Each Impact Area's unit code (its parent), by the Impact Area's code. */
export async function impactAreaUnits(store: Store, force: string): Promise<Record<string, string>> {
  const rows = await store.db
    .selectFrom('areas as a')
    .innerJoin('forces as f', 'f.id', 'a.force_id')
    .leftJoin('areas as p', 'p.id', 'a.parent_id')
    .select(['a.code', 'p.code as unit'])
    .where('f.slug', '=', force)
    .where('a.level', '=', 'impact-area')
    .orderBy('a.code')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.unit ?? '']));
}
