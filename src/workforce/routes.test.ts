// The workforce API names the files its tables came from, never the server's paths to them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AS_ADMIN } from '../../test/support/principals.ts';
import { REPO, tempStore } from '../../test/support/stores.ts';
import { startServer } from '../core/http/server.ts';
import { loadForce, readForceSpec } from '../force/index.ts';
import { ROUTES } from '../server.ts';
import { loadBundledWorkforce } from './index.ts';

let server: Awaited<ReturnType<typeof startServer>>;

before(async () => {
  const t = await tempStore();
  const wm = join(REPO, 'data', 'forces', 'west-midlands.json');
  await loadForce(t.store, readForceSpec(wm), wm);
  await loadBundledWorkforce(t.store);
  await t.store.close();
  server = await startServer({ dbPath: t.location, port: 0, plugins: ROUTES, ...AS_ADMIN });
});
after(async () => server.close());

test('GET /workforce gives each snapshot its file name, not the server path', async () => {
  const r = await fetch(`${server.url}/api/forces/west-midlands/workforce`);
  assert.equal(r.status, 200);
  const text = await r.text();
  assert.ok(!text.includes(REPO), 'the response holds the repository path');
  const body = JSON.parse(text) as {
    series: { establishment: { file: string } | null; strength: { file: string } | null }[];
  };
  const files = body.series.flatMap((s) => [s.establishment?.file, s.strength?.file]).filter(Boolean);
  assert.ok(files.length > 0);
  assert.ok(files.includes('west-midlands-table-1-establishment-2023-01-01.csv'), files.join(', '));
  for (const f of files) assert.doesNotMatch(f as string, /[/\\]/);
});
