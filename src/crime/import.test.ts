// The importer on edge cases: hostile files, bad rows and their rejects file, overlapping files,
// rows without IDs, a force made from "Falls within", force extracts, and a process killed mid-file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { LEICS_CRIMES, REPO, tempStore } from '../../test/support/stores.ts';
import { isBeatwiseError } from '../core/errors.ts';
import { openStore } from '../core/store/open.ts';
import type { Store } from '../core/store/store.ts';
import { parseMonth } from '../core/time/month.ts';
import { importCrimeFile, importCrimeFiles } from './import.ts';

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const FIXTURES = join(REPO, 'test', 'fixtures', 'csv');
const realMonth = gunzipSync(readFileSync(join(LEICS_CRIMES, '2020-01-leicestershire-street.csv.gz')))
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');

function row(id: string, month: string, type: string, lon = '-1.133', lat = '52.634'): string {
  return `${id},${month},Leicestershire Police,Leicestershire Police,${lon},${lat},On or near High Street,E01013000,Leicester 001A,${type},Under investigation,`;
}

async function count(store: Store): Promise<number> {
  const r = await store.db
    .selectFrom('crimes')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; file?: string }> {
  try {
    await p;
  } catch (e) {
    assert.ok(isBeatwiseError(e), `expected a BeatwiseError, got ${String(e)}`);
    return { code: e.code, message: e.message, file: e.where.file };
  }
  assert.fail('expected the import to fail');
}

describe('hostile files each get one clear message', () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    t = await tempStore();
  });
  after(async () => t.dispose());
  const opts = () => ({ rejectsDir: join(t.dir, 'rejects'), force: 'leicestershire', createForce: true });

  for (const [name, code] of [
    ['empty.csv', 'csv.empty'],
    ['blank.csv', 'csv.empty'],
    ['header-only.csv', 'csv.header_only'],
    ['semicolon.csv', 'csv.delimiter'],
    ['png.csv', 'csv.not_csv'],
    ['zip.csv', 'csv.not_csv'],
    ['binary-nul.csv', 'csv.not_csv'],
    ['html.csv', 'csv.not_csv'],
    ['utf16.csv', 'csv.encoding'],
    ['not-gzip.csv.gz', 'csv.gzip'],
  ] as const) {
    test(name, async () => {
      const file = join(FIXTURES, name);
      const f = await failure(importCrimeFile(t.store, file, opts()));
      assert.equal(f.code, code, f.message);
      assert.equal(f.file, file);
      assert.ok(f.message.length > 10 && !/undefined|\[object/.test(f.message), f.message);
      assert.equal(await count(t.store), 0);
    });
  }

  test('a file in neither format names both and shows what it found', async () => {
    const file = join(t.dir, 'other.csv');
    writeFileSync(file, 'a,b,c\n1,2,3\n');
    const f = await failure(importCrimeFile(t.store, file, opts()));
    assert.equal(f.code, 'import.unknown_format');
    assert.match(f.message, /police\.uk.*force extract.*found "a,b,c"/);
  });

  test('invalid UTF-8 stops the file with its line, and nothing of it lands', async () => {
    const file = join(t.dir, 'bad-utf8.csv');
    const good = row('a'.repeat(64), '2020-01', 'Burglary');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`${HEADER}\n${good}\n`),
        Buffer.from([0x4f, 0xff, 0xfe, 0x2c]),
        Buffer.from('\n'),
      ]),
    );
    const f = await failure(importCrimeFile(t.store, file, opts()));
    assert.equal(f.code, 'csv.encoding');
    assert.match(f.message, /line 3|UTF-8/);
    assert.equal(await count(t.store), 0);
  });

  test('BOM, CRLF, quoted commas and newlines load with the right line numbers', async () => {
    const file = join(t.dir, 'quoted.csv');
    const lines = [
      `\ufeff${HEADER}`,
      row('b'.repeat(64), '2020-01', 'Burglary'),
      `${'c'.repeat(64)},2020-01,Leicestershire Police,Leicestershire Police,-1.133,52.634,"On or near Main Street, Leicester",E01013000,Leicester 001A,Robbery,"Under investigation
second line of outcome",`,
      row('d'.repeat(64), '2020-13', 'Robbery'),
    ];
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const r = await importCrimeFile(t.store, file, opts());
    assert.deepEqual(r.counts, {
      rows: 3,
      loaded: 2,
      duplicates: 0,
      rejected: 1,
      unlocated: 0,
      outside: 0,
      badQuoteLines: 0,
      conflicts: 0,
    });
    const rejects = readFileSync(r.rejectsFile ?? '', 'utf8');
    assert.match(rejects, /line,field,reason/);
    assert.match(rejects, /,5,Month,/, 'the bad month is on physical line 5 (the quoted newline counts)');
    const loc = await sql<{
      location: string;
    }>`SELECT location FROM crime_view WHERE crime_id = ${'c'.repeat(64)}`.execute(t.store.db);
    assert.equal(loc.rows[0].location, 'On or near Main Street, Leicester');
  });

  test('a 10 MB line is rejected and the rows after it still load', async () => {
    const file = join(t.dir, 'long-line.csv');
    const long = `${'e'.repeat(64)},2020-02,Leicestershire Police,Leicestershire Police,-1.1,52.6,"${'x'.repeat(10_000_000)}",E01013000,Leicester 001A,Burglary,,`;
    writeFileSync(
      file,
      [
        HEADER,
        row('f'.repeat(64), '2020-02', 'Drugs'),
        long,
        row('0'.repeat(64), '2020-02', 'Drugs'),
        '',
      ].join('\n'),
    );
    const r = await importCrimeFile(t.store, file, opts());
    assert.deepEqual(r.counts, {
      rows: 3,
      loaded: 2,
      duplicates: 0,
      rejected: 1,
      unlocated: 0,
      outside: 0,
      badQuoteLines: 0,
      conflicts: 0,
    });
    const rejects = readFileSync(r.rejectsFile ?? '', 'utf8');
    assert.match(rejects, /,3,\(row\),/);
    assert.ok(rejects.length < 5000, 'the rejects file does not copy the 10 MB line');
  });
});

