import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { caseworkPost } from '../../api/casework.ts';
import { ApiError } from '../../api/client.ts';

/** UK speed limits, mph (as the API accepts them). */
const LIMITS = ['20', '30', '40', '50', '60', '70'];

interface Offence {
  registration: string;
  time: string;
  speed: string;
  limit: string;
}
const blank = (limit = ''): Offence => ({ registration: '', time: '', speed: '', limit });

export interface SiteChoice {
  code: string;
  name: string;
  speed_limit: number;
}

/** What the API says is wrong, by field path ("date", "offences.0.speed"). */
function errorsOf(err: unknown): { message: string; byField: Record<string, string> } {
  const apiError = err instanceof ApiError ? err : null;
  const details = apiError?.details as
    | { issues?: { field: string; message: string }[]; field?: string }
    | undefined;
  const byField: Record<string, string> = {};
  for (const i of details?.issues ?? []) byField[i.field] ??= i.message;
  if (!details?.issues && details?.field && apiError) byField[details.field] = apiError.message;
  // "offences.0.speed: …" reads as "Offence 1, speed: …".
  const message = (apiError?.message ?? String(err)).replace(
    /^offences\.(\d+)\.(\w+):/,
    (_, i: string, f: string) => `Offence ${Number(i) + 1}, ${f}:`,
  );
  return { message, byField };
}

