import type { Kysely } from 'kysely';
import { PolygonIndex, type PolygonIndexData } from '../core/geo/spatial-index.ts';
import type { MultiPolygon } from '../core/geo/types.ts';
import type { Database } from '../core/store/schema.ts';
import { ASSIGNED_LEVELS, type AssignedLevel } from './levels.ts';

/** Where one point falls: an area id per level (0 = none), its Impact Areas, and whether it is outside. */
export interface Placement {
  ids: Record<AssignedLevel, number>;
  impactAreas: number[];
  outside: boolean;
}

interface AreaRow {
  id: number;
  level: string;
  geometry_bng?: string | null;
}

/** An Assigner as plain data (`toData`): its areas without geometry, and each level's built index. */
export interface AssignerData {
  areas: { id: number; level: string }[];
  members: { area_id: number; member_id: number }[];
  levels: { level: string; ids: number[]; index: PolygonIndexData }[];
}

/** A force's areas and memberships, as `Assigner.loadRows` reads them. */
export interface AssignerRows {
  areas: AreaRow[];
  members: { area_id: number; member_id: number }[];
}

/** Areas of one level that have their own boundary, behind a spatial index. */
class PolygonLevel {
  constructor(
    readonly ids: number[],
    readonly index: PolygonIndex,
  ) {}
}

/**
 * Places points (BNG metres) in a force's areas. A level with boundaries is found by
 * point-in-polygon behind a flatbush index; a level made of other areas (a team covering MSOAs, a
 * unit made of districts) is looked up from the level its members belong to.
 */
export class Assigner {
  private readonly polygons = new Map<string, PolygonLevel>();
  /** level → (member area id → area id), for areas made of other areas. */
  private readonly derived = new Map<string, Map<number, number>>();
  /** The order to resolve derived levels in: members before the areas they make up. */
  private readonly derivedOrder: { level: AssignedLevel; from: string[] }[] = [];
  private readonly impactPolygons: PolygonLevel | null;
  private readonly impactByMember: Map<number, number[]>;
  private readonly coverage: PolygonLevel | null;
  /** The assigned level whose lookup already answers "outside" (saves a second search), if any. */
  private readonly coverageLevel: AssignedLevel | null;
  private readonly levelOf = new Map<number, string>();
  /** The force has any boundary at all: without one, nothing can be called outside. */
  readonly hasBoundaries: boolean;

  /**
   * From a force's areas (with their BNG geometry as GeoJSON text) and memberships; or, with `built`,
   * from the levels' indexes an Assigner built elsewhere (see `toData`), without any geometry.
   */
  constructor(
    areas: readonly AreaRow[],
    private readonly members: readonly { area_id: number; member_id: number }[],
    built?: AssignerData['levels'],
  ) {
    for (const a of areas) this.levelOf.set(a.id, a.level);
    if (built) {
      for (const b of built) this.polygons.set(b.level, new PolygonLevel(b.ids, new PolygonIndex(b.index)));
    } else {
      const byLevel = new Map<string, AreaRow[]>();
      for (const a of areas) {
        if (!a.geometry_bng) continue;
        const list = byLevel.get(a.level) ?? [];
        list.push(a);
        byLevel.set(a.level, list);
      }
      for (const [level, rows] of byLevel) {
        const mps = rows.map((r) => JSON.parse(r.geometry_bng as string) as MultiPolygon);
        this.polygons.set(
          level,
          new PolygonLevel(
            rows.map((r) => r.id),
            new PolygonIndex(mps),
          ),
        );
      }
    }
    this.hasBoundaries = this.polygons.size > 0;
    // Outside = in no area of the finest level that has boundaries.
    const finest = ['lsoa', 'msoa', 'ward', 'district', 'team', 'unit', 'force'].find((l) =>
      this.polygons.has(l),
    );
    this.coverage = finest ? (this.polygons.get(finest) ?? null) : null;
    this.coverageLevel = (ASSIGNED_LEVELS as readonly string[]).includes(finest ?? '')
      ? (finest as AssignedLevel)
      : null;

    const impactMembers = new Map<number, number[]>();
    const memberLevels = new Map<string, Set<string>>();
    for (const m of members) {
      const level = this.levelOf.get(m.area_id);
      const memberLevel = this.levelOf.get(m.member_id);
      if (!level || !memberLevel) continue;
      if (level === 'impact-area') {
        const list = impactMembers.get(m.member_id) ?? [];
        list.push(m.area_id);
        impactMembers.set(m.member_id, list);
        continue;
      }
      let map = this.derived.get(level);
      if (!map) {
        map = new Map();
        this.derived.set(level, map);
      }
      map.set(m.member_id, m.area_id);
      const set = memberLevels.get(level) ?? new Set<string>();
      set.add(memberLevel);
      memberLevels.set(level, set);
    }
    this.impactByMember = impactMembers;
    this.impactPolygons = this.polygons.get('impact-area') ?? null;
    // Resolve derived levels in dependency order (e.g. district from LSOAs before unit from districts).
    const pending = ASSIGNED_LEVELS.filter((l) => this.derived.has(l));
    const done = new Set<string>(ASSIGNED_LEVELS.filter((l) => this.polygons.has(l)));
    while (pending.length) {
      const i = pending.findIndex((l) =>
        [...(memberLevels.get(l) ?? [])].every((m) => done.has(m) || m === l),
      );
      const level = pending.splice(i === -1 ? 0 : i, 1)[0];
      this.derivedOrder.push({ level, from: [...(memberLevels.get(level) ?? [])] });
      done.add(level);
    }
  }

