import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { BeatwiseError } from '../core/errors.ts';
import type { RoleGrant } from '../core/http/principal.ts';
import type { Store } from '../core/store/store.ts';
import { type Auth, createAuth } from './auth.ts';
import { type AccessEnv, readAccessEnv } from './settings.ts';
import { type AccessTables, accessDb } from './tables.ts';
import { addGrant } from './users.ts';

/** Sign-in for one store: better-auth configured for it, and our tables. */
export interface Access {
  auth: Auth;
  db: Kysely<AccessTables>;
  env: AccessEnv;
  baseUrl: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

/** Whether `host` is an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Where the session secret of a loopback demo store is kept (readable by its owner only). */
export function secretFilePath(store: Store): string | null {
  return store.location === ':memory:' ? null : `${store.location}.auth-secret`;
}

/**
 * BEATWISE_AUTH_SECRET, or for a loopback server a secret generated once and kept in a 0600 file
 * beside the store (a :memory: store gets one for the process).
 */
export function sessionSecret(store: Store, env: AccessEnv, loopback: boolean): string {
  if (env.secret) return env.secret;
  if (!loopback)
    throw new BeatwiseError(
      'access.no_secret',
      'set BEATWISE_AUTH_SECRET (at least 32 random characters, e.g. `openssl rand -base64 32`) to serve beyond this machine',
    );
  const file = secretFilePath(store);
  if (!file) return randomBytes(32).toString('base64url');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

const services = new WeakMap<Store, Access>();

/**
 * The sign-in service of a store served at `host:port`, made at its first use (the port is known
 * only once the server listens). BEATWISE_PUBLIC_URL overrides the URL the browser uses.
 */
export function accessFor(store: Store, where: { host: string; port: number }): Access {
  const known = services.get(store);
  if (known) return known;
  const env = readAccessEnv();
  const loopback = isLoopback(where.host);
  const host = where.host.includes(':') && !where.host.startsWith('[') ? `[${where.host}]` : where.host;
  const baseUrl = env.publicUrl ?? `http://${host}:${where.port}`;
  const trustedOrigins = [baseUrl];
  if (loopback && !env.publicUrl)
    trustedOrigins.push(`http://localhost:${where.port}`, `http://127.0.0.1:${where.port}`);
  const auth = createAuth(store, {
    secret: sessionSecret(store, env, loopback),
    baseUrl,
    trustedOrigins,
    secureCookies: baseUrl.startsWith('https:') || !loopback,
    lockout: env.lockout,
    session: env.session,
    oidc: env.oidc,
  });
  const access: Access = { auth, db: accessDb(store), env, baseUrl };
  services.set(store, access);
  return access;
}

/**
 * better-auth for the command line: creates users and hashes passwords; it serves no requests, so
 * it needs no provider, and its secret signs nothing.
 */
export function adminAuth(store: Store): Auth {
  const env = readAccessEnv();
  return createAuth(store, {
    secret: env.secret ?? randomBytes(32).toString('base64url'),
    baseUrl: 'http://127.0.0.1',
    trustedOrigins: [],
    secureCookies: false,
    lockout: env.lockout,
    session: env.session,
    oidc: null,
  });
}

/** Creates a local account with a password and its grants; the email must be new. */
export async function createLocalUser(
  auth: Auth,
  db: Kysely<AccessTables>,
  u: { email: string; name: string; password: string; grants: readonly RoleGrant[] },
): Promise<string> {
  const email = u.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email))
    throw new BeatwiseError('access.bad_email', `"${u.email}" is not an email address`);
  if (!u.name.trim()) throw new BeatwiseError('access.bad_name', 'give the user a name (--name "Jo Bloggs")');
  const ctx = await auth.$context;
  const { minPasswordLength, maxPasswordLength } = ctx.password.config;
  if (u.password.length < minPasswordLength || u.password.length > maxPasswordLength)
    throw new BeatwiseError(
      'access.bad_password',
      `a password must have ${minPasswordLength} to ${maxPasswordLength} characters`,
    );
  const exists = await db.selectFrom('user').select('id').where('email', '=', email).executeTakeFirst();
  if (exists) throw new BeatwiseError('access.user_exists', `there is already a user ${email}`);
  const hash = await ctx.password.hash(u.password);
  const user = await ctx.internalAdapter.createUser(
    { email, name: u.name.trim(), emailVerified: true },
    { method: 'admin' },
  );
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: hash,
  });
  for (const g of u.grants) await addGrant(db, user.id, g);
  return user.id;
}
