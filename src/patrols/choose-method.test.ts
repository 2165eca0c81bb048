// The default method choice back-tests a bounded window of the data before the plan starts, and says which.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import { parseMonth } from '../core/time/month.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { prepare } from '../hotspots/index.ts';
import { chooseMethod } from './build.ts';

let t: Awaited<ReturnType<typeof leicestershireStore>>;
const MONTHS = ['2022-01', '2022-02', '2022-03', '2022-04'];

before(async () => {
  t = await leicestershireStore();
  const files = readdirSync(LEICS_CRIMES)
    .filter((f) => MONTHS.some((m) => f.startsWith(m)))
    .map((f) => join(LEICS_CRIMES, f));
  await importCrimeFiles(t.store, files, { rejectsDir: join(t.dir, 'rejects') });
});
after(async () => t.dispose());

test('the back-test window ends the month before the plan starts, is named in the reason, and too short a window falls back to harm', async () => {
  const ctx = await prepare(t.store, { types: 'all-crime', cell: 250 });
  assert.deepEqual(ctx.months, [parseMonth('2022-01'), parseMonth('2022-04')]);
  const all = chooseMethod(ctx, undefined, 0.05);
  assert.match(all.reason, /back-test on the area's data of 2022-01 to 2022-04 \(4 months before the plan;/);
  const before = chooseMethod(ctx, undefined, 0.05, parseMonth('2022-04') as number);
  assert.match(before.reason, /2022-01 to 2022-03 \(3 months before the plan;/);
  const late = chooseMethod(ctx, undefined, 0.05, parseMonth('2030-01') as number);
  assert.match(late.reason, /2022-01 to 2022-04/, 'data ending before the plan: its last months');
  const short = chooseMethod(ctx, undefined, 0.05, parseMonth('2022-03') as number);
  assert.equal(short.method, 'harm');
  assert.match(short.reason, /2 month\(s\) of data before the plan are too few/);
  assert.deepEqual(chooseMethod(ctx, 'kde', 0.05), { method: 'kde', reason: 'kde: chosen by the planner' });
});
