// Issue 21: hostile and malformed input that gave wrong figures without saying so, lost data, or
// let one file grow the store without bound. Each test reproduces one defect.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { tempStore } from '../../test/support/stores.ts';
import { isBeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import { importCrimeFile } from './import.ts';

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

function row(id: string, month: string, type = 'Burglary', outcome = 'Under investigation'): string {
  return `${id},${month},Leicestershire Police,Leicestershire Police,-1.133,52.634,On or near High Street,E01013000,Leicester 001A,${type},${outcome},`;
}

const hex = (n: number) => n.toString(16).padStart(8, '0').padEnd(64, 'a');

async function months(store: Store): Promise<number[]> {
  const r = await sql<{ month: number }>`SELECT DISTINCT month FROM crimes ORDER BY month`.execute(store.db);
  return r.rows.map((x) => x.month);
}

describe('months after the file or today are rejected', () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    t = await tempStore();
  });
  after(async () => t.dispose());
  const now = () => new Date('2026-12-03T12:00:00Z');

  test('2027-01 and 2199-12 are rejected with line and reason (clock passed in)', async () => {
    const file = join(t.dir, 'extract-like.csv');
    writeFileSync(
      file,
      `${[HEADER, row(hex(1), '2026-11'), row(hex(2), '2027-01'), row(hex(3), '2199-12'), row(hex(4), '2026-12')].join('\n')}\n`,
    );
    const rejectsDir = join(t.dir, 'rejects');
    const r = await importCrimeFile(t.store, file, { createForce: true, rejectsDir, now });
    assert.equal(r.counts.loaded, 2);
    assert.equal(r.counts.rejected, 2);
    const rejects = readFileSync(r.rejectsFile ?? '', 'utf8');
    assert.match(rejects, /,3,Month,"Month 2027-01 is after today.s month, 2026-12"/);
    assert.match(rejects, /,4,Month,"Month 2199-12 is after/);
    assert.deepEqual(await months(t.store), [(2026 - 1970) * 12 + 10, (2026 - 1970) * 12 + 11]);
  });

  test("a police.uk file's own month limits it; --latest-month sets the import's", async () => {
    const file = join(t.dir, '2020-03-leicestershire-street.csv');
    writeFileSync(file, `${[HEADER, row(hex(5), '2020-03'), row(hex(6), '2020-04')].join('\n')}\n`);
    const rejectsDir = join(t.dir, 'rejects');
    const r = await importCrimeFile(t.store, file, { createForce: true, rejectsDir, now });
    assert.equal(r.counts.loaded, 1);
    assert.equal(r.counts.rejected, 1);
    assert.match(
      readFileSync(r.rejectsFile ?? '', 'utf8'),
      /,3,Month,"Month 2020-04 is after the file.s own month/,
    );
    const other = join(t.dir, 'other.csv');
    writeFileSync(other, `${[HEADER, row(hex(7), '2021-01'), row(hex(8), '2021-02')].join('\n')}\n`);
    const r2 = await importCrimeFile(t.store, other, {
      createForce: true,
      rejectsDir,
      now,
      latestMonth: '2021-01',
    });
    assert.equal(r2.counts.loaded, 1);
    assert.equal(r2.counts.rejected, 1);
  });
});

describe('a bad quote spoils its own lines only, and the count says how many', () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    t = await tempStore();
  });
  after(async () => t.dispose());

  for (const [name, bad] of [
    [
      'unclosed',
      (id: string) => row(id, '2020-05').replace('On or near High Street', '"On or near High Street'),
    ],
    [
      'text after',
      (id: string) => row(id, '2020-05').replace('On or near High Street', '"On or near" High Street'),
    ],
  ] as const) {
    test(`${name}: 99 of 100 rows load, rows counts every line`, async () => {
      const file = join(t.dir, `${name}.csv`);
      const lines = Array.from({ length: 100 }, (_, i) => row(hex(1000 + i), '2020-05'));
      lines[10] = bad(hex(5000));
      writeFileSync(file, `${[HEADER, ...lines].join('\n')}\n`);
      for (const fastLines of [true, false]) {
        const r = await importCrimeFile(t.store, file, {
          createForce: true,
          rejectsDir: join(t.dir, 'rejects'),
          fastLines,
        });
        assert.equal(r.counts.rows, 100);
        assert.equal(r.counts.rejected, 1);
        assert.equal(r.counts.badQuoteLines, 1);
        assert.equal(r.counts.loaded + r.counts.duplicates, 99);
        assert.match(readFileSync(r.rejectsFile ?? '', 'utf8'), /,12,\(row\),.*not closed properly/);
      }
    });
  }

  test('a quoted field over 20,000 lines (2 MB) is one reject counting its lines', async () => {
    const file = join(t.dir, 'long-field.csv');
    const field = Array.from({ length: 20_000 }, (_, i) => `text line ${i} ${'w'.repeat(90)}`).join('\n');
    const long = row(hex(9000), '2020-05').replace('On or near High Street', `"${field}"`);
    writeFileSync(
      file,
      `${[HEADER, row(hex(9001), '2020-05'), long, row(hex(9002), '2020-05')].join('\n')}\n`,
    );
    const r = await importCrimeFile(t.store, file, { createForce: true, rejectsDir: join(t.dir, 'rejects') });
    assert.equal(r.counts.loaded, 2, JSON.stringify(r.counts));
    assert.equal(r.counts.rejected, 20_000);
    assert.equal(r.counts.badQuoteLines, 20_000);
    assert.equal(r.counts.rows, 20_002);
    const rejects = readFileSync(r.rejectsFile ?? '', 'utf8')
      .trim()
      .split('\n');
    assert.equal(rejects.length, 2, 'one reject for the run, not one per line');
    assert.match(rejects[1], /,3,\(row\),.*lines 3–20,002 \(20,000 lines\)/);
  });
});

