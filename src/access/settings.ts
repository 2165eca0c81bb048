import { BeatwiseError } from '../core/errors.ts';
import type { RoleGrant } from '../core/http/principal.ts';
import { parseGrant } from './grants.ts';

/** The force's identity provider (OpenID Connect), from BEATWISE_OIDC_*. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The ID-token claim that lists the user's groups (Entra ID: `groups`). */
  groupsClaim: string;
  /** Provider group id → the grants its members get. */
  roleMap: ReadonlyMap<string, readonly RoleGrant[]>;
  /** Shown on the sign-in button. */
  name: string;
}

/** Password and second-factor attempts one client address may make per minute (better-auth's rate limit). */
export interface LockoutSettings {
  perMinute: number;
  /** Failed password sign-ins in a row that lock an account. */
  attempts: number;
  /** How long a locked account stays locked. */
  seconds: number;
}

/**
 * How long a session lives. It ends after `idleSeconds` without use (each use within the window
 * extends it: better-auth's `expiresIn`, refreshed every `updateAgeSeconds` of use) and, used or
 * not, `absoluteSeconds` after sign-in.
 */
export interface SessionSettings {
  idleSeconds: number;
  absoluteSeconds: number;
  /** How often a session in use is extended (better-auth's `updateAge`): a tenth of the idle timeout. */
  updateAgeSeconds: number;
}

/** The session lifetimes from BEATWISE_SESSION_IDLE_SECONDS and BEATWISE_SESSION_ABSOLUTE_SECONDS. */
export function sessionSettings(env: NodeJS.ProcessEnv = process.env): SessionSettings {
  const idleSeconds = positiveInt(env, 'BEATWISE_SESSION_IDLE_SECONDS', 30 * 60);
  const absoluteSeconds = positiveInt(env, 'BEATWISE_SESSION_ABSOLUTE_SECONDS', 12 * 60 * 60);
  if (absoluteSeconds < idleSeconds)
    throw new BeatwiseError(
      'access.bad_setting',
      `BEATWISE_SESSION_ABSOLUTE_SECONDS (${absoluteSeconds}) must be at least BEATWISE_SESSION_IDLE_SECONDS (${idleSeconds})`,
    );
  // Extending on every use would write the session row on every request; a tenth of the idle
  // timeout keeps the idle window within 10% of what was set (0 for tiny test values: every use).
  return { idleSeconds, absoluteSeconds, updateAgeSeconds: Math.floor(idleSeconds / 10) };
}

/** What the environment says about sign-in (everything but the secret and the URL, which depend on the server). */
export interface AccessEnv {
  secret: string | null;
  publicUrl: string | null;
  lockout: LockoutSettings;
  session: SessionSettings;
  oidc: OidcSettings | null;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new BeatwiseError('access.bad_setting', `${name} must be a whole number of at least 1, not "${v}"`);
  return n;
}

/**
 * Reads `<group-id>=<grant>;<group-id>=<grant>…` (grants as `beatwise user role add` takes them);
 * a group may appear several times to grant several roles.
 */
export function parseRoleMap(text: string): Map<string, RoleGrant[]> {
  const map = new Map<string, RoleGrant[]>();
  for (const part of text.split(';')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq < 1)
      throw new BeatwiseError(
        'access.bad_setting',
        `BEATWISE_OIDC_ROLE_MAP: "${part.trim()}" is not <group-id>=<role grant>`,
      );
    const group = part.slice(0, eq).trim();
    const grant = parseGrant(part.slice(eq + 1));
    map.set(group, [...(map.get(group) ?? []), grant]);
  }
  return map;
}

/**
 * The sign-in settings of the environment (BEATWISE_AUTH_SECRET, BEATWISE_OIDC_*, BEATWISE_LOCKOUT_*,
 * BEATWISE_SESSION_*).
 */
export function readAccessEnv(env: NodeJS.ProcessEnv = process.env): AccessEnv {
  const secret = env.BEATWISE_AUTH_SECRET?.trim() || null;
  if (secret && secret.length < 32)
    throw new BeatwiseError(
      'access.bad_setting',
      'BEATWISE_AUTH_SECRET must be at least 32 characters; make one with `openssl rand -base64 32`',
    );
  const issuer = env.BEATWISE_OIDC_ISSUER?.trim();
  let oidc: OidcSettings | null = null;
  if (issuer) {
    const clientId = env.BEATWISE_OIDC_CLIENT_ID?.trim();
    const clientSecret = env.BEATWISE_OIDC_CLIENT_SECRET?.trim();
    if (!clientId || !clientSecret)
      throw new BeatwiseError(
        'access.bad_setting',
        'BEATWISE_OIDC_ISSUER is set: set BEATWISE_OIDC_CLIENT_ID and BEATWISE_OIDC_CLIENT_SECRET too (from the app registration)',
      );
    oidc = {
      issuer: issuer.replace(/\/+$/, ''),
      clientId,
      clientSecret,
      groupsClaim: env.BEATWISE_OIDC_GROUPS_CLAIM?.trim() || 'groups',
      roleMap: parseRoleMap(env.BEATWISE_OIDC_ROLE_MAP ?? ''),
      name: env.BEATWISE_OIDC_NAME?.trim() || 'your force account',
    };
  }
  return {
    secret,
    publicUrl: env.BEATWISE_PUBLIC_URL?.trim().replace(/\/+$/, '') || null,
    lockout: {
      perMinute: positiveInt(env, 'BEATWISE_SIGN_IN_PER_MINUTE', 20),
      attempts: positiveInt(env, 'BEATWISE_LOCKOUT_ATTEMPTS', 5),
      seconds: positiveInt(env, 'BEATWISE_LOCKOUT_SECONDS', 15 * 60),
    },
    session: sessionSettings(env),
    oidc,
  };
}
