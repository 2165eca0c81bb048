// The reader's fast path for plain police.uk lines (packPoliceUkLine, on raw lines from the CSV
// reader) stores exactly what the general path (papaparse rows → parsePoliceUkRow) stores: the
// same crimes with the same keys, labels, places and harm, the same cube, counts and rejects.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { LEICS_CRIMES, leicestershireSqliteStore, REPO, tempSqliteStore } from '../../test/support/stores.ts';
import { toWGS84 } from '../core/geo/bng.ts';
import { Rng } from '../core/rng.ts';
import type { SqliteStore } from '../core/store/sqlite.ts';
import { loadForce, readForceSpec } from '../force/index.ts';
import { type FileResult, importCrimeFiles, loadPlacing } from './import.ts';
import type { PackedBatch, ToReader } from './import-batch.ts';
import { runReader } from './import-read.ts';

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const WM_SPEC = join(REPO, 'data', 'forces', 'west-midlands.json');

/** Plain rows mixed with every kind of line the fast path must leave to the general one. */
function trickyFile(rng: Rng, month: string, crlf: boolean): string {
  const hex = () =>
    Array.from({ length: 8 }, () =>
      rng
        .int(2 ** 32)
        .toString(16)
        .padStart(8, '0'),
    ).join('');
  const points: string[] = [];
  for (let i = 0; i < 40; i++) {
    const [lon, lat] = toWGS84(404_000 + rng.float() * 8_000, 284_000 + rng.float() * 8_000);
    points.push(`${lon.toFixed(6)},${lat.toFixed(6)}`);
  }
  const odd = [
    // bad or unusual months
    `${hex()},2021-13,West Midlands Police,West Midlands Police,${points[0]},On or near A,E01,B 1,Burglary,,`,
    `${hex()}, ${month},West Midlands Police,West Midlands Police,${points[1]},On or near A,E01,B 1,Burglary,,`,
    `${hex()},${month.slice(2)},West Midlands Police,West Midlands Police,${points[1]},On or near A,E01,B 1,Burglary,,`,
    // coordinates: one missing, text, outside the UK, swapped, exponent, spaces, long digits
    `${hex()},${month},West Midlands Police,West Midlands Police,-1.9,,On or near A,E01,B 1,Burglary,,`,
    `${hex()},${month},West Midlands Police,West Midlands Police,abc,52.4,On or near A,E01,B 1,Burglary,,`,
    `${hex()},${month},West Midlands Police,West Midlands Police,5.2,52.4,On or near A,E01,B 1,Burglary,,`,
    `${hex()},${month},West Midlands Police,West Midlands Police,52.4,-1.9,On or near A,E01,B 1,Burglary,,`,
    `${hex()},${month},West Midlands Police,West Midlands Police,-19e-1,52.48,On or near A,E01,B 1,Burglary,,`,
    `${hex()},${month},West Midlands Police,West Midlands Police, -1.9,52.48 ,On or near A,E01,B 1,Burglary,,`,
    `${hex()},${month},West Midlands Police,West Midlands Police,-1.900000000000000001,52.48,On or near A,E01,B 1,Burglary,,`,
    // crime types: unknown, another spelling, other case
    `${hex()},${month},West Midlands Police,West Midlands Police,${points[2]},On or near A,E01,B 1,Arson,,`,
    `${hex()},${month},West Midlands Police,West Midlands Police,${points[2]},On or near A,E01,B 1,burglary,,`,
    `${hex()},${month},West Midlands Police,West Midlands Police,${points[2]},On or near A,E01,B 1, Burglary,,`,
    // field counts
    `${hex()},${month},West Midlands Police,West Midlands Police,${points[3]},On or near A,E01,B 1,Burglary,`,
    `${hex()},${month},West Midlands Police,West Midlands Police,${points[3]},On or near A,E01,B 1,Burglary,,,x`,
    // quotes (taken by the general path), other text, IDs that are not SHA-256 hex
    `${hex()},${month},West Midlands Police,West Midlands Police,${points[4]},"On or near Asda, Thurmaston",E01,B 1,Shoplifting,,`,
    `${hex()},${month},West Midlands Police,West Midlands Police,${points[4]},"On or near ""The Crown""",E01,B 1,Shoplifting,,`,
    `${hex()},${month},West Midlands Police,West Midlands Police,${points[5]},On or near Café Street,E01,B 1,Robbery,,`,
    `WM/21/${rng.int(1e6)},${month},West Midlands Police,West Midlands Police,${points[5]},On or near B,E01,B 1,Robbery,,`,
    `${hex().toUpperCase()},${month},West Midlands Police,West Midlands Police,${points[6]},On or near B,E01,B 1,Robbery,,`,
    '',
    '   ',
  ];
  const types = ['Burglary', 'Violence and sexual offences', 'Vehicle crime', 'Other theft', 'Drugs'];
  const lines = [HEADER];
  for (let i = 0; i < 1500; i++) {
    if (i % 50 === 7) lines.push(odd[((i / 50) % odd.length) | 0]);
    const asb = i % 6 === 0;
    const located = i % 25 !== 0;
    const point = located ? points[rng.int(points.length)] : ',';
    const type = asb ? 'Anti-social behaviour' : types[rng.int(types.length)];
    const line = `${asb ? '' : hex()},${month},West Midlands Police,West Midlands Police,${point},On or near Road ${rng.int(9)},E0100${i % 7},Birmingham ${i % 7},${type},${asb ? '' : 'Under investigation'},`;
    lines.push(line);
    if (asb && i % 4 === 0) lines.push(line); // an identical twin
  }
  for (const l of odd) lines.push(l);
  const nl = crlf ? '\r\n' : '\n';
  return `${lines.join(nl)}${nl}`;
}

