// The importer against every bundled real police.uk month for Leicestershire, placed in the derived
// force structure: counts add up, re-import adds nothing, areas nest, the cube agrees with a rebuild.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import { distanceToBoundary } from '../core/geo/distance.ts';
import type { MultiPolygon } from '../core/geo/types.ts';
import { type FileResult, importCrimeFiles } from './import.ts';
import { rebuildForceCube } from './reassign.ts';

let t: Awaited<ReturnType<typeof leicestershireStore>>;
let first: FileResult[];
const files = readdirSync(LEICS_CRIMES)
  .filter((f) => f.endsWith('.csv.gz'))
  .sort()
  .map((f) => join(LEICS_CRIMES, f));

/** Data rows in a police.uk file, counted independently of the importer (no quoted newlines there). */
function dataRows(file: string): number {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  return text.split('\n').filter((l) => l.trim() !== '').length - 1;
}

async function cubeSnapshot(): Promise<string[]> {
  const rows = await t.store.db
    .selectFrom('cube')
    .select(['level', 'area_id', 'month', 'category', 'count', 'harm_milli', 'unweighted'])
    .orderBy(['level', 'area_id', 'month', 'category'])
    .execute();
  return rows.map(
    (r) => `${r.level}|${r.area_id}|${r.month}|${r.category}|${r.count}|${r.harm_milli}|${r.unweighted}`,
  );
}

before(async () => {
  t = await leicestershireStore();
  first = await importCrimeFiles(t.store, files, { rejectsDir: join(t.dir, 'rejects') });
});
after(async () => t.dispose());

test('all 29 real months load, and every file accounts for each of its rows', async () => {
  assert.equal(files.length, 29);
  let total = 0;
  for (const r of first) {
    assert.equal(r.error, undefined, `${r.file}: ${r.error?.message}`);
    const c = r.counts;
    assert.equal(c.rows, dataRows(r.file), r.file);
    assert.equal(c.rows, c.loaded + c.duplicates + c.rejected, r.file);
    assert.ok(c.unlocated + c.outside <= c.loaded, r.file);
    total += c.loaded;
  }
  assert.equal(total, 241_803, 'SOURCES.md gives 241,803 rows');
  const stored = await t.store.db
    .selectFrom('crimes')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(stored.n), total);
});

test('rows without coordinates are kept as unlocated, never dropped', async () => {
  const unlocated = first.reduce((s, r) => s + r.counts.unlocated, 0);
  const share = unlocated / 241_803;
  assert.ok(
    share > 0.01 && share < 0.04,
    `about 2.5% of rows have no location; got ${(share * 100).toFixed(2)}%`,
  );
  const stored = await t.store.db
    .selectFrom('crimes')
    .select(sql<number>`count(*)`.as('n'))
    .where('placement', '=', 1)
    .where('lon', 'is', null)
    .executeTakeFirstOrThrow();
  assert.equal(Number(stored.n), unlocated);
});

test('every located crime inside the force lies in exactly one LSOA, MSOA and district, and they nest', async () => {
  const bad = await sql<{ n: number }>`
    SELECT count(*) AS n FROM crimes c
    JOIN areas l ON l.id = c.lsoa_id JOIN areas m ON m.id = c.msoa_id JOIN areas d ON d.id = c.district_id
    WHERE c.placement = 0 AND (l.parent_id IS DISTINCT FROM m.id OR m.parent_id IS DISTINCT FROM d.id)`.execute(
    t.store.db,
  );
  assert.equal(Number(bad.rows[0].n), 0, 'LSOA → MSOA → district by name agrees with point-in-polygon');
  const missing = await sql<{ n: number }>`
    SELECT count(*) AS n FROM crimes WHERE placement = 0
    AND (lsoa_id IS NULL OR msoa_id IS NULL OR district_id IS NULL OR unit_id IS NULL OR team_id IS NULL)`.execute(
    t.store.db,
  );
  assert.equal(Number(missing.rows[0].n), 0);
});

test("our LSOA agrees with police.uk's own, and every disagreement lies on an LSOA boundary", async () => {
  const rows = await sql<{ same: number; e: number; n: number; given: string | null }>`
    SELECT a.code = lg.text AS same, c.easting AS e, c.northing AS n, g.geometry_bng AS given
    FROM crimes c JOIN areas a ON a.id = c.lsoa_id JOIN labels lg ON lg.id = c.lsoa_given
    LEFT JOIN areas g ON g.level = 'lsoa' AND g.code = lg.text AND g.force_id = c.force_id
    WHERE c.placement = 0`.execute(t.store.db);
  const differ = rows.rows.filter((r) => !r.same);
  const share = 1 - differ.length / rows.rows.length;
  assert.ok(share > 0.95, `agreement ${(share * 100).toFixed(3)}%`);
  // police.uk snaps crimes to map points, often on the roads LSOA boundaries follow, and these
  // boundaries are generalised: a disagreement must be a point within a few metres of the edge.
  let far = 0;
  for (const r of differ) {
    if (!r.given || distanceToBoundary(r.e, r.n, JSON.parse(r.given) as MultiPolygon) > 25) far++;
  }
  assert.equal(
    far,
    0,
    `${far} of ${differ.length} disagreeing points lie more than 25 m from police.uk's LSOA`,
  );
});

test('the incrementally kept cube equals a rebuild from the crimes', async () => {
  const before = await cubeSnapshot();
  const force = await t.store.db.selectFrom('forces').select('id').executeTakeFirstOrThrow();
  await rebuildForceCube(t.store, force.id);
  assert.deepEqual(await cubeSnapshot(), before);
  const forceTotal = await t.store.db
    .selectFrom('cube')
    .select(sql<number>`sum(count)`.as('n'))
    .where('level', '=', 'force')
    .executeTakeFirstOrThrow();
  assert.equal(Number(forceTotal.n), 241_803);
});

test('re-importing every file adds nothing', async () => {
  const cube = await cubeSnapshot();
  const again = await importCrimeFiles(t.store, files, { rejectsDir: join(t.dir, 'rejects') });
  for (const [i, r] of again.entries()) {
    assert.equal(r.counts.loaded, 0, r.file);
    assert.equal(r.counts.duplicates, first[i].counts.loaded, r.file);
    assert.equal(r.counts.rows, first[i].counts.rows, r.file);
  }
  const stored = await t.store.db
    .selectFrom('crimes')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(stored.n), 241_803);
  assert.deepEqual(await cubeSnapshot(), cube);
});
