// Reading the R-peer fixtures of test/fixtures/hotspots/ (written by bench/peers/make-fixtures.sh).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'hotspots');

/** A small CSV (no quoted fields) as header → column of strings. */
export function readCsvColumns(name: string): Record<string, string[]> {
  const lines = readFileSync(join(FIXTURES, name), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const out: Record<string, string[]> = Object.fromEntries(header.map((h) => [h, []]));
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    header.forEach((h, i) => {
      out[h].push(f[i] ?? '');
    });
  }
  return out;
}

/** A column as numbers; empty fields (R's NA) become NaN. */
export function nums(col: string[]): Float64Array {
  return Float64Array.from(col, (v) => (v === '' || v === 'NA' ? Number.NaN : Number(v)));
}