  /**
   * This assigner as plain data (areas, memberships, typed arrays), for `Assigner.fromData` on a
   * worker thread: the polygons are parsed and indexed once, where the data was read, not again there.
   */
  toData(): AssignerData {
    return {
      areas: [...this.levelOf].map(([id, level]) => ({ id, level })),
      members: [...this.members],
      levels: [...this.polygons].map(([level, p]) => ({ level, ids: p.ids, index: p.index.toData() })),
    };
  }

  static fromData(d: AssignerData): Assigner {
    return new Assigner(d.areas, d.members, d.levels);
  }

  static async load(db: Kysely<Database>, forceId: number): Promise<Assigner> {
    const { areas, members } = await Assigner.loadRows(db, forceId);
    return new Assigner(areas, members);
  }

  /**
   * What the constructor needs, as plain rows: for building the assigner elsewhere (a worker
   * thread receives them as a message).
   */
  static async loadRows(db: Kysely<Database>, forceId: number): Promise<AssignerRows> {
    const areas = await db
      .selectFrom('areas')
      .select(['id', 'level', 'geometry_bng'])
      .where('force_id', '=', forceId)
      .execute();
    const members = await db
      .selectFrom('area_members')
      .innerJoin('areas', 'areas.id', 'area_members.area_id')
      .select(['area_members.area_id', 'area_members.member_id'])
      .where('areas.force_id', '=', forceId)
      .execute();
    return { areas, members };
  }

  /** A fresh placement record to reuse across calls (place() overwrites it). */
  static emptyPlacement(): Placement {
    return {
      ids: { lsoa: 0, msoa: 0, ward: 0, district: 0, team: 0, unit: 0 },
      impactAreas: [],
      outside: false,
    };
  }

  place(e: number, n: number, out: Placement): Placement {
    const ids = out.ids;
    let polygonIds = 0;
    for (const level of ASSIGNED_LEVELS) {
      const p = this.polygons.get(level);
      if (p) {
        const i = p.index.find(e, n);
        ids[level] = i < 0 ? 0 : p.ids[i];
        if (level === this.coverageLevel) polygonIds = ids[level];
      } else ids[level] = 0;
    }
    for (const { level, from } of this.derivedOrder) {
      if (ids[level]) continue;
      const map = this.derived.get(level) as Map<number, number>;
      for (const m of from) {
        const id = map.get(ids[m as AssignedLevel] ?? 0);
        if (id) {
          ids[level] = id;
          break;
        }
      }
    }
    out.impactAreas.length = 0;
    if (this.impactPolygons)
      for (const i of this.impactPolygons.index.findAll(e, n))
        out.impactAreas.push(this.impactPolygons.ids[i]);
    if (this.impactByMember.size) {
      for (const level of ASSIGNED_LEVELS) {
        const list = this.impactByMember.get(ids[level]);
        if (list) for (const ia of list) if (!out.impactAreas.includes(ia)) out.impactAreas.push(ia);
      }
    }
    out.outside = this.coverageLevel
      ? polygonIds === 0
      : this.coverage
        ? this.coverage.index.find(e, n) < 0
        : false;
    return out;
  }
}
