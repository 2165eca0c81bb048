/**
 * The evaluation's surfaces on a store with a SYNTHETIC extract: POST
 * /api/forces/:force/patrol-evaluations (JSON and the panel CSV, refusals naming the field, the access
 * rule) and `beatwise patrols evaluate` (JSON, table and --panel).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Command } from 'commander';
import { AS_ADMIN, as, principal, testIdentify } from '../../../test/support/principals.ts';
import { leicestershireStore } from '../../../test/support/stores.ts';
import { accessControl } from '../../access/policy.ts';
import { startServer } from '../../core/http/server.ts';
import { openStore } from '../../core/store/open.ts';
import type { PlanVersion } from '../model.ts';
import { registerEvaluateCommand } from './commands.ts';
import { importTestExtract, SHAPE, TEST_DESIGN } from './fixtures.test-support.ts';
import { type EvaluationJson, runJson } from './format.ts';
import { designFromPlan } from './from-plan.ts';
import { patrolEvaluationRoutes } from './routes.ts';
import { evaluateDesign } from './store.ts';

let server: Awaited<ReturnType<typeof startServer>>;
let dir: string;
/** The store's file or URL. */
let location: string;
let dispose: () => Promise<void>;
const URL_ = '/api/forces/leicestershire/patrol-evaluations';

before(async () => {
  const t = await leicestershireStore();
  await importTestExtract(t.store, t.dir);
  await t.store.close();
  dir = t.dir;
  location = t.location;
  server = await startServer({
    dbPath: t.location,
    port: 0,
    plugins: [patrolEvaluationRoutes],
    ...AS_ADMIN,
  });
  dispose = async () => {
    await server.close();
    await t.dispose().catch(() => {});
  };
});
after(async () => dispose());

async function post(body: unknown, query = '', headers: Record<string, string> = AS_ADMIN_HEADERS) {
  const r = await fetch(`${server.url}${URL_}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: r.status,
    type: r.headers.get('content-type') ?? '',
    disposition: r.headers.get('content-disposition'),
    text: await r.text(),
  };
}
const AS_ADMIN_HEADERS: Record<string, string> = {};

test('POST patrol-evaluations: estimates, intervals, detectable effects, words, seeds and the panel inline', async () => {
  const { force: _f, ...body } = TEST_DESIGN;
  const r = await post(body);
  assert.equal(r.status, 200, r.text.slice(0, 300));
  const j = JSON.parse(r.text) as EvaluationJson;
  assert.equal(j.kind, 'crossover');
  assert.equal(j.synthetic, true);
  assert.match(j.labels[0], /^SYNTHETIC/);
  assert.equal(j.estimates.length, 4);
  for (const e of j.estimates) {
    assert.ok(e.wording.length > 20);
    if (e.estimable) assert.ok((e.lower ?? 0) <= (e.estimate ?? 0) && (e.estimate ?? 0) <= (e.upper ?? 0));
    if (e.noDetectableEffect) assert.match(e.wording, /^No (detectable effect|estimate)/);
  }
  assert.equal(j.design.allocationSeed, 7);
  assert.equal(j.design.permutationSeed, 1);
  assert.equal(j.power.alpha, 0.05);
  assert.equal(j.power.power, 0.8);
  assert.equal(j.panel.rows, SHAPE.H * SHAPE.DAYS);
  assert.match(j.panel.csv ?? '', /^# SYNTHETIC/);
});

test('?format=csv downloads the place-day panel, labelled SYNTHETIC in its name and first line', async () => {
  const r = await post(TEST_DESIGN, '?format=csv');
  assert.equal(r.status, 200);
  assert.match(r.type, /text\/csv/);
  assert.match(r.disposition ?? '', /leicestershire-patrol-panel-2022-06-06-SYNTHETIC\.csv/);
  assert.match(r.text, /^# SYNTHETIC/);
  assert.equal(
    r.text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#')).length,
    1 + SHAPE.H * SHAPE.DAYS,
  );
});

test('bad designs are refused with a 400 naming the field; a design for another force is refused', async () => {
  const noDays = await post({ ...TEST_DESIGN, days: 0 });
  assert.equal(noDays.status, 400);
  assert.match(noDays.text, /days/);
  const both = await post({ ...TEST_DESIGN, patrolled: ['HS1'] });
  assert.equal(both.status, 400);
  assert.match(both.text, /either allocation .* or patrolled/);
  const other = await post({ ...TEST_DESIGN, force: 'west-midlands' });
  assert.equal(other.status, 400);
  assert.match(
    (JSON.parse(other.text) as { error: { message: string } }).error.message,
    /sent for "leicestershire"/,
  );
});

test('the access rule: patrol-plans read; the public is refused', async () => {
  const s = await startServer({
    dbPath: location,
    port: 0,
    plugins: [patrolEvaluationRoutes],
    access: accessControl,
    identify: testIdentify,
  });
  try {
    const call = (h: Record<string, string>) =>
      fetch(`${s.url}${URL_}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...h },
        body: JSON.stringify(TEST_DESIGN),
      });
    const anon = await call({});
    assert.equal(anon.status, 401);
    const analyst = await call(as(principal('a-1', { role: 'analyst', force: 'leicestershire' })));
    assert.equal(analyst.status, 200, await analyst.text());
  } finally {
    await s.close();
  }
});

