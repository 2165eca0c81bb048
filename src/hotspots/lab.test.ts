// The lab end to end on real bundled data: three months of Leicestershire police.uk crimes.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import { BeatwiseError } from '../core/errors.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { DEFAULT_LIMITS, NO_LIMITS } from './bounds.ts';
import { squareCellAt } from './grid.ts';
import {
  backtestResult,
  classifyResult,
  concentrationResult,
  GRID_COLUMNS,
  gistarResult,
  gridResult,
  kdeResult,
  predictResult,
  prepare,
  timesResult,
} from './lab.ts';
import { CAVEATS } from './model.ts';

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

test('the grid holds every cell of the area, zeros included, and every located crime of the selection', async () => {
  const ctx = await prepare(t.store, { area: 'unit:LE', types: 'violence-and-sexual-offences', cell: 250 });
  const r = gridResult(ctx);
  assert.equal(r.rows.length, ctx.grid.n);
  assert.deepEqual(Object.keys(r.rows[0]), [...GRID_COLUMNS]);
  assert.equal(r.crimes, ctx.points.n);
  assert.ok(r.cellsWithCrime < ctx.grid.n, 'empty cells are kept');
  // Leicester is ~73 km²: about 1,170 cells of 250 m have their centre inside.
  assert.ok(ctx.gridSummary.cellsInsideArea > 1000 && ctx.gridSummary.cellsInsideArea < 1350);
  assert.equal(ctx.gridSummary.cellSizeChosen, false);
  const stored = await t.store.db
    .selectFrom('crimes')
    .innerJoin('areas', 'areas.id', 'crimes.unit_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('areas.code', '=', 'LE')
    .where('crimes.category', '=', 13)
    .where('crimes.easting', 'is not', null)
    .executeTakeFirstOrThrow();
  assert.equal(ctx.points.n, Number(stored.n));
  // Open data: the caveat travels with the result.
  assert.ok(r.caveats.includes(CAVEATS.open));
  assert.match(r.harm, /cchi/);
  // Every crime is in the cell that covers it.
  for (let k = 0; k < ctx.points.n; k += 97) {
    if (ctx.grid.kind !== 'square') break;
    assert.equal(ctx.cells[k], squareCellAt(ctx.grid, ctx.points.x[k], ctx.points.y[k]));
  }
});

test('the default cell size is chosen and reported; a too-fine grid is refused saying what to change', async () => {
  const ctx = await prepare(t.store, {});
  assert.equal(ctx.gridSummary.cellSizeChosen, true);
  assert.ok(ctx.gridSummary.cellSizeM >= 1000, `${ctx.gridSummary.cellSizeM} m`);
  await assert.rejects(
    () => prepare(t.store, { cell: 20 }),
    (e: unknown) =>
      e instanceof BeatwiseError &&
      e.code === 'hotspots.too_much_work' &&
      /cell=\d+ or larger/.test(e.message),
  );
  // Without the work bounds, the grid's own limit still refuses it.
  await assert.rejects(
    () => prepare(t.store, { cell: 20, limits: NO_LIMITS }),
    (e: unknown) =>
      e instanceof BeatwiseError &&
      e.code === 'hotspots.too_many_cells' &&
      /--cell \d+ or larger/.test(e.message),
  );
});

test('concentration: shares at 1%, 1.4%, 5% of area, smallest sets, Gini', async () => {
  const ctx = await prepare(t.store, { types: 'all-crime', cell: 250 });
  const r = concentrationResult(ctx);
  assert.equal(r.atArea.length, 3);
  const [a1, a14, a5] = r.atArea;
  assert.ok(a1.countShare < a14.countShare && a14.countShare < a5.countShare);
  assert.ok(a14.areaShare <= 0.014 && a14.areaShare > 0.0139);
  // All crime mixes categories with different weights: harm share differs from crime share.
  assert.notEqual(a14.harmShare.toFixed(6), a14.countShare.toFixed(6));
  assert.ok(r.gini.count > 0.5 && r.gini.count < 1);
  assert.equal(r.forShare[0].shareAsked, 0.5);
  assert.ok(r.forShare[0].countShare >= 0.5);
});

test('Gi* rows: one per cell with z, p, q and bins; H3 grids work the same', async () => {
  const ctx = await prepare(t.store, { area: 'unit:LE', cell: 200 });
  const r = gistarResult(ctx);
  assert.equal(r.rows.length, ctx.grid.n);
  assert.ok(r.rows.every((x) => x.gi_z !== null && x.gi_q !== null && x.gi_q >= (x.gi_p ?? 0) - 1e-15));
  assert.ok((r.bins['hot spot, 99% confidence'] ?? 0) > 0);
  const hex = await prepare(t.store, { area: 'unit:LE', h3: 9 });
  assert.equal(hex.grid.kind, 'h3');
  const rh = gistarResult(hex);
  assert.equal(rh.rows.length, hex.grid.n);
  assert.match(rh.neighbours, /hexagons within 1 step/);
  assert.equal(
    rh.rows.reduce((a, x) => a + x.count, 0),
    hex.points.n,
  );
});

test('KDE reports its bandwidth and cell size; classify and backtest run on held-out months', async () => {
  const ctx = await prepare(t.store, { area: 'unit:LE', cell: 250 });
  const k = kdeResult(ctx, { bandwidth: 500 });
  assert.equal(k.bandwidthM, 500);
  assert.equal(k.cellSizeM, 250);
  const auto = kdeResult(ctx);
  assert.equal(auto.bandwidthChosen, true);
  const c = classifyResult(ctx);
  assert.equal(c.periodMonths, 1);
  assert.equal(c.periods.length, 4);
  assert.equal(c.rows.length, ctx.grid.n);
  const b = backtestResult(ctx, { window: 2, methods: ['harm', 'gistar'] });
  assert.deepEqual(b.origins, ['2022-02', '2022-03']);
  assert.deepEqual(b.testMonths, ['2022-03', '2022-04']);
  assert.equal(b.methods[0].name, 'naive');
  assert.match(b.leakageAudit, /passed/);
});

test('predict uses data up to --train-to only and returns grid rows for the covered cells', async () => {
  const ctx = await prepare(t.store, { area: 'unit:LE', cell: 250, to: '2022-03' });
  const r = predictResult(ctx, { method: 'naive', trainTo: '2022-03', coverage: 0.05, window: 3 });
  assert.equal(r.predicts, '2022-04');
  assert.ok(r.rows.length > 0 && r.rows.length <= Math.floor(ctx.grid.n * 0.05) + 1);
  assert.deepEqual(Object.keys(r.rows[0]), [...GRID_COLUMNS]);
  for (let i = 1; i < r.scores.length; i++) assert.ok(r.scores[i] <= r.scores[i - 1]);
  assert.throws(() => predictResult(ctx, { method: 'naive', trainTo: '2022-04' }), /data ends at 2022-03/);
});

test('open data: no times of day, and extract-only selections say why they cannot run', async () => {
  const ctx = await prepare(t.store, { area: 'unit:LE', cell: 250 });
  const r = timesResult(ctx);
  assert.equal(r.available, false);
  assert.match(r.available ? '' : r.reason, /times of day cannot be derived/);
  await assert.rejects(
    () => prepare(t.store, { types: 'serious-youth-violence' }),
    /victim age and Home Office offence code/,
  );
  await assert.rejects(() => prepare(t.store, { hours: '18-23' }), /need a force extract/);
});

test('a synthetic force extract: SYNTHETIC on every result, serious youth violence, hours, patrol times', async () => {
  // 30 crimes in one Leicester cell on Friday nights 22:00–22:40, victims 17–22, assault with injury;
  // 10 more with adult victims. The file name says SYNTHETIC, as the generator's do.
  const rows = [
    'crime_reference,recorded_at,occurred_from,occurred_to,offence_code,category,easting,northing,victim_age',
  ];
  for (let k = 0; k < 40; k++) {
    const day = 1 + 7 * (k % 4); // Fridays in April 2022: 1, 8, 15, 22
    const at = `2022-04-${String(day).padStart(2, '0')} 22:${String(10 * (k % 4)).padStart(2, '0')}`;
    rows.push(
      `SYN-${k},${at},${at},,8N,Violence and sexual offences,458610,304620,${k < 30 ? 17 + (k % 6) : 40}`,
    );
  }
  const file = join(t.dir, 'leicester-SYNTHETIC-extract.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  const [r] = await importCrimeFiles(t.store, [file], {
    force: 'leicestershire',
    rejectsDir: join(t.dir, 'rejects'),
  });
  assert.equal(r.error, undefined, r.error?.message);
  const ctx = await prepare(t.store, { area: 'unit:LE', types: 'serious-youth-violence', cell: 250 });
  assert.equal(ctx.points.n, 30);
  assert.match(ctx.describe, /^SYNTHETIC /);
  assert.ok(ctx.caveats.includes(CAVEATS.synthetic));
  assert.ok(ctx.caveats.includes(CAVEATS.extract));
  const c = concentrationResult(ctx);
  assert.equal(c.forShare[0].cells, 1, 'all 30 in one cell');
  const times = timesResult(ctx, { top: 1 });
  assert.equal(times.available, true);
  if (times.available) {
    const h = times.hotspots[0];
    assert.equal(h.timed, 30);
    assert.equal(h.windows[0].label, 'Fri 22:00–22:40');
    assert.equal(h.windows[0].share, 1);
    assert.equal(h.hourByWeekday.count[4 * 24 + 22], 30);
  }
  const late = await prepare(t.store, {
    area: 'unit:LE',
    types: 'serious-youth-violence',
    hours: '23',
    cell: 250,
  });
  assert.equal(late.points.n, 0);
  const adults = await prepare(t.store, { area: 'unit:LE', offences: '8N', victimAge: '25-120', cell: 250 });
  assert.equal(adults.points.n, 10);
});

