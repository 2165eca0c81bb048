import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLondon, londonLocalToUtc, londonOffsetMs, parseLondonTimestamp } from './london.ts';
import { parseMonth } from './month.ts';

const H = 3_600_000;
const utc = (y: number, mo: number, d: number, h: number, mi = 0, s = 0): number =>
  Date.UTC(y, mo - 1, d, h, mi, s);

const intl = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
function intlLondon(ms: number): string {
  const p = Object.fromEntries(intl.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

describe('londonLocalToUtc', () => {
  it('GMT in winter, BST in summer', () => {
    assert.equal(londonLocalToUtc(2023, 1, 15, 10, 0, 0), utc(2023, 1, 15, 10));
    assert.equal(londonLocalToUtc(2023, 7, 15, 10, 0, 0), utc(2023, 7, 15, 9));
    assert.equal(londonLocalToUtc(2024, 12, 31, 23, 59, 59), utc(2024, 12, 31, 23, 59, 59));
    assert.equal(londonLocalToUtc(2025, 1, 1, 0, 30), utc(2025, 1, 1, 0, 30));
  });

  it('spring forward (2023-03-26, 01:00 → 02:00): gap times move forward one hour', () => {
    assert.equal(londonLocalToUtc(2023, 3, 26, 0, 59), utc(2023, 3, 26, 0, 59));
    assert.equal(londonLocalToUtc(2023, 3, 26, 1, 0), utc(2023, 3, 26, 1, 0)); // = 02:00 BST
    assert.equal(londonLocalToUtc(2023, 3, 26, 1, 30), utc(2023, 3, 26, 1, 30)); // = 02:30 BST
    assert.equal(formatLondon(londonLocalToUtc(2023, 3, 26, 1, 30)), '2023-03-26 02:30');
    assert.equal(londonLocalToUtc(2023, 3, 26, 2, 0), utc(2023, 3, 26, 1, 0));
    assert.equal(londonLocalToUtc(2023, 3, 26, 3, 0), utc(2023, 3, 26, 2, 0));
  });

  it('fall back (2023-10-29, 02:00 → 01:00): repeated times take the first (BST) instant', () => {
    assert.equal(londonLocalToUtc(2023, 10, 29, 0, 30), utc(2023, 10, 28, 23, 30));
    assert.equal(londonLocalToUtc(2023, 10, 29, 1, 0), utc(2023, 10, 29, 0, 0));
    assert.equal(londonLocalToUtc(2023, 10, 29, 1, 30), utc(2023, 10, 29, 0, 30));
    assert.equal(londonLocalToUtc(2023, 10, 29, 1, 59, 59), utc(2023, 10, 29, 0, 59, 59));
    assert.equal(londonLocalToUtc(2023, 10, 29, 2, 0), utc(2023, 10, 29, 2, 0));
    assert.equal(formatLondon(utc(2023, 10, 29, 0, 30), { zone: true }), '2023-10-29 01:30 BST');
    assert.equal(formatLondon(utc(2023, 10, 29, 1, 30), { zone: true }), '2023-10-29 01:30 GMT');
  });

  it('agrees with the time zone database every 30 minutes, 1996–2030', () => {
    for (let t = utc(1996, 1, 1, 0); t < utc(2031, 1, 1, 0); t += H / 2) {
      const text = formatLondon(t);
      assert.equal(text, intlLondon(t), `format ${new Date(t).toISOString()}`);
      const [y, mo, d, h, mi] = text.split(/[- :]/).map(Number);
      const back = londonLocalToUtc(y, mo, d, h, mi, 0);
      // Only the second pass through a repeated hour does not round-trip (it maps to the first).
      if (back !== t) assert.equal(back, t - H, `round trip ${new Date(t).toISOString()}`);
    }
  });

  it('uses the time zone database before 1996', () => {
    assert.equal(londonLocalToUtc(1990, 7, 1, 12, 0, 0), utc(1990, 7, 1, 11));
    assert.equal(londonLocalToUtc(1990, 12, 1, 12, 0, 0), utc(1990, 12, 1, 12));
    assert.equal(londonLocalToUtc(1970, 1, 1, 12, 0, 0), utc(1970, 1, 1, 11)); // British Standard Time, 1968–71
    assert.equal(londonOffsetMs(utc(1970, 1, 1, 12)), H);
    assert.equal(formatLondon(utc(1990, 7, 1, 11)), '1990-07-01 12:00');
  });
});

describe('formatLondon', () => {
  it('YYYY-MM-DD HH:MM, optionally with seconds and zone', () => {
    assert.equal(formatLondon(utc(2023, 7, 15, 9, 5, 7)), '2023-07-15 10:05');
    assert.equal(
      formatLondon(utc(2023, 7, 15, 9, 5, 7), { seconds: true, zone: true }),
      '2023-07-15 10:05:07 BST',
    );
    assert.equal(formatLondon(utc(2023, 1, 2, 3, 4)), '2023-01-02 03:04');
  });
});

describe('parseLondonTimestamp', () => {
  it('reads the accepted forms as London time', () => {
    assert.deepEqual(parseLondonTimestamp('2023-07-15 10:00'), {
      ms: utc(2023, 7, 15, 9),
      month: parseMonth('2023-07'),
    });
    assert.equal(parseLondonTimestamp('2023-07-15T10:00:30')?.ms, utc(2023, 7, 15, 9, 0, 30));
    assert.equal(parseLondonTimestamp('2023-01-15T10:00:30.250')?.ms, utc(2023, 1, 15, 10, 0, 30) + 250);
    assert.equal(parseLondonTimestamp(' 2023-01-15 10:00 ')?.ms, utc(2023, 1, 15, 10));
    assert.equal(parseLondonTimestamp('2023-07-15')?.ms, utc(2023, 7, 14, 23));
    assert.equal(parseLondonTimestamp('2024-02-29 12:00')?.ms, utc(2024, 2, 29, 12));
  });

  it('takes an explicit Z or offset as given, and the month in London', () => {
    assert.equal(parseLondonTimestamp('2023-07-15T10:00Z')?.ms, utc(2023, 7, 15, 10));
    assert.equal(parseLondonTimestamp('2023-07-15T10:00:00+02:00')?.ms, utc(2023, 7, 15, 8));
    const t = parseLondonTimestamp('2023-03-31T23:30:00Z'); // 00:30 BST on 1 April
    assert.equal(t?.month, parseMonth('2023-04'));
  });

  it('the month is the London calendar month', () => {
    assert.equal(parseLondonTimestamp('2023-06-30 23:30')?.month, parseMonth('2023-06')); // 22:30 UTC
    assert.equal(parseLondonTimestamp('2023-07-01 00:30')?.month, parseMonth('2023-07')); // 23:30 UTC on 30 June
  });

  it('rejects what is not a real timestamp', () => {
    for (const bad of [
      '',
      '2023-02-30 10:00',
      '2023-02-29',
      '2023-13-01',
      '2023-07-15 24:00',
      '2023-07-15 10:60',
      '2023-07-15 10:00:61',
      '15/07/2023 10:00',
      '2023-07-15 10:00 extra',
      '2023-07-15 10',
      '2023-07-15X10:00',
      '2023-07-15T10:00+1',
    ]) {
      assert.equal(parseLondonTimestamp(bad), null, bad);
    }
  });
});
