// The `beatwise` command as a user runs it: help, JSON import summary, boundary import and its errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO } from '../test/support/stores.ts';

const dir = mkdtempSync(join(tmpdir(), 'beatwise-cli-'));
const db = join(dir, 'cli.db');
after(() => rmSync(dir, { recursive: true, force: true }));

function beatwise(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'beatwise.js'), '--db', db, ...args], {
    encoding: 'utf8',
    cwd: dir,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('--help lists the commands', () => {
  const r = beatwise('--help');
  assert.equal(r.code, 0);
  for (const c of ['import', 'force', 'summary', 'demo', 'start'])
    assert.match(r.out, new RegExp(`\\b${c}\\b`));
  const imp = beatwise('import', '--help');
  assert.match(imp.out, /crimes/);
  assert.match(imp.out, /boundaries/);
});

test('import boundaries reads GeoJSON in WGS84 and BNG, and a zipped Shapefile', () => {
  const geo = join(REPO, 'test', 'fixtures', 'geo');
  const unknown = beatwise(
    'import',
    'boundaries',
    '--level',
    'lsoa',
    '--force',
    'test-force',
    join(geo, 'areas-wgs84.geojson'),
  );
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /^error: .*no force "test-force".*beatwise force create --slug test-force/m);
  assert.doesNotMatch(unknown.err, /\n\s+at /, 'no stack trace');
  const bad = beatwise('force', 'create', '--slug', 'Test Force', '--name', 'Test Police');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /not a force slug/);
  const made = beatwise('force', 'create', '--slug', 'test-force', '--name', 'Test Police');
  assert.equal(made.code, 0, made.err);
  assert.match(made.out, /created Test Police \(test-force\)/);
  const r = beatwise(
    'import',
    'boundaries',
    '--level',
    'lsoa',
    '--force',
    'test-force',
    join(geo, 'areas-wgs84.geojson'),
    join(geo, 'areas-bng.zip'),
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /areas-wgs84\.geojson: \d+ lsoa areas \(geojson, WGS84\)/);
  assert.match(r.out, /areas-bng\.zip: \d+ lsoa areas \(shapefile, British National Grid\)/);
  // A ring that crosses itself is imported, with a warning naming the file and feature.
  const bow = join(dir, 'bow.geojson');
  const ring = [
    [-1.14, 52.63],
    [-1.13, 52.64],
    [-1.13, 52.63],
    [-1.14, 52.64],
    [-1.14, 52.63],
  ];
  writeFileSync(
    bow,
    JSON.stringify({
      type: 'Feature',
      properties: { WD13CD: 'E05000009', WD13NM: 'Bow' },
      geometry: { type: 'Polygon', coordinates: [ring] },
    }),
  );
  const w = beatwise('import', 'boundaries', '--level', 'ward', '--force', 'test-force', bow);
  assert.equal(w.code, 0, w.err);
  assert.match(
    w.err,
    /^warning: .*bow\.geojson, feature 0: Feature "E05000009" has a ring that crosses itself/m,
  );
});

test('a missing code field is an error naming the file, feature and field', () => {
  const file = join(dir, 'nocode.geojson');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { label: 'x' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [-1.1, 52.6],
                [-1.0, 52.6],
                [-1.0, 52.7],
                [-1.1, 52.6],
              ],
            ],
          },
        },
      ],
    }),
  );
  const r = beatwise('import', 'boundaries', '--level', 'ward', '--force', 'test-force', file);
  assert.equal(r.code, 1);
  assert.match(r.err, /^error: .*nocode\.geojson, feature 0/m);
  assert.match(r.err, /code/);
  const bad = beatwise('import', 'boundaries', '--level', 'street', '--force', 'test-force', file);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /--level must be one of lsoa, msoa, ward/);
});

