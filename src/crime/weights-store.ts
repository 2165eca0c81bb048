import type { Kysely } from 'kysely';
import { BeatwiseError } from '../core/errors.ts';
import type { Database } from '../core/store/schema.ts';
import { bundledWeightSets, HarmWeights, type WeightKind, type WeightSet } from './weights.ts';

type Db = Kysely<Database>;

export interface WeightSetInfo {
  name: string;
  kind: WeightKind;
  force: string | null;
  source: string;
  version: string;
  loadedAt: string;
  entries: number;
}

/** Saves a weight set (replacing one of the same name). */
export async function saveWeightSet(db: Db, set: WeightSet): Promise<void> {
  const existing = await db
    .selectFrom('weight_sets')
    .select('id')
    .where('name', '=', set.name)
    .executeTakeFirst();
  if (existing) {
    await db.deleteFrom('weights').where('set_id', '=', existing.id).execute();
    await db.deleteFrom('weight_sets').where('id', '=', existing.id).execute();
  }
  const row = await db
    .insertInto('weight_sets')
    .values({
      name: set.name,
      kind: set.kind,
      force_slug: set.force,
      source: set.source,
      version: set.version,
      loaded_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const values = [...set.weights].map(([key, weight]) => ({ set_id: row.id, key, weight }));
  if (values.length) await db.insertInto('weights').values(values).execute();
}

const ensured = new WeakSet<Db>();

/** Puts the bundled CCHI sets in the store if they are not there yet (checked once per connection). */
export async function ensureBundledWeights(db: Db, dataDir: string): Promise<void> {
  if (ensured.has(db)) return;
  const have = new Set((await db.selectFrom('weight_sets').select('name').execute()).map((r) => r.name));
  for (const set of bundledWeightSets(dataDir)) if (!have.has(set.name)) await saveWeightSet(db, set);
  ensured.add(db);
}

export async function listWeightSets(db: Db): Promise<WeightSetInfo[]> {
  const rows = await db
    .selectFrom('weight_sets')
    .leftJoin('weights', 'weights.set_id', 'weight_sets.id')
    .select((eb) => [
      'weight_sets.name',
      'weight_sets.kind',
      'weight_sets.force_slug',
      'weight_sets.source',
      'weight_sets.version',
      'weight_sets.loaded_at',
      eb.fn.count<number>('weights.key').as('entries'),
    ])
    .groupBy(['weight_sets.id'])
    .orderBy('weight_sets.name')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    kind: r.kind as WeightKind,
    force: r.force_slug,
    source: r.source,
    version: r.version,
    loadedAt: r.loaded_at,
    entries: Number(r.entries),
  }));
}

export async function getWeightSet(db: Db, name: string): Promise<WeightSet> {
  const set = await db.selectFrom('weight_sets').selectAll().where('name', '=', name).executeTakeFirst();
  if (!set) {
    const names = (await listWeightSets(db)).map((s) => s.name);
    throw new BeatwiseError(
      'weights.unknown_set',
      `no weight set "${name}"; known: ${names.join(', ') || 'none'}`,
    );
  }
  const rows = await db
    .selectFrom('weights')
    .select(['key', 'weight'])
    .where('set_id', '=', set.id)
    .execute();
  return {
    name: set.name,
    kind: set.kind as WeightKind,
    force: set.force_slug,
    source: set.source,
    version: set.version,
    weights: new Map(rows.map((r) => [r.key, r.weight])),
  };
}

/**
 * The weights a force's harm uses: its chosen category set, else the bundled set for the force
 * (cchi-<slug>), else the national set; plus the force's own offence-code set when loaded.
 */
export async function forceWeights(
  db: Db,
  forceId: number,
  dataDir: string,
  override?: string,
): Promise<HarmWeights> {
  await ensureBundledWeights(db, dataDir);
  const force = await db
    .selectFrom('forces')
    .select(['slug', 'weight_set'])
    .where('id', '=', forceId)
    .executeTakeFirstOrThrow();
  const names = new Set((await db.selectFrom('weight_sets').select('name').execute()).map((r) => r.name));
  const categoryName =
    override ??
    force.weight_set ??
    (names.has(`cchi-${force.slug}`) ? `cchi-${force.slug}` : 'cchi-national');
  const chosen = await getWeightSet(db, categoryName);
  if (chosen.kind === 'offence') {
    const fallback = await getWeightSet(
      db,
      names.has(`cchi-${force.slug}`) ? `cchi-${force.slug}` : 'cchi-national',
    );
    return new HarmWeights(fallback, chosen);
  }
  const offence = await db
    .selectFrom('weight_sets')
    .select('name')
    .where('kind', '=', 'offence')
    .where('force_slug', '=', force.slug)
    .orderBy('loaded_at', 'desc')
    .executeTakeFirst();
  return new HarmWeights(chosen, offence && !override ? await getWeightSet(db, offence.name) : null);
}
