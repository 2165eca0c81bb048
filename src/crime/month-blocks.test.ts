// Month blocks: the same crimes as the crimes view, column by column; written when an import ends,
// rebuilt when a month's count changes or its version is old, dropped when crimes are placed again.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import type { Store } from '../core/store/store.ts';
import { findForce } from '../force/index.ts';
import { importCrimeFiles } from './import.ts';
import {
  BLOCK_LEVELS,
  blockColumns,
  type CrimeColumns,
  dropMonthBlocks,
  encodeBlock,
  MONTH_BLOCK_VERSION,
  readMonthBlocks,
  refreshMonthBlocks,
} from './month-blocks.ts';
import { reassignCrimes } from './reassign.ts';

const row = (o: Partial<Parameters<typeof encodeBlock>[0][number]> = {}) => ({
  easting: 450000.25,
  northing: 300000.5,
  lon: -1.1,
  lat: 52.6,
  occurred_from: null,
  occurred_to: null,
  lsoa_id: 3,
  msoa_id: 4,
  ward_id: null,
  district_id: 6,
  team_id: 7,
  unit_id: 8,
  impact_area_ids: null,
  offence_code: null,
  victim_age: null,
  category: 2,
  source: 0,
  placement: 0,
  ...o,
});

test('a block reads back what was written, nulls and dictionaries included, aligned or not', () => {
  const rows = [
    row(),
    row({ easting: null, northing: null, lon: null, lat: null, placement: 1, lsoa_id: null, unit_id: null }),
    row({ impact_area_ids: '12,40', offence_code: '28E', victim_age: 34, occurred_from: 1.6e12, source: 1 }),
    row({ impact_area_ids: '40', offence_code: '8N', victim_age: 0, category: 13 }),
    row({ impact_area_ids: '12,40', offence_code: '28E' }),
  ];
  const block = encodeBlock(rows);
  assert.equal(block.n, 5);
  const unaligned = new Uint8Array(block.data.length + 3).subarray(3);
  unaligned.set(block.data);
  for (const data of [block.data, unaligned]) {
    const c = blockColumns({ month: 600, n: block.n, dict: block.dict, data });
    assert.equal(c.month, 600);
    assert.deepEqual([...c.x.slice(0, 2)], [450000.25, Number.NaN]);
    assert.ok(Number.isNaN(c.lat[1]));
    assert.deepEqual([...c.levelIds[BLOCK_LEVELS.indexOf('ward')]], [0, 0, 0, 0, 0]);
    assert.deepEqual([...c.levelIds[BLOCK_LEVELS.indexOf('unit')]], [8, 0, 8, 8, 8]);
    assert.deepEqual(
      [...c.impact].map((i) => (i < 0 ? null : c.impactSets[i])),
      [null, null, '12,40', '40', '12,40'],
    );
    assert.deepEqual(
      [...c.offence].map((i) => (i < 0 ? null : c.offenceCodes[i])),
      [null, null, '28E', '8N', '28E'],
    );
    assert.deepEqual([...c.victimAge], [-1, -1, 34, 0, -1]);
    assert.deepEqual(
      [...c.occurredFrom].map((v) => (Number.isNaN(v) ? null : v)),
      [null, null, 1.6e12, null, null],
    );
    assert.deepEqual([...c.category], [2, 2, 2, 13, 2]);
    assert.deepEqual([...c.source], [0, 0, 1, 0, 0]);
    assert.deepEqual([...c.placement], [0, 1, 0, 0, 0]);
  }
});

/** Every crime of the force, from the view, keyed the way the blocks can be compared. */
async function viewRows(store: Store, forceId: number): Promise<string[]> {
  const rows = await store.db
    .selectFrom('crimes')
    .select(['month', 'easting', 'northing', 'category', 'placement', 'lsoa_id', 'unit_id', 'offence_code'])
    .where('force_id', '=', forceId)
    .orderBy('month')
    .orderBy('id')
    .execute();
  return rows.map((r) =>
    [
      r.month,
      r.easting,
      r.northing,
      r.category,
      r.placement,
      r.lsoa_id ?? 0,
      r.unit_id ?? 0,
      r.offence_code,
    ].join('|'),
  );
}

function blockRows(blocks: CrimeColumns[]): string[] {
  const lsoa = BLOCK_LEVELS.indexOf('lsoa');
  const unit = BLOCK_LEVELS.indexOf('unit');
  const out: string[] = [];
  for (const b of blocks)
    for (let k = 0; k < b.n; k++)
      out.push(
        [
          b.month,
          Number.isNaN(b.x[k]) ? '' : b.x[k],
          Number.isNaN(b.y[k]) ? '' : b.y[k],
          b.category[k],
          b.placement[k],
          b.levelIds[lsoa][k],
          b.levelIds[unit][k],
          b.offence[k] < 0 ? '' : b.offenceCodes[b.offence[k]],
        ].join('|'),
      );
  return out;
}

