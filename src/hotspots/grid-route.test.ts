// The hotspot grid over HTTP as a user meets it: 150 m cells by default, each named by where it is,
// and downloads that say what they hold (summary, caveats) with rounded numbers.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { AS_ADMIN } from '../../test/support/principals.ts';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import { startServer } from '../core/http/server.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { ROUTES } from '../server.ts';

let server: Awaited<ReturnType<typeof startServer>>;

before(async () => {
  const t = await leicestershireStore();
  await importCrimeFiles(t.store, [join(LEICS_CRIMES, '2022-04-leicestershire-street.csv.gz')], {
    rejectsDir: join(t.dir, 'rejects'),
  });
  await t.store.close();
  server = await startServer({ dbPath: t.location, port: 0, plugins: ROUTES, ...AS_ADMIN });
});
after(async () => server.close());

interface Row {
  cell_id: string;
  x_min: number;
  y_min: number;
  size_m: number;
  count: number;
  place: string | null;
  lsoa: string | null;
  ward: string | null;
  team: string | null;
}
const AREA = 'district:E06000016';

test('the grid defaults to 150 m cells and says its cells, months, selection and weights', async () => {
  const r = await fetch(`${server.url}/api/forces/leicestershire/hotspots/grid?area=${AREA}`);
  assert.equal(r.status, 200);
  const j = (await r.json()) as { grid: { cellSizeM: number; cellSizeChosen: boolean }; summary: string };
  assert.equal(j.grid.cellSizeM, 150);
  assert.equal(j.grid.cellSizeChosen, false);
  assert.match(
    j.summary,
    /^150 m square cells · 2022-04 · All crime \(excluding anti-social behaviour\) · harm weights: /,
  );
});

test('each cell with crime is named by its most common location, with its LSOA, ward and team', async () => {
  const j = (await (
    await fetch(`${server.url}/api/forces/leicestershire/hotspots/grid?area=${AREA}`)
  ).json()) as {
    rows: Row[];
  };
  const top = [...j.rows].sort((a, b) => b.count - a.count)[0];
  assert.ok(top.count > 0 && top.place && top.lsoa && top.ward);
  assert.ok(j.rows.filter((c) => c.count === 0).every((c) => c.place === null));
  // The store's own answer: locations of the non-ASB crimes inside that cell's square.
  const rows = await sql<{ location: string; n: number }>`SELECT lo.text AS location, count(*) AS n
    FROM crimes c JOIN labels lo ON lo.id = c.location JOIN areas u ON u.id = c.district_id
    WHERE u.code = 'E06000016' AND c.category <> 0
      AND c.easting >= ${top.x_min} AND c.easting < ${top.x_min + 150}
      AND c.northing >= ${top.y_min} AND c.northing < ${top.y_min + 150}
    GROUP BY lo.text ORDER BY n DESC, lo.text`.execute(server.store.db);
  assert.equal(top.place, rows.rows[0].location);
  const cell = (await (
    await fetch(`${server.url}/api/forces/leicestershire/hotspots/cell?area=${AREA}&id=${top.cell_id}`)
  ).json()) as { places: { location: string; count: number }[]; place: string };
  assert.equal(cell.place, top.place);
  assert.deepEqual(
    cell.places,
    rows.rows.map((x) => ({ location: x.location, count: Number(x.n) })),
  );
  assert.equal(
    cell.places.reduce((s, p) => s + p.count, 0),
    top.count,
  );
});

test('the CSV download starts with its summary and caveats and rounds its numbers', async () => {
  const r = await fetch(`${server.url}/api/forces/leicestershire/hotspots/grid?area=${AREA}&format=csv`);
  const lines = (await r.text()).trimEnd().split('\n');
  assert.match(lines[0], /^# Beatwise hotspot grid: 150 m square cells · 2022-04 · /);
  assert.ok(lines.some((l) => /^# open police\.uk data: locations are approximate/.test(l)));
  const header = lines.findIndex((l) => l.startsWith('cell_id,'));
  assert.ok(header > 0);
  assert.match(lines[header], /,place,lsoa,ward,team$/);
  for (const l of lines.slice(header + 1)) assert.doesNotMatch(l, /\.0*[1-9]\d{4,}/);
});
