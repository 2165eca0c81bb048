// One area's period totals (read from the cube month by month) agree with that area's share of its
// level's totals (read as a month range), over spans with and without data.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import { dataDir } from '../core/data-dir.ts';
import { parseMonth } from '../core/time/month.ts';
import { forceWeights, type HarmWeights, importCrimeFiles, resolveSelection } from '../crime/index.ts';
import { periodTotals } from './periods.ts';
import { levelAreas } from './series.ts';

let t: Awaited<ReturnType<typeof leicestershireStore>>;
let weights: HarmWeights;
before(async () => {
  t = await leicestershireStore();
  const months = ['2021-04', '2021-05', '2021-07'];
  await importCrimeFiles(
    t.store,
    months.map((m) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`)),
    { rejectsDir: join(t.dir, 'r') },
  );
  weights = await forceWeights(t.store.db, 1, dataDir());
});
after(async () => t.dispose());

const m = (text: string) => parseMonth(text) as number;

test("each area's totals and categories equal its part of the level's totals", async () => {
  const selection = resolveSelection('burglary,robbery,vehicle-crime');
  for (const level of ['district', 'team']) {
    const areas = await levelAreas(t.store.db, 1, level);
    assert.ok(areas.length > 1);
    // Spans: a month with data, one without, one running through a gap, the whole range.
    for (const [from, to] of [
      ['2021-05', '2021-05'],
      ['2021-06', '2021-06'],
      ['2021-05', '2021-07'],
      ['2021-04', '2021-07'],
    ]) {
      const q = { forceId: 1, level, selection, from: m(from), to: m(to), weights };
      const whole = await periodTotals(t.store.db, q);
      let seen = 0;
      for (const a of areas) {
        const one = await periodTotals(t.store.db, { ...q, areaId: a.id });
        const part = whole.byArea.get(a.id) ?? { count: 0, harm: 0 };
        assert.equal(one.total.count, part.count, `${level} ${a.code} ${from}..${to}`);
        assert.ok(Math.abs(one.total.harm - part.harm) < 1e-6);
        for (const [c, v] of one.byCategory) assert.ok(selection.categories.includes(c) && v.count > 0);
        seen += one.total.count;
      }
      assert.equal(seen, whole.total.count - whole.unassigned.count);
      if (from === '2021-06') assert.equal(seen, 0);
      else assert.ok(seen > 0, `${level} ${from}..${to} has crimes`);
    }
  }
});

test('a span that ends before it starts has nothing', async () => {
  const [area] = await levelAreas(t.store.db, 1, 'district');
  const r = await periodTotals(t.store.db, {
    forceId: 1,
    level: 'district',
    selection: resolveSelection('all-crime'),
    from: m('2021-07'),
    to: m('2021-04'),
    weights,
    areaId: area.id,
  });
  assert.equal(r.total.count, 0);
  assert.equal(r.byCategory.size, 0);
});
