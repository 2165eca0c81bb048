/**
 * Principals for tests, until sign-in (src/access, another branch) provides real sessions: a request
 * names its principal as JSON in the `x-test-principal` header; without it, it is the public. Only
 * tests and benchmarks build servers with this `identify`; `beatwise serve` never does.
 */
import { accessControl } from '../../src/access/policy.ts';
import type { AccessControl } from '../../src/core/http/guard.ts';
import type { Identify, Principal, RoleGrant } from '../../src/core/http/principal.ts';

export const TEST_PRINCIPAL_HEADER = 'x-test-principal';

export const testIdentify: Identify = async (req) => {
  const h = req.headers[TEST_PRINCIPAL_HEADER];
  return typeof h === 'string' ? (JSON.parse(h) as Principal) : null;
};

export function principal(userId: string, ...grants: RoleGrant[]): Principal {
  return { userId, email: `${userId}@example.police.uk`, name: userId, grants, method: 'password' };
}

/** The header that makes a request come from `p` (none for the public). */
export function as(p: Principal | null): Record<string, string> {
  return p ? { [TEST_PRINCIPAL_HEADER]: JSON.stringify(p) } : {};
}

export const ADMIN = principal('admin-1', { role: 'administrator' });

/**
 * Server options for the tests of other features (imports, boundaries, hotspots, limits): the real
 * access policy, with every request made by an administrator.
 */
export const AS_ADMIN: { access: AccessControl; identify: Identify } = {
  access: accessControl,
  identify: async () => ADMIN,
};