describe('one row without an ID repeated implausibly often', () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    t = await tempStore();
  });
  after(async () => t.dispose());

  test('warns past a tenth of the limit, and past the limit the file fails and leaves nothing', async () => {
    const asb = row('', '2020-06', 'Anti-social behaviour');
    const file = join(t.dir, 'repeats.csv');
    writeFileSync(file, `${[HEADER, ...Array.from({ length: 150 }, () => asb)].join('\n')}\n`);
    const rejectsDir = join(t.dir, 'rejects');
    for (const fastLines of [true, false]) {
      await assert.rejects(
        importCrimeFile(t.store, file, { createForce: true, rejectsDir, maxRepeats: 100, fastLines }),
        (e: unknown) => {
          assert.ok(isBeatwiseError(e));
          assert.equal(e.code, 'import.repeats');
          assert.equal(e.where.file, file);
          assert.equal(e.where.line, 102, 'the 101st copy is on line 102');
          assert.match(e.message, /more than 100 times/);
          return true;
        },
      );
      const n = await sql<{ n: number }>`SELECT count(*) AS n FROM crimes`.execute(t.store.db);
      assert.equal(n.rows[0].n, 0);
      const imports = await sql<{ n: number }>`SELECT count(*) AS n FROM imports`.execute(t.store.db);
      assert.equal(imports.rows[0].n, 0);
    }
    const r = await importCrimeFile(t.store, file, { createForce: true, rejectsDir, maxRepeats: 1000 });
    assert.equal(r.counts.loaded, 150);
    assert.equal(r.warnings?.length, 1);
    assert.match(r.warnings?.[0] ?? '', /comes 150 times/);
  });
});

describe('the same Crime ID with other content is a conflict, not a duplicate', () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    t = await tempStore();
  });
  after(async () => t.dispose());

  const outcomeOf = async (id: string) =>
    (
      await sql<{ outcome: string }>`SELECT outcome FROM crime_view WHERE crime_id = ${id}`.execute(
        t.store.db,
      )
    ).rows;

  test('twice in one file: counted apart, listed in the rejects file, and the later outcome kept', async () => {
    const rejectsDir = join(t.dir, 'rejects');
    const file = join(t.dir, 'twice.csv');
    const id = hex(7001);
    const lines = [
      HEADER,
      row(id, '2020-07'),
      row(hex(7002), '2020-07'),
      row(id, '2020-07', 'Burglary', 'Court result unavailable'),
    ];
    writeFileSync(file, `${[...lines, row(hex(7002), '2020-07')].join('\n')}\n`);
    for (const fastLines of [true, false]) {
      const r = await importCrimeFile(t.store, file, { createForce: true, rejectsDir, fastLines });
      assert.equal(r.counts.rows, 4);
      assert.equal(r.counts.conflicts, fastLines ? 1 : 2, JSON.stringify(r.counts)); // again: both rows differ from the stored
      assert.equal(
        r.counts.loaded + r.counts.duplicates + r.counts.conflicts + r.counts.rejected,
        r.counts.rows,
      );
      assert.deepEqual(await outcomeOf(id), [{ outcome: 'Court result unavailable' }]);
      if (fastLines) {
        const rejects = readFileSync(r.rejectsFile ?? '', 'utf8');
        assert.match(
          rejects,
          new RegExp(`,4,Crime ID,"Crime ID ${id} is already stored with a different outcome`),
        );
      }
    }
    // A later import with yet another outcome: a conflict again, and its outcome is kept.
    const later = join(t.dir, 'later.csv');
    writeFileSync(
      later,
      `${[HEADER, row(id, '2020-07', 'Burglary', 'Unable to prosecute suspect')].join('\n')}\n`,
    );
    const r = await importCrimeFile(t.store, later, { createForce: true, rejectsDir });
    assert.equal(r.counts.conflicts, 1);
    assert.equal(r.counts.loaded, 0);
    assert.deepEqual(await outcomeOf(id), [{ outcome: 'Unable to prosecute suspect' }]);
    const stored = await sql<{
      conflicts: number;
    }>`SELECT conflicts FROM imports ORDER BY id DESC LIMIT 1`.execute(t.store.db);
    assert.equal(stored.rows[0].conflicts, 1);
  });
});
