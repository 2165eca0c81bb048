import type { FastifyRequest } from 'fastify';

/**
 * Who is asking. The shared contract between identity (src/access: sessions, users, OIDC), the
 * access policy (one rule table, enforced in one server hook) and the audit log (src/audit).
 * A request with no signed-in user has `principal === null`: the public.
 */
export const ROLES = [
  'administrator',
  'analyst',
  'commander',
  'sergeant',
  'officer',
  'volunteer-coordinator',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * One role a user holds, and where. `force` is a force slug; `unit` / `team` are area codes of that
 * force (a commander's unit, a sergeant's or officer's team). Administrator and analyst grants are
 * force-wide (`force` may be omitted for every force). A user with several grants has their union.
 */
export interface RoleGrant {
  role: Role;
  force?: string;
  unit?: string;
  team?: string;
}

export interface Principal {
  userId: string;
  email: string;
  name: string;
  grants: readonly RoleGrant[];
  /** How this session was signed in. */
  method: 'password' | 'oidc';
}

/** Finds the signed-in user of a request (a session cookie), or null for the public. */
export type Identify = (req: FastifyRequest) => Promise<Principal | null>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the server's first onRequest hook for every request; null = the public. */
    principal: Principal | null;
  }
}
