/**
 * The West Midlands test store for the paper's tests: structure and boundaries, the paper's workforce
 * tables, and the bundled synthetic extract (2021-04 to 2023-03), in a temporary folder.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempStore } from '../../test/support/stores.ts';
import { importCrimeFiles } from '../crime/index.ts';
import { loadForce, readForceSpec } from '../force/index.ts';
import { loadBundledWorkforce } from '../workforce/index.ts';

export async function westMidlandsStore() {
  const t = await tempStore();
  const wm = join(REPO, 'data', 'forces', 'west-midlands.json');
  await loadForce(t.store, readForceSpec(wm), wm);
  await loadBundledWorkforce(t.store);
  const dir = join(REPO, 'data', 'samples', 'west-midlands', 'crimes');
  const files = readdirSync(dir)
    .filter((f) => /\.csv(\.gz)?$/.test(f))
    .sort()
    .map((f) => join(dir, f));
  await importCrimeFiles(t.store, files, { force: 'west-midlands', rejectsDir: join(t.dir, 'rejects') });
  return t;
}
