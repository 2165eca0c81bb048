// `beatwise hotspots …` as a user runs it, on two real Leicestershire months.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LEICS_CRIMES, LEICS_FORCE, REPO } from '../../test/support/stores.ts';

const dir = mkdtempSync(join(tmpdir(), 'beatwise-hotspots-cli-'));
const db = join(dir, 'cli.db');
after(() => rmSync(dir, { recursive: true, force: true }));

function beatwise(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'beatwise.js'), '--db', db, ...args], {
    encoding: 'utf8',
    cwd: dir,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const HEADER = 'cell_id,x_min,y_min,size_m,count,harm,gi_z,gi_p,gi_q,gi_bin';
const LE = ['--area', 'unit:LE', '--cell', '250'];

before(() => {
  assert.equal(beatwise('force', 'load', LEICS_FORCE).code, 0);
  const months = ['2022-03', '2022-04'].map((m) => join(LEICS_CRIMES, `${m}-leicestershire-street.csv.gz`));
  const r = beatwise('import', 'crimes', '--force', 'leicestershire', ...months);
  assert.equal(r.code, 0, r.err);
});

test('grid and gistar CSV: exactly the agreed columns, one row per study cell, caveats on stderr', () => {
  const grid = beatwise('hotspots', 'grid', ...LE, '--format', 'csv');
  assert.equal(grid.code, 0, grid.err);
  const lines = grid.out.trim().split('\n');
  assert.equal(lines[0], HEADER);
  assert.match(grid.err, /caveat: open police\.uk data: locations are approximate/);
  // grid leaves the Gi* columns empty; gistar fills them for the same cells.
  assert.match(lines[1], /^250m_-?\d+_-?\d+,\d+,\d+,250,\d+,[\d.]+,,,,$/);
  const gi = beatwise('hotspots', 'gistar', ...LE, '--format', 'csv');
  const giLines = gi.out.trim().split('\n');
  assert.equal(giLines[0], HEADER);
  assert.equal(giLines.length, lines.length);
  const fields = giLines[1].split(',');
  assert.equal(fields.length, 10);
  assert.ok(Number.isFinite(Number(fields[6])) && fields[6] !== '');
  assert.ok(['-3', '-2', '-1', '0', '1', '2', '3'].includes(fields[9]));
});

test('GeoJSON is WGS84 polygons with the caveats as a member', () => {
  const out = join(dir, 'gi.geojson');
  const r = beatwise('hotspots', 'gistar', ...LE, '--format', 'geojson', '--out', out);
  assert.equal(r.code, 0, r.err);
  const fc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(fc.type, 'FeatureCollection');
  assert.ok(fc.caveats.some((c: string) => /approximate/.test(c)));
  const f = fc.features[0];
  assert.equal(f.geometry.type, 'Polygon');
  const [lon, lat] = f.geometry.coordinates[0][0];
  assert.ok(lon > -1.4 && lon < -0.9 && lat > 52.5 && lat < 52.8, `${lon}, ${lat}`);
  assert.deepEqual(Object.keys(f.properties), HEADER.split(','));
});

test('a grid over a million cells is refused, saying which size or extent to change', () => {
  // The work bound refuses it before anything is built; --no-limits leaves the grid's own limit.
  const bounded = beatwise('hotspots', 'grid', '--cell', '10');
  assert.equal(bounded.code, 1);
  assert.match(bounded.err, /cell=10 m over [\d.]+ km² implies about [\d,]+ cells: use cell=\d+ or larger/);
  assert.match(bounded.err, /the limit is 500,000, set by BEATWISE_MAX_CELLS/);
  const r = beatwise('hotspots', 'grid', '--cell', '10', '--no-limits');
  assert.equal(r.code, 1);
  assert.match(r.err, /cells of 10 m \(the limit is 1,000,000\)/);
  assert.match(r.err, /Use --cell \d+ or larger, or a smaller\s+--area/);
});

test('the bounds are set by the environment and lifted with --no-limits', () => {
  const env = { ...process.env, BEATWISE_MAX_CELLS: '100', BEATWISE_MAX_KDE_WORK: '1000' };
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(REPO, 'bin', 'beatwise.js'), '--db', db, ...args], {
      encoding: 'utf8',
      cwd: dir,
      env,
    });
  const grid = run('hotspots', 'grid', ...LE);
  assert.equal(grid.status, 1);
  assert.match(grid.stderr, /cell=250 m over [\d.]+ km² implies about [\d,]+ cells.*the limit is 100,/);
  assert.equal(run('hotspots', 'grid', ...LE, '--no-limits').status, 0);
  const kde = run('hotspots', 'kde', ...LE, '--bandwidth', '1e308', '--no-limits');
  assert.equal(kde.status, 0, kde.stderr);
  const bounded = run('hotspots', 'kde', '--area', 'unit:LE', '--cell', '2000', '--bandwidth', '1e308');
  assert.equal(bounded.status, 1);
  assert.match(
    bounded.stderr,
    /bandwidth=1\.00e\+308 m over [\d,]+ crimes.*the limit is 1,000, set by BEATWISE_MAX_KDE_WORK/,
  );
});

test('table output reports the cell size (150 m unless auto is asked for); times say open data has none', () => {
  const auto = beatwise('hotspots', 'grid', '--area', 'unit:LE', '--cell', 'auto');
  assert.equal(auto.code, 0, auto.err);
  assert.match(auto.out, /square cells of \d+ m \(size chosen automatically/);
  const r = beatwise('hotspots', 'concentration', '--types', 'violence-and-sexual-offences');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /square cells of 150 m, /);
  assert.match(
    r.out,
    /1\.4% of the area \(top \d+ cells = 1\.\d\d%.*\) holds [\d.]+% of crime and [\d.]+% of harm/,
  );
  const t = beatwise('hotspots', 'times', ...LE);
  assert.equal(t.code, 0);
  assert.match(t.out, /times of day cannot be derived/);
});

test('predict writes grid rows for the month after --train-to; backtest prints naive first', () => {
  const p = beatwise(
    'hotspots',
    'predict',
    ...LE,
    '--train-to',
    '2022-03',
    '--method',
    'prospective',
    '--format',
    'csv',
  );
  assert.equal(p.code, 0, p.err);
  assert.equal(p.out.split('\n')[0], HEADER);
  const b = beatwise('hotspots', 'backtest', ...LE, '--window', '1');
  assert.equal(b.code, 0, b.err);
  const rows = b.out.split('\n').filter((l) => /^(naive|harm|kde|prospective|gistar)\s/.test(l));
  assert.equal(rows.length, 15);
  assert.match(rows[0], /^naive\s+1\.0%/);
  assert.match(b.out, /leakage audit passed/);
  const bad = beatwise('hotspots', 'predict', ...LE, '--train-to', '2022-03', '--method', 'magic');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /unknown method "magic"/);
});
