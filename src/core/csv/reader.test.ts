import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { BeatwiseError } from '../errors.ts';
import { Rng } from '../rng.ts';
import type { CsvBatch } from './reader.ts';
import { CsvTextParser, firstInvalidUtf8, RawLineCursor, readCsv, splitLine } from './reader.ts';

const FIX = fileURLToPath(new URL('../../../test/fixtures/csv/', import.meta.url));
const fx = (name: string): string => join(FIX, name);
const tmp = mkdtempSync(join(tmpdir(), 'beatwise-csv-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Flat {
  rows: string[][];
  lines: number[];
  tooLong: number[];
  problems: Map<number, string>;
  /** Rows standing for a bad quote's run of lines: how many lines. */
  spans: Map<number, number>;
  batches: number;
  /** Records that came as raw lines (rawLines mode). */
  rawRows: number;
}

function flatten(batches: Iterable<CsvBatch>): Flat {
  const out: Flat = {
    rows: [],
    lines: [],
    tooLong: [],
    problems: new Map(),
    spans: new Map(),
    batches: 0,
    rawRows: 0,
  };
  for (const b of batches) {
    if (b.raw) {
      assert.equal(b.rows.length, 0);
      const c = new RawLineCursor(b.raw);
      while (c.next()) {
        out.rows.push(c.fields());
        out.lines.push(c.line);
        out.rawRows++;
      }
      out.batches++;
      continue;
    }
    assert.equal(b.rows.length, b.lines.length);
    assert.ok(b.rows.length > 0, 'no empty batches');
    const base = out.rows.length;
    b.tooLong?.forEach((i) => {
      assert.deepEqual(b.rows[i], []);
      out.tooLong.push(base + i);
    });
    b.problems?.forEach((p, i) => {
      out.problems.set(base + i, p);
    });
    b.spans?.forEach((n, i) => {
      out.spans.set(base + i, n);
    });
    out.rows.push(...b.rows);
    out.lines.push(...b.lines);
    out.batches++;
  }
  return out;
}

async function read(path: string, maxLineBytes?: number, rawLines = false): Promise<Flat> {
  const batches: CsvBatch[] = [];
  for await (const b of readCsv(path, { maxLineBytes, rawLines })) batches.push(b);
  return flatten(batches);
}

/** Asserts that reading fails with one BeatwiseError of `code` naming the file. */
async function fails(path: string, code: string, message?: RegExp, line?: number): Promise<BeatwiseError> {
  let caught: unknown;
  try {
    await read(path);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof BeatwiseError, `expected a BeatwiseError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.where.file, path);
  assert.ok(String(caught).includes(path), 'toString names the file');
  if (message) assert.match(caught.message, message);
  if (line !== undefined) assert.equal(caught.where.line, line);
  return caught;
}

function parseText(pieces: string[], maxLine?: number, rawLines = false): Flat {
  const p = new CsvTextParser('mem.csv', maxLine, rawLines);
  const batches: CsvBatch[] = [];
  for (const piece of pieces) batches.push(...p.push(piece));
  batches.push(...p.end());
  return flatten(batches);
}

const QUOTED_ROWS = [
  ['id', 'note', 'place'],
  ['1', 'Smith, John', 'On or near "The Crown"'],
  ['2', 'first line\nsecond line\nthird line', 'Bristol'],
  ['3', 'plain', 'Bath'],
  ['4', 'crlf\r\ninside', 'Wells'],
  ['5', 'last', 'Taunton'],
];
const QUOTED_LINES = [1, 2, 3, 6, 7, 9];

describe('readCsv: good files', () => {
  it('reads a police.uk file with the header as line 1', async () => {
    const r = await read(fx('police-uk-sample.csv'));
    assert.equal(r.rows.length, 16);
    assert.equal(r.rows[0][0], 'Crime ID');
    assert.deepEqual(
      r.lines,
      r.rows.map((_, i) => i + 1),
    );
    assert.ok(r.rows.every((row) => row.length === 12));
    assert.equal(r.rows[2][10], 'Investigation complete; no suspect identified');
    assert.equal(r.problems.size, 0);
  });

  it('reads a header-only file as one row (not an error here)', async () => {
    const r = await read(fx('header-only.csv'));
    assert.equal(r.rows.length, 1);
    assert.deepEqual(r.lines, [1]);
  });

  it('strips a UTF-8 BOM and CRLF line ends, and counts the blank line', async () => {
    const r = await read(fx('bom-crlf.csv'));
    assert.equal(r.rows[0][0], 'Crime ID');
    assert.deepEqual(r.lines, [1, 2, 3, 5]);
    for (const row of r.rows) assert.ok(!row[row.length - 1].includes('\r'));
    assert.equal(r.rows[0][11], 'Context');
  });

  it('handles quoted commas, doubled quotes and line breaks inside quotes, with the right lines', async () => {
    const r = await read(fx('quoted.csv'));
    assert.deepEqual(r.rows, QUOTED_ROWS);
    assert.deepEqual(r.lines, QUOTED_LINES);
  });

  it('reads .csv.gz like .csv', async () => {
    const plain = await read(fx('police-uk-sample.csv'));
    const gz = await read(fx('police-uk-sample.csv.gz'));
    assert.deepEqual(gz.rows, plain.rows);
    assert.deepEqual(gz.lines, plain.lines);
  });

  it('decodes multi-byte characters cut by chunk ends, in files over 1 MiB', async () => {
    const path = join(tmp, 'accents.csv');
    const row = 'Café,Crème brûlée,東京,😀\n'; // 1-, 2-, 3- and 4-byte characters
    const n = Math.ceil((3 << 20) / Buffer.byteLength(row)); // > 3 chunks, every alignment
    writeFileSync(path, `a,b,c,d\n${row.repeat(n)}`);
    const r = await read(path);
    assert.equal(r.rows.length, n + 1);
    assert.ok(r.rows.slice(1).every((x) => x.join(',') === row.slice(0, -1)));
    assert.equal(r.lines[n], n + 1);
  });

  it('keeps line numbers across 1 MiB chunks with CRLF and quoted line breaks', async () => {
    const path = join(tmp, 'many.csv');
    const parts = ['id,text\r\n'];
    const expect: number[] = [1];
    let line = 2;
    for (let i = 0; i < 40000; i++) {
      expect.push(line);
      if (i % 7 === 0) {
        parts.push(`${i},"two\r\nlines, and a ""quote"""\r\n`);
        line += 2;
      } else {
        parts.push(`${i},plain text for row ${i}\r\n`);
        line += 1;
      }
    }
    writeFileSync(path, parts.join(''));
    const r = await read(path, 64);
    assert.equal(r.rows.length, 40001);
    assert.deepEqual(r.lines, expect);
    assert.deepEqual(r.rows[1], ['0', 'two\r\nlines, and a "quote"']);
    assert.deepEqual(r.rows[2], ['1', 'plain text for row 1']);
    assert.equal(r.tooLong.length, 0);
  });

  it('stops cleanly when the caller stops early', async () => {
    const path = join(tmp, 'early.csv');
    writeFileSync(path, `a,b\n${'1,2\n'.repeat(600000)}`);
    let seen = 0;
    for await (const b of readCsv(path)) {
      seen += b.rows.length;
      break;
    }
    assert.ok(seen > 0);
    rmSync(path); // the file handle is closed
  });
});

describe('readCsv: hostile files get one clear error', () => {
  it('empty (0 bytes)', async () => {
    await fails(fx('empty.csv'), 'csv.empty', /empty \(0 bytes\)/);
  });

  it('only blank lines and spaces', async () => {
    await fails(fx('blank.csv'), 'csv.empty', /blank/);
  });

  it('semicolon-delimited', async () => {
    await fails(fx('semicolon.csv'), 'csv.delimiter', /semicolons.*expects commas/, 1);
  });

  it('tab-delimited', async () => {
    const path = join(tmp, 'tabs.csv');
    writeFileSync(path, '\n\nid\tname\tplace\n1\ta\tb\n');
    await fails(path, 'csv.delimiter', /tabs/, 3);
  });

  it('invalid UTF-8 names the line', async () => {
    await fails(fx('invalid-utf8.csv'), 'csv.encoding', /not valid UTF-8 \(bytes 0xFF 0xFE/, 3);
  });

  it('invalid UTF-8 deep in a big file names the line', async () => {
    const path = join(tmp, 'late-bad.csv');
    const good = 'x,y\n'.repeat(500000); // 2 MB: the bad byte is in a later chunk
    writeFileSync(
      path,
      Buffer.concat([Buffer.from(`a,b\n${good}1,`), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]),
    );
    await fails(path, 'csv.encoding', /UTF-8/, 500002);
  });

  it('a multi-byte character cut off at the end of the file', async () => {
    const path = join(tmp, 'cut.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0xe6, 0x9d])]));
    await fails(path, 'csv.encoding', /UTF-8/, 2);
  });

  it('UTF-16', async () => {
    await fails(fx('utf16.csv'), 'csv.encoding', /UTF-16/);
  });

  it('a PNG renamed .csv', async () => {
    await fails(fx('png.csv'), 'csv.not_csv', /PNG image/);
  });

  it('a ZIP (or .xlsx) renamed .csv', async () => {
    await fails(fx('zip.csv'), 'csv.not_csv', /ZIP archive/);
  });

  it('gzip data named .csv', async () => {
    await fails(fx('gzip-inside.csv'), 'csv.not_csv', /gzip.*\.csv\.gz/);
  });

  it('binary with NUL bytes', async () => {
    await fails(fx('binary-nul.csv'), 'csv.not_csv', /NUL bytes/);
  });

  it('an HTML page saved as .csv', async () => {
    await fails(fx('html.csv'), 'csv.not_csv', /HTML/);
  });

  it('a .csv.gz that is not gzip', async () => {
    await fails(fx('not-gzip.csv.gz'), 'csv.gzip', /not gzip-compressed/);
  });

  it('a truncated .csv.gz', async () => {
    const path = join(tmp, 'cut.csv.gz');
    const z = gzipSync(Buffer.from(`a,b\n${'1,2\n'.repeat(50000)}`));
    writeFileSync(path, z.subarray(0, z.length >> 1));
    await fails(path, 'csv.gzip', /cut short|corrupt/);
  });

  it('CR-only line endings', async () => {
    await fails(fx('cr-only.csv'), 'csv.line_endings');
  });

  it('a missing file and a folder', async () => {
    await fails(join(tmp, 'nope.csv'), 'csv.read', /no such file/);
    await fails(tmp, 'csv.read', /folder/);
  });
});

describe('readCsv: bad rows are marked, the rest goes on', () => {
  it('a 10 MB line in the middle is skipped without being held; later rows keep their lines', async () => {
    const path = join(tmp, 'long.csv');
    const head = 'id,text\n1,before\n2,"quoted\nbreak"\n';
    const tail = '4,after\n5,"x, y"\n';
    writeFileSync(path, `${head}3,${'z'.repeat(10_000_000)}\n${tail}`);
    const before = process.memoryUsage().rss;
    const r = await read(path);
    const grown = process.memoryUsage().rss - before;
    assert.deepEqual(r.lines, [1, 2, 3, 5, 6, 7]);
    assert.deepEqual(r.tooLong, [3]);
    assert.deepEqual(r.rows[3], []);
    assert.match(r.problems.get(3) ?? '', /longer than 1 MiB/);
    assert.deepEqual(r.rows[4], ['4', 'after']);
    assert.deepEqual(r.rows[5], ['5', 'x, y']);
    assert.ok(grown < 60_000_000, `memory grew by ${grown}`);
  });

  it('a long line at the end without a line break, and a small maxLineBytes', async () => {
    const path = join(tmp, 'long-end.csv');
    writeFileSync(path, `a,b\n1,2\n3,${'q'.repeat(5000)}`);
    const r = await read(path, 100);
    assert.deepEqual(r.lines, [1, 2, 3]);
    assert.deepEqual(r.tooLong, [2]);
  });

  it('an unclosed quote is one bad row: reading goes on at the next line that reads as a row', async () => {
    const r = await read(fx('unterminated-quote.csv'));
    assert.deepEqual(r.lines, [1, 2, 3, 4]);
    assert.deepEqual(r.tooLong, [2]);
    assert.match(r.problems.get(2) ?? '', /not closed/);
    assert.equal(r.spans.get(2), 1);
    assert.deepEqual(r.rows[3], ['3', 'more']);
  });

  it('a stray quote after a closing quote does not swallow the lines after it', async () => {
    const r = await read(fx('stray-quote.csv'));
    assert.deepEqual(r.lines, [1, 2, 3]);
    assert.match(r.problems.get(1) ?? '', /stray "/);
    assert.deepEqual(r.rows[2], ['2', 'fine']);
  });

  it('an unclosed quote in a small file loses only its own line (90 of 100 rows were lost)', async () => {
    for (const bad of ['10,"unclosed,x', '10,"closed"then text,x']) {
      const path = join(tmp, 'lost.csv');
      const rows = Array.from({ length: 100 }, (_, i) => `${i},row ${i},y`);
      rows[10] = bad;
      writeFileSync(path, `id,text,z\n${rows.join('\n')}\n`);
      for (const raw of [false, true]) {
        const r = await read(path, undefined, raw);
        assert.equal(r.rows.length, 101, bad);
        assert.deepEqual(r.tooLong, [11]);
        assert.equal(r.spans.get(11), 1);
        assert.deepEqual(r.rows[12], ['11', 'row 11', 'y']);
        assert.equal(r.lines[100], 101);
      }
    }
  });

  it('a 2 MB quoted field over many lines is one bad row standing for its lines, not one per line', async () => {
    const path = join(tmp, 'big-field.csv');
    const field = Array.from({ length: 20_000 }, (_, i) => `text line ${i} ${'w'.repeat(90)}`).join('\n');
    writeFileSync(path, `id,text,z\n1,ok,y\n2,"${field}",y\n3,after,y\n`);
    const r = await read(path);
    assert.deepEqual(r.lines, [1, 2, 3, 20_003]);
    assert.deepEqual(r.tooLong, [2]);
    assert.equal(r.spans.get(2), 20_000);
    assert.match(r.problems.get(2) ?? '', /lines 3–20,002 \(20,000 lines\)|lines 3–20002 \(20,000 lines\)/);
    assert.deepEqual(r.rows[3], ['3', 'after', 'y']);
  });

  it('an unclosed quote in a big file skips one line and reading goes on', async () => {
    const path = join(tmp, 'unclosed.csv');
    const rows = Array.from({ length: 2000 }, (_, i) => `${i},row ${i}`);
    rows[10] = '10,"unclosed';
    writeFileSync(path, `id,text\n${rows.join('\n')}\n`);
    const r = await read(path, 1000);
    assert.equal(r.rows.length, 2001);
    assert.deepEqual(r.tooLong, [11]);
    assert.match(r.problems.get(11) ?? '', /not closed within 1,000 bytes/);
    assert.equal(r.lines[11], 12);
    assert.deepEqual(r.rows[12], ['11', 'row 11']);
    assert.equal(r.lines[12], 13);
    assert.equal(r.lines[2000], 2001);
  });

  it('a file full of unclosed quotes ends in linear time', async () => {
    const path = join(tmp, 'quotes.csv');
    writeFileSync(path, `id,text\n${'1,"abc\n'.repeat(200000)}`);
    const t0 = performance.now();
    const r = await read(path, 4096);
    assert.ok(performance.now() - t0 < 5000);
    assert.ok(r.rows.length >= 2);
    assert.equal(r.lines[1], 2);
  });
});

describe('CsvTextParser: any cut of the text gives the same rows', () => {
  const text = `${['id,note,place', '1,"Smith, John","On or near ""The Crown"""', '2,"first line', 'second line', 'third line",Bristol', '3,plain,Bath', '4,"crlf\r\ninside",Wells', '5,last,Taunton'].join('\n')}\n`;

  it('one piece', () => {
    const r = parseText([text]);
    assert.deepEqual(r.rows, QUOTED_ROWS);
    assert.deepEqual(r.lines, QUOTED_LINES);
  });

  it('one character at a time', () => {
    const r = parseText([...text]);
    assert.deepEqual(r.rows, QUOTED_ROWS);
    assert.deepEqual(r.lines, QUOTED_LINES);
  });

  it('every two-piece cut, with CRLF line ends too', () => {
    for (const t of [text, text.replace(/\n/g, '\r\n')]) {
      const whole = parseText([t]);
      for (let k = 1; k < t.length; k++) {
        const r = parseText([t.slice(0, k), t.slice(k)]);
        assert.deepEqual(r.rows, whole.rows, `cut at ${k}`);
        assert.deepEqual(r.lines, whole.lines, `cut at ${k}`);
      }
    }
  });

  it('a final row without a line break', () => {
    const r = parseText(['a,b\n1,2']);
    assert.deepEqual(r.rows, [
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('LF file with some CRLF lines: no \\r left in fields', () => {
    const r = parseText(['a,b\n1,2\r\n3,4\n']);
    assert.deepEqual(r.rows, [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });
});

describe('firstInvalidUtf8', () => {
  it('agrees with buffer.isUtf8 and finds the first bad byte', () => {
    const at = (bytes: number[]): number => firstInvalidUtf8(Uint8Array.from(bytes));
    assert.equal(at([0x61, 0xc3, 0xa9, 0xe6, 0x9d, 0xb1, 0xf0, 0x9f, 0x98, 0x80]), 10);
    assert.equal(at([0x61, 0xff]), 1);
    assert.equal(at([0x61, 0xc0, 0x80]), 1); // overlong
    assert.equal(at([0xed, 0xa0, 0x80]), 0); // surrogate
    assert.equal(at([0xf4, 0x90, 0x80, 0x80]), 0); // above U+10FFFF
    assert.equal(at([0x61, 0x62, 0xe6, 0x9d]), 2); // cut short
    assert.equal(at([0x80]), 0); // stray continuation byte
  });
});

describe('rawLines: the same records as papaparse, left as text', () => {
  async function both(path: string, maxLine?: number): Promise<[Flat | string, Flat | string]> {
    const one = async (raw: boolean): Promise<Flat | string> => {
      try {
        return await read(path, maxLine, raw);
      } catch (e) {
        return e instanceof BeatwiseError ? `${e.code} line ${e.where.line}` : String(e);
      }
    };
    return [await one(false), await one(true)];
  }

  const same = (a: Flat | string, b: Flat | string, what: string) => {
    if (typeof a === 'string' || typeof b === 'string') return assert.equal(b, a, what);
    assert.deepEqual(b.rows, a.rows, what);
    assert.deepEqual(b.lines, a.lines, what);
    assert.deepEqual(b.tooLong, a.tooLong, what);
    assert.deepEqual(b.problems, a.problems, what);
  };

  it('every fixture file reads the same (rows, lines, problems, errors)', async () => {
    for (const name of [
      'police-uk-sample.csv',
      'police-uk-sample.csv.gz',
      'extract-sample.csv',
      'quoted.csv',
      'bom-crlf.csv',
      'blank.csv',
      'header-only.csv',
      'stray-quote.csv',
      'unterminated-quote.csv',
      'semicolon.csv',
      'cr-only.csv',
      'empty.csv',
      'invalid-utf8.csv',
    ]) {
      const [a, b] = await both(fx(name));
      same(a, b, name);
    }
  });

  it('hands plain lines over raw, and the header as a row', async () => {
    const r = await read(fx('police-uk-sample.csv'), undefined, true);
    assert.equal(r.rows[0][0], 'Crime ID');
    assert.equal(r.rawRows, r.rows.length - 1);
  });

  it('the quoted text, whole and cut anywhere, LF and CRLF', () => {
    const text = `${['id,note,place', '1,"Smith, John","On or near ""The Crown"""', '2,"first line', 'second line', 'third line",Bristol', '3,plain,Bath', '', '  ', '4,"crlf\r\ninside",Wells', '5,x"y,z', '6,"a" ,b', '7,"",last'].join('\n')}\n`;
    for (const t of [text, text.replace(/\n/g, '\r\n')]) {
      const whole = parseText([t]);
      for (let k = 0; k < t.length; k++) {
        const pieces = k === 0 ? [t] : [t.slice(0, k), t.slice(k)];
        const r = parseText(pieces, undefined, true);
        assert.deepEqual(r.rows, whole.rows, `cut at ${k}`);
        assert.deepEqual(r.lines, whole.lines, `cut at ${k}`);
        assert.deepEqual(r.problems, whole.problems, `cut at ${k}`);
      }
    }
  });

  it('random CSV texts with quotes, commas, CR, LF, blanks and long lines, cut at random', () => {
    const rng = new Rng(20261126);
    const atoms = ['a', 'bc', ',', ',', '"', '""', '\n', '\n', '\r\n', '\r', ' ', '\t', 'é', 'x,y', '"q,r"'];
    let rawSeen = 0;
    for (let round = 0; round < 400; round++) {
      const header = rng.float() < 0.5 ? 'h1,h2,h3\n' : rng.float() < 0.5 ? '\n  \nh1,"h 2"\n' : '';
      let body = '';
      const lines = 1 + Math.floor(rng.float() * 30);
      for (let l = 0; l < lines; l++) {
        if (rng.float() < 0.7) body += `${l},plain${l},On or near Road ${l}`;
        else {
          const n = Math.floor(rng.float() * 8);
          for (let k = 0; k < n; k++) body += atoms[Math.floor(rng.float() * atoms.length)];
        }
        body += rng.float() < 0.2 ? '\r\n' : '\n';
      }
      const text = header + body + (rng.float() < 0.3 ? 'tail,no,newline' : '');
      const maxLine = rng.float() < 0.2 ? 16 : undefined;
      const cuts = [Math.floor(rng.float() * text.length), Math.floor(rng.float() * text.length)].sort(
        (a, b) => a - b,
      );
      const pieces = [text.slice(0, cuts[0]), text.slice(cuts[0], cuts[1]), text.slice(cuts[1])];
      const tryParse = (ps: string[], raw: boolean): Flat | string => {
        try {
          return parseText(ps, maxLine, raw);
        } catch (e) {
          return e instanceof BeatwiseError ? `${e.code} line ${e.where.line}` : String(e);
        }
      };
      const whole = tryParse([text], false);
      for (const [ps, raw] of [
        [[text], false],
        [pieces, false],
        [[text], true],
        [pieces, true],
      ] as const) {
        const r = tryParse([...ps], raw);
        same(whole, r, `round ${round}: ${JSON.stringify(ps)}${raw ? ' raw' : ''}`);
        if (typeof r !== 'string') rawSeen += r.rawRows;
      }
    }
    assert.ok(rawSeen > 1000, `raw lines were used (${rawSeen})`);
  });
});

describe('splitLine', () => {
  const split = (s: string) => splitLine(s, 0, s.length);
  it('splits plain and well-quoted lines as papaparse does', () => {
    assert.deepEqual(split('a,b,,c'), ['a', 'b', '', 'c']);
    assert.deepEqual(split('1,"On or near ""The Crown""",x'), ['1', 'On or near "The Crown"', 'x']);
    assert.deepEqual(split('"a,b",""'), ['a,b', '']);
    assert.deepEqual(split(''), ['']);
  });
  it('refuses what papaparse has to judge', () => {
    assert.equal(split('a,b"c'), null);
    assert.equal(split('"a" ,b'), null);
    assert.equal(split('"a'), null);
    assert.equal(split('"a"x'), null);
  });
});
