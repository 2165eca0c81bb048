import type { Kysely } from 'kysely';
import { BeatwiseError } from '../core/errors.ts';
import type { Database } from '../core/store/schema.ts';
import type { Level } from './model.ts';
import { checkForceSlug, howToCreateForce } from './slug.ts';

type Db = Kysely<Database>;

export interface ForceRow {
  id: number;
  slug: string;
  name: string;
}

export async function findForce(db: Db, slug: string): Promise<ForceRow | undefined> {
  return db.selectFrom('forces').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

export async function listForces(db: Db): Promise<ForceRow[]> {
  return db.selectFrom('forces').select(['id', 'slug', 'name']).orderBy('slug').execute();
}

/** The force with this slug, or a `force.unknown` error saying how to create it. */
export async function requireForce(db: Db, slug: string): Promise<ForceRow> {
  const found = await findForce(db, checkForceSlug(slug, { field: 'force' }));
  if (found) return found;
  throw new BeatwiseError('force.unknown', `the store has no force "${slug}": ${howToCreateForce(slug)}`, {
    field: 'force',
  });
}

/** Creates a force (and its whole-force area); a slug the store already has is an error. */
export async function createForce(db: Db, slug: string, name: string): Promise<ForceRow> {
  checkForceSlug(slug, { field: 'slug' });
  if (!name.trim())
    throw new BeatwiseError('force.bad_name', 'a force needs a name, e.g. "Testshire Police"', {
      field: 'name',
    });
  const found = await findForce(db, slug);
  if (found)
    throw new BeatwiseError('force.exists', `the store already has a force "${slug}" (${found.name})`, {
      field: 'slug',
    });
  return ensureForce(db, slug, name.trim());
}

/**
 * The force with this slug, created (with its whole-force area) when the store does not know it yet.
 * Only explicit creation calls this: `force create`, `force load` and `import crimes --create-force`.
 */
export async function ensureForce(db: Db, slug: string, name: string, spec = '{}'): Promise<ForceRow> {
  checkForceSlug(slug, { field: 'slug' });
  const found = await findForce(db, slug);
  if (found) {
    if (spec !== '{}')
      await db.updateTable('forces').set({ name, spec }).where('id', '=', found.id).execute();
    return { ...found, name: spec !== '{}' ? name : found.name };
  }
  const row = await db
    .insertInto('forces')
    .values({ slug, name, spec, created_at: new Date().toISOString() })
    .returning(['id', 'slug', 'name'])
    .executeTakeFirstOrThrow();
  await upsertArea(db, { force_id: row.id, level: 'force', code: slug, name });
  return row;
}

export interface AreaInput {
  force_id: number;
  level: Level;
  code: string;
  name: string;
  parent_id?: number | null;
  geometry?: string | null;
  geometry_bng?: string | null;
  props?: string;
  approximate?: boolean;
}

/** Inserts or updates an area by (force, level, code); returns its id. */
export async function upsertArea(db: Db, a: AreaInput): Promise<number> {
  const values = {
    force_id: a.force_id,
    level: a.level,
    code: a.code,
    name: a.name,
    parent_id: a.parent_id ?? null,
    geometry: a.geometry ?? null,
    geometry_bng: a.geometry_bng ?? null,
    props: a.props ?? '{}',
    approximate: a.approximate ? 1 : 0,
  };
  const row = await db
    .insertInto('areas')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['force_id', 'level', 'code']).doUpdateSet({
        name: values.name,
        parent_id: values.parent_id,
        geometry: values.geometry,
        geometry_bng: values.geometry_bng,
        props: values.props,
        approximate: values.approximate,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces the member list of an area made of other areas. */
export async function setMembers(db: Db, areaId: number, memberIds: number[]): Promise<void> {
  await db.deleteFrom('area_members').where('area_id', '=', areaId).execute();
  if (memberIds.length === 0) return;
  await db
    .insertInto('area_members')
    .values([...new Set(memberIds)].map((member_id) => ({ area_id: areaId, member_id })))
    .execute();
}

/** code → id for one level of a force. */
export async function areaIdsByCode(db: Db, forceId: number, level: Level): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('areas')
    .select(['id', 'code'])
    .where('force_id', '=', forceId)
    .where('level', '=', level)
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** How many areas of each level a force has, and how many of them have their own boundary. */
export async function areaCounts(
  db: Db,
  forceId: number,
): Promise<{ level: string; areas: number; withBoundary: number }[]> {
  const rows = await db
    .selectFrom('areas')
    .select((eb) => [
      'level',
      eb.fn.countAll<number>().as('areas'),
      eb.fn.count<number>('geometry').as('withBoundary'),
    ])
    .where('force_id', '=', forceId)
    .groupBy('level')
    .execute();
  return rows.map((r) => ({ level: r.level, areas: Number(r.areas), withBoundary: Number(r.withBoundary) }));
}

/**
 * Links census areas to their parents by the ONS naming rule: LSOA "Leicester 001A" lies in MSOA
 * "Leicester 001", which lies in district "Leicester".
 */
export async function linkCensusParents(db: Db, forceId: number): Promise<void> {
  const rows = await db
    .selectFrom('areas')
    .select(['id', 'level', 'name', 'parent_id'])
    .where('force_id', '=', forceId)
    .where('level', 'in', ['lsoa', 'msoa', 'district'])
    .execute();
  const msoaByName = new Map<string, number>();
  const districtByName = new Map<string, number>();
  for (const r of rows) {
    if (r.level === 'msoa') msoaByName.set(r.name, r.id);
    if (r.level === 'district') districtByName.set(r.name, r.id);
  }
  for (const r of rows) {
    let parent: number | undefined;
    if (r.level === 'lsoa') parent = msoaByName.get(r.name.slice(0, -1));
    else if (r.level === 'msoa') parent = districtByName.get(r.name.replace(/\s+\d{3}$/, ''));
    if (parent !== undefined && parent !== r.parent_id) {
      await db.updateTable('areas').set({ parent_id: parent }).where('id', '=', r.id).execute();
    }
  }
}
