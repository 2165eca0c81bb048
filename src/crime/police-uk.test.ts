import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../core/csv/reader.ts';
import { parseMonth } from '../core/time/month.ts';
import { CATEGORIES } from './categories.ts';
import type { CrimeRecord, RowProblem } from './model.ts';
import {
  isPoliceUkHeader,
  isRowProblem,
  POLICE_UK_HEADER,
  parsePoliceUkRow,
  toDecimal,
} from './police-uk.ts';

const SAMPLE = fileURLToPath(new URL('../../test/fixtures/csv/police-uk-sample.csv', import.meta.url));
const F = ['Avon and Somerset Constabulary', 'Avon and Somerset Constabulary'];
const ID = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d';

function row(over: Partial<Record<(typeof POLICE_UK_HEADER)[number], string>> = {}): string[] {
  const base: Record<string, string> = {
    'Crime ID': ID,
    Month: '2023-04',
    'Reported by': F[0],
    'Falls within': F[1],
    Longitude: '-2.543005',
    Latitude: '51.477061',
    Location: 'On or near Stapleton Road',
    'LSOA code': 'E01014601',
    'LSOA name': 'Bristol 018D',
    'Crime type': 'Burglary',
    'Last outcome category': 'Under investigation',
    Context: '',
    ...over,
  };
  return POLICE_UK_HEADER.map((h) => base[h]);
}

function ok(x: CrimeRecord | RowProblem): CrimeRecord {
  if (isRowProblem(x)) assert.fail(`unexpected problem: ${x.field}: ${x.reason}`);
  return x;
}

function bad(x: CrimeRecord | RowProblem, field: string, reason: RegExp, line = 7): void {
  assert.ok(isRowProblem(x), 'expected a problem');
  assert.equal(x.line, line);
  assert.equal(x.field, field);
  assert.match(x.reason, reason);
}

describe('isPoliceUkHeader', () => {
  it('matches the header, ignoring case and spaces', () => {
    assert.ok(isPoliceUkHeader([...POLICE_UK_HEADER]));
    assert.ok(isPoliceUkHeader(POLICE_UK_HEADER.map((h) => ` ${h.toUpperCase().replace(' ', '  ')} `)));
    assert.ok(isPoliceUkHeader(POLICE_UK_HEADER.map((h) => h.replace(/ /g, ''))));
  });
  it('rejects other headers', () => {
    assert.ok(!isPoliceUkHeader(POLICE_UK_HEADER.slice(0, 11)));
    assert.ok(!isPoliceUkHeader([...POLICE_UK_HEADER.slice(0, 11), 'Notes']));
    assert.ok(!isPoliceUkHeader(['crime_reference', 'recorded_at']));
  });
});