describe('in a store', () => {
  let t: Awaited<ReturnType<typeof leicestershireStore>>;
  let forceId: number;
  const blockCount = async () =>
    (
      await t.store.db
        .withTables<{ month_blocks: { force_id: number; month: number; n: number; version: number } }>()
        .selectFrom('month_blocks')
        .select(['month', 'n', 'version'])
        .where('force_id', '=', forceId)
        .execute()
    ).length;
  before(async () => {
    t = await leicestershireStore();
    await importCrimeFiles(
      t.store,
      ['2020-01', '2020-02'].map((m) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`)),
      { force: 'leicestershire', rejectsDir: join(t.dir, 'rejects') },
    );
    forceId = (await findForce(t.store.db, 'leicestershire'))?.id as number;
  });
  after(async () => t.dispose());

  test('an import leaves a current block per month, holding what the crimes view holds', async () => {
    assert.equal(await blockCount(), 2);
    assert.equal(await refreshMonthBlocks(t.store.db, forceId), 0);
    const blocks = await readMonthBlocks(t.store.db, forceId);
    assert.deepEqual(
      blocks.map((b) => b.month),
      [600, 601],
    );
    assert.deepEqual(blockRows(blocks), await viewRows(t.store, forceId));
    const feb = await readMonthBlocks(t.store.db, forceId, 601, 601);
    assert.equal(feb.length, 1);
    assert.equal(feb[0].n, blocks[1].n);
  });

  test('a month whose count changed, whose block is missing or old, is rebuilt when read', async () => {
    const bdb = t.store.db.withTables<{
      month_blocks: { force_id: number; month: number; n: number; version: number };
    }>();
    await bdb.updateTable('month_blocks').set({ n: 1 }).where('month', '=', 600).execute();
    await bdb
      .updateTable('month_blocks')
      .set({ version: MONTH_BLOCK_VERSION - 1 })
      .where('month', '=', 601)
      .execute();
    assert.deepEqual(blockRows(await readMonthBlocks(t.store.db, forceId)), await viewRows(t.store, forceId));
    assert.equal(await refreshMonthBlocks(t.store.db, forceId), 0);
    await dropMonthBlocks(t.store.db, forceId);
    assert.equal(await blockCount(), 0);
    assert.deepEqual(blockRows(await readMonthBlocks(t.store.db, forceId)), await viewRows(t.store, forceId));
    assert.equal(await blockCount(), 2);
  });

  test('rows added to a month already stored: its block is the old block plus the new rows', async () => {
    const file = join(t.dir, 'extra-2020-01.csv');
    const head =
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
    const line = (id: string, type: string) =>
      `${id},2020-01,Leicestershire Police,Leicestershire Police,-1.133,52.634,On or near High Street,E01013000,Leicester 001A,${type},Under investigation,`;
    writeFileSync(
      file,
      [head, line('a'.repeat(64), 'Burglary'), line('b'.repeat(64), 'Robbery'), ''].join('\n'),
    );
    const before = (await readMonthBlocks(t.store.db, forceId, 600, 600))[0].n;
    const [r] = await importCrimeFiles(t.store, [file], {
      force: 'leicestershire',
      rejectsDir: join(t.dir, 'rejects'),
    });
    assert.equal(r.counts.loaded, 2);
    assert.equal(await refreshMonthBlocks(t.store.db, forceId), 0, 'every block current after the import');
    const jan = await readMonthBlocks(t.store.db, forceId, 600, 600);
    assert.equal(jan[0].n, before + 2);
    assert.deepEqual(blockRows(await readMonthBlocks(t.store.db, forceId)), await viewRows(t.store, forceId));
    // The same file again: nothing stored, nothing changed.
    await importCrimeFiles(t.store, [file], { force: 'leicestershire', rejectsDir: join(t.dir, 'rejects') });
    assert.equal(await refreshMonthBlocks(t.store.db, forceId), 0);
  });

  test('another month imported adds its block; placing crimes again drops them all', async () => {
    await importCrimeFiles(t.store, [join(LEICS_CRIMES, '2020-03-leicestershire-street.csv.gz')], {
      force: 'leicestershire',
      rejectsDir: join(t.dir, 'rejects'),
    });
    assert.equal(await blockCount(), 3);
    await reassignCrimes(t.store, forceId);
    assert.equal(await blockCount(), 0);
    assert.deepEqual(blockRows(await readMonthBlocks(t.store.db, forceId)), await viewRows(t.store, forceId));
  });
});
