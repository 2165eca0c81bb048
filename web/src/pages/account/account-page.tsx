import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../../api/client.ts';
import { authPost, grantLabel, useMe } from '../../api/session.ts';
import { PageHeading } from '../../components/page.tsx';
import { Link } from '../../router.tsx';

type Enrolment = { totpURI: string; backupCodes: string[] };

/** Whether the signed-in user has two-factor on (better-auth's session answer). */
function useTwoFactor(): boolean | undefined {
  const [on, setOn] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    fetch('/api/auth/get-session', { credentials: 'same-origin' })
      .then((r) => r.json() as Promise<{ user?: { twoFactorEnabled?: boolean } } | null>)
      .then(
        (s) => setOn(Boolean(s?.user?.twoFactorEnabled)),
        () => setOn(false),
      );
  }, []);
  return on;
}

function TwoFactor() {
  const initially = useTwoFactor();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [on, setOn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  const start = (e: JSX.TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get('password') ?? '');
    return run(async () => setEnrolment(await authPost<Enrolment>('/two-factor/enable', { password })));
  };
  const confirm = (e: JSX.TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '').replace(/\s+/g, '');
    return run(async () => {
      await authPost('/two-factor/verify-totp', { code });
      setOn(true);
    });
  };
  if (initially === undefined) return null;
  const error_ = error && (
    <div class="message message-error" role="alert">
      <p>{error}</p>
    </div>
  );
  if (initially || on)
    return (
      <p role="status">
        Two-factor is <strong>on</strong>: signing in asks for a code from your authenticator app.
      </p>
    );
  if (!enrolment)
    return (
      <form class="sign-in" onSubmit={start}>
        <p>Two-factor is off. Turn it on to ask for a code from an authenticator app at every sign-in.</p>
        {error_}
        <div class="field">
          <label for="tf-password">Your password</label>
          <input id="tf-password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            Turn on two-factor
          </button>
        </div>
      </form>
    );
  const secret = new URL(enrolment.totpURI).searchParams.get('secret') ?? '';
  return (
    <form class="sign-in" onSubmit={confirm}>
      <p>
        Add this key to your authenticator app (or open the link on the phone that has it), then enter the
        code it shows.
      </p>
      <p>
        Key: <code class="totp-secret">{secret}</code> ·{' '}
        <a href={enrolment.totpURI} class="totp-uri">
          otpauth link
        </a>
      </p>
      <p>
        Backup codes, each good once if you lose the app. Keep them somewhere safe now; they are not shown
        again:
      </p>
      <ul class="backup-codes">
        {enrolment.backupCodes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      {error_}
      <div class="field">
        <label for="tf-code">Code from the app</label>
        <input
          id="tf-code"
          name="code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
        />
      </div>
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          Confirm
        </button>
      </div>
    </form>
  );
}

export default function AccountPage() {
  const me = useMe();
  if (me === undefined) return <PageHeading title="Your account" />;
  if (!me)
    return (
      <>
        <PageHeading title="Your account" />
        <p>
          You are not signed in. <Link href="/sign-in?next=/account">Sign in</Link>.
        </p>
      </>
    );
  return (
    <>
      <PageHeading title="Your account" />
      <p>
        {me.name} ({me.email}), signed in{' '}
        {me.method === 'oidc' ? 'with your force account' : 'with a password'}.
      </p>
      <h2>Roles</h2>
      {me.grants.length ? (
        <ul>
          {me.grants.map((g) => (
            <li key={grantLabel(g)}>{grantLabel(g)}</li>
          ))}
        </ul>
      ) : (
        <p>No roles yet: an administrator gives them.</p>
      )}
      {me.method === 'password' && (
        <section aria-labelledby="h-two-factor">
          <h2 id="h-two-factor">Two-factor sign-in</h2>
          <TwoFactor />
        </section>
      )}
    </>
  );
}