describe('parsePoliceUkRow', () => {
  it('reads a full row', () => {
    const r = ok(parsePoliceUkRow(row(), 7));
    assert.deepEqual(r, {
      source: 'police-uk',
      crimeId: ID,
      month: parseMonth('2023-04'),
      reportedBy: F[0],
      fallsWithin: F[1],
      lon: -2.543005,
      lat: 51.477061,
      easting: null,
      northing: null,
      location: 'On or near Stapleton Road',
      lsoaCode: 'E01014601',
      lsoaName: 'Bristol 018D',
      category: 'Burglary',
      outcome: 'Under investigation',
      context: '',
      offenceCode: null,
      offenceSubcode: null,
      occurredFrom: null,
      occurredTo: null,
      recordedAt: null,
      victimAge: null,
      vulnerable: null,
      domestic: null,
      attendedAt: null,
      declinedAttendance: null,
    });
  });

  it('reads the sample file: one row per category, ASB without Crime ID, one unlocated row', async () => {
    const records: CrimeRecord[] = [];
    for await (const b of readCsv(SAMPLE)) {
      b.rows.forEach((fields, i) => {
        if (b.lines[i] === 1) assert.ok(isPoliceUkHeader(fields));
        else records.push(ok(parsePoliceUkRow(fields, b.lines[i])));
      });
    }
    assert.deepEqual([...new Set(records.map((r) => r.category))].sort(), [...CATEGORIES].sort());
    const asb = records.find((r) => r.category === 'Anti-social behaviour');
    assert.equal(asb?.crimeId, null);
    assert.equal(asb?.outcome, '');
    const unlocated = records.filter((r) => r.lon === null);
    assert.equal(unlocated.length, 1);
    assert.equal(unlocated[0].lat, null);
    assert.equal(unlocated[0].location, 'No location');
    assert.ok(records.every((r) => r.month === parseMonth('2023-04') && r.easting === null));
  });

  it('accepts category spellings in any case, and legacy names', () => {
    assert.equal(ok(parsePoliceUkRow(row({ 'Crime type': 'vehicle CRIME' }), 1)).category, 'Vehicle crime');
    assert.equal(
      ok(parsePoliceUkRow(row({ 'Crime type': 'Violent crime' }), 1)).category,
      'Violence and sexual offences',
    );
  });

  it('wrong number of fields', () => {
    bad(parsePoliceUkRow(row().slice(0, 11), 7), '(row)', /^expected 12 fields, found 11$/);
    bad(parsePoliceUkRow([...row(), 'extra'], 7), '(row)', /expected 12 fields, found 13/);
    bad(parsePoliceUkRow([], 7), '(row)', /found 0/);
  });

  it('month must be a real YYYY-MM', () => {
    for (const m of ['2023-13', '2023-00', '23-04', '2023/04', 'April 2023', '', '2023-4']) {
      bad(parsePoliceUkRow(row({ Month: m }), 7), 'Month', /is not a month/);
    }
    assert.equal(ok(parsePoliceUkRow(row({ Month: ' 2023-04 ' }), 1)).month, parseMonth('2023-04'));
  });

  it('crime type must be a police.uk category', () => {
    bad(parsePoliceUkRow(row({ 'Crime type': 'Fraud' }), 7), 'Crime type', /^unknown crime type "Fraud"$/);
    bad(parsePoliceUkRow(row({ 'Crime type': '' }), 7), 'Crime type', /unknown crime type ""/);
  });

  it('coordinates: one empty, not a number, outside the UK, swapped', () => {
    bad(parsePoliceUkRow(row({ Latitude: '' }), 7), 'Latitude', /Latitude is empty but Longitude is given/);
    bad(parsePoliceUkRow(row({ Longitude: '' }), 7), 'Longitude', /Longitude is empty/);
    bad(parsePoliceUkRow(row({ Longitude: 'west' }), 7), 'Longitude', /"west" is not a number/);
    bad(parsePoliceUkRow(row({ Latitude: '0x33' }), 7), 'Latitude', /not a number/);
    bad(parsePoliceUkRow(row({ Latitude: 'NaN' }), 7), 'Latitude', /not a number/);
    bad(parsePoliceUkRow(row({ Longitude: '2.35', Latitude: '48.85' }), 7), 'Longitude', /not in the UK/);
    bad(parsePoliceUkRow(row({ Longitude: '-2.5', Latitude: '40.4' }), 7), 'Latitude', /not in the UK/);
    bad(parsePoliceUkRow(row({ Longitude: '0', Latitude: '0' }), 7), 'Latitude', /not in the UK/);
    bad(parsePoliceUkRow(row({ Longitude: '51.47', Latitude: '-2.54' }), 7), 'Longitude', /swapped/);
  });

  it('coordinates at the edges of the UK box are accepted', () => {
    const r = ok(parsePoliceUkRow(row({ Longitude: '-8.7', Latitude: '60.95' }), 1));
    assert.equal(r.lon, -8.7);
    assert.equal(r.lat, 60.95);
  });
});

describe('toDecimal', () => {
  it('gives the same double as Number for plain decimals', () => {
    for (const s of [
      '-2.539037',
      '51.463248',
      '0',
      '-0.000001',
      '1.9',
      '123456789012345',
      '+3.5',
      '.5',
      '5.',
    ]) {
      assert.equal(toDecimal(s), Number(s), s);
    }
    let seed = 7;
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 16807) % 2147483647;
      const s = ((seed / 2147483647) * 20 - 10).toFixed(1 + (i % 9));
      assert.equal(toDecimal(s), Number(s), s);
    }
  });
  it('is NaN for what is not a plain number', () => {
    for (const s of ['', ' ', 'abc', '0x10', '0b1', 'Infinity', '-', '.', '1.2.3', '1,5']) {
      assert.ok(Number.isNaN(toDecimal(s)), s);
    }
    assert.equal(toDecimal(' 1.5 '), 1.5);
    assert.equal(toDecimal('1e-3'), 0.001);
  });
});
