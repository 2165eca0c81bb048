import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../core/csv/reader.ts';
import { BeatwiseError } from '../core/errors.ts';
import { parseMonth } from '../core/time/month.ts';
import type { ExtractParser } from './extract.ts';
import { EXTRACT_COLUMNS, isExtractHeader, makeExtractParser } from './extract.ts';
import type { CrimeRecord, RowProblem } from './model.ts';
import { isRowProblem } from './police-uk.ts';

const SAMPLE = fileURLToPath(new URL('../../test/fixtures/csv/extract-sample.csv', import.meta.url));
const utc = (y: number, mo: number, d: number, h: number, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);

function ok(x: CrimeRecord | RowProblem): CrimeRecord {
  if (isRowProblem(x)) assert.fail(`unexpected problem: ${x.field}: ${x.reason}`);
  return x;
}

function bad(x: CrimeRecord | RowProblem, field: string, reason: RegExp): void {
  assert.ok(isRowProblem(x), 'expected a problem');
  assert.equal(x.line, 9);
  assert.equal(x.field, field);
  assert.match(x.reason, reason);
}

async function sample(): Promise<{ parser: ExtractParser; records: CrimeRecord[] }> {
  let parser: ExtractParser | null = null;
  const records: CrimeRecord[] = [];
  for await (const b of readCsv(SAMPLE)) {
    b.rows.forEach((fields, i) => {
      if (parser === null) parser = makeExtractParser(fields, SAMPLE);
      else records.push(ok(parser.parse(fields, b.lines[i])));
    });
  }
  assert.ok(parser);
  return { parser, records };
}

const HEADER = ['crime_reference', 'recorded_at', 'occurred_from', 'occurred_to', 'offence_code', 'category'];
const LOC = ['lat', 'lon', 'easting', 'northing', 'victim_age', 'domestic', 'vulnerable_victim'];
const FULL = [...HEADER, ...LOC, 'attended_at'];

/** A row for FULL from a few values. */
function row(v: Partial<Record<string, string>>): string[] {
  const base: Record<string, string> = {
    crime_reference: 'CR1',
    recorded_at: '2023-05-02 10:00',
    occurred_from: '2023-05-01 20:00',
    offence_code: '8N',
    ...v,
  };
  return FULL.map((c) => base[c] ?? '');
}

describe('isExtractHeader', () => {
  it('recognises extract headers', () => {
    assert.ok(isExtractHeader(['Crime Reference', 'x']));
    assert.ok(isExtractHeader(['recorded_at', 'occurred_from', 'offence_code']));
    assert.ok(
      !isExtractHeader(['Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude']),
    );
    assert.ok(!isExtractHeader(['location', 'outcome']));
  });
});

describe('makeExtractParser: header', () => {
  const fails = (header: string[], pattern: RegExp): void => {
    assert.throws(
      () => makeExtractParser(header, 'force.csv'),
      (e: unknown) => {
        assert.ok(e instanceof BeatwiseError);
        assert.equal(e.code, 'extract.header');
        assert.equal(e.where.file, 'force.csv');
        assert.equal(e.where.line, 1);
        assert.match(e.message, pattern);
        return true;
      },
    );
  };
  it('names the missing required columns', () => {
    fails(['category', 'occurred_from'], /lacks the required columns crime_reference, recorded_at$/);
    fails(['crime_reference', 'recorded_at', 'occurred_from'], /category \(or offence_code\)/);
  });
  it('rejects repeated columns and half coordinate pairs', () => {
    fails([...HEADER, 'Category'], /repeats the column Category/);
    fails([...HEADER, 'lat'], /has lat but no lon/);
    fails([...HEADER, 'northing'], /has northing but no easting/);
  });
  it('finds columns by name in any order and case, ignoring unknown ones', () => {
    const p = makeExtractParser(
      ['Notes', 'OFFENCE CODE', 'Occurred-From', 'Recorded At', 'crime reference'],
      'f.csv',
    );
    assert.equal(p.columns.offence_code, 1);
    assert.equal(p.columns.crime_reference, 4);
    assert.equal(p.columns.category, -1);
    assert.equal(EXTRACT_COLUMNS.length, 19);
  });
});

