import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LEICS_FORCE, tempStore } from '../../../test/support/stores.ts';
import { loadForce, readForceSpec } from '../load.ts';
import { findForce } from '../store.ts';
import { parseTeamPublic, teamPublicByCode } from './public-info.ts';

test('a force description’s teams[].public is stored as the team’s public fields', async () => {
  const t = await tempStore();
  try {
    const spec = JSON.parse(readFileSync(LEICS_FORCE, 'utf8')) as {
      teams: { code: string; public?: unknown }[];
      boundaries: { files: string[] }[];
    };
    // The boundary paths are relative to the force file: keep them pointing at the bundled ones.
    const dir = join(LEICS_FORCE, '..');
    for (const b of spec.boundaries) b.files = b.files.map((f) => join(dir, f));
    spec.teams[0].public = {
      description: 'Our team',
      population: 8000,
      people: [{ name: 'PC Example', rank: 'Constable' }],
    };
    const file = join(t.dir, 'force.json');
    writeFileSync(file, JSON.stringify(spec));
    const force = await loadForce(t.store, readForceSpec(file), file);
    assert.ok(force);
    const f = await findForce(t.store.db, 'leicestershire');
    assert.ok(f);
    const pub = (await teamPublicByCode(t.store.db, f.id)).get(spec.teams[0].code);
    assert.equal(pub?.description, 'Our team');
    assert.equal(pub?.population, 8000);
    assert.deepEqual(pub?.people, [
      { name: 'PC Example', rank: 'Constable', bio: null, contact_details: {} },
    ]);
  } finally {
    await t.dispose();
  }
});

test('public fields are checked: the field at fault is named; user accounts are not a field', () => {
  assert.throws(() => parseTeamPublic({ population: 'many' }, 'team.json'), /team\.json: population/);
  assert.throws(() => parseTeamPublic({ people: [{ name: 'A', userId: 'u1' }] }, 'team.json'), /people\.0/);
});
