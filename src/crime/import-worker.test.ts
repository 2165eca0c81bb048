// The importer's two halves (import-read.ts on a worker thread, import.ts storing): the same store
// as reading on one thread, keys equal to keys.ts, duplicates found row by row inside multi-row
// inserts, the cube equal to a rebuild, and failures that leave earlier and later files intact.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { REPO, tempSqliteStore } from '../../test/support/stores.ts';
import { toWGS84 } from '../core/geo/bng.ts';
import type { SqliteStore } from '../core/store/sqlite.ts';
import { loadForce, readForceSpec } from '../force/index.ts';
import { type FileResult, importCrimeFiles } from './import.ts';
import { ContentKeys, contentKeyInto, idKeyInto, LABEL_COLUMNS } from './import-batch.ts';
import { contentKey, idKey } from './keys.ts';
import { rebuildForceCube } from './reassign.ts';

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const WM_SPEC = join(REPO, 'data', 'forces', 'west-midlands.json');
const TYPES = ['Burglary', 'Violence and sexual offences', 'Vehicle crime', 'Shoplifting', 'Robbery'];
const OUTCOMES = [
  'Under investigation',
  'Unable to prosecute suspect',
  'Investigation complete; no suspect identified',
];

/** A small seeded generator (mulberry32): the same rows on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (r: () => number) =>
  Array.from({ length: 8 }, () =>
    Math.floor(r() * 2 ** 32)
      .toString(16)
      .padStart(8, '0'),
  ).join('');

/**
 * police.uk rows over Birmingham and beyond: map points shared by many rows (some in Impact Areas,
 * some outside the force), unlocated rows, identical ASB rows, IDs repeated within and across
 * files, and a few bad rows.
 */
