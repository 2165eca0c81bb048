// The place counts that name grid cells (counted per place, then the places filtered by area) equal
// a direct count of every crime of the selection through the crimes view, place by place: for the
// whole force, a unit, a ward, a category selection and a month range, and after another import.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import type { Store } from '../core/store/store.ts';
import { parseMonth } from '../core/time/month.ts';
import { importCrimeFiles, resolveSelection } from '../crime/index.ts';
import { loadPlaceCounts } from './cell-places.ts';
import { type ResolvedArea, resolveArea } from './store.ts';

let store: Store;
let dir: string;
let dispose: () => Promise<void>;

before(async () => {
  ({ store, dir, dispose } = await leicestershireStore());
  await importCrimeFiles(
    store,
    ['2022-03', '2022-04'].map((m) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`)),
    { rejectsDir: join(dir, 'rejects') },
  );
});
after(async () => dispose?.());

const LEVEL_COLUMN: Record<string, 'ward_id' | 'unit_id' | 'lsoa_id'> = {
  ward: 'ward_id',
  unit: 'unit_id',
  lsoa: 'lsoa_id',
};

/** Every crime of the selection, one by one from the crimes view, counted per place. */
async function direct(area: ResolvedArea, sel: { from?: string; to?: string; types?: string }) {
  const cats = new Set(resolveSelection(sel.types ?? 'all-crime').categories);
  const from = (sel.from ? parseMonth(sel.from) : null) ?? -Infinity;
  const to = (sel.to ? parseMonth(sel.to) : null) ?? Infinity;
  const rows = await sql<{
    place_id: number;
    month: number;
    category: number;
    placement: number;
    easting: number | null;
    northing: number | null;
    ward_id: number | null;
    unit_id: number | null;
    lsoa_id: number | null;
    team_id: number | null;
    location: string;
  }>`SELECT c.place_id, c.month, c.category, c.placement, c.easting, c.northing, c.ward_id, c.unit_id,
      c.lsoa_id, c.team_id, l.text AS location
    FROM crimes c JOIN labels l ON l.id = c.location WHERE c.force_id = ${area.forceId}`.execute(store.db);
  const names = new Map(
    (await store.db.selectFrom('areas').select(['id', 'name']).execute()).map((a) => [a.id, a.name]),
  );
  const nameOf = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  const byPlace = new Map<number, { key: string; n: number }>();
  for (const r of rows.rows) {
    if (r.easting === null || !cats.has(r.category) || r.month < from || r.month > to) continue;
    if (area.level === 'force' ? r.placement !== 0 : r[LEVEL_COLUMN[area.level]] !== area.areaId) continue;
    const e = byPlace.get(r.place_id);
    if (e) e.n++;
    else
      byPlace.set(r.place_id, {
        key: `${r.location}|${r.easting}|${r.northing}|${nameOf(r.lsoa_id)}|${nameOf(r.ward_id)}|${nameOf(r.team_id)}`,
        n: 1,
      });
  }
  return [...byPlace.values()].map((e) => `${e.key}|${e.n}`).sort();
}

async function counted(area: ResolvedArea, sel: { from?: string; to?: string; types?: string }) {
  return (await loadPlaceCounts(store.db, area, sel))
    .map((p) => `${p.location}|${p.x}|${p.y}|${p.lsoa}|${p.ward}|${p.team}|${p.count}`)
    .sort();
}

async function areasToTry(): Promise<ResolvedArea[]> {
  const one = async (level: string) =>
    (
      await store.db
        .selectFrom('areas')
        .select('code')
        .where('level', '=', level)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
  return [
    await resolveArea(store.db, 'leicestershire'),
    await resolveArea(store.db, 'leicestershire', `unit:${await one('unit')}`),
    await resolveArea(store.db, 'leicestershire', `ward:${await one('ward')}`),
  ];
}

test('place counts equal a direct count of every crime, for the force, a unit and a ward', async () => {
  for (const area of await areasToTry()) {
    for (const sel of [{}, { from: '2022-04', to: '2022-04' }, { types: 'violence-and-sexual-offences' }]) {
      const want = await direct(area, sel);
      assert.ok(want.length > 0, `${area.level} ${area.code} has places`);
      assert.deepEqual(await counted(area, sel), want, `${area.level} ${area.code} ${JSON.stringify(sel)}`);
    }
  }
});

test('after another import, the counts still equal the direct count', async () => {
  const [force] = await areasToTry();
  const before = await counted(force, {});
  await importCrimeFiles(store, [join(LEICS_CRIMES, '2022-02-leicestershire-street.csv.gz')], {
    rejectsDir: join(dir, 'rejects'),
  });
  const now = await counted(force, {});
  assert.notDeepEqual(now, before);
  assert.deepEqual(now, await direct(force, {}));
});
