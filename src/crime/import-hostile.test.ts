// Issue 21: hostile and malformed input that gave wrong figures without saying so, lost data, or
// let one file grow the store without bound. Each test reproduces one defect.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { tempStore } from '../../test/support/stores.ts';
import type { Store } from '../core/store/store.ts';
import { importCrimeFile } from './import.ts';

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

function row(id: string, month: string, type = 'Burglary', outcome = 'Under investigation'): string {
  return `${id},${month},Leicestershire Police,Leicestershire Police,-1.133,52.634,On or near High Street,E01013000,Leicester 001A,${type},${outcome},`;
}

const hex = (n: number) => n.toString(16).padStart(64, 'a');

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
    const r = await importCrimeFile(t.store, file, { rejectsDir, now });
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
    const r = await importCrimeFile(t.store, file, { rejectsDir, now });
    assert.equal(r.counts.loaded, 1);
    assert.equal(r.counts.rejected, 1);
    assert.match(
      readFileSync(r.rejectsFile ?? '', 'utf8'),
      /,3,Month,"Month 2020-04 is after the file.s own month/,
    );
    const other = join(t.dir, 'other.csv');
    writeFileSync(other, `${[HEADER, row(hex(7), '2021-01'), row(hex(8), '2021-02')].join('\n')}\n`);
    const r2 = await importCrimeFile(t.store, other, { rejectsDir, now, latestMonth: '2021-01' });
    assert.equal(r2.counts.loaded, 1);
    assert.equal(r2.counts.rejected, 1);
  });
});
