import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseOffenceCode, offenceCategory } from './offence-codes.ts';

describe('offence codes', () => {
  it('normalises the written forms', () => {
    assert.equal(normaliseOffenceCode(' 008n '), '8N');
    assert.equal(normaliseOffenceCode('028E'), '28E');
    assert.equal(normaliseOffenceCode('037.2'), '37.2');
    assert.equal(normaliseOffenceCode('105 a'), '105A');
    assert.equal(normaliseOffenceCode('0'), '0');
  });

  it('maps the common classes', () => {
    const cases: [string, string][] = [
      ['1', 'Violence and sexual offences'],
      ['8N', 'Violence and sexual offences'],
      ['8S', 'Violence and sexual offences'],
      ['105A', 'Violence and sexual offences'],
      ['19C', 'Violence and sexual offences'],
      ['37.1', 'Violence and sexual offences'],
      ['28E', 'Burglary'],
      ['28a', 'Burglary'],
      ['30B', 'Burglary'],
      ['34B', 'Robbery'],
      ['39', 'Theft from the person'],
      ['44', 'Bicycle theft'],
      ['46', 'Shoplifting'],
      ['37.2', 'Vehicle crime'],
      ['45', 'Vehicle crime'],
      ['48', 'Vehicle crime'],
      ['126', 'Vehicle crime'],
      ['49', 'Other theft'],
      ['56A', 'Criminal damage and arson'],
      ['58C', 'Criminal damage and arson'],
      ['92D', 'Drugs'],
      ['9A', 'Public order'],
      ['62A', 'Public order'],
      ['10D', 'Possession of weapons'],
      ['61', 'Other crime'],
    ];
    for (const [code, cat] of cases) assert.equal(offenceCategory(code), cat, code);
  });

  it('falls back to a whole class only where every subclass has one category', () => {
    assert.equal(offenceCategory('8F'), 'Violence and sexual offences');
    assert.equal(offenceCategory('5A'), 'Violence and sexual offences');
    assert.equal(offenceCategory('4.5'), 'Violence and sexual offences');
    assert.equal(offenceCategory('37.9'), null);
    assert.equal(offenceCategory('37'), null);
  });

  it('knows nothing of fraud, unknown codes or junk', () => {
    for (const c of ['53A', '200', 'ZZ', '', 'burglary', '28E/1']) assert.equal(offenceCategory(c), null, c);
  });
});
