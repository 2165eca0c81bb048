import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readCsv } from './reader.ts';
import { MAX_REJECT_ROW_CHARS, RejectsWriter } from './rejects.ts';
import { toCsvLine } from './write.ts';

const tmp = mkdtempSync(join(tmpdir(), 'beatwise-rejects-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('toCsvLine', () => {
  it('quotes only the fields that need it (RFC 4180)', () => {
    assert.equal(toCsvLine(['a', 'b c', '']), 'a,b c,');
    assert.equal(
      toCsvLine(['Smith, John', 'say "hi"', 'two\nlines', 'cr\r']),
      '"Smith, John","say ""hi""","two\nlines","cr\r"',
    );
    assert.equal(toCsvLine([]), '');
  });
});

describe('RejectsWriter', () => {
  it('creates nothing until the first reject', async () => {
    const dir = join(tmp, 'none.rejects');
    const w = new RejectsWriter(dir, '/data/2023-04-avon-and-somerset-street.csv');
    await w.close();
    assert.equal(w.count, 0);
    assert.equal(existsSync(dir), false);
  });

  it('writes file,line,field,reason,row, quoted, and reads back', async () => {
    const dir = join(tmp, 'store.rejects');
    const input = '/data/in/crimes.csv';
    const w = new RejectsWriter(dir, input);
    w.write(7, 'Month', 'Month "2023-13" is not a month (YYYY-MM)', ['abc', '2023-13', 'On or near "X", Y']);
    w.write(9, '(row)', 'the line is longer than 1 MiB; the row was skipped', []);
    w.add({ line: 12, field: 'Crime type', reason: 'unknown crime type "Fraud"', row: ['x'.repeat(3000)] });
    await w.close();
    assert.equal(w.count, 3);
    assert.equal(w.path, join(dir, 'crimes.csv.csv'));
    const rows: string[][] = [];
    for await (const b of readCsv(w.path)) rows.push(...b.rows);
    assert.deepEqual(rows[0], ['file', 'line', 'field', 'reason', 'row']);
    assert.deepEqual(rows[1], [
      input,
      '7',
      'Month',
      'Month "2023-13" is not a month (YYYY-MM)',
      'abc,2023-13,"On or near ""X"", Y"',
    ]);
    assert.deepEqual(rows[2], [
      input,
      '9',
      '(row)',
      'the line is longer than 1 MiB; the row was skipped',
      '',
    ]);
    assert.equal(rows[3][4].length, MAX_REJECT_ROW_CHARS);
    assert.equal(rows.length, 4);
  });

  it('replaces a stale rejects file at the first reject, and removes it when there are none', async () => {
    const dir = join(tmp, 'stale.rejects');
    const w1 = new RejectsWriter(dir, 'a.csv');
    w1.write(2, 'x', 'old', ['1']);
    w1.write(3, 'x', 'old', ['2']);
    await w1.close();
    const w2 = new RejectsWriter(dir, 'a.csv');
    w2.write(5, 'x', 'new', ['3']);
    await w2.close();
    const text = readFileSync(w2.path, 'utf8');
    assert.equal(text, 'file,line,field,reason,row\na.csv,5,x,new,3\n');
    const w3 = new RejectsWriter(dir, 'a.csv');
    await w3.close();
    assert.equal(existsSync(w3.path), false);
  });

  it('buffers many rejects', async () => {
    const dir = join(tmp, 'many.rejects');
    const w = new RejectsWriter(dir, 'big.csv');
    for (let i = 0; i < 20000; i++) w.write(i + 2, '(row)', 'expected 12 fields, found 3', ['a', 'b', 'c']);
    await w.close();
    const lines = readFileSync(w.path, 'utf8').split('\n');
    assert.equal(lines.length, 20002); // header + rows + final ''
    assert.equal(lines[20000], 'big.csv,20001,(row),"expected 12 fields, found 3","a,b,c"');
    assert.throws(() => w.write(1, 'x', 'y', []));
  });
});
