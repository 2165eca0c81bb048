import { type BetterAuthOptions, type BetterAuthPlugin, betterAuth } from 'better-auth';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { genericOAuth, twoFactor } from 'better-auth/plugins';
import type { Kysely } from 'kysely';
import type { RoleGrant } from '../core/http/principal.ts';
import type { Store } from '../core/store/store.ts';
import {
  accountState,
  clearFailedSignIns,
  DISABLED_MESSAGE,
  lockedMessage,
  recordFailedSignIn,
} from './lockout.ts';
import { grantsForGroups, OIDC_PROVIDER, readGroups } from './oidc.ts';
import type { LockoutSettings, OidcSettings, SessionSettings } from './settings.ts';
import type { AccessTables } from './tables.ts';
import { accessDb } from './tables.ts';
import { replaceOidcGrants } from './users.ts';

/** Everything better-auth needs from us, resolved (see access.ts). */
export interface AuthConfig {
  secret: string;
  /** Where the browser reaches Beatwise, e.g. https://beatwise.example.police.uk or http://127.0.0.1:8080. */
  baseUrl: string;
  /** Other origins the browser may use for the same server (localhost for 127.0.0.1). */
  trustedOrigins: string[];
  secureCookies: boolean;
  lockout: LockoutSettings;
  session: SessionSettings;
  oidc: OidcSettings | null;
  /** The clock (tests move it). */
  now?: () => number;
}

/** The header our request converter sets to the client's address (a client cannot set it). */
export const CLIENT_IP_HEADER = 'x-beatwise-client-ip';

const PASSWORD_SIGN_IN = '/sign-in/email';

/** Account lockout around password sign-in: better-auth rate-limits, but does not lock accounts. */
function lockoutPlugin(
  db: Kysely<AccessTables>,
  lockout: LockoutSettings,
  now: () => number,
): BetterAuthPlugin {
  const userIdOf = async (email: unknown): Promise<string | null> => {
    if (typeof email !== 'string') return null;
    const row = await db
      .selectFrom('user')
      .select('id')
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst();
    return row?.id ?? null;
  };
  return {
    id: 'beatwise-lockout',
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === PASSWORD_SIGN_IN,
          handler: createAuthMiddleware(async (ctx) => {
            const id = await userIdOf((ctx.body as { email?: unknown } | undefined)?.email);
            if (!id) return;
            const s = await accountState(db, id, now());
            if (s.state === 'locked')
              throw new APIError('FORBIDDEN', { code: 'ACCOUNT_LOCKED', message: lockedMessage(s.until) });
            if (s.state === 'disabled')
              throw new APIError('FORBIDDEN', { code: 'ACCOUNT_DISABLED', message: DISABLED_MESSAGE });
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === PASSWORD_SIGN_IN,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (!isAPIError(returned) || returned.statusCode !== 401) return;
            const id = await userIdOf((ctx.body as { email?: unknown } | undefined)?.email);
            if (!id) return;
            const until = await recordFailedSignIn(db, id, lockout, now());
            // This failure locked the account: say so now, as later attempts will (403, not 401).
            if (until !== null)
              return new Response(JSON.stringify({ code: 'ACCOUNT_LOCKED', message: lockedMessage(until) }), {
                status: 403,
                headers: { 'content-type': 'application/json' },
              });
          }),
        },
      ],
    },
  };
}

function signInMethodOf(path: string | undefined): 'password' | 'oidc' {
  return path?.startsWith('/callback/') || path?.startsWith('/oauth2/') ? 'oidc' : 'password';
}

/**
 * better-auth on our store: email and password (no self sign-up: administrators create users),
 * TOTP two-factor with backup codes, account lockout, sign-in rate limits, and the force's OpenID
 * Connect provider when configured, whose groups become role grants at every sign-in.
 */
