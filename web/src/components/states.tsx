import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client.ts';
import { refreshApi } from '../api/use-api.ts';
import { Link } from '../router.tsx';

/** A placeholder that keeps the space the content will take, so nothing jumps when it arrives. */
export function Loading({ what, minHeight = 160 }: { what: string; minHeight?: number }) {
  return (
    <div class="loading" role="status" aria-live="polite" style={{ minHeight: `${minHeight}px` }}>
      <span class="spinner" aria-hidden="true" />
      Loading {what}…
    </div>
  );
}

/** What went wrong, in the API's words, with its code, and a way to try again. */
export function ErrorMessage({ error, what }: { error: ApiError; what: string }) {
  return (
    <div class="message message-error" role="alert">
      <h2 class="message-title">Could not load {what}</h2>
      <p>{error.message}</p>
      <p class="muted small">
        Error code <code>{error.code}</code>
        {error.status ? ` (HTTP ${error.status})` : ''}
      </p>
      {(error.status === 0 || error.status >= 500) && (
        <button type="button" class="button" onClick={() => refreshApi()}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Nothing to show yet: says what to load and where. */
export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="message message-empty">
      <h2 class="message-title">{title}</h2>
      {children}
    </div>
  );
}

/** A part of Beatwise the server does not offer yet (HTTP 501 not_available): no numbers are shown. */
export function NotAvailable({ what, message }: { what: string; message?: string }) {
  return (
    <div class="message message-na" role="status">
      <h2 class="message-title">{what}: not available yet</h2>
      <p>
        {message ??
          'This server does not offer it yet. Nothing is shown rather than numbers that are not backed by the data.'}
      </p>
    </div>
  );
}

export function LoadDataHint({ force }: { force?: string | null }) {
  return (
    <p>
      Load crimes with <code>npx beatwise demo</code> (the bundled samples),{' '}
      <code>npx beatwise import crimes FILE</code>, or upload a police.uk CSV on the{' '}
      <Link href={force ? `/f/${encodeURIComponent(force)}/data` : '/data'}>Data page</Link>.
    </p>
  );
}
