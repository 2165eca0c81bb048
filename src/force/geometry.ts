import type { Kysely } from 'kysely';
import type { Database } from '../core/store/schema.ts';

/** An area that has a boundary of its own. */
export interface AreaShape {
  id: number;
  level: string;
  /** GeoJSON MultiPolygon coordinates (WGS84) as stored, JSON text. */
  geometry: string | null;
  /** The same in BNG metres, JSON text. */
  geometry_bng: string | null;
}

/**
 * The shapes that draw each area of a force: its own boundary, or else the boundaries of the areas
 * it is made of (members), or of its children (a unit's teams), found recursively.
 */
export class ForceShapes {
  private readonly byId: Map<number, AreaShape & { parent_id: number | null }>;
  private readonly membersOf = new Map<number, number[]>();
  private readonly childrenOf = new Map<number, number[]>();

  private constructor(
    all: (AreaShape & { parent_id: number | null })[],
    members: { area_id: number; member_id: number }[],
  ) {
    this.byId = new Map(all.map((a) => [a.id, a]));
    for (const m of members)
      this.membersOf.set(m.area_id, [...(this.membersOf.get(m.area_id) ?? []), m.member_id]);
    for (const a of all) {
      if (a.parent_id !== null)
        this.childrenOf.set(a.parent_id, [...(this.childrenOf.get(a.parent_id) ?? []), a.id]);
    }
  }

  static async load(db: Kysely<Database>, forceId: number): Promise<ForceShapes> {
    const all = await db
      .selectFrom('areas')
      .select(['id', 'level', 'parent_id', 'geometry', 'geometry_bng'])
      .where('force_id', '=', forceId)
      .execute();
    const members = await db
      .selectFrom('area_members')
      .innerJoin('areas', 'areas.id', 'area_members.area_id')
      .select(['area_members.area_id', 'area_members.member_id'])
      .where('areas.force_id', '=', forceId)
      .execute();
    return new ForceShapes(all, members);
  }

  /** Every area with a boundary that together draws `areaId` (empty when none can). */
  shapesOf(areaId: number): AreaShape[] {
    const out: AreaShape[] = [];
    const seen = new Set<number>();
    const visit = (id: number): void => {
      if (seen.has(id)) return;
      seen.add(id);
      const a = this.byId.get(id);
      if (!a) return;
      if (a.geometry_bng) {
        out.push(a);
        return;
      }
      for (const m of this.membersOf.get(id) ?? this.childrenOf.get(id) ?? []) visit(m);
    };
    visit(areaId);
    return out;
  }
}

/** Joins stored MultiPolygon coordinate texts into one MultiPolygon coordinate text. */
export function joinMultiPolygons(texts: string[]): string {
  return `[${texts.map((t) => t.slice(1, -1)).join(',')}]`;
}
