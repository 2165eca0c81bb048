import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { caseworkPost } from '../api/casework.ts';
import { ApiError } from '../api/client.ts';

export interface FormField {
  name: string;
  label: string;
  type?: 'text' | 'date' | 'number' | 'email' | 'tel' | 'time' | 'textarea' | 'select';
  options?: readonly { value: string; label: string }[];
  hint?: string;
  value?: string;
}

/**
 * A form the server checks: what it says is wrong is shown beside each field (the API's
 * error.details.issues), and the whole message above the button. `toBody` turns the form's text
 * values into the JSON the route takes.
 */
export function CaseworkForm({
  title,
  url,
  fields,
  submit,
  toBody = (v) => v,
  onSaved,
}: {
  title: string;
  url: string;
  fields: readonly FormField[];
  submit: string;
  toBody?: (values: Record<string, string>) => unknown;
  onSaved?: () => void;
}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: JSX.TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const values: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) values[k] = String(v);
    setBusy(true);
    setSaved(null);
    try {
      await caseworkPost(url, toBody(values));
      setErrors({});
      setMessage(null);
      setSaved('Saved.');
      form.reset();
      onSaved?.();
    } catch (err) {
      const apiError = err instanceof ApiError ? err : null;
      setMessage(apiError?.message ?? String(err));
      const issues = (
        apiError?.details as { issues?: { field: string; message: string }[]; field?: string } | undefined
      )?.issues;
      const byField: Record<string, string> = {};
      for (const i of issues ?? []) byField[i.field.split('.')[0]] ??= i.message;
      const field = (apiError?.details as { field?: string } | undefined)?.field;
      if (!issues && field && apiError) byField[field.split('.')[0]] = apiError.message;
      setErrors(byField);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="casework-form card" onSubmit={onSubmit} noValidate>
      <h3>{title}</h3>
      {fields.map((f) => {
        const id = `${title}-${f.name}`.replace(/\W+/g, '-');
        const err = errors[f.name];
        const props = {
          id,
          name: f.name,
          'aria-invalid': err ? true : undefined,
          'aria-describedby': err ? `${id}-error` : undefined,
        };
        return (
          <div class="casework-field" key={f.name}>
            <label for={id}>{f.label}</label>
            {f.type === 'textarea' ? (
              <textarea {...props} rows={3} />
            ) : f.type === 'select' ? (
              <select {...props} defaultValue={f.value}>
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...props}
                type={f.type ?? 'text'}
                defaultValue={f.value}
                step={f.type === 'number' ? 'any' : undefined}
              />
            )}
            {f.hint && <span class="small muted">{f.hint}</span>}
            {err && (
              <span class="field-error" id={`${id}-error`}>
                {err}
              </span>
            )}
          </div>
        );
      })}
      {message && (
        <p class="field-error" role="alert">
          {message}
        </p>
      )}
      {saved && (
        <p class="small" role="status">
          {saved}
        </p>
      )}
      <button type="submit" class="button" disabled={busy}>
        {submit}
      </button>
    </form>
  );
}

/** Asks once per browser session why the user reads personal records (sent with each read, logged). */
export function ReasonForm({ what, onReason }: { what: string; onReason: (r: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (e: JSX.TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const r = String(new FormData(e.currentTarget).get('reason') ?? '').trim();
    if (r.length < 8)
      return setError('Say why in at least 8 characters, e.g. “arranging next week’s SpeedWatch”.');
    onReason(r);
  };
  return (
    <form class="casework-form card" onSubmit={onSubmit} noValidate>
      <h2>{what} are personal data</h2>
      <p>Say why you need them. Your reason is written to the audit log with each record you open.</p>
      <div class="casework-field">
        <label for="casework-reason">Reason</label>
        <input id="casework-reason" name="reason" type="text" aria-invalid={error ? true : undefined} />
        {error && <span class="field-error">{error}</span>}
      </div>
      <button type="submit" class="button">
        Continue
      </button>
    </form>
  );
}

export function SyntheticBanner({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <p class="synthetic-flag">
      <strong>SYNTHETIC</strong>: these records are generated for the demonstration, not real people or
      events.
    </p>
  );
}
