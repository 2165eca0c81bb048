// The access policy, rule by rule: the public's view, each role's reach and scope, the union of two
// grants, field-level filtering, the cache view key, and decide()'s speed.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import type { Principal, RoleGrant } from '../core/http/principal.ts';
import {
  accessControl,
  cacheKey,
  decide,
  filterFields,
  isPersonal,
  POLICY,
  RESOURCES,
  type Resource,
  type Target,
} from './policy.ts';

const F = 'leicestershire';
const OTHER = 'west-midlands';
function who(userId: string, ...grants: RoleGrant[]): Principal {
  return { userId, email: `${userId}@x`, name: userId, grants, method: 'password' };
}
const admin = who('a', { role: 'administrator' });
const analyst = who('an', { role: 'analyst', force: F });
const commander = who('c', { role: 'commander', force: F, unit: 'U1' });
const sergeant = who('s', { role: 'sergeant', force: F, team: 'T1' });
const officer = who('o', { role: 'officer', force: F, team: 'T1' });
const coordinator = who('v', { role: 'volunteer-coordinator', force: F });

const allow = (p: Principal | null, t: Target) => decide(p, t).allow;

test('the public reads what police.uk publishes, and nothing else', () => {
  const published = [
    'meta',
    'force-structure',
    'crime-aggregates',
    'hotspots',
    'sign-in',
    'priorities',
  ] as const;
  for (const resource of published) assert.ok(allow(null, { resource, action: 'read', force: F }), resource);
  for (const resource of Object.keys(RESOURCES) as Resource[]) {
    if ((published as readonly string[]).includes(resource)) continue;
    const d = decide(null, { resource, action: 'read', force: F });
    assert.equal(d.allow, false, resource);
    assert.equal(d.status, 401, `${resource}: the public is asked to sign in`);
  }
  // Not even published resources may be changed by the public.
  assert.equal(decide(null, { resource: 'crime-aggregates', action: 'create', force: F }).status, 401);
});

test('every rule of the table allows what it says, in its scope, and not outside it', () => {
  for (const rule of POLICY) {
    if (rule.who === 'public') continue;
    const grant: RoleGrant = { role: rule.who, force: F, unit: 'U1', team: 'T1' };
    const p = who('me', grant);
    const inScope: Target = {
      resource: rule.resource,
      action: rule.actions[0],
      force: F,
      unit: 'U1',
      team: 'T1',
      ownerId: 'me',
    };
    assert.ok(allow(p, inScope), `${rule.who} ${rule.actions[0]} ${rule.resource} in scope`);
    const d = decide(p, { ...inScope, force: OTHER });
    assert.equal(d.allow, false, `${rule.who} ${rule.resource}: another force`);
    assert.equal(d.status, 403);
    if (rule.scope === 'unit')
      assert.ok(
        !allow(p, { ...inScope, unit: 'U2', team: 'T9' }),
        `${rule.who} ${rule.resource}: other unit`,
      );
    if (rule.scope === 'team')
      assert.ok(!allow(p, { ...inScope, team: 'T2' }), `${rule.who} ${rule.resource}: other team`);
    if (rule.scope === 'own')
      assert.ok(!allow(p, { ...inScope, ownerId: 'someone-else' }), `${rule.who} ${rule.resource}: not own`);
    for (const action of ['read', 'create', 'update', 'delete'] as const)
      if (
        !POLICY.some((r) => r.who === rule.who && r.resource === rule.resource && r.actions.includes(action))
      )
        assert.ok(!allow(p, { ...inScope, action }), `${rule.who} may not ${action} ${rule.resource}`);
  }
});

