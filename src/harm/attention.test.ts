import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { attentionTable, changeScore } from './attention.ts';
import { trendsReport } from './reports.ts';

test('the score weighs volume: +60 on 1,200 outranks +3 on 6', () => {
  assert.ok((changeScore(1260, 1200) as number) > (changeScore(9, 6) as number));
  assert.equal(changeScore(0, 0), null);
  assert.ok((changeScore(5, 10) as number) < 0);
});

test('units and teams ranked by score, with the year-to-date figures of the trends report', async () => {
  const t = await leicestershireStore();
  try {
    const months = ['2021-04', '2021-05', '2022-04'];
    await importCrimeFiles(
      t.store,
      months.map((m) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`)),
      { rejectsDir: join(t.dir, 'r') },
    );
    const a = await attentionTable(t.store, { force: 'leicestershire' });
    assert.equal(a.month, '2022-04');
    const units = a.rows.filter((r) => r.level === 'unit');
    const teams = a.rows.filter((r) => r.level === 'team');
    assert.equal(units.length, 9);
    assert.ok(teams.length > 9);
    const scores = a.rows.map((r) => r.score ?? Number.NEGATIVE_INFINITY);
    assert.deepEqual(
      scores,
      [...scores].sort((x, y) => y - x),
    );
    const tr = await trendsReport(t.store, {
      force: 'leicestershire',
      selection: 'all-crime',
      level: 'unit',
    });
    const d = tr.drivers.byArea[0];
    const row = units.find((r) => r.code === d.code);
    assert.equal(row?.ytd.count, d.current.count);
    assert.equal(row?.ytd.lastYear, d.previous.count);
    assert.equal(row?.score, changeScore(d.current.count, d.previous.count));
  } finally {
    await t.dispose();
  }
});
