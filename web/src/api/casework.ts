/**
 * Reading and writing casework (volunteers, engagement). Personal-data reads carry the reason the
 * user gave (X-Beatwise-Reason, logged by the server); writes send X-Requested-With (CSRF rule).
 * Answers are never cached here: records change as they are entered.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, errorFrom } from './client.ts';

const REASON_KEY = 'beatwise:casework-reason';
const CHANGED = 'beatwise:casework-changed';

export function savedReason(): string {
  return sessionStorage.getItem(REASON_KEY) ?? '';
}

export function saveReason(reason: string): void {
  sessionStorage.setItem(REASON_KEY, reason.trim());
}

async function send<T>(url: string, init: RequestInit): Promise<{ data: T; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(
      0,
      'network',
      'Could not reach the Beatwise server. Check your connection and try again.',
    );
  }
  const text = await res.text();
  if (!res.ok) throw errorFrom(res.status, res.statusText, text);
  return { data: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export async function caseworkGet<T>(url: string, reason?: string): Promise<{ data: T; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (reason) headers['x-beatwise-reason'] = reason;
  return send<T>(url, { headers });
}

export async function caseworkPost<T>(url: string, body: unknown): Promise<T> {
  const r = await send<T>(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-requested-with': 'beatwise',
    },
    body: JSON.stringify(body),
  });
  window.dispatchEvent(new Event(CHANGED));
  return r.data;
}

export type Loaded<T> =
  | { status: 'loading' }
  | { status: 'ok'; data: T; synthetic: boolean }
  | { status: 'error'; error: ApiError };

/** GET `url` (null: not yet), again after any casework write. */
export function useCasework<T>(url: string | null, reason?: string): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const bump = () => setGeneration((g) => g + 1);
    window.addEventListener(CHANGED, bump);
    return () => window.removeEventListener(CHANGED, bump);
  }, []);
  useEffect(() => {
    if (url === null) return;
    let live = true;
    caseworkGet<T>(url, reason).then(
      ({ data, headers }) =>
        live &&
        setState({
          status: 'ok',
          data,
          synthetic:
            headers.get('x-beatwise-synthetic') === 'SYNTHETIC' ||
            Boolean((data as { synthetic?: boolean } | null)?.synthetic),
        }),
      (e: unknown) =>
        live &&
        setState({
          status: 'error',
          error: e instanceof ApiError ? e : new ApiError(0, 'client', String(e)),
        }),
    );
    return () => {
      live = false;
    };
  }, [url, reason, generation]);
  return state;
}
