import { useState } from 'preact/hooks';

const MIN_REASON = 8;

/**
 * A rejects file holds rows of a force extract verbatim (crime reference, exact location, victim
 * details): the server asks why you need it and logs the answer. The link works once a reason of
 * at least 8 characters is given.
 */
export function RejectsDownload({ url, label, open }: { url: string; label: string; open?: boolean }) {
  const [reason, setReason] = useState('');
  const id = `reason-${url.replace(/\W+/g, '-')}`;
  const ok = reason.trim().length >= MIN_REASON;
  const href = `${url}?reason=${encodeURIComponent(reason.trim())}`;
  return (
    <details open={open}>
      <summary>{label}</summary>
      <p>
        <label for={id}>Why do you need these rows? (personal data: your reason is logged)</label>{' '}
        <input
          id={id}
          type="text"
          minLength={MIN_REASON}
          value={reason}
          data-testid="rejects-reason"
          onInput={(e) => setReason((e.target as HTMLInputElement).value)}
        />{' '}
        {ok ? (
          <a href={href} download data-testid="rejects-link">
            Download (CSV, with line, field and reason)
          </a>
        ) : (
          <span>give a reason of {MIN_REASON} characters or more to download</span>
        )}
      </p>
    </details>
  );
}
