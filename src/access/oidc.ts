import type { RoleGrant } from '../core/http/principal.ts';
import { formatGrant } from './grants.ts';

/** better-auth's id for the force's identity provider (its callback is /api/auth/callback/force). */
export const OIDC_PROVIDER = 'force';

/** The group ids a provider profile (ID-token claims) lists under `claim`. */
export function readGroups(profile: Record<string, unknown> | undefined, claim: string): string[] {
  const v = profile?.[claim];
  if (Array.isArray(v)) return v.filter((g): g is string => typeof g === 'string');
  if (typeof v === 'string') return v.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The grants the groups give, each once. */
export function grantsForGroups(
  groups: readonly string[],
  roleMap: ReadonlyMap<string, readonly RoleGrant[]>,
): RoleGrant[] {
  const seen = new Map<string, RoleGrant>();
  for (const g of groups) for (const grant of roleMap.get(g) ?? []) seen.set(formatGrant(grant), grant);
  return [...seen.values()];
}