async function storeRows(store: SqliteStore) {
  const crimes = await sql<Record<string, unknown>>`
    SELECT c.*, rb.text AS rb, fw.text AS fw, lo.text AS lo, lg.text AS lg, lgn.text AS lgn,
      oc.text AS oc, cx.text AS cx
    FROM crimes c
    JOIN labels rb ON rb.id = c.reported_by JOIN labels fw ON fw.id = c.falls_within
    JOIN labels lo ON lo.id = c.location JOIN labels lg ON lg.id = c.lsoa_given
    JOIN labels lgn ON lgn.id = c.lsoa_name_given JOIN labels oc ON oc.id = c.outcome
    JOIN labels cx ON cx.id = c.context
    ORDER BY c.id`.execute(store.db);
  const cube = await sql<Record<string, unknown>>`SELECT * FROM cube ORDER BY 1, 2, 3, 4, 5`.execute(
    store.db,
  );
  // Label ids depend on the order texts were first met, which both paths share; compare texts anyway.
  const rows = crimes.rows.map((r) => {
    const { reported_by, falls_within, location, lsoa_given, lsoa_name_given, outcome, context, ...rest } = r;
    return rest;
  });
  return { rows, cube: cube.rows };
}

describe('the fast police.uk path stores what the general path stores', () => {
  const stores: Awaited<ReturnType<typeof tempSqliteStore>>[] = [];
  let files: string[] = [];
  before(async () => {
    const spec = readForceSpec(WM_SPEC);
    for (let i = 0; i < 2; i++) {
      const t = await tempSqliteStore();
      await loadForce(t.store, spec, WM_SPEC);
      stores.push(t);
    }
    const rng = new Rng(11);
    files = ['2021-01', '2021-02', '2021-01'].map((month, i) => {
      const f = join(stores[0].dir, `${month}-file${i}-street.csv`);
      writeFileSync(f, trickyFile(rng, month, i === 1));
      return f;
    });
  });
  after(async () => {
    for (const t of stores) await t.dispose();
  });

  test('tricky files: same crimes, keys, labels, places, cube, counts and rejects', async () => {
    const results: FileResult[][] = [];
    for (const [i, t] of stores.entries()) {
      results.push(
        await importCrimeFiles(t.store, files, {
          rejectsDir: join(t.dir, `rejects${i}`),
          fastLines: i === 0,
          sourceName: 'same-name.csv',
        }),
      );
    }
    // Each import names its rejects file by a random token: compare whether there is one.
    const named = (rs: FileResult[]) =>
      rs.map((r) => ({
        ...r,
        rejectsFile: r.rejectsFile !== undefined,
        rejectsToken: r.rejectsToken !== undefined,
      }));
    assert.deepEqual(named(results[0]), named(results[1]));
    const total = results[0].reduce((s, r) => s + r.counts.rejected, 0);
    assert.ok(total >= 3 * 12, `the odd rows were rejected (${total})`);
    const [fast, general] = [await storeRows(stores[0].store), await storeRows(stores[1].store)];
    assert.ok(fast.rows.length > 3000);
    assert.deepEqual(fast.rows, general.rows);
    assert.deepEqual(fast.cube, general.cube);
    // In the order of the files imported (the files' names are random tokens, so not by name).
    const rejects = (i: number) => {
      const dir = join(stores[i].dir, `rejects${i}`);
      assert.equal(readdirSync(dir).length, results[i].filter((r) => r.rejectsFile).length);
      return results[i].map((r) => (r.rejectsFile ? readFileSync(r.rejectsFile, 'utf8') : null));
    };
    assert.deepEqual(rejects(0), rejects(1));
  });

  test('real police.uk months (quoted locations, CRLF): the same store', async () => {
    const months = readdirSync(LEICS_CRIMES)
      .filter((f) => f.endsWith('.csv.gz'))
      .sort()
      .slice(0, 3)
      .map((f) => join(LEICS_CRIMES, f));
    const out = [];
    for (const fastLines of [true, false]) {
      const t = await leicestershireSqliteStore();
      try {
        const r = await importCrimeFiles(t.store, months, { rejectsDir: join(t.dir, 'rejects'), fastLines });
        out.push({ r: r.map((x) => x.counts), rows: await storeRows(t.store) });
      } finally {
        await t.dispose();
      }
    }
    assert.deepEqual(out[0].r, out[1].r);
    assert.ok(out[0].rows.rows.length > 10_000);
    assert.ok(
      out[0].rows.rows.some((r) => String(r.lo).includes(',')),
      'a quoted location with a comma',
    );
    assert.deepEqual(out[0].rows, out[1].rows);
  });
});