function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: JSX.Element;
}) {
  return (
    <div class="casework-field">
      <label for={id}>{label}</label>
      {children}
      {hint && <span class="small muted">{hint}</span>}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

const invalid = (id: string, error?: string) => ({
  id,
  'aria-invalid': error ? true : undefined,
  'aria-describedby': error ? `${id}-error` : undefined,
});

/**
 * A session of a group (StreetWatch or SpeedWatch) with, for SpeedWatch, its offences entered one
 * row each (registration, time, speed, limit). The API checks it; each of its errors is shown
 * beside its field, an offence's beside that offence's field.
 */
export function SessionForm({ url, speed, sites }: { url: string; speed: boolean; sites: SiteChoice[] }) {
  const [offences, setOffences] = useState<Offence[]>([]);
  const [siteLimit, setSiteLimit] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const setOffence = (i: number, k: keyof Offence, v: string) =>
    setOffences((os) => os.map((o, j) => (j === i ? { ...o, [k]: v } : o)));

  const onSubmit = async (e: JSX.TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const values: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) if (String(v) !== '') values[k] = String(v);
    const body = {
      ...values,
      ...(speed
        ? {
            offences: offences.map((o) => ({
              registration: o.registration,
              time: o.time,
              speed: o.speed,
              limit: o.limit || siteLimit,
            })),
          }
        : {}),
    };
    setBusy(true);
    setSaved(null);
    try {
      await caseworkPost(url, body);
      setErrors({});
      setMessage(null);
      setSaved(`Saved session ${values.ref ?? ''}.`);
      form.reset();
      setOffences([]);
      setSiteLimit('');
    } catch (err) {
      const r = errorsOf(err);
      setMessage(r.message);
      setErrors(r.byField);
    } finally {
      setBusy(false);
    }
  };

  const top = (name: string) => invalid(`session-${name}`, errors[name]);
  return (
    <form class="casework-form card" onSubmit={onSubmit} noValidate aria-labelledby="session-form-title">
      <h3 id="session-form-title">Record a session</h3>
      <Field id="session-ref" label="Session reference" error={errors.ref} hint="e.g. LE001-CSW-2205-1">
        <input {...top('ref')} name="ref" type="text" />
      </Field>
      <Field id="session-date" label="Date" error={errors.date}>
        <input {...top('date')} name="date" type="date" />
      </Field>
      {speed && (
        <Field
          id="session-site_code"
          label="Approved site"
          error={errors.site_code}
          hint={
            sites.length === 0
              ? 'No approved site yet: propose one below and record its approval.'
              : undefined
          }
        >
          <select
            {...top('site_code')}
            name="site_code"
            onChange={(e) => {
              const s = sites.find((x) => x.code === (e.currentTarget as HTMLSelectElement).value);
              setSiteLimit(s ? String(s.speed_limit) : '');
            }}
          >
            <option value="">Choose…</option>
            {sites.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name} ({s.speed_limit} mph)
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field id="session-site" label="Where" error={errors.site} hint="the street or place, as you record it">
        <input {...top('site')} name="site" type="text" />
      </Field>
      <Field id="session-hours" label="Volunteer hours (all volunteers together)" error={errors.hours}>
        <input {...top('hours')} name="hours" type="number" inputMode="decimal" step="any" />
      </Field>
      {speed && (
        <Field id="session-vehicles_checked" label="Vehicles checked" error={errors.vehicles_checked}>
          <input {...top('vehicles_checked')} name="vehicles_checked" type="number" inputMode="numeric" />
        </Field>
      )}
      <Field
        id="session-members"
        label="Members who took part"
        error={errors.members}
        hint="member references separated by ;"
      >
        <input {...top('members')} name="members" type="text" />
      </Field>
      {speed && (
        <fieldset class="offences">
          <legend>Offences (vehicles over the limit)</legend>
          {errors.offences && <p class="field-error">{errors.offences}</p>}
          {offences.length === 0 && (
            <p class="small muted">None yet. Add one for each vehicle over the limit.</p>
          )}
          {offences.map((o, i) => {
            const n = i + 1;
            const f = (k: keyof Offence) => {
              const id = `offence-${i}-${k}`;
              return { ...invalid(id, errors[`offences.${i}.${k}`]), error: errors[`offences.${i}.${k}`] };
            };
            const reg = f('registration');
            const time = f('time');
            const spd = f('speed');
            const lim = f('limit');
            return (
              <fieldset class="offence card" key={i}>
                <legend>Offence {n}</legend>
                <Field id={reg.id} label={`Registration (offence ${n})`} error={reg.error}>
                  <input
                    {...invalid(reg.id, reg.error)}
                    type="text"
                    autoCapitalize="characters"
                    value={o.registration}
                    onInput={(e) =>
                      setOffence(i, 'registration', (e.currentTarget as HTMLInputElement).value)
                    }
                  />
                </Field>
                <Field id={time.id} label={`Time (offence ${n})`} error={time.error}>
                  <input
                    {...invalid(time.id, time.error)}
                    type="time"
                    value={o.time}
                    onInput={(e) => setOffence(i, 'time', (e.currentTarget as HTMLInputElement).value)}
                  />
                </Field>
                <Field id={spd.id} label={`Speed, mph (offence ${n})`} error={spd.error}>
                  <input
                    {...invalid(spd.id, spd.error)}
                    type="number"
                    inputMode="numeric"
                    value={o.speed}
                    onInput={(e) => setOffence(i, 'speed', (e.currentTarget as HTMLInputElement).value)}
                  />
                </Field>
                <Field id={lim.id} label={`Limit, mph (offence ${n})`} error={lim.error}>
                  <select
                    {...invalid(lim.id, lim.error)}
                    value={o.limit || siteLimit}
                    onChange={(e) => setOffence(i, 'limit', (e.currentTarget as HTMLSelectElement).value)}
                  >
                    <option value="">Choose…</option>
                    {LIMITS.map((l) => (
                      <option key={l} value={l}>
                        {l}
                      </option>
                    ))}
                  </select>
                </Field>
                <button
                  type="button"
                  class="button secondary"
                  onClick={() => {
                    setOffences((os) => os.filter((_, j) => j !== i));
                    setErrors({});
                  }}
                >
                  Remove offence {n}
                </button>
              </fieldset>
            );
          })}
          <button
            type="button"
            class="button secondary"
            onClick={() => setOffences((os) => [...os, blank()])}
          >
            Add an offence
          </button>
        </fieldset>
      )}
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
        Save the session
      </button>
    </form>
  );
}