function policeUkFile(
  path: string,
  month: string,
  seed: number,
  repeatIds: string[] = [],
  street = 'Street',
): string[] {
  const r = rng(seed);
  const points: [string, string][] = [];
  for (let i = 0; i < 60; i++) {
    // Most within a box around central Birmingham (several Impact Areas), a few well outside.
    const [lon, lat] =
      i % 15 === 14
        ? toWGS84(440_000 + i * 50, 270_000)
        : toWGS84(404_000 + r() * 8_000, 284_000 + r() * 8_000);
    points.push([lon.toFixed(6), lat.toFixed(6)]);
  }
  const ids: string[] = [];
  const lines = [HEADER];
  for (let i = 0; i < 700; i++) {
    const [lon, lat] = i % 40 === 0 ? ['', ''] : points[Math.floor(r() ** 2 * points.length)];
    const type = i % 9 === 0 ? 'Anti-social behaviour' : TYPES[Math.floor(r() * TYPES.length)];
    let id = type === 'Anti-social behaviour' ? '' : hex(r);
    if (id && i % 13 === 0 && ids.length) id = ids[Math.floor(r() * ids.length)]; // a repeat within the file
    if (id && i % 17 === 0 && repeatIds.length) id = repeatIds[i % repeatIds.length]; // one from another file
    if (id) ids.push(id);
    const location = `On or near ${street} ${Math.floor(r() * 5)}`;
    const outcome = type === 'Anti-social behaviour' ? '' : OUTCOMES[i % OUTCOMES.length];
    lines.push(
      `${id},${month},West Midlands Police,West Midlands Police,${lon},${lat},${location},E0100${i % 7},Birmingham ${i % 7},${type},${outcome},`,
    );
    if (type === 'Anti-social behaviour' && i % 2 === 0) lines.push(lines[lines.length - 1]); // an identical twin
  }
  lines.splice(
    100,
    0,
    `${hex(r)},${month},West Midlands Police,West Midlands Police,-1.9,52.48,x,y,z,Fraud,,`,
  );
  lines.splice(200, 0, `${hex(r)},${month},West Midlands Police`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return ids;
}

async function dump(store: SqliteStore) {
  const crimes = await sql<Record<string, unknown>>`SELECT * FROM crime_view ORDER BY id`.execute(store.db);
  const cube = await sql<Record<string, unknown>>`SELECT * FROM cube ORDER BY 1, 2, 3, 4, 5`.execute(
    store.db,
  );
  return { crimes: crimes.rows, cube: cube.rows };
}

test('keys written as two halves equal keys.ts', () => {
  const r = rng(7);
  const halves = new Uint32Array(2);
  const key = new BigInt64Array(halves.buffer);
  const ids = [
    '',
    'a',
    'WM/22/1234',
    'ABCDEF0123456789ABCDEF0123456789',
    'é'.repeat(40),
    `${'f'.repeat(16)}x`.repeat(3),
  ];
  for (let i = 0; i < 300; i++)
    ids.push(hex(r), hex(r).slice(0, 20 + (i % 40)), `${i}-${hex(r).slice(0, i % 50)}`);
  for (const id of ids) {
    idKeyInto(id, halves, 0);
    assert.equal(key[0], idKey(id), `idKey(${id})`);
    contentKeyInto(id, 3, halves, 0);
    assert.equal(key[0], contentKey(id, 3), `contentKey(${id})`);
  }
});

test('content keys counted in one pass equal keys.ts contentKey, repeats numbered from 0', () => {
  const r = rng(5);
  const halves = new Uint32Array(2);
  const key = new BigInt64Array(halves.buffer);
  const byString = new ContentKeys();
  const byLine = new ContentKeys();
  const count = new Map<string, number>();
  const lines: string[] = [];
  for (let i = 0; i < 200; i++)
    lines.push(`,2021-0${1 + (i % 3)},Force,Force,,,On or near ${hex(r).slice(0, i % 30)},,,x,,`);
  for (let i = 0; i < 25; i++) lines.push(lines[3], lines[7]); // 26 and more of the same line: two-digit counts
  lines.push('', 'é,ü', '\u0001,\u0000');
  for (const [i, line] of lines.entries()) {
    const month = 600 + (i % 2);
    const content = `${month}\u0000${line.replaceAll(',', '\u0001')}`;
    const n = count.get(content) ?? 0;
    count.set(content, n + 1);
    const expected = contentKey(content, n);
    byString.ofString(content, halves, 0);
    assert.equal(key[0], expected, `ofString, ${n}-th of ${JSON.stringify(content)}`);
    const text = `xx${line}yy`;
    byLine.ofLine(month, text, 2, 2 + line.length, halves, 0);
    assert.equal(key[0], expected, `ofLine, ${n}-th of ${JSON.stringify(line)}`);
  }
  assert.ok([...count.values()].some((n) => n > 20));
});

describe('reading on a worker thread', () => {
  const stores: Awaited<ReturnType<typeof tempSqliteStore>>[] = [];
  let files: string[] = [];
  before(async () => {
    const spec = readForceSpec(WM_SPEC);
    for (let i = 0; i < 2; i++) {
      const t = await tempSqliteStore();
      await loadForce(t.store, spec, WM_SPEC);
      stores.push(t);
    }
    const dir = stores[0].dir;
    const a = policeUkFile(join(dir, '2021-01-west-midlands-street.csv'), '2021-01', 1);
    policeUkFile(join(dir, '2021-02-west-midlands-street.csv'), '2021-02', 2, a);
    policeUkFile(join(dir, '2021-01-again-street.csv'), '2021-01', 3, a);
    files = [
      join(dir, '2021-01-west-midlands-street.csv'),
      join(dir, '2021-02-west-midlands-street.csv'),
      join(dir, '2021-01-again-street.csv'),
    ];
  });
  after(async () => {
    for (const t of stores) await t.dispose();
  });

  test('gives the store that reading on this thread gives, and a cube equal to a rebuild', async () => {
    const progress: number[] = [];
    const [inline, worker] = await Promise.all(
      stores.map((t, i) =>
        importCrimeFiles(t.store, files, {
          rejectsDir: join(t.dir, 'rejects'),
          worker: i === 1,
          onProgress: i === 1 ? (p) => progress.push(p.rows) : undefined,
        }),
      ),
    );
    // Each import names its rejects file by a random token: compare whether there is one.
    const named = (rs: FileResult[]) =>
      rs.map((r) => ({
        ...r,
        rejectsFile: r.rejectsFile !== undefined,
        rejectsToken: r.rejectsToken !== undefined,
      }));
    assert.deepEqual(named(worker), named(inline));
    // Duplicates and conflicts: rows whose month and Crime ID an earlier row (of this or an earlier
    // file) had (a conflict when the content differs); rows without an ID, when an earlier file had
    // the same row as often (keys.ts).
    const seen = new Set<string>();
    for (const [i, r] of worker.entries()) {
      let expected = 0;
      const occurrences = new Map<string, number>();
      for (const line of readFileSync(files[i], 'utf8').trim().split('\n').slice(1)) {
        const f = line.split(',');
        if (f.length !== 12 || f[9] === 'Fraud') continue;
        const n = occurrences.get(line) ?? 0;
        occurrences.set(line, n + 1);
        const key = f[0] === '' ? `${line} #${n}` : `${f[1]} ${f[0]}`;
        if (seen.has(key)) expected++;
        seen.add(key);
      }
      assert.equal(r.counts.duplicates + r.counts.conflicts, expected, `duplicates in ${files[i]}`);
    }
    for (const r of worker) {
      assert.equal(r.error, undefined);
      const c = r.counts;
      assert.equal(c.rows, c.loaded + c.duplicates + c.conflicts + c.rejected);
      assert.equal(c.rejected, 2);
      assert.ok(c.conflicts > 10, `the same ID with other content, within and across files: ${c.conflicts}`);
      assert.ok(c.outside > 0 && c.unlocated > 0);
    }
    assert.ok(progress.length >= files.length && progress.every((n) => n > 0));
    const a = await dump(stores[0].store);
    const b = await dump(stores[1].store);
    assert.deepEqual(b, a);
    assert.ok(
      a.crimes.some((c) => c.impact_area_ids !== null),
      'some points lie in Impact Areas',
    );
    assert.ok(a.crimes.some((c) => c.team_id !== null && c.unit_id !== null));
    const rejects = readFileSync(worker[1].rejectsFile ?? '', 'utf8');
    assert.match(rejects, /,Crime type,"unknown crime type ""Fraud"""/);
    assert.match(rejects, /,\(row\),"expected 12 fields, found 3"/);

    const force = await stores[1].store.db.selectFrom('forces').select('id').executeTakeFirstOrThrow();
    await rebuildForceCube(stores[1].store, force.id);
    assert.deepEqual((await dump(stores[1].store)).cube, b.cube);
  });

  test('re-importing adds nothing and leaves the cube as it was', async () => {
    const t = stores[1];
    const before = await dump(t.store);
    const again = await importCrimeFiles(t.store, files, {
      rejectsDir: join(t.dir, 'rejects'),
      worker: true,
      force: 'west-midlands', // its areas go to the reader before it asks
    });
    for (const r of again) {
      assert.equal(r.counts.loaded, 0);
      assert.equal(r.counts.duplicates + r.counts.conflicts, r.counts.rows - r.counts.rejected);
    }
    assert.deepEqual(await dump(t.store), before);
  });

  test('a file that fails part-way lands nothing; the files around it load', async () => {
    const t = stores[0];
    const dir = t.dir;
    const good1 = join(dir, '2021-03-west-midlands-street.csv');
    const good2 = join(dir, '2021-05-west-midlands-street.csv');
    const bad = join(dir, '2021-04-west-midlands-street.csv');
    policeUkFile(good1, '2021-03', 4);
    // The failing file and the one after it share labels the store has not seen: the ids made for
    // them in the rolled-back transaction must not be used.
    policeUkFile(good2, '2021-05', 6, [], 'Lane');
    policeUkFile(bad, '2021-04', 5, [], 'Lane');
    const text = readFileSync(bad);
    // Invalid UTF-8 two thirds of the way in: the reader stops there, after sending rows.
    const at = Math.floor((text.length * 2) / 3);
    writeFileSync(bad, Buffer.concat([text.subarray(0, at), Buffer.from([0xff, 0xfe]), text.subarray(at)]));
    const before = await dump(t.store);
    const r = await importCrimeFiles(t.store, [good1, bad, good2], {
      rejectsDir: join(dir, 'rejects'),
      worker: true,
    });
    assert.equal(r[1].error?.code, 'csv.encoding');
    assert.deepEqual(r[1].counts.loaded, 0);
    assert.ok(r[0].counts.loaded > 500 && r[2].counts.loaded > 500);
    const after = await dump(t.store);
    assert.equal(after.crimes.length, before.crimes.length + r[0].counts.loaded + r[2].counts.loaded);
    assert.ok(!after.crimes.some((c) => c.month === 615), 'nothing of 2021-04 landed');
  });
});

test('the store inserts many rows at once and still tells each duplicate apart', async () => {
  const t = await tempSqliteStore();
  try {
    const columns = ['month', 'crime_key', 'category', ...LABEL_COLUMNS, 'place_id'] as const;
    const fixed = { force_id: 1, source: 0, import_id: 1 };
    const rowOf = (month: number, key: bigint) => [month, key, 0, 1, 1, 1, 1, 1];
    await t.store.transaction(async (_tx, bulk) => {
      const ins = bulk.crimeInserter(columns, fixed);
      const n = ins.batchRows;
      const inserted = new Uint8Array(n);
      const keys = (from: number) => Array.from({ length: n }, (_, i) => BigInt(from + i));
      // A full chunk of new rows, then a chunk that repeats 5 of them and one of its own rows.
      assert.equal(
        ins.insert(
          keys(0).flatMap((k) => rowOf(600, k)),
          n,
          inserted,
        ),
        n,
      );
      const second = keys(n - 5);
      second[n - 1] = second[n - 2]; // the same key twice in one statement: the first is new
      assert.equal(
        ins.insert(
          second.flatMap((k) => rowOf(600, k)),
          n,
          inserted,
        ),
        n - 6,
      );
      assert.deepEqual([...inserted.slice(0, 6)], [0, 0, 0, 0, 0, 1]);
      assert.deepEqual([...inserted.slice(n - 2)], [1, 0]);
      // The same keys in another month are other crimes; a short chunk goes row by row.
      assert.equal(
        ins.insert(
          keys(0)
            .slice(0, 3)
            .flatMap((k) => rowOf(601, k)),
          3,
          inserted,
        ),
        3,
      );
      assert.equal(ins.insert([...rowOf(601, 1n), ...rowOf(601, 99n)], 2, inserted), 1);
      assert.deepEqual([...inserted.slice(0, 2)], [0, 1]);
      // A row refused for another reason than its key is an error, not a duplicate.
      const bad = rowOf(602, 5n);
      bad[3] = null as unknown as number; // reported_by is NOT NULL
      assert.throws(() => ins.insert(bad, 1, inserted), /refused a crime row/);
    });
  } finally {
    await t.dispose();
  }
});

test('a force extract reads the same on a worker thread', async () => {
  const dumps = [];
  for (const worker of [false, true]) {
    const t = await tempSqliteStore();
    try {
      const file = join(t.dir, 'extract.csv');
      writeFileSync(
        file,
        [
          'crime_reference,recorded_at,occurred_from,category,offence_code,lat,lon,easting,northing,victim_age,vulnerable_victim,domestic,attended_at,victim_declined_attendance,falls_within',
          'WM/1,2022-07-01 09:00,2022-06-30 23:30,Violence and sexual offences,8P,52.4797,-1.9026,,,19,Y,N,,,West Midlands Police',
          'WM/2,2022-12-01 10:00,2022-12-01 02:15,Burglary,28E,,,407000,286000,,,,2022-12-01 11:30,N,West Midlands Police',
          'WM/3,2022-12-02 10:00,2022-12-02 02:15,Burglary,,,,,,,,,,Y,West Midlands Police',
          'WM/1,2022-07-01 09:00,2022-06-30 23:30,Violence and sexual offences,8P,52.4797,-1.9026,,,19,Y,N,,,West Midlands Police',
        ].join('\n'),
      );
      const [r] = await importCrimeFiles(t.store, [file], {
        rejectsDir: join(t.dir, 'rejects'),
        worker,
        createForce: true,
      });
      assert.equal(r.format, 'extract');
      assert.deepEqual(r.counts, {
        rows: 4,
        loaded: 3,
        duplicates: 1,
        rejected: 0,
        unlocated: 1,
        outside: 0,
        badQuoteLines: 0,
        conflicts: 0,
      });
      dumps.push(await dump(t.store));
    } finally {
      await t.dispose();
    }
  }
  assert.deepEqual(dumps[1], dumps[0]);
  const [wm1, wm2] = dumps[0].crimes;
  assert.equal(wm1.offence_code, '8P');
  assert.equal(wm1.vulnerable, 1);
  assert.equal(wm1.domestic, 0);
  assert.equal(wm2.attended_at, Date.UTC(2022, 11, 1, 11, 30));
  assert.equal(wm2.declined_attendance, 0);
});

test('batches packed in memory the writer gave back keep no values of earlier rows', async () => {
  // A gzipped file reads in 64 KiB pieces, so 6,000 rows make ~15 batches: more than the reader may
  // have in flight, so later batches are packed in the memory of earlier ones. Unlocated rows among
  // located ones must come out with no areas, and every row at a map point with that point's areas.
  const t = await tempSqliteStore();
  try {
    await loadForce(t.store, readForceSpec(WM_SPEC), WM_SPEC);
    const r = rng(11);
    const points = Array.from({ length: 40 }, () =>
      toWGS84(404_000 + r() * 8_000, 284_000 + r() * 8_000).map((v) => v.toFixed(6)),
    );
    const lines = [HEADER];
    for (let i = 0; i < 6000; i++) {
      const [lon, lat] = i % 3 === 2 ? ['', ''] : points[i % points.length];
      lines.push(
        `${hex(r)},2021-06,West Midlands Police,West Midlands Police,${lon},${lat},On or near Road ${i % 40},E01009${i % 40},Birmingham ${i % 40},Burglary,Under investigation,`,
      );
    }
    const file = join(t.dir, '2021-06-west-midlands-street.csv.gz');
    writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
    const [result] = await importCrimeFiles(t.store, [file], {
      rejectsDir: join(t.dir, 'rejects'),
      worker: true,
    });
    assert.equal(result.counts.loaded, 6000);
    assert.equal(result.counts.unlocated, 2000);
    const rows = await sql<{ lon: number | null; lat: number | null; areas: string }>`
      SELECT lon, lat, concat_ws(',', lsoa_id, msoa_id, ward_id, district_id, team_id, unit_id,
        impact_area_ids) AS areas FROM crimes`.execute(t.store.db);
    const byPoint = new Map<string, Set<string>>();
    for (const c of rows.rows) {
      if (c.lon === null) {
        assert.equal(c.areas, '', 'an unlocated row has no areas');
        continue;
      }
      const at = `${c.lon},${c.lat}`;
      byPoint.set(at, (byPoint.get(at) ?? new Set()).add(c.areas));
    }
    assert.equal(byPoint.size, points.length);
    for (const [at, areas] of byPoint) {
      assert.equal(areas.size, 1, `every row at ${at} has the same areas`);
      assert.notEqual([...areas][0], '', `the point ${at} is in the force's areas`);
    }
  } finally {
    await t.dispose();
  }
});
