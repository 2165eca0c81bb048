import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forceSlugFromName, forceSpecSchema } from './model.ts';

test('force slugs follow police.uk', () => {
  assert.equal(forceSlugFromName('Leicestershire Police'), 'leicestershire');
  assert.equal(forceSlugFromName('City of London Police'), 'city-of-london');
  assert.equal(forceSlugFromName('West Midlands Police'), 'west-midlands');
  assert.equal(forceSlugFromName('Avon and Somerset Constabulary'), 'avon-and-somerset');
  assert.equal(forceSlugFromName('Metropolitan Police Service'), 'metropolitan');
  // A name that is a key of Object.prototype is slugged like any other name.
  assert.equal(forceSlugFromName('Constructor'), 'constructor');
  assert.equal(forceSlugFromName('__proto__ Police'), 'proto');
});

test('a force description is validated with the field that is wrong', () => {
  const ok = forceSpecSchema.safeParse({ slug: 'test-force', name: 'Test' });
  assert.ok(ok.success);
  const bad = forceSpecSchema.safeParse({
    slug: 'Test Force',
    name: 'Test',
    stations: [{ name: 'HQ', lat: 10, lon: 0 }],
  });
  assert.ok(!bad.success);
  const paths = bad.error.issues.map((i) => i.path.join('.'));
  assert.deepEqual(paths.sort(), ['slug', 'stations.0.lat']);
  const ia = forceSpecSchema.safeParse({ slug: 't', name: 'T', impactAreas: [{ name: 'X', unit: 'U' }] });
  assert.ok(!ia.success);
  assert.match(ia.error.issues[0].message, /needs "areas" or "geometry"/);
});
