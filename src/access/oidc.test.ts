// Sign-in with the force's identity provider: a real OpenID Connect provider (oidc-provider) on
// 127.0.0.1, a static client and an account with groups; the authorization-code flow driven with
// fetch and cookies. The user ends signed in with the grants BEATWISE_OIDC_ROLE_MAP gives their groups,
// mapped again at each sign-in.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import Provider from 'oidc-provider';
import { Browserish, startAccessServer, type TestServer } from './test-support.ts';

const GROUP_ANALYSTS = '5f0c0d1e-analysts';
const GROUP_TEAM = '7a1b2c3d-npt-wm-t4';
const accounts = new Map<string, { email: string; name: string; groups: string[] }>([
  [
    'oona',
    {
      email: 'oona.officer@example.police.uk',
      name: 'Oona Officer',
      groups: [GROUP_ANALYSTS, GROUP_TEAM, 'other'],
    },
  ],
  ['nobody', { email: 'nora.nogroup@example.police.uk', name: 'Nora Nogroup', groups: ['unmapped'] }],
]);

let beatwise: TestServer;
let idp: Server;
let issuer: string;

before(async () => {
  beatwise = await startAccessServer();
  idp = createServer();
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'beatwise-test',
        client_secret: 'test-client-secret-not-used-anywhere-else',
        redirect_uris: [`${beatwise.url}/api/auth/callback/force`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: a.email, email_verified: true, name: a.name, groups: a.groups }),
      };
    },
    cookies: { keys: ['test-cookie-key'] },
  });
  idp.on('request', provider.callback());
  Object.assign(process.env, {
    BEATWISE_OIDC_ISSUER: issuer,
    BEATWISE_OIDC_CLIENT_ID: 'beatwise-test',
    BEATWISE_OIDC_CLIENT_SECRET: 'test-client-secret-not-used-anywhere-else',
    BEATWISE_OIDC_ROLE_MAP: `${GROUP_ANALYSTS}=analyst@west-midlands;${GROUP_TEAM}=officer@west-midlands/WM-T4`,
  });
});
after(async () => {
  await beatwise.dispose();
  idp.closeAllConnections();
  await new Promise((r) => idp.close(r));
});

interface Me {
  user: { email: string; name: string; grants: unknown[]; method: string } | null;
}

/** Follows the provider's redirects and its sign-in and consent pages until it sends the browser back. */
async function throughProvider(op: Browserish, start: string, login: string): Promise<string> {
  let url = start;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(beatwise.url)) return url;
    const res = await op.fetch(url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location') ?? '', url).toString();
      continue;
    }
    const html = await res.text();
    assert.equal(res.status, 200, html);
    const action = new URL(/<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? '', url).toString();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const form: Record<string, string> =
      prompt === 'login' ? { prompt, login, password: 'any' } : { prompt: prompt ?? '' };
    const posted = await op.fetch(action, { method: 'POST', form });
    assert.ok(
      posted.status >= 300 && posted.status < 400,
      `${action}: ${posted.status} ${await posted.text()}`,
    );
    url = new URL(posted.headers.get('location') ?? '', action).toString();
  }
  throw new Error('the provider never sent the browser back');
}

async function signInWithProvider(login: string): Promise<{ b: Browserish; landing: Response }> {
  const b = new Browserish(beatwise.url);
  const config = await b.json<{ oidc: { provider: string } | null }>('/api/auth-config');
  assert.equal(config.body.oidc?.provider, 'force');
  const start = await b.json<{ url: string; redirect: boolean }>('/api/auth/sign-in/social', {
    method: 'POST',
    json: { provider: 'force', callbackURL: '/', errorCallbackURL: '/sign-in' },
  });
  assert.equal(start.status, 200, JSON.stringify(start.body));
  assert.ok(start.body.url.startsWith(`${issuer}/`), start.body.url);
  const back = await throughProvider(new Browserish(issuer), start.body.url, login);
  const landing = await b.fetch(back);
  return { b, landing };
}

test('a provider account signs in by the authorization-code flow and gets the grants of its groups', async () => {
  const { b, landing } = await signInWithProvider('oona');
  assert.equal(landing.status, 302, await landing.text());
  assert.equal(new URL(landing.headers.get('location') ?? '', beatwise.url).pathname, '/');
  const me = (await b.json<Me>('/api/me')).body;
  assert.equal(me.user?.email, 'oona.officer@example.police.uk');
  assert.equal(me.user?.name, 'Oona Officer');
  assert.equal(me.user?.method, 'oidc');
  assert.deepEqual(me.user?.grants, [
    { role: 'analyst', force: 'west-midlands' },
    { role: 'officer', force: 'west-midlands', team: 'WM-T4' },
  ]);
});

test('groups are mapped again at each sign-in: a group removed at the provider removes its grant', async () => {
  accounts.set('oona', {
    ...(accounts.get('oona') as { email: string; name: string; groups: string[] }),
    groups: [GROUP_TEAM],
  });
  const { b } = await signInWithProvider('oona');
  const me = (await b.json<Me>('/api/me')).body;
  assert.deepEqual(me.user?.grants, [{ role: 'officer', force: 'west-midlands', team: 'WM-T4' }]);
});

test('an account in no mapped group is refused, with the reason', async () => {
  const { b, landing } = await signInWithProvider('nobody');
  const location = landing.headers.get('location') ?? '';
  assert.match(location, /\/sign-in\?error=no_beatwise_role/);
  assert.deepEqual((await b.json<Me>('/api/me')).body, { user: null });
});