test('beatwise patrols evaluate --design … --format json --panel out.csv', async () => {
  const file = join(dir, 'design.json');
  const panel = join(dir, 'panel.csv');
  writeFileSync(file, JSON.stringify(TEST_DESIGN));
  const run = async (...args: string[]) => {
    const program = new Command('beatwise').option('--db <file>').exitOverride();
    registerEvaluateCommand(program.command('patrols'));
    const lines: string[] = [];
    const log = console.log;
    const err = process.stderr.write.bind(process.stderr);
    console.log = (...a: unknown[]) => lines.push(a.join(' '));
    process.stderr.write = () => true;
    try {
      await program.parseAsync(['node', 'beatwise', '--db', location, 'patrols', 'evaluate', ...args]);
    } finally {
      console.log = log;
      process.stderr.write = err;
    }
    return lines.join('\n');
  };
  const j = JSON.parse(await run('--design', file, '--format', 'json', '--panel', panel)) as EvaluationJson;
  assert.equal(j.kind, 'crossover');
  assert.equal(j.panel.csv, null);
  assert.match(readFileSync(panel, 'utf8'), /^# SYNTHETIC/);
  const table = await run('--design', file);
  assert.match(table, /^SYNTHETIC/);
  assert.match(table, /Allocation seed 7/);
  assert.match(table, /Weighted displacement quotient/);
  const csv = await run('--design', file, '--format', 'csv');
  assert.match(csv, /outcome,model,rate_ratio,lower_95,upper_95/);
});

test('a stored randomised plan evaluates as its design: the same hotspots, days and redrawn allocation', async () => {
  const store = await openStore({ db: location });
  try {
    const plan = {
      planId: 9,
      force: TEST_DESIGN.force,
      startDate: TEST_DESIGN.startDate,
      days: TEST_DESIGN.days,
      params: { types: 'all-crime' },
      allocation: { ...TEST_DESIGN.allocation, days: TEST_DESIGN.days, weekLength: 7 },
      hotspots: TEST_DESIGN.hotspots
        .map((h, i) => ({ rank: i + 1, x: h.easting, y: h.northing, radiusM: 150 }))
        .reverse(),
    } as unknown as PlanVersion;
    const fromPlan = await evaluateDesign(store.db, { ...designFromPlan(plan), permutations: 99 });
    const direct = await evaluateDesign(store.db, { ...TEST_DESIGN, selection: 'all-crime' });
    const a = runJson(fromPlan, { panel: true });
    const b = runJson(direct, { panel: true });
    assert.equal(a.panel.csv?.replace(/^H(\d+),/gm, 'HS$1,'), b.panel.csv);
    assert.deepEqual(a.estimates, b.estimates);
    assert.equal(a.design.allocationSeed, 7);
    assert.throws(() => designFromPlan({ ...plan, allocation: null }), /was not randomised/);
  } finally {
    await store.close();
  }
});
