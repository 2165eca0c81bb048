/**
 * A SQLite store holding the West Midlands force (NPUs, ward teams, Impact Areas) and `rows`
 * generated police.uk crimes over 2013-01..2022-12, for the benchmarks that need a big store.
 * Reused when the same rows and seed were built before (the store records them).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dataDir } from '../../src/core/data-dir.ts';
import { SqliteStore } from '../../src/core/store/sqlite.ts';
import { importCrimeFiles } from '../../src/crime/index.ts';
import { loadForce, readForceSpec } from '../../src/force/index.ts';
import { loadLsoas, MapPoints, writePoliceUkFiles } from './police-uk.ts';
import { Rng } from './rng.ts';

export interface BuiltStore {
  path: string;
  reused: boolean;
  generateMs: number;
  importMs: number;
}

export async function westMidlandsStore(out: string, rows: number, seed: number): Promise<BuiltStore> {
  const path = join(out, 'store.db');
  const stamp = join(out, 'store.json');
  const want = JSON.stringify({ rows, seed, version: 1 });
  if (existsSync(path) && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) {
    return { path, reused: true, generateMs: 0, importMs: 0 };
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const data = dataDir();
  const lsoaFiles = ['25', '26', '27', '28', '29', '30', '31'].map((d) =>
    join(data, 'boundaries', 'west-midlands', 'lsoa', `lsoa_2011_E080000${d}.geojson.gz`),
  );
  const t0 = performance.now();
  const rng = new Rng(seed);
  const points = new MapPoints(await loadLsoas(lsoaFiles), rng);
  const files = writePoliceUkFiles(rng, points, {
    rows,
    outDir: join(out, 'csv'),
    forceName: 'West Midlands Police',
    forceSlug: 'west-midlands',
    from: '2013-01',
    to: '2022-12',
  });
  const generateMs = performance.now() - t0;
  const store = await SqliteStore.open(path);
  const forceFile = join(data, 'forces', 'west-midlands.json');
  await loadForce(store, readForceSpec(forceFile), forceFile);
  const t1 = performance.now();
  await importCrimeFiles(
    store,
    files.map((f) => f.path),
    { force: 'west-midlands', rejectsDir: join(out, 'rejects') },
  );
  const importMs = performance.now() - t1;
  await store.close();
  rmSync(join(out, 'csv'), { recursive: true, force: true });
  writeFileSync(stamp, want);
  return { path, reused: false, generateMs, importMs };
}
