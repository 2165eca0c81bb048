/**
 * What the audit log records of a sign-in attempt (DPA 2018 Part 3 s.62, OWASP ASVS 7): who tried,
 * by which way, and whether it worked. better-auth answers the attempt; this reads its answer.
 */
import type { SignInAudit } from '../core/http/guard.ts';

/** The better-auth endpoints that sign someone in, and how. */
const SIGN_IN_PATHS: readonly [RegExp, string][] = [
  [/^\/api\/auth\/sign-in\/email$/, 'password'],
  [/^\/api\/auth\/two-factor\/verify-(totp|backup-code)$/, 'second factor'],
  [/^\/api\/auth\/callback\/[\w-]+$/, 'identity provider'],
];

export interface SignInAttempt {
  way: string;
  email: string | null;
}

/** The attempt a request to /api/auth/* makes, or null when it signs no one in. */
export function signInAttempt(url: string, body: unknown): SignInAttempt | null {
  const path = url.split('?')[0];
  const way = SIGN_IN_PATHS.find(([re]) => re.test(path))?.[1];
  if (!way) return null;
  let email: string | null = null;
  if (Buffer.isBuffer(body) && body.length > 0 && body.length < 64 * 1024) {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { email?: unknown };
      if (typeof parsed.email === 'string') email = parsed.email.trim().toLowerCase().slice(0, 320);
    } catch {
      // not JSON: no email to name
    }
  }
  return { way, email };
}

/** The audit entry of an attempt, from better-auth's answer (a 2xx or a redirect is a success). */
export async function signInAudit(attempt: SignInAttempt, res: Response): Promise<SignInAudit> {
  const objectIds: Record<string, string> = { way: attempt.way };
  if (attempt.email) objectIds.email = attempt.email;
  let body: { user?: { id?: unknown }; twoFactorRedirect?: unknown; code?: unknown; message?: unknown } = {};
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = (await res.clone().json()) as typeof body;
    } catch {
      // an empty or non-JSON answer: nothing more to read
    }
  }
  const redirectedWithError =
    res.status >= 300 && res.status < 400 && /[?&]error=/.test(res.headers.get('location') ?? '');
  const ok = res.status < 400 && !redirectedWithError;
  const userId = typeof body.user?.id === 'string' ? body.user.id : null;
  const reason = !ok
    ? String(body.code ?? body.message ?? (redirectedWithError ? 'provider refused' : `status ${res.status}`))
    : body.twoFactorRedirect
      ? 'password accepted; second factor required'
      : null;
  return { ok, userId, objectIds, reason };
}