describe('rows, rejects and keys', () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    t = await tempStore();
  });
  after(async () => t.dispose());

  test('bad rows go to the rejects file with file, line, field and reason; good rows load', async () => {
    const file = join(t.dir, 'mixed.csv');
    const lines = [
      HEADER,
      row('1'.repeat(64), '2020-03', 'Burglary'),
      row('2'.repeat(64), '2020-3', 'Burglary'),
      row('3'.repeat(64), '2020-03', 'Fraud'),
      row('4'.repeat(64), '2020-03', 'Burglary', 'west', '52.6'),
      row('5'.repeat(64), '2020-03', 'Burglary', '-40.0', '52.6'),
      '6666,2020-03,too,few,fields',
      row('7'.repeat(64), '2020-03', 'Burglary', '', ''),
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await importCrimeFile(t.store, file, { rejectsDir: join(t.dir, 'rejects'), createForce: true });
    assert.equal(r.force, 'leicestershire', 'the force comes from "Falls within"');
    assert.deepEqual(r.counts, {
      rows: 7,
      loaded: 2,
      duplicates: 0,
      rejected: 5,
      unlocated: 1,
      outside: 0,
      badQuoteLines: 0,
      conflicts: 0,
    });
    const rejects = readFileSync(r.rejectsFile ?? '', 'utf8')
      .trim()
      .split('\n');
    assert.equal(rejects.length, 6);
    const byLine = new Map(rejects.slice(1).map((l) => [l.split(',')[1], l]));
    assert.match(byLine.get('3') as string, /^.*mixed\.csv,3,Month,/);
    assert.match(byLine.get('4') as string, /,4,Crime type,.*Fraud/);
    assert.match(byLine.get('5') as string, /,5,Longitude,/);
    assert.match(byLine.get('6') as string, /,6,(Longitude|Latitude|\(row\)),.*(UK|range)/i);
    assert.match(byLine.get('7') as string, /,7,\(row\),.*12 fields/);
    const forces = await t.store.db.selectFrom('forces').select(['slug', 'name']).execute();
    assert.deepEqual(forces, [{ slug: 'leicestershire', name: 'Leicestershire Police' }]);
  });

  test('a force the store does not know is created only when asked; a failed file leaves none behind', async () => {
    const file = join(t.dir, 'elsewhere.csv');
    const other = (id: string) =>
      `${id},2020-03,Testshire Constabulary,Testshire Constabulary,-1.133,52.634,On or near X,,,Burglary,,`;
    writeFileSync(file, `${[HEADER, other('8'.repeat(64))].join('\n')}\n`);
    const slugs = async () =>
      (await t.store.db.selectFrom('forces').select('slug').execute()).map((f) => f.slug);
    const before = await slugs();
    const refused = await failure(importCrimeFile(t.store, file, { rejectsDir: join(t.dir, 'rejects') }));
    assert.equal(refused.code, 'force.unknown');
    assert.match(refused.message, /no force "testshire".*force create --slug testshire.*--create-force/);
    const named = await failure(
      importCrimeFile(t.store, file, { rejectsDir: join(t.dir, 'rejects'), force: 'x'.repeat(100_000) }),
    );
    assert.equal(named.code, 'force.bad_slug');
    assert.ok(named.message.length < 300, 'the message does not repeat the whole slug');
    const badCase = await failure(
      importCrimeFile(t.store, file, { rejectsDir: join(t.dir, 'rejects'), force: 'Test Shire' }),
    );
    assert.equal(badCase.code, 'force.bad_slug');
    // A file that fails after its force was created (bad bytes after the first rows) takes it along.
    const broken = join(t.dir, 'broken.csv');
    const rows = Array.from({ length: 20_000 }, (_, i) => other(String(i).padStart(64, 'c')));
    writeFileSync(
      broken,
      Buffer.concat([Buffer.from(`${[HEADER, ...rows].join('\n')}\n`), Buffer.from([0xff, 0xfe, 0x0a])]),
    );
    const failed = await failure(
      importCrimeFile(t.store, broken, { rejectsDir: join(t.dir, 'rejects'), createForce: true }),
    );
    assert.match(failed.code, /utf|encoding|csv/i, failed.message);
    assert.deepEqual(await slugs(), before, 'nothing was created');
    const made = await importCrimeFile(t.store, file, {
      rejectsDir: join(t.dir, 'rejects'),
      createForce: true,
    });
    assert.equal(made.force, 'testshire');
    assert.deepEqual((await slugs()).sort(), [...before, 'testshire'].sort());
  });

  test('identical ASB rows without an ID are kept apart, and re-import finds each again', async () => {
    const file = join(t.dir, 'asb.csv');
    const asb = row('', '2020-04', 'Anti-social behaviour');
    writeFileSync(file, `${[HEADER, asb, asb, asb, row('', '2020-04', 'Public order')].join('\n')}\n`);
    const before = await count(t.store);
    const r1 = await importCrimeFile(t.store, file, {
      rejectsDir: join(t.dir, 'rejects'),
      createForce: true,
    });
    assert.equal(r1.counts.loaded, 4);
    const r2 = await importCrimeFile(t.store, file, {
      rejectsDir: join(t.dir, 'rejects'),
      createForce: true,
    });
    assert.deepEqual(r2.counts, {
      rows: 4,
      loaded: 0,
      duplicates: 4,
      rejected: 0,
      unlocated: 0,
      outside: 0,
      badQuoteLines: 0,
      conflicts: 0,
    });
    assert.equal(await count(t.store), before + 4);
    // A later file with a fourth identical row in the same month brings exactly one more.
    writeFileSync(file, `${[HEADER, asb, asb, asb, asb].join('\n')}\n`);
    const r3 = await importCrimeFile(t.store, file, {
      rejectsDir: join(t.dir, 'rejects'),
      createForce: true,
    });
    assert.equal(r3.counts.loaded, 1);
    assert.equal(r3.counts.duplicates, 3);
  });

  test('an overlapping file adds only its new rows', async () => {
    const a = join(t.dir, 'part-a.csv');
    const b = join(t.dir, 'part-b.csv');
    const data = realMonth.slice(1, 2001);
    writeFileSync(a, `${[HEADER, ...data.slice(0, 1200)].join('\n')}\n`);
    writeFileSync(b, `${[HEADER, ...data.slice(800)].join('\n')}\n`);
    const ra = await importCrimeFile(t.store, a, { rejectsDir: join(t.dir, 'rejects'), createForce: true });
    const rb = await importCrimeFile(t.store, b, { rejectsDir: join(t.dir, 'rejects'), createForce: true });
    assert.equal(ra.counts.loaded, 1200);
    assert.equal(rb.counts.rows, 1200);
    assert.equal(rb.counts.loaded + rb.counts.duplicates, 1200);
    assert.equal(rb.counts.loaded, 800, 'rows 1201–2000 are new; 801–1200 were in part a');
  });

  test('crimes at one point with the same location and LSOA share one place, across files and imports', async () => {
    const places = async () =>
      Number(
        (
          await t.store.db
            .selectFrom('places')
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await places();
    const file = (name: string, month: string, ids: string[]) => {
      const path = join(t.dir, name);
      const rows = ids.flatMap((id) => [
        row(id + '1'.repeat(63), month, 'Burglary', '-1.201', '52.701'),
        // The same point given another location text: another place.
        row(id + '2'.repeat(63), month, 'Burglary', '-1.201', '52.701').replace('High Street', 'Low Street'),
        // Unlocated: its place is the labels alone.
        row(id + '3'.repeat(63), month, 'Robbery', '', '').replace('High Street', 'Nowhere Lane'),
      ]);
      writeFileSync(path, `${[HEADER, ...rows].join('\n')}\n`);
      return path;
    };
    const opts = { rejectsDir: join(t.dir, 'rejects'), force: 'leicestershire', createForce: true };
    // Two files in one import (the reader numbers places once), then a file in an import of its own.
    const r = await importCrimeFiles(
      t.store,
      [file('p1.csv', '2020-06', ['a', 'b']), file('p2.csv', '2020-07', ['c'])],
      opts,
    );
    assert.deepEqual(
      r.map((f) => f.counts.loaded),
      [6, 3],
    );
    await importCrimeFile(t.store, file('p3.csv', '2020-08', ['d']), opts);
    assert.equal(await places(), before + 3);
    const at = await t.store.db
      .selectFrom('crimes')
      .select(['location', 'lon', 'lat', 'placement', 'place_id'])
      .where(
        'month',
        'in',
        ['2020-06', '2020-07', '2020-08'].map((m) => parseMonth(m) as number),
      )
      .execute();
    assert.equal(at.length, 12);
    const byPlace = new Map(at.map((c) => [c.place_id, c]));
    assert.equal(byPlace.size, 3);
    const located = [...byPlace.values()].filter((c) => c.placement === 0);
    assert.equal(located.length, 2);
    assert.ok(located.every((c) => c.lon === -1.201 && c.lat === 52.701));
  });
});

describe('force extracts', () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    t = await tempStore();
  });
  after(async () => t.dispose());

  test('an extract loads with its times, victim fields and either coordinate pair', async () => {
    const file = join(t.dir, 'extract.csv');
    writeFileSync(
      file,
      [
        'crime_reference,recorded_at,occurred_from,category,lat,lon,easting,northing,victim_age,domestic,attended_at,victim_declined_attendance,falls_within',
        'WM/1,2022-07-01 09:00,2022-06-30 23:30,Violence and sexual offences,52.4797,-1.9026,,,19,N,,,West Midlands Police',
        'WM/2,2022-12-01 10:00,2022-12-01 02:15,Burglary,,,407000,286000,,,2022-12-01 11:30,N,West Midlands Police',
        'WM/3,2022-12-02 10:00,2022-12-02 02:15,Burglary,,,,,,,,Y,West Midlands Police',
      ].join('\n'),
    );
    const r = await importCrimeFile(t.store, file, { rejectsDir: join(t.dir, 'rejects'), createForce: true });
    assert.equal(r.format, 'extract');
    assert.equal(r.force, 'west-midlands');
    assert.deepEqual(r.counts, {
      rows: 3,
      loaded: 3,
      duplicates: 0,
      rejected: 0,
      unlocated: 1,
      outside: 0,
      badQuoteLines: 0,
      conflicts: 0,
    });
    const rows = await t.store.db
      .selectFrom('crimes')
      .select([
        'crime_id',
        'lon',
        'lat',
        'easting',
        'northing',
        'occurred_from',
        'victim_age',
        'attended_at',
        'declined_attendance',
      ])
      .orderBy('crime_id')
      .execute();
    // 2022-06-30 23:30 BST is 22:30 UTC.
    assert.equal(rows[0].occurred_from, Date.UTC(2022, 5, 30, 22, 30));
    assert.equal(rows[0].victim_age, 19);
    assert.ok(Math.abs((rows[0].easting as number) - 406_900) < 300, `easting ${rows[0].easting}`);
    // 2022-12-01 11:30 GMT is 11:30 UTC; BNG given → lon/lat filled in.
    assert.equal(rows[1].attended_at, Date.UTC(2022, 11, 1, 11, 30));
    assert.ok(
      Math.abs((rows[1].lon as number) + 1.897) < 0.01 && Math.abs((rows[1].lat as number) - 52.48) < 0.01,
    );
    assert.equal(rows[2].declined_attendance, 1);
    assert.equal(rows[2].easting, null);
  });
});

