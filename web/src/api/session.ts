import { useEffect, useState } from 'preact/hooks';
import { ApiError, errorFrom, getJson } from './client.ts';

/** One role a user holds, and where (the server's RoleGrant). */
export interface Grant {
  role: string;
  force?: string;
  unit?: string;
  team?: string;
}

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  grants: Grant[];
  method: 'password' | 'oidc';
}

export interface AuthConfig {
  password: boolean;
  oidc: { provider: string; name: string } | null;
}

const CHANGED = 'beatwise:session';

/** Who is signed in (GET /api/me): undefined while asking, null for nobody; refreshed after sign-in or out. */
export function useMe(): SignedInUser | null | undefined {
  const [me, setMe] = useState<SignedInUser | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const load = () =>
      getJson<{ user: SignedInUser | null }>('/api/me').then(
        (r) => live && setMe(r.user),
        () => live && setMe(null),
      );
    load();
    window.addEventListener(CHANGED, load);
    return () => {
      live = false;
      window.removeEventListener(CHANGED, load);
    };
  }, []);
  return me;
}

/** Tells every useMe that the session changed. */
export function sessionChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

/** POSTs JSON to better-auth under /api/auth; its errors are {code, message}. */
export async function authPost<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(
      0,
      'network',
      'Could not reach the Beatwise server. Check your connection and try again.',
    );
  }
  const text = await res.text();
  if (!res.ok) {
    try {
      const j = JSON.parse(text) as { code?: string; message?: string };
      if (j.message) throw new ApiError(res.status, j.code ?? `http_${res.status}`, j.message);
    } catch (e) {
      if (e instanceof ApiError) throw e;
    }
    if (res.status === 429)
      throw new ApiError(429, 'rate_limited', 'Too many attempts: wait a minute and try again.');
    throw errorFrom(res.status, res.statusText, text);
  }
  return (text ? JSON.parse(text) : {}) as T;
}

/** A grant as people read it: "sergeant, west-midlands team WM-T1". */
export function grantLabel(g: Grant): string {
  const where = [g.force, g.unit && `unit ${g.unit}`, g.team && `team ${g.team}`].filter(Boolean).join(' ');
  return where ? `${g.role}, ${where}` : g.role;
}
