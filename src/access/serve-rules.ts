import { randomBytes } from 'node:crypto';
import { BeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import { adminAuth, createLocalUser, isLoopback } from './access.ts';
import { readAccessEnv } from './settings.ts';
import { accessDb } from './tables.ts';
import { hasAdministrator } from './users.ts';

export const DEMO_ADMIN_EMAIL = 'demo-admin@beatwise.local';

function addAdminCommand(store: Store): string {
  return `npx beatwise --db ${store.location} user add you@your-force.police.uk --name "Your Name" --role administrator`;
}

/**
 * What must hold before serving: on any address beyond this machine, an administrator in the store,
 * BEATWISE_AUTH_SECRET and BEATWISE_PUBLIC_URL (else a refusal saying how). Returns lines to print
 * (on this machine, how to create the first administrator when there is none).
 */
export async function checkServeRules(store: Store, host: string, env = process.env): Promise<string[]> {
  const settings = readAccessEnv(env);
  const admin = await hasAdministrator(accessDb(store));
  if (!isLoopback(host)) {
    const missing: string[] = [];
    if (!admin) missing.push(`create an administrator: ${addAdminCommand(store)}`);
    if (!settings.secret)
      missing.push(
        'set BEATWISE_AUTH_SECRET to at least 32 random characters (e.g. `openssl rand -base64 32`)',
      );
    if (!settings.publicUrl)
      missing.push(
        'set BEATWISE_PUBLIC_URL to the address users open (e.g. https://beatwise.your-force.police.uk)',
      );
    if (missing.length)
      throw new BeatwiseError(
        'access.not_ready',
        `refusing to serve on ${host}, which other machines can reach, before sign-in is set up:\n  - ${missing.join('\n  - ')}\n` +
          'See docs/security.md. (On 127.0.0.1, the default HOST, Beatwise serves this machine only.)',
      );
    return [];
  }
  if (admin) return [];
  return [
    'No administrator can sign in to this store yet. Create the first one with:',
    `  ${addAdminCommand(store)}`,
    '(the password is asked for, or read with --password-stdin; see docs/security.md)',
  ];
}

/**
 * For the local demo store only: an administrator with a random password, returned once to print
 * (only its hash is stored).
 */
export async function createDemoAdministrator(store: Store): Promise<{ email: string; password: string }> {
  const password = randomBytes(18).toString('base64url');
  await createLocalUser(adminAuth(store), accessDb(store), {
    email: DEMO_ADMIN_EMAIL,
    name: 'Demo administrator',
    password,
    grants: [{ role: 'administrator' }],
  });
  return { email: DEMO_ADMIN_EMAIL, password };
}

/** The lines that show the demo administrator's password, once. */
export function demoAdministratorLines(admin: { email: string; password: string }, url: string): string[] {
  return [
    'A demo administrator was made for this local store (this machine only):',
    `  email     ${admin.email}`,
    `  password  ${admin.password}`,
    `Sign in at ${url}/sign-in. The password is shown only now (the store keeps only its hash).`,
    'Before sharing the store, add your own administrator with `npx beatwise user add` and',
    `run \`npx beatwise user disable ${admin.email}\`.`,
  ];
}
