// The web app imports the server's response types instead of restating them (issue 13, item 9): a
// restated copy drifts from what the server sends without the typecheck noticing.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from './support/stores.ts';

function serverTypes(dir: string, out = new Set<string>()): Set<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) serverTypes(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
      for (const m of readFileSync(p, 'utf8').matchAll(/^export (?:interface|type) (\w+)/gm)) out.add(m[1]);
  }
  return out;
}

test('web/src/api/types.ts restates none of the harm, workforce and hotspot response types', () => {
  const server = new Set<string>();
  for (const f of ['harm', 'workforce', 'hotspots']) serverTypes(join(REPO, 'src', f), server);
  const web = readFileSync(join(REPO, 'web', 'src', 'api', 'types.ts'), 'utf8');
  const restated = [...web.matchAll(/^export interface (\w+)/gm)]
    .map((m) => m[1])
    .filter((n) => server.has(n));
  assert.deepEqual(restated, []);
});
