// Role grants as administrators write them, the provider's role map, and groups read from a profile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGrant, parseGrant } from './grants.ts';
import { grantsForGroups, readGroups } from './oidc.ts';
import { parseRoleMap, readAccessEnv } from './settings.ts';

test('grants: role, role@force, and the unit or team of the roles that have one', () => {
  assert.deepEqual(parseGrant('administrator'), { role: 'administrator' });
  assert.deepEqual(parseGrant('analyst@west-midlands'), { role: 'analyst', force: 'west-midlands' });
  assert.deepEqual(parseGrant('commander@west-midlands/COV'), {
    role: 'commander',
    force: 'west-midlands',
    unit: 'COV',
  });
  assert.deepEqual(parseGrant('sergeant@west-midlands/WMT7'), {
    role: 'sergeant',
    force: 'west-midlands',
    team: 'WMT7',
  });
  assert.deepEqual(parseGrant(' officer@leicestershire/E02005353 '), {
    role: 'officer',
    force: 'leicestershire',
    team: 'E02005353',
  });
  for (const text of ['analyst@west-midlands', 'sergeant@west-midlands/WMT7', 'administrator'])
    assert.equal(formatGrant(parseGrant(text)), text);
  assert.throws(() => parseGrant('chief@west-midlands'), /"chief" is not a role/);
  assert.throws(() => parseGrant('analyst@west-midlands/WMT7'), /covers a whole force and takes no area/);
  assert.throws(() => parseGrant('sergeant'), /needs a force and the team/);
  assert.throws(() => parseGrant('Analyst@WM'), /is not a role grant/);
});

test('the role map: several grants per group; groups give each grant once', () => {
  const map = parseRoleMap(
    'g1=analyst@west-midlands; g2=sergeant@west-midlands/T1;g2=officer@west-midlands/T1;',
  );
  assert.deepEqual(grantsForGroups(['g2', 'g9', 'g1', 'g1'], map), [
    { role: 'sergeant', force: 'west-midlands', team: 'T1' },
    { role: 'officer', force: 'west-midlands', team: 'T1' },
    { role: 'analyst', force: 'west-midlands' },
  ]);
  assert.deepEqual(grantsForGroups(['nothing'], map), []);
  assert.throws(() => parseRoleMap('analyst@west-midlands'), /is not <group-id>=<role grant>/);
  assert.throws(() => parseRoleMap('g1=chief'), /"chief" is not a role/);
  assert.deepEqual(readGroups({ groups: ['a', 'b', 3] }, 'groups'), ['a', 'b']);
  assert.deepEqual(readGroups({ roles: 'a b,c' }, 'roles'), ['a', 'b', 'c']);
  assert.deepEqual(readGroups({}, 'groups'), []);
});

test('settings: a short secret, an issuer without its client, and bad numbers are refused with how to fix them', () => {
  assert.throws(() => readAccessEnv({ BEATWISE_AUTH_SECRET: 'short' }), /at least 32 characters/);
  assert.throws(
    () => readAccessEnv({ BEATWISE_OIDC_ISSUER: 'https://idp.example' }),
    /BEATWISE_OIDC_CLIENT_ID/,
  );
  assert.throws(() => readAccessEnv({ BEATWISE_LOCKOUT_ATTEMPTS: '0' }), /whole number of at least 1/);
  const env = readAccessEnv({
    BEATWISE_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0/',
    BEATWISE_OIDC_CLIENT_ID: 'id',
    BEATWISE_OIDC_CLIENT_SECRET: 'secret',
  });
  assert.equal(env.oidc?.issuer, 'https://login.microsoftonline.com/tenant/v2.0');
  assert.equal(env.oidc?.groupsClaim, 'groups');
  assert.deepEqual(env.lockout, { perMinute: 20, attempts: 5, seconds: 900 });
});
