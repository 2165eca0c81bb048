// A Leicestershire test store holding seeded police.uk-style burglaries around Leicester city
// centre: 60 map points, three months, some points hit again the next month (near repeats).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leicestershireStore } from '../../test/support/stores.ts';
import { Rng } from '../core/rng.ts';
import type { Store } from '../core/store/store.ts';
import { importCrimeFiles } from '../crime/index.ts';

export const FORCE = 'leicestershire';

export async function burglaryStore() {
  const t = await leicestershireStore();
  await addBurglaries(t.store, t.dir);
  return t;
}

/** Imports the seeded burglaries into a store that holds the Leicestershire force; files go in `dir`. */
export async function addBurglaries(store: Store, dir: string): Promise<void> {
  const rng = new Rng(19);
  const points = Array.from({ length: 60 }, (_, k) => ({
    lon: -1.16 + rng.range(0, 0.05),
    lat: 52.62 + rng.range(0, 0.03),
    street: `On or near Street ${k % 25}`,
  }));
  const header =
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
  for (const month of ['2022-02', '2022-03', '2022-04']) {
    const rows = [header];
    for (let k = 0; k < 70; k++) {
      const p = points[rng.int(k < 20 ? 10 : 60)];
      const crime = Array.from({ length: 8 }, () => rng.uint32().toString(16).padStart(8, '0')).join('');
      rows.push(
        `${crime},${month},Leicestershire Police,Leicestershire Police,${p.lon.toFixed(6)},${p.lat.toFixed(6)},${p.street},,,Burglary,,`,
      );
    }
    writeFileSync(join(dir, `${month}-burglary.csv`), `${rows.join('\n')}\n`);
  }
  await importCrimeFiles(
    store,
    ['2022-02', '2022-03', '2022-04'].map((m) => join(dir, `${m}-burglary.csv`)),
    { force: FORCE, rejectsDir: join(dir, 'rejects') },
  );
}