test('backtests and predictions with a KDE are bounded like the KDE itself', async () => {
  const ctx = await prepare(t.store, {
    area: 'unit:LE',
    cell: 250,
    limits: { ...DEFAULT_LIMITS, kdeWork: 1000 },
  });
  const refused = (e: unknown) =>
    e instanceof BeatwiseError && e.code === 'hotspots.too_much_work' && e.where.field === 'bandwidth';
  assert.throws(
    () => backtestResult(ctx, { methods: ['kde'], bandwidth: 1e308, minTrainMonths: 2 }),
    refused,
  );
  assert.throws(() => predictResult(ctx, { method: 'kde', trainTo: '2022-03', bandwidth: 1e308 }), refused);
  // Methods without a KDE are not held to its bound.
  assert.ok(backtestResult(ctx, { methods: ['naive'], minTrainMonths: 2 }).summary.length > 0);
});

test('a Gi* neighbour distance past the bound is refused, in gistar and classify alike', async () => {
  const ctx = await prepare(t.store, { area: 'unit:LE', cell: 250 });
  const refused = (e: unknown) =>
    e instanceof BeatwiseError && e.code === 'hotspots.too_much_work' && e.where.field === 'distance';
  assert.throws(() => gistarResult(ctx, { distance: 1e308 }), refused);
  assert.throws(() => classifyResult(ctx, { distance: 1e308 }), refused);
  assert.ok(gistarResult(ctx, { distance: 500 }).rows.length > 0);
});

test('a prediction window longer than the data is all the data, at once', async () => {
  const ctx = await prepare(t.store, { area: 'unit:LE', cell: 250 });
  const all = predictResult(ctx, { method: 'naive', trainTo: '2022-03', window: 3 });
  const huge = predictResult(ctx, { method: 'naive', trainTo: '2022-03', window: 1e12 });
  assert.deepEqual(
    huge.rows.map((r) => r.count),
    all.rows.map((r) => r.count),
  );
});