test('import crimes --json prints exactly the import counts, per file and in total', () => {
  const file = join(dir, 'few.csv');
  writeFileSync(
    file,
    [
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
      `${'a'.repeat(64)},2021-05,Leicestershire Police,Leicestershire Police,-1.13,52.63,On or near X,E01013000,Leicester 001A,Robbery,,`,
      ',2021-05,Leicestershire Police,Leicestershire Police,,,No Location,,,Anti-social behaviour,,',
      `${'b'.repeat(64)},2021-05,Leicestershire Police,Leicestershire Police,-1.13,52.63,On or near X,E01013000,Leicester 001A,Not a crime type,,`,
      '',
    ].join('\n'),
  );
  const refused = beatwise('import', 'crimes', '--json', file);
  assert.equal(refused.code, 1);
  assert.match(refused.out + refused.err, /no force .{0,3}leicestershire.*--create-force/);
  const r = beatwise('import', 'crimes', '--json', '--create-force', file);
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out) as {
    total: Record<string, number>;
    files: Record<string, Record<string, number>>;
  };
  const keys = [
    'badQuoteLines',
    'conflicts',
    'duplicates',
    'loaded',
    'outside',
    'rejected',
    'rows',
    'unlocated',
  ];
  assert.deepEqual(Object.keys(out.total).sort(), keys);
  assert.deepEqual(Object.keys(out.files[file]).sort(), keys);
  assert.deepEqual(out.total, {
    rows: 3,
    loaded: 2,
    duplicates: 0,
    rejected: 1,
    unlocated: 1,
    outside: 0,
    badQuoteLines: 0,
    conflicts: 0,
  });
  const again = JSON.parse(beatwise('import', 'crimes', '--json', file).out) as typeof out;
  assert.deepEqual(again.total, {
    rows: 3,
    loaded: 0,
    duplicates: 2,
    rejected: 1,
    unlocated: 0,
    outside: 0,
    badQuoteLines: 0,
    conflicts: 0,
  });
});

test('a file that cannot be imported makes the command fail, and the others still load', () => {
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  const good = join(dir, 'good.csv');
  writeFileSync(
    good,
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n' +
      `${'c'.repeat(64)},2021-06,Leicestershire Police,Leicestershire Police,-1.13,52.63,On or near Y,E01013000,Leicester 001A,Drugs,,\n`,
  );
  const r = beatwise('import', 'crimes', empty, good);
  assert.equal(r.code, 1);
  assert.match(r.out, /empty\.csv: NOT IMPORTED: .*empty/);
  assert.match(r.out, /good\.csv: 1 rows: 1 loaded/);
});

test('force load names the field that is wrong', () => {
  const file = join(dir, 'force.json');
  writeFileSync(
    file,
    JSON.stringify({ slug: 'x', name: 'X', teams: [{ code: 'T1', name: 'T', unit: 'U' }] }),
  );
  const r = beatwise('force', 'load', file);
  assert.equal(r.code, 1);
  assert.match(r.err, /force\.json, field "teams\.0\.areas"/);
});

test('summary on an empty store says what to do', () => {
  const r = spawnSync(
    process.execPath,
    [join(REPO, 'bin', 'beatwise.js'), '--db', join(dir, 'new.db'), 'summary'],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0);
  assert.match(r.stdout, /no forces yet|beatwise demo/);
});

test('harm --format csv has the documented columns; trends and weights print', () => {
  const r = beatwise(
    'harm',
    '--force',
    'leicestershire',
    '--level',
    'force',
    '--window',
    '1',
    '--format',
    'csv',
  );
  assert.equal(r.code, 0, r.err);
  const [head, first] = r.out.trim().split('\n');
  assert.equal(
    head,
    'level,area_code,area_name,month,count,harm,rolling_count,rolling_harm,pct_change,status',
  );
  assert.match(first, /^force,leicestershire,Leicestershire Police,2021-05,/);
  const bad = beatwise('harm', '--force', 'leicestershire', '--level', 'force', '--status-months', '0');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /--status-months must be a whole number/);
  const w = beatwise('weights', 'list');
  assert.match(w.out, /cchi-national\s+category\s+national\s+13/);
  assert.match(w.out, /No table of weights per Home Office offence code ships/);
  const t = beatwise('trends', '--force', 'leicestershire', '--selection', 'robbery', '--to', '2021-06');
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /2021\/22 year to date/);
});
