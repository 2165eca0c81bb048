import type { ApiErrorBody, ImportSummary } from './types.ts';

/** An error the API returned ({error:{code,message}}), or one met on the way to it. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export type Params = Record<string, string | number | undefined | null>;

/** `/api/...` with the defined parameters as a query string. */
export function apiUrl(path: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

function isErrorBody(v: unknown): v is ApiErrorBody {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string';
}

/** The ApiError for a response that was not OK, from its JSON body when it has one. */
export function errorFrom(status: number, statusText: string, text: string): ApiError {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: fall through to the generic message
  }
  if (isErrorBody(body)) return new ApiError(status, body.error.code, body.error.message, body.error.details);
  return new ApiError(
    status,
    `http_${status}`,
    `The server answered ${status} ${statusText || ''}`.trim() +
      (status === 404 ? ': this part of the API does not exist on this server.' : '.'),
  );
}

const NETWORK_MESSAGE =
  'Could not reach the Beatwise server. Check that `beatwise serve` is running and reload the page.';

/** GET a JSON document; throws ApiError. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', NETWORK_MESSAGE);
  }
  const text = await res.text();
  if (!res.ok) throw errorFrom(res.status, res.statusText, text);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, 'bad_json', `The server sent something that is not JSON from ${url}.`);
  }
}

const cache = new Map<string, Promise<unknown>>();

/** GET with a per-page-load cache: the same URL is fetched once (failures are not kept). */
export function cachedJson<T>(url: string): Promise<T> {
  const hit = cache.get(url);
  if (hit) return hit as Promise<T>;
  const p = getJson<T>(url);
  cache.set(url, p);
  p.catch(() => cache.delete(url));
  return p;
}

/** Forget cached answers, e.g. after an import changed the store. */
export function clearApiCache(): void {
  cache.clear();
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * POST a file as multipart form data with upload progress (XMLHttpRequest: fetch cannot report
 * upload progress). Resolves with the import summary; rejects with ApiError.
 */
export function uploadFile(
  file: File,
  fields: Record<string, string>,
  onProgress: (p: UploadProgress) => void,
): { done: Promise<ImportSummary>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<ImportSummary>((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v) form.append(k, v);
    form.append('file', file, file.name);
    xhr.open('POST', '/api/imports');
    xhr.setRequestHeader('accept', 'application/json');
    // The server refuses a state-changing request with a cookie unless it shows it comes from our
    // own pages: a cross-site form cannot send this header (CSRF).
    xhr.setRequestHeader('x-requested-with', 'beatwise');
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress({ loaded: e.loaded, total: e.total });
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportSummary);
        } catch {
          reject(
            new ApiError(xhr.status, 'bad_json', 'The server accepted the file but its answer was not JSON.'),
          );
        }
      } else reject(errorFrom(xhr.status, xhr.statusText, xhr.responseText));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network', NETWORK_MESSAGE)));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.')));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