/** The packed batches the reader sends for `file` (an import of it alone into Leicestershire). */
async function readBatches(
  t: Awaited<ReturnType<typeof leicestershireSqliteStore>>,
  file: string,
): Promise<PackedBatch[]> {
  const force = await t.store.db
    .selectFrom('forces')
    .select('id')
    .where('slug', '=', 'leicestershire')
    .executeTakeFirstOrThrow();
  const placing = await loadPlacing(t.store.db, force.id);
  const batches: PackedBatch[] = [];
  await new Promise<void>((resolve, reject) => {
    let deliver: (m: ToReader) => void = () => {};
    runReader({
      post: (m) =>
        queueMicrotask(() => {
          if (m.t === 'begin') deliver({ t: 'force', seq: m.seq, forceId: force.id, placing });
          else if (m.t === 'batch') {
            batches.push(m.batch);
            deliver({ t: 'ack' });
          } else if (m.t === 'end') resolve();
          else reject(new Error(m.t === 'fail' ? m.error.message : m.t));
        }),
      onMessage: (h) => {
        deliver = h;
      },
    });
    deliver({ t: 'start', files: [file], names: [file], rejectsDir: t.dir, forced: false, fastLines: true });
  });
  return batches;
}

/** Each batch's crime IDs, in order ('' for a row without one). */
const batchIds = (batches: PackedBatch[]) =>
  batches.flatMap((b) => Array.from({ length: b.n }, (_, i) => b.crimeIds.slice(b.idStart[i], b.idEnd[i])));

/** The first Leicestershire month's lines (header first), without blank ones. */
const realMonth = () =>
  gunzipSync(readFileSync(join(LEICS_CRIMES, readdirSync(LEICS_CRIMES).sort()[0])))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

test("an import's first batch is small (its code is cold), and every row still arrives once", async () => {
  const t = await leicestershireSqliteStore();
  try {
    // A real month without its quoted lines: one run of plain lines per chunk.
    const plain = realMonth().filter((l) => !l.includes('"'));
    const file = join(t.dir, 'plain.csv');
    writeFileSync(file, `${plain.join('\n')}\n`);
    const batches = await readBatches(t, file);
    assert.equal(batches[0].read, 256);
    assert.ok(batches[1].read > 256, 'then the rest of the same lines, in one batch');
    assert.equal(
      batches.reduce((n, b) => n + b.read, 0),
      plain.length - 1,
    );
    assert.deepEqual(
      batchIds(batches),
      plain.slice(1).map((l) => l.slice(0, l.indexOf(','))),
    );
  } finally {
    await t.dispose();
  }
});

test('a gzipped month (unzipped 64 KiB at a time: short runs of lines, single rows between) still goes in batches of thousands', async () => {
  const t = await leicestershireSqliteStore();
  try {
    const file = join(LEICS_CRIMES, readdirSync(LEICS_CRIMES).sort()[0]);
    const lines = realMonth();
    const batches = await readBatches(t, file);
    const rows = lines.length - 1;
    assert.ok(batches.length <= Math.ceil(rows / 4096) + 2, `${batches.length} batches for ${rows} rows`);
    assert.equal(
      batches.reduce((n, b) => n + b.read, 0),
      rows,
    );
    // Each ID once, in file order, and a batch sends about as much text as its IDs, not whole chunks.
    assert.deepEqual(
      batchIds(batches),
      lines.slice(1).map((l) => l.slice(0, l.indexOf(','))),
    );
    for (const b of batches)
      assert.ok(b.crimeIds.length <= b.n * 300, `${b.crimeIds.length} for ${b.n} rows`);
  } finally {
    await t.dispose();
  }
});