export function createAuth(store: Store, config: AuthConfig) {
  const db = accessDb(store);
  const now = config.now ?? Date.now;
  // Grants from the provider's groups, between validating the sign-in and creating its session.
  const pendingOidcGrants = new Map<string, RoleGrant[]>();
  const oidc = config.oidc;
  const plugins: BetterAuthPlugin[] = [
    twoFactor({
      issuer: 'Beatwise',
      accountLockout: {
        enabled: true,
        maxFailedAttempts: config.lockout.attempts,
        durationSeconds: config.lockout.seconds,
      },
    }),
    lockoutPlugin(db, config.lockout, now),
  ];
  if (oidc) {
    plugins.push(
      genericOAuth({
        config: [
          {
            providerId: OIDC_PROVIDER,
            name: oidc.name,
            discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
            clientId: oidc.clientId,
            clientSecret: oidc.clientSecret,
            scopes: ['openid', 'email', 'profile'],
            pkce: true,
            requireIdTokenVerification: true,
          },
        ],
      }),
    );
  }
  const options = {
    appName: 'Beatwise',
    baseURL: config.baseUrl,
    basePath: '/api/auth',
    secret: config.secret,
    trustedOrigins: config.trustedOrigins,
    database: { db: store.db, type: store.dialect === 'postgres' ? 'postgres' : 'sqlite', transaction: true },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    // Sliding: each use after updateAge moves the end to now + expiresIn (the idle timeout); the
    // absolute lifetime is checked on every request (identify.ts).
    session: {
      expiresIn: config.session.idleSeconds,
      updateAge: config.session.updateAgeSeconds,
      additionalFields: { signInMethod: { type: 'string', required: false, input: false } },
    },
    account: { accountLinking: { enabled: false } },
    rateLimit: {
      enabled: true,
      storage: 'memory',
      window: 60,
      max: 200,
      customRules: {
        [PASSWORD_SIGN_IN]: { window: 60, max: config.lockout.perMinute },
        '/two-factor/*': { window: 60, max: config.lockout.perMinute },
      },
    },
    advanced: {
      useSecureCookies: config.secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      cookiePrefix: 'beatwise',
    },
    telemetry: { enabled: false },
    // Only with a provider: better-auth runs this for every new user, and a user made by
    // `beatwise user add` has no sign-in request to run it in.
    user: oidc
      ? {
          validateUserInfo: async ({ user, source }) => {
            if (source.oauth?.providerId !== OIDC_PROVIDER) return;
            const grants = grantsForGroups(readGroups(source.oauth.profile, oidc.groupsClaim), oidc.roleMap);
            const email = typeof user.email === 'string' ? user.email.toLowerCase() : '';
            if (grants.length === 0 || !email) {
              return {
                error: 'no_beatwise_role',
                errorDescription:
                  'Your account is in no group that Beatwise gives a role to. Ask your Beatwise administrator to add your group to BEATWISE_OIDC_ROLE_MAP.',
              };
            }
            pendingOidcGrants.set(email, grants);
          },
        }
      : {},
    databaseHooks: {
      session: {
        create: {
          before: async (session, ctx) => {
            const s = await accountState(db, session.userId, now());
            if (s.state === 'disabled')
              throw new APIError('FORBIDDEN', { code: 'ACCOUNT_DISABLED', message: DISABLED_MESSAGE });
            if (s.state === 'locked')
              throw new APIError('FORBIDDEN', { code: 'ACCOUNT_LOCKED', message: lockedMessage(s.until) });
            const method = signInMethodOf(ctx?.path);
            if (method === 'oidc') {
              const user = await db
                .selectFrom('user')
                .select('email')
                .where('id', '=', session.userId)
                .executeTakeFirst();
              const grants = user ? pendingOidcGrants.get(user.email.toLowerCase()) : undefined;
              if (!user || !grants) return false;
              pendingOidcGrants.delete(user.email.toLowerCase());
              await replaceOidcGrants(db, session.userId, grants);
            }
            return { data: { ...session, signInMethod: method } };
          },
          after: async (session) => {
            await clearFailedSignIns(db, session.userId);
          },
        },
      },
    },
    plugins,
  } satisfies BetterAuthOptions;
  return betterAuth(options);
}

export type Auth = ReturnType<typeof createAuth>;
