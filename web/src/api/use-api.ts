import { useEffect, useState } from 'preact/hooks';
import { ApiError, cachedJson, clearApiCache } from './client.ts';

export type ApiState<T> =
  | { status: 'loading'; data: null; error: null }
  | { status: 'ok'; data: T; error: null }
  | { status: 'error'; data: null; error: ApiError };

const LOADING = { status: 'loading', data: null, error: null } as const;
const REFRESH = 'beatwise:refresh';

function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, 'client', e instanceof Error ? e.message : String(e));
}

/** Forgets every cached answer and makes every mounted useApi fetch again (after an import, or "Try again"). */
export function refreshApi(): void {
  clearApiCache();
  window.dispatchEvent(new Event(REFRESH));
}

/** The JSON at `url` (null: nothing to fetch yet), re-fetched when the URL changes or on refreshApi(). */
export function useApi<T>(url: string | null): ApiState<T> {
  const [state, setState] = useState<{ url: string | null; s: ApiState<T> }>({ url, s: LOADING });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const bump = () => setGeneration((g) => g + 1);
    window.addEventListener(REFRESH, bump);
    return () => window.removeEventListener(REFRESH, bump);
  }, []);
  useEffect(() => {
    if (url === null) return;
    let live = true;
    setState((prev) => (prev.url === url && prev.s.status === 'ok' ? prev : { url, s: LOADING }));
    cachedJson<T>(url).then(
      (data) => live && setState({ url, s: { status: 'ok', data, error: null } }),
      (e: unknown) => live && setState({ url, s: { status: 'error', data: null, error: asApiError(e) } }),
    );
    return () => {
      live = false;
    };
  }, [url, generation]);
  // A state left over from the previous URL is not this URL's answer.
  return state.url === url ? state.s : LOADING;
}
