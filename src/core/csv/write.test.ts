// CSV exports neutralise text a spreadsheet would run as a formula (issue 21, item 14), in every
// writer: the shared line writer, text tables (harm), hotspot CSV, workforce CSV and rejects files.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toCsv } from '../../hotspots/format.ts';
import { flowsCsv } from '../../workforce/format.ts';
import { csvTable } from '../table-format.ts';
import { RejectsWriter } from './rejects.ts';
import { neutraliseFormula, toCsvLine } from './write.ts';

const HOSTILE = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'];

test('text starting with = + - @ tab or CR gets a quote in front; numbers stay numbers', () => {
  for (const h of HOSTILE) assert.equal(neutraliseFormula(h), `'${h}`);
  assert.equal(neutraliseFormula('On or near High Street'), 'On or near High Street');
  assert.equal(toCsvLine(['=1+1', -3.5, null, 'a,b', 0]), '\'=1+1,-3.5,,"a,b",0');
  assert.equal(toCsvLine(['-12']), "'-12", 'a negative number given as text is text');
});

test('harm/trends tables (csvTable) and hotspot CSV', () => {
  assert.equal(csvTable(['area', 'pct'], [['=cmd', -4.2]]), "area,pct\n'=cmd,-4.2");
  assert.equal(toCsv(['cell_id', 'gi_z'], [{ cell_id: '@x', gi_z: -1.96 }]), "cell_id,gi_z\n'@x,-1.96\n");
});

test('workforce CSV: a hostile role label is neutralised, a negative net stays a number', () => {
  const csv = flowsCsv({
    force: 'f',
    from: null,
    to: null,
    roles: [{ role: '=evil', label: 'x', joined: 1, left: 4, movedIn: 0, movedOut: 0, net: -3, outflow: 4 }],
    events: [],
  });
  assert.equal(csv.split('\n')[1], "'=evil,1,4,0,0,4,-3");
});

test('rejects files: the reason, field and row cells are neutralised, the row text kept inside', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'beatwise-write-'));
  try {
    const w = new RejectsWriter(dir, '=in.csv');
    w.write(3, '-field', '@reason', ['=cmd|calc', 'x']);
    await w.close();
    const line = readFileSync(w.path, 'utf8').split('\n')[1];
    assert.equal(line, `'=in.csv,3,'-field,'@reason,"'=cmd|calc,x"`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