describe('a process killed mid-file leaves the store as before that file', () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    t = await tempStore();
  });
  after(async () => t.dispose());

  test('SIGKILL mid-file, then rerun: exact counts', async () => {
    // One big file: many real months rebadged, so the import takes long enough to be killed inside it.
    const big = join(t.dir, 'big.csv');
    const data = realMonth.slice(1);
    const out = [HEADER];
    for (let m = 1; m <= 12; m++) {
      const month = `2015-${String(m).padStart(2, '0')}`;
      for (const l of data) out.push(l.replace(',2020-01,', `,${month},`));
    }
    writeFileSync(big, `${out.join('\n')}\n`);
    const expected = out.length - 1;
    const first = join(t.dir, 'first.csv');
    writeFileSync(first, `${[HEADER, ...data.slice(0, 100)].join('\n')}\n`);
    await importCrimeFiles(t.store, [first], { rejectsDir: join(t.dir, 'rejects'), createForce: true });
    const before = await count(t.store);
    await t.store.close();

    const db = t.location;
    const child = spawn(
      process.execPath,
      [join(REPO, 'bin', 'beatwise.js'), '--db', db, 'import', 'crimes', big],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, BEATWISE_PROGRESS_MS: '0', BEATWISE_REJECTS: join(t.dir, 'rejects') },
      },
    );
    let seen = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        seen += d.toString();
        // Kill once the child reports rows read inside the file (its transaction is open).
        if (/importing: .*[1-9]\d{4,} rows/.test(seen)) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) =>
        signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended: ${seen}`)),
      );
    });
    const reopened = await openStore({ db });
    assert.equal(await count(reopened), before, 'nothing of the killed file landed');
    const r = await importCrimeFiles(reopened, [big], {
      rejectsDir: join(t.dir, 'rejects'),
      createForce: true,
    });
    assert.equal(r[0].counts.rows, expected);
    assert.equal(await count(reopened), before + r[0].counts.loaded);
    assert.equal(r[0].counts.loaded + r[0].counts.duplicates + r[0].counts.rejected, expected);
    await reopened.close();
    if (reopened.dialect === 'sqlite') assert.ok(existsSync(db));
  });
});