describe('makeExtractParser: rows', () => {
  it('reads the sample file', async () => {
    const { records } = await sample();
    assert.equal(records.length, 5);
    const [a, b, c, d, e] = records;

    // BST: 22:30 local on 15 July is 21:30 UTC
    assert.equal(a.crimeId, 'CR/2023/0001');
    assert.equal(a.source, 'extract');
    assert.equal(a.occurredFrom, utc(2023, 7, 15, 21, 30));
    assert.equal(a.occurredTo, utc(2023, 7, 15, 22, 10));
    assert.equal(a.recordedAt, utc(2023, 7, 16, 8, 15));
    assert.equal(a.attendedAt, utc(2023, 7, 16, 9, 2));
    assert.equal(a.month, parseMonth('2023-07'));
    assert.equal(a.category, 'Violence and sexual offences');
    assert.equal(a.offenceCode, '8N');
    assert.equal(a.offenceSubcode, '01');
    assert.deepEqual([a.lon, a.lat, a.easting, a.northing], [-2.594714, 51.455326, null, null]);
    assert.equal(a.location, 'Baldwin Street, Bristol');
    assert.deepEqual([a.victimAge, a.vulnerable, a.domestic, a.declinedAttendance], [34, false, true, false]);
    assert.equal(a.outcome, 'Under investigation');
    assert.equal(a.fallsWithin, 'Avon and Somerset Constabulary');
    assert.equal(a.reportedBy, 'Avon and Somerset Constabulary');
    assert.equal(a.lsoaCode, '');

    // GMT: local is UTC
    assert.equal(b.recordedAt, utc(2023, 1, 10, 14, 5));
    assert.equal(b.occurredFrom, utc(2023, 1, 10, 13, 40));
    assert.equal(b.occurredTo, null);
    assert.equal(b.category, 'Shoplifting');
    assert.deepEqual([b.lon, b.lat, b.easting, b.northing], [null, null, 358700, 172900]);
    assert.deepEqual([b.victimAge, b.vulnerable, b.domestic, b.attendedAt], [null, null, null, null]);

    // Spring forward: 01:30 on 26 March 2023 does not exist; read as 02:30 BST = 01:30 UTC
    assert.equal(c.occurredFrom, utc(2023, 3, 26, 1, 30));
    assert.equal(c.occurredTo, utc(2023, 3, 26, 2, 0));
    assert.equal(c.category, 'Burglary');
    assert.deepEqual([c.lon, c.easting], [null, null]);
    assert.deepEqual([c.victimAge, c.vulnerable, c.domestic, c.declinedAttendance], [81, true, false, false]);

    // Fall back: 01:30 on 29 October 2023 happens twice; the first (BST) is 00:30 UTC
    assert.equal(d.occurredFrom, utc(2023, 10, 29, 0, 30));
    assert.equal(d.occurredTo, utc(2023, 10, 29, 0, 45));
    assert.equal(d.attendedAt, utc(2023, 10, 29, 0, 50));
    assert.equal(d.offenceCode, null);

    // The month is the London month of recorded_at: 00:30 on 1 April (BST) is 23:30 UTC on 31 March
    assert.equal(e.recordedAt, utc(2023, 3, 31, 23, 30));
    assert.equal(e.month, parseMonth('2023-04'));
    assert.equal(e.fallsWithin, '');
  });

  const p = makeExtractParser(FULL, 'force.csv');

  it('wrong number of fields', () => {
    bad(p.parse(row({}).slice(1), 9), '(row)', /^expected 14 fields, found 13$/);
  });

  it('required values and timestamps', () => {
    bad(p.parse(row({ crime_reference: ' ' }), 9), 'crime_reference', /is empty/);
    bad(p.parse(row({ recorded_at: '' }), 9), 'recorded_at', /is empty/);
    bad(p.parse(row({ recorded_at: '02/05/2023 10:00' }), 9), 'recorded_at', /is not a date and time/);
    bad(p.parse(row({ occurred_from: '2023-02-30 10:00' }), 9), 'occurred_from', /is not a date and time/);
    bad(p.parse(row({ occurred_to: '2023-05-01 19:00' }), 9), 'occurred_to', /before occurred_from/);
    bad(p.parse(row({ attended_at: 'soon' }), 9), 'attended_at', /not a date/);
  });

  it('category and offence code', () => {
    assert.equal(ok(p.parse(row({ offence_code: '', category: 'robbery' }), 9)).category, 'Robbery');
    assert.equal(
      ok(p.parse(row({ offence_code: '53A', category: 'Other crime' }), 9)).category,
      'Other crime',
    );
    bad(p.parse(row({ category: 'Fraud' }), 9), 'category', /unknown police.uk category "Fraud"/);
    bad(
      p.parse(row({ offence_code: '53A' }), 9),
      'offence_code',
      /^offence code 53A has no police.uk category; add a category column$/,
    );
    bad(p.parse(row({ offence_code: '' }), 9), 'category', /category and offence_code are empty/);
  });

  it('coordinates', () => {
    const both = ok(p.parse(row({ lat: '51.45', lon: '-2.59', easting: '358700', northing: '172900' }), 9));
    assert.deepEqual([both.lon, both.lat, both.easting, both.northing], [-2.59, 51.45, 358700, 172900]);
    bad(p.parse(row({ lat: '51.45' }), 9), 'lon', /lon is empty but lat is given/);
    bad(p.parse(row({ lat: '48.85', lon: '2.35' }), 9), 'lon', /not in the UK/);
    bad(p.parse(row({ easting: '358700' }), 9), 'northing', /northing is empty/);
    bad(
      p.parse(row({ easting: '-5', northing: '172900' }), 9),
      'easting',
      /not on the British National Grid/,
    );
    bad(
      p.parse(row({ easting: '358700', northing: '1300001' }), 9),
      'northing',
      /not on the British National Grid/,
    );
    bad(p.parse(row({ easting: 'x', northing: '1' }), 9), 'easting', /not a number/);
  });

  it('victim age and Y/N flags', () => {
    assert.equal(ok(p.parse(row({ victim_age: '0' }), 9)).victimAge, 0);
    assert.equal(ok(p.parse(row({ victim_age: '120' }), 9)).victimAge, 120);
    for (const age of ['121', '-1', 'ten', '12.5', '1e2']) {
      bad(p.parse(row({ victim_age: age }), 9), 'victim_age', /whole number of years from 0 to 120/);
    }
    for (const [text, value] of [
      ['Y', true],
      ['yes', true],
      ['TRUE', true],
      ['1', true],
      ['n', false],
      ['No', false],
      ['false', false],
      ['0', false],
      ['', null],
    ] as const) {
      assert.equal(ok(p.parse(row({ domestic: text }), 9)).domestic, value, text);
    }
    bad(p.parse(row({ vulnerable_victim: 'maybe' }), 9), 'vulnerable_victim', /"maybe" is not Y\/N/);
  });
});
