// A small SYNTHETIC force extract for the evaluation's store, route and command tests: 4 hotspots in
// Leicester, 14 days from 6 June 2022, count(h, d) crimes in hotspot h on day d, one a day in HS1's ring.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCrimeFiles } from '../../crime/index.ts';

const E0 = 458610;
const N0 = 304620;
const H = 4;
const DAYS = 14;
const count = (h: number, d: number) => (h + 2 * d) % 3;

export const SHAPE = { H, DAYS, count };

export const TEST_DESIGN = {
  force: 'leicestershire',
  hotspots: Array.from({ length: H }, (_, h) => ({ id: `HS${h + 1}`, easting: E0 + 1000 * h, northing: N0 })),
  startDate: '2022-06-06',
  days: DAYS,
  allocation: { seed: 7, patrolShare: 0.5 },
  permutations: 99,
};

/** Writes and imports the SYNTHETIC extract: count(h, d) crimes in hotspot h on day d, one a day in HS1's ring. */
export async function importTestExtract(
  store: Parameters<typeof importCrimeFiles>[0],
  dir: string,
): Promise<void> {
  const rows = ['crime_reference,recorded_at,occurred_from,occurred_to,category,easting,northing'];
  let k = 0;
  for (let d = 0; d < DAYS; d++) {
    const date = `2022-06-${String(6 + d).padStart(2, '0')}`;
    for (let h = 0; h < H; h++)
      for (let c = 0; c < count(h, d); c++)
        rows.push(`SYN-${k++},${date} 14:00,${date} 14:0${c},,Burglary,${E0 + 1000 * h + 10 * c},${N0 + 20}`);
    rows.push(`SYN-${k++},${date} 15:00,${date} 15:00,,Robbery,${E0 + 200},${N0}`);
  }
  // 23:30 on 6 June (BST) is 22:30 UTC: still 6 June. 00:30 on 20 June is past the end.
  rows.push(`SYN-${k++},2022-06-06 23:30,2022-06-06 23:30,,Burglary,${E0},${N0}`);
  rows.push(`SYN-${k++},2022-06-20 00:30,2022-06-20 00:30,,Burglary,${E0},${N0}`);
  // Far from every hotspot.
  rows.push(`SYN-${k++},2022-06-07 10:00,2022-06-07 10:00,,Burglary,${E0 - 3000},${N0}`);
  const file = join(dir, 'leicester-SYNTHETIC-extract.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  const [r] = await importCrimeFiles(store, [file], {
    force: 'leicestershire',
    rejectsDir: join(dir, 'rejects'),
  });
  assert.equal(r.error, undefined, r.error?.message);
}