test('roles: what each may and may not do', () => {
  const t = (resource: Resource, action: Target['action'] = 'read', extra: Partial<Target> = {}): Target => ({
    resource,
    action,
    force: F,
    ...extra,
  });
  // Administrator: everything, any force, but not victims' contact details.
  assert.ok(allow(admin, t('users', 'create', { force: OTHER })));
  assert.ok(allow(admin, t('audit')));
  assert.ok(!allow(admin, t('victim-contact', 'read', { unit: 'U1' })));
  // Analyst: force-wide read, imports, rejects; no users, audit, casework.
  assert.ok(allow(analyst, t('imports', 'create')));
  assert.ok(allow(analyst, t('rejects')));
  assert.ok(allow(analyst, t('workforce')));
  assert.ok(!allow(analyst, t('users')));
  assert.ok(!allow(analyst, t('audit')));
  assert.ok(!allow(analyst, t('referrals', 'read', { team: 'T1' })));
  assert.ok(!allow(analyst, t('rejects', 'read', { force: OTHER })));
  // Commander: its unit's casework; no imports or rejects.
  assert.ok(allow(commander, t('referrals', 'update', { unit: 'U1', team: 'T1' })));
  assert.ok(!allow(commander, t('referrals', 'read', { unit: 'U2', team: 'T7' })));
  assert.ok(!allow(commander, t('rejects')));
  assert.ok(!allow(commander, t('imports')));
  // Sergeant: its team; no workforce, no victims' contacts.
  assert.ok(allow(sergeant, t('patrol-plans', 'create', { unit: 'U1', team: 'T1' })));
  assert.ok(!allow(sergeant, t('patrol-plans', 'read', { unit: 'U1', team: 'T2' })));
  assert.ok(!allow(sergeant, t('workforce')));
  assert.ok(!allow(sergeant, t('victim-contact', 'read', { team: 'T1' })));
  // Officer: own logs and entries, own team's plans (read only).
  assert.ok(allow(officer, t('patrol-logs', 'create', { team: 'T1', ownerId: 'o' })));
  assert.ok(!allow(officer, t('patrol-logs', 'read', { team: 'T1', ownerId: 's' })));
  assert.ok(allow(officer, t('patrol-plans', 'read', { team: 'T1' })));
  assert.ok(!allow(officer, t('patrol-plans', 'create', { team: 'T1' })));
  // Volunteer coordinator: volunteers only (and what the public sees).
  assert.ok(allow(coordinator, t('volunteers', 'create')));
  assert.ok(!allow(coordinator, t('exact-locations')));
  assert.ok(!allow(coordinator, t('referrals', 'read', { team: 'T1', ownerId: 'v' })));
  assert.ok(allow(coordinator, t('crime-aggregates')));
});

test('a user with two grants gets the union of both', () => {
  const both = who(
    'b',
    { role: 'sergeant', force: F, team: 'T1' },
    { role: 'volunteer-coordinator', force: F },
  );
  assert.ok(allow(both, { resource: 'volunteers', action: 'create', force: F }));
  assert.ok(allow(both, { resource: 'patrol-plans', action: 'create', force: F, team: 'T1' }));
  assert.ok(!allow(both, { resource: 'workforce', action: 'read', force: F }));
  const twoForces = who('t', { role: 'analyst', force: F }, { role: 'analyst', force: OTHER });
  assert.ok(allow(twoForces, { resource: 'rejects', action: 'read', force: OTHER }));
  assert.ok(!allow(twoForces, { resource: 'rejects', action: 'read', force: 'essex' }));
});

test('personal resources are marked so; unknown resources are refused', () => {
  for (const r of [
    'rejects',
    'referrals',
    'victim-contact',
    'offenders',
    'volunteers',
    'audit',
    'patrol-logs',
  ] as const)
    assert.ok(isPersonal(r), r);
  for (const r of ['crime-aggregates', 'hotspots', 'workforce'] as const) assert.ok(!isPersonal(r), r);
  assert.equal(accessControl.decide(admin, { resource: 'no-such-thing', action: 'read' }).allow, false);
  assert.equal(accessControl.isPersonal('rejects'), true);
});

