// The harm engine on real data and on constructed cases: weights and their provenance, harm in
// the cube (incremental = rebuilt), unweighted crimes, offence-code weights, trends and drivers.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LEICS_CRIMES, leicestershireStore, tempStore } from '../../test/support/stores.ts';
import { dataDir } from '../core/data-dir.ts';
import { isBeatwiseError } from '../core/errors.ts';
import { parseMonth } from '../core/time/month.ts';
import {
  CATEGORIES,
  ensureBundledWeights,
  forceWeights,
  importCrimeFile,
  importCrimeFiles,
  listWeightSets,
  rebuildForceCube,
} from '../crime/index.ts';
import { readWeightsCsv } from '../crime/weights.ts';
import { saveWeightSet } from '../crime/weights-store.ts';
import { harmReport, trendsReport } from './reports.ts';
import { drivers } from './trends.ts';

const month = (m: string) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`);

describe('weights files', () => {
  let dir: string;
  let t: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    t = await tempStore();
    dir = t.dir;
  });
  after(async () => t.dispose());

  const refuse = (name: string, text: string, re: RegExp, line: number) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    try {
      readWeightsCsv(file, { name: 'x', force: null });
      assert.fail('expected the file to be refused');
    } catch (e) {
      assert.ok(isBeatwiseError(e));
      assert.match(e.message, re);
      assert.equal(e.where.line, line);
      assert.equal(e.where.file, file);
    }
  };

  test('an unknown category, a bad or negative weight, or a duplicate is refused with its line', () => {
    refuse('a.csv', 'category,weight\nBurglary,244\nFraud,10\n', /unknown police\.uk category "Fraud"/, 3);
    refuse('b.csv', 'category,weight\nBurglary,-1\n', /negative/, 2);
    refuse('c.csv', 'category,weight\nBurglary,lots\n', /not a number/, 2);
    refuse('d.csv', 'category,weight\nBurglary,1\nRobbery,2\nburglary,3\n', /given twice/, 4);
    refuse('e.csv', 'offence_code,weight\n8N,365\nXYZ,1\n', /unknown Home Office offence code "XYZ"/, 3);
    refuse('f.csv', 'name,days\nBurglary,1\n', /"category" or "offence_code"/, 1);
  });

  test('a good file loads with its kind and keys normalised', () => {
    const file = join(dir, 'good.csv');
    writeFileSync(file, 'offence_code,weight,note\n008n,365,wounding\n28E,273.5,\n');
    const set = readWeightsCsv(file, { name: 'force-codes', force: 'west-midlands' });
    assert.equal(set.kind, 'offence');
    assert.deepEqual(
      [...set.weights],
      [
        ['8N', 365],
        ['28E', 273.5],
      ],
    );
  });

  test('bundled sets carry their provenance', async () => {
    await ensureBundledWeights(t.store.db, dataDir());
    const sets = await listWeightSets(t.store.db);
    const names = sets.map((s) => s.name);
    for (const n of ['cchi-national', 'cchi-west-midlands', 'cchi-city-of-london'])
      assert.ok(names.includes(n), n);
    const wm = sets.find((s) => s.name === 'cchi-west-midlands');
    assert.equal(wm?.entries, 13);
    assert.match(wm?.source ?? '', /Cambridge Crime Harm Index.*cbl-realcrime/);
    assert.match(wm?.version ?? '', /2026/);
  });
});

describe('harm in the cube, on real months', () => {
  let t: Awaited<ReturnType<typeof leicestershireStore>>;
  const rejectsDir = () => join(t.dir, 'rejects');
  before(async () => {
    t = await leicestershireStore();
  });
  after(async () => t.dispose());

  const snapshot = async () =>
    (
      await t.store.db
        .selectFrom('cube')
        .select(['level', 'area_id', 'month', 'category', 'count', 'harm_milli', 'unweighted'])
        .orderBy(['level', 'area_id', 'month', 'category'])
        .execute()
    ).map((r) => Object.values(r).join('|'));

  test('months imported out of order, then re-imported, give the cube a rebuild gives', async () => {
    for (const m of ['2020-03', '2020-01', '2020-02', '2020-01'])
      await importCrimeFile(t.store, month(m), { rejectsDir: rejectsDir() });
    const incremental = await snapshot();
    const force = await t.store.db.selectFrom('forces').select('id').executeTakeFirstOrThrow();
    await rebuildForceCube(t.store, force.id);
    assert.deepEqual(await snapshot(), incremental);
    assert.ok(incremental.length > 1000);
  });

  test("a crime's harm is its category weight; ASB has none and is not called unweighted", async () => {
    const rows = await t.store.db
      .selectFrom('cube')
      .select(['category', 'count', 'harm_milli', 'unweighted'])
      .where('level', '=', 'force')
      .where('month', '=', parseMonth('2020-01') as number)
      .execute();
    const national = new Map([
      ['Burglary', 244.68],
      ['Robbery', 365],
      ['Anti-social behaviour', 0],
    ]);
    for (const r of rows) {
      const w = national.get(CATEGORIES[r.category]);
      if (w === undefined) continue;
      assert.equal(Number(r.harm_milli), Math.round(w * 1000) * Number(r.count), CATEGORIES[r.category]);
      assert.equal(Number(r.unweighted), 0);
    }
  });

  test('crimes whose category has no weight are counted as unweighted, never given zero', async () => {
    const file = join(t.dir, 'partial.csv');
    writeFileSync(file, 'category,weight\nBurglary,1\nRobbery,1\n');
    await saveWeightSet(t.store.db, readWeightsCsv(file, { name: 'partial', force: null }));
    const r = await harmReport(t.store, {
      force: 'leicestershire',
      level: 'force',
      weights: 'partial',
      from: '2020-01',
      to: '2020-01',
      window: 1,
    });
    const all = await harmReport(t.store, {
      force: 'leicestershire',
      level: 'force',
      from: '2020-01',
      to: '2020-01',
      window: 1,
    });
    assert.equal(r.rows.length, 1);
    assert.equal(r.weights, 'partial');
    assert.equal(r.rows[0].count, all.rows[0].count);
    assert.ok(r.rows[0].unweighted > 0, 'violence, theft… have no weight in this set');
    const burglaryAndRobbery = await t.store.db
      .selectFrom('cube')
      .select((eb) => eb.fn.sum<number>('count').as('n'))
      .where('level', '=', 'force')
      .where('month', '=', parseMonth('2020-01') as number)
      .where('category', 'in', [CATEGORIES.indexOf('Burglary'), CATEGORIES.indexOf('Robbery')])
      .executeTakeFirstOrThrow();
    assert.equal(r.rows[0].harm, Number(burglaryAndRobbery.n));
    assert.equal(r.rows[0].unweighted + Number(burglaryAndRobbery.n), r.rows[0].count);
  });

  test('the harm CSV has the documented columns and a row per area and month', async () => {
    const r = await harmReport(t.store, { force: 'leicestershire', level: 'district', window: 2 });
    assert.equal(r.rows.length, 9 * 3);
    const leicester = r.rows.filter((x) => x.area_name === 'Leicester');
    assert.equal(leicester[0].rolling_harm, null);
    assert.equal(leicester[1].rolling_count, leicester[0].count + leicester[1].count);
    assert.equal(
      leicester[2].pct_change,
      Math.round(
        (10000 * (leicester[2].rolling_harm! - leicester[1].rolling_harm!)) / leicester[1].rolling_harm!,
      ) / 100,
    );
  });
});

describe('trends and drivers', () => {
  test('driver parts sum exactly to the total change', () => {
    const cur = new Map([
      [1, { count: 10, harm: 100 }],
      [2, { count: 5, harm: 50 }],
    ]);
    const prev = new Map([
      [1, { count: 4, harm: 40 }],
      [3, { count: 2, harm: 20 }],
    ]);
    const d = drivers(cur, prev, (k) => ({ code: String(k), name: `A${k}` }), 15 + 3 - 6 - 0, {
      code: '',
      name: 'none',
      current: { count: 3, harm: 0 },
      previous: { count: 0, harm: 0 },
    });
    assert.equal(
      d.reduce((s, x) => s + x.change.count, 0),
      12,
    );
    assert.deepEqual(
      d.map((x) => x.name),
      ['A1', 'A2', 'none', 'A3'],
    );
    assert.equal(
      d.reduce((s, x) => s + (x.shareOfChange ?? 0), 0),
      100,
    );
  });

  test('a share is given only to parts moving with the total, and never exceeds 100%', () => {
    // Net +1 from +300 and −299: the old share (part / net change) said 30,000% and −29,900%.
    const cur = new Map([
      [1, { count: 400, harm: 0 }],
      [2, { count: 1, harm: 0 }],
    ]);
    const prev = new Map([
      [1, { count: 100, harm: 0 }],
      [2, { count: 300, harm: 0 }],
    ]);
    const d = drivers(cur, prev, (k) => ({ code: String(k), name: `A${k}` }), 1);
    assert.deepEqual(
      d.map((x) => [x.name, x.change.count, x.shareOfChange]),
      [
        ['A1', 300, 100],
        ['A2', -299, null],
      ],
    );
  });

  test('year to date against last year, with areas summing to the force change', async () => {
    const t = await leicestershireStore();
    try {
      const months = ['2020-04', '2020-05', '2021-04', '2021-05'];
      await importCrimeFiles(t.store, months.map(month), { rejectsDir: join(t.dir, 'r') });
      const r = await trendsReport(t.store, {
        force: 'leicestershire',
        selection: 'burglary,robbery',
        level: 'district',
        to: '2021-05',
      });
      assert.equal(r.financialYear, '2021/22');
      assert.equal(r.current.from, '2021-04');
      assert.equal(r.lastYear.to, '2020-05');
      // Areas add up to the change in placed crimes; the rest is the data-quality line, not a driver.
      const parts = r.drivers.byArea.reduce((s, d) => s + d.change.count, 0);
      assert.equal(parts + (r.unplaced?.change.count ?? 0), r.vsLastYear.count);
      assert.ok(r.drivers.byArea.every((d) => d.code !== ''));
      const cats = r.drivers.byCategory.reduce((s, d) => s + d.change.count, 0);
      assert.equal(cats, r.vsLastYear.count);
      // No baseline asked: the earliest financial year the data spans, said so.
      assert.equal(r.baseline.from, '2020-04');
      assert.match(r.baselineNote, /2020\/21: the earliest financial year the data covers in full/);
      const asked = await trendsReport(t.store, {
        force: 'leicestershire',
        selection: 'burglary,robbery',
        level: 'district',
        to: '2021-05',
        baseline: 2019,
      });
      assert.ok(
        asked.caveats.some((c) => /baseline/.test(c)),
        'no 2019/20 data: said, not hidden',
      );
      await assert.rejects(
        trendsReport(t.store, {
          force: 'leicestershire',
          selection: 'burglary',
          level: 'district',
          to: '2023-01',
        }),
        /2023-01 is outside the data, which holds 2020-04 to 2021-05/,
      );
      const weights = await forceWeights(t.store.db, 1, dataDir());
      assert.equal(weights.categorySet.name, 'cchi-national');
    } finally {
      await t.dispose();
    }
  });
});

test("force extracts use the force's offence-code weights, else category weights", async () => {
  const t = await tempStore();
  try {
    const file = join(t.dir, 'extract.csv');
    writeFileSync(
      file,
      [
        'crime_reference,recorded_at,occurred_from,offence_code,category,falls_within',
        'A1,2022-05-01 10:00,2022-05-01 01:00,8N,Violence and sexual offences,West Midlands Police',
        'A2,2022-05-02 10:00,2022-05-02 01:00,105A,Violence and sexual offences,West Midlands Police',
        'A3,2022-05-03 10:00,2022-05-03 01:00,28E,Burglary,West Midlands Police',
      ].join('\n'),
    );
    await importCrimeFile(t.store, file, { rejectsDir: join(t.dir, 'r'), createForce: true });
    const harmAt = async () =>
      Number(
        (
          await t.store.db
            .selectFrom('cube')
            .select((eb) => eb.fn.sum<number>('harm_milli').as('h'))
            .where('level', '=', 'force')
            .executeTakeFirstOrThrow()
        ).h,
      ) / 1000;
    // West Midlands category weights: violence 192.46 (twice), burglary 246.78.
    assert.equal(await harmAt(), 192.46 * 2 + 246.78);
    const codes = join(t.dir, 'codes.csv');
    writeFileSync(codes, 'offence_code,weight\n8N,365\n28E,273.5\n');
    await saveWeightSet(t.store.db, readWeightsCsv(codes, { name: 'wmp-codes', force: 'west-midlands' }));
    await rebuildForceCube(t.store, 1);
    // 8N and 28E by code; 105A has no code weight, so its category weight.
    assert.equal(await harmAt(), 365 + 192.46 + 273.5);
  } finally {
    await t.dispose();
  }
});
