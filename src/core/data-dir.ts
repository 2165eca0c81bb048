import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's data/ folder, found from this file whether run from src/ (tsx) or dist/. */
export function dataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'data', 'forces'))) return join(dir, 'data');
    dir = dirname(dir);
  }
  return resolve('data');
}
