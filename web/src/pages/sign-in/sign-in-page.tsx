import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { ApiError } from '../../api/client.ts';
import { type AuthConfig, authPost, sessionChanged, useMe } from '../../api/session.ts';
import { useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { PageHeading } from '../../components/page.tsx';
import { navigate } from '../../router.tsx';

const OIDC_ERRORS: Record<string, string> = {
  no_beatwise_role:
    'Your force account is in no group that Beatwise gives a role to. Ask your Beatwise administrator.',
};

/** Where to go after signing in: the `next` path of the URL when it is one of ours, else the start. */
function nextPath(query: URLSearchParams): string {
  const next = query.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/api/') ? next : '/';
}

function ErrorBox({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <div class="message message-error" role="alert">
      <p>{error}</p>
    </div>
  );
}

export default function SignInPage({ route }: PageProps) {
  const me = useMe();
  const config = useApi<AuthConfig>('/api/auth-config');
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [busy, setBusy] = useState(false);
  const providerError = route.query.get('error');
  const [error, setError] = useState<string | null>(
    providerError
      ? (OIDC_ERRORS[providerError] ?? `Signing in with your force account failed (${providerError}).`)
      : null,
  );
  const [useBackup, setUseBackup] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  const done = () => {
    sessionChanged();
    navigate(nextPath(route.query), { replace: true });
  };
  const fail = (e: unknown) => setError((e as ApiError).message ?? String(e));

  const signIn = async (e: JSX.TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const r = await authPost<{ twoFactorRedirect?: boolean }>('/sign-in/email', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
      });
      if (r.twoFactorRedirect) {
        setStep('code');
        setTimeout(() => codeInput.current?.focus(), 0);
      } else done();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const verify = async (e: JSX.TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '').replace(/\s+/g, '');
    setBusy(true);
    setError(null);
    try {
      await authPost(useBackup ? '/two-factor/verify-backup-code' : '/two-factor/verify-totp', { code });
      done();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const withProvider = async (provider: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await authPost<{ url: string }>('/sign-in/social', {
        provider,
        callbackURL: nextPath(route.query),
        errorCallbackURL: '/sign-in',
      });
      window.location.assign(r.url);
    } catch (err) {
      fail(err);
      setBusy(false);
    }
  };

  if (me)
    return (
      <>
        <PageHeading title="Sign in" />
        <p>
          You are signed in as {me.name} ({me.email}).
        </p>
      </>
    );

  return (
    <>
      <PageHeading title="Sign in" />
      <div class="sign-in">
        <ErrorBox error={error} />
        {step === 'password' ? (
          <form onSubmit={signIn} aria-label="Sign in with email and password">
            <div class="field">
              <label for="sign-in-email">Email</label>
              <input
                id="sign-in-email"
                name="email"
                type="email"
                autoComplete="username"
                required
                disabled={busy}
              />
            </div>
            <div class="field">
              <label for="sign-in-password">Password</label>
              <input
                id="sign-in-password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                disabled={busy}
              />
            </div>
            <div class="actions">
              <button type="submit" class="button" disabled={busy}>
                Sign in
              </button>
            </div>
          </form>
        ) : (
          <form onSubmit={verify} aria-label="Second step: your code">
            <div class="field">
              <label for="sign-in-code">
                {useBackup ? 'Backup code' : 'Code from your authenticator app'}
              </label>
              <input
                id="sign-in-code"
                ref={codeInput}
                name="code"
                type="text"
                inputMode={useBackup ? 'text' : 'numeric'}
                autoComplete="one-time-code"
                required
                disabled={busy}
                aria-describedby="sign-in-code-hint"
              />
              <span id="sign-in-code-hint" class="hint">
                {useBackup
                  ? 'Each backup code works once.'
                  : 'The six digits your authenticator app shows for Beatwise now.'}
              </span>
            </div>
            <div class="actions">
              <button type="submit" class="button" disabled={busy}>
                Continue
              </button>
              <button type="button" class="button button-secondary" onClick={() => setUseBackup((b) => !b)}>
                {useBackup ? 'Use the authenticator app' : 'Use a backup code'}
              </button>
            </div>
          </form>
        )}
        {step === 'password' && config.status === 'ok' && config.data.oidc && (
          <p>
            <button
              type="button"
              class="button button-secondary"
              disabled={busy}
              onClick={() => config.data.oidc && withProvider(config.data.oidc.provider)}
            >
              Sign in with {config.data.oidc.name}
            </button>
          </p>
        )}
        <p class="hint">
          Beatwise has no self sign-up: an administrator creates accounts. The public pages need no sign-in.
        </p>
      </div>
    </>
  );
}
