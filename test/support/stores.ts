import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SqliteStore } from '../../src/core/store/sqlite.ts';
import { SqliteStore as Sqlite } from '../../src/core/store/sqlite.ts';
import { loadForce, readForceSpec } from '../../src/force/index.ts';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const LEICS_FORCE = join(REPO, 'data', 'forces', 'leicestershire.json');
export const LEICS_CRIMES = join(REPO, 'data', 'samples', 'leicestershire', 'crimes');

/** A fresh store file in its own temporary folder; `dispose()` removes both. */
export async function tempStore(): Promise<{
  store: SqliteStore;
  dir: string;
  dispose: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'beatwise-test-'));
  const store = await Sqlite.open(join(dir, 'test.db'));
  return {
    store,
    dir,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh store holding the derived Leicestershire structure and boundaries (no crimes). */
export async function leicestershireStore() {
  const t = await tempStore();
  await loadForce(t.store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
  return t;
}