test('field-level: the sergeant sees the referral but not the victim contact; the commander sees both', () => {
  const referral = {
    id: 'R-17',
    team: 'T1',
    summary: 'repeat burglary victim, target hardening offered',
    victimContact: { phone: '07700 900123', address: '1 High Street' },
  };
  const where = { force: F, unit: 'U1', team: 'T1', ownerId: 'o' };
  const bySergeant = filterFields(sergeant, 'referrals', referral, where);
  assert.equal(bySergeant.summary, referral.summary);
  assert.ok(!('victimContact' in bySergeant));
  assert.deepEqual(filterFields(commander, 'referrals', referral, where), referral);
  // The officer who owns the entry sees the contact; another officer of the team does not.
  assert.ok('victimContact' in filterFields(officer, 'referrals', referral, where));
  assert.ok(!('victimContact' in filterFields(officer, 'referrals', referral, { ...where, ownerId: 'x' })));
  assert.ok(!('victimContact' in filterFields(null, 'referrals', referral, where)));
  // The record itself is untouched.
  assert.ok('victimContact' in referral);
});

test('cache keys: the same force-wide reach shares answers; the public, other reaches and personal data do not', () => {
  const k = (p: Principal | null, r: Resource = 'crime-aggregates') => cacheKey(p, r, F);
  assert.equal(k(null), 'public');
  // Every officer (or sergeant) of the force sees the same harm table, whatever their team.
  assert.equal(
    k(who('o1', { role: 'officer', force: F, team: 'T1' })),
    k(who('o2', { role: 'officer', force: F, team: 'T2' })),
  );
  assert.equal(k(who('x', { role: 'analyst', force: F })), k(who('y', { role: 'analyst', force: F })));
  // What differs in reach differs in key: exact hotspots for staff, not for the public or a coordinator.
  assert.notEqual(k(officer, 'hotspots'), k(null, 'hotspots'));
  assert.notEqual(k(officer, 'hotspots'), k(coordinator, 'hotspots'));
  assert.notEqual(k(analyst), k(who('a2', { role: 'analyst', force: OTHER })));
  // Team-scoped resources key by team; own-scoped ones by the user; personal data is never cached.
  assert.notEqual(
    k(sergeant, 'patrol-plans'),
    k(who('s2', { role: 'sergeant', force: F, team: 'T2' }), 'patrol-plans'),
  );
  assert.notEqual(
    k(officer, 'engagement'),
    k(who('o3', { role: 'officer', force: F, team: 'T1' }), 'engagement'),
  );
  assert.equal(k(analyst, 'rejects'), null);
  assert.equal(k(commander, 'referrals'), null);
});

test('decide() takes well under 1 ms', () => {
  const many = who(
    'm',
    ...Array.from({ length: 6 }, (_, i): RoleGrant => ({ role: 'sergeant', force: F, team: `T${i}` })),
  );
  const targets: Target[] = [
    { resource: 'crime-aggregates', action: 'read', force: F },
    { resource: 'referrals', action: 'update', force: F, team: 'T9' },
    { resource: 'workforce', action: 'read', force: F },
  ];
  const n = 200_000;
  let allowed = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) if (decide(i % 2 ? many : analyst, targets[i % 3]).allow) allowed++;
  const perCall = (performance.now() - t0) / n;
  assert.ok(allowed > 0);
  assert.ok(perCall < 0.05, `${(perCall * 1000).toFixed(2)} µs per decide()`);
  console.log(`decide(): ${(perCall * 1000).toFixed(2)} µs per call over ${n.toLocaleString('en-GB')} calls`);
});

test('volunteer members’ contact details: the coordinator and the group’s own team only', () => {
  const member = { ref: 'M1', name: 'A', contact: { email: 'a@example.org', phone: null } };
  const where = { force: F, unit: 'U1', team: 'T1' };
  const sees = (p: Principal | null) => 'contact' in filterFields(p, 'volunteers', member, where);
  assert.equal(sees(coordinator), true);
  assert.equal(sees(sergeant), true);
  assert.equal(sees(officer), true);
  assert.equal(sees(who('s2', { role: 'sergeant', force: F, team: 'T2' })), false);
  assert.equal(sees(commander), false);
  assert.equal(sees(analyst), false);
  assert.equal(sees(who('ad', { role: 'administrator', force: F })), false);
  assert.equal(allow(null, { resource: 'priorities', action: 'create', force: F }), false);
});
