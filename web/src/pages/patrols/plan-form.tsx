import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { apiUrl } from '../../api/client.ts';
import type { Grant } from '../../api/session.ts';
import type { AreasResponse } from '../../api/types.ts';
import { refreshApi, useApi } from '../../api/use-api.ts';
import { selectionOptions } from '../../selections.ts';

/** Roles the policy lets create patrol plans (src/access/policy.ts: patrol-plans create). */
const PLANNERS: ReadonlySet<string> = new Set(['administrator', 'commander', 'sergeant']);

/** Whether any of these grants may create plans in this force (the server still checks the area). */
export function mayPlan(grants: readonly Grant[], force: string): boolean {
  return grants.some((g) => PLANNERS.has(g.role) && (g.force === undefined || g.force === force));
}

/** The ranking methods of `hotspots predict` (src/hotspots/predict.ts). */
const METHODS = [
  { value: '', label: 'Best in back-test (default)' },
  { value: 'naive', label: 'Naive (last months’ counts)' },
  { value: 'harm', label: 'Harm-weighted' },
  { value: 'kde', label: 'Kernel density' },
  { value: 'prospective', label: 'Prospective (near-repeat)' },
  { value: 'gistar', label: 'Getis-Ord Gi*' },
];

interface Form {
  name: string;
  level: '' | 'unit' | 'team';
  code: string;
  startDate: string;
  endDate: string;
  types: string;
  method: string;
  hotspots: string;
  radius: string;
  minSeparation: string;
  visitMinutes: string;
  visitsPerDay: string;
  randomise: boolean;
  patrolShare: string;
}

function isoDay(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

const INITIAL: Form = {
  name: '',
  level: '',
  code: '',
  startDate: isoDay(1),
  endDate: isoDay(28),
  types: 'all-crime',
  method: '',
  hotspots: '20',
  radius: '150',
  minSeparation: '500',
  visitMinutes: '15',
  visitsPerDay: '2',
  randomise: false,
  patrolShare: '50',
};

/** A number as typed, or the text itself (the server then names the field); empty is left out. */
function num(v: string): number | string | undefined {
  const t = v.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** The POST body (src/patrols/model.ts planBody) from the form. */
export function planRequest(f: Form): Record<string, unknown> {
  const share = num(f.patrolShare);
  const body: Record<string, unknown> = {
    name: f.name.trim() || undefined,
    area: f.level && f.code ? `${f.level}:${f.code}` : undefined,
    startDate: f.startDate,
    endDate: f.endDate,
    types: f.types,
    method: f.method || undefined,
    hotspots: num(f.hotspots),
    radius: num(f.radius),
    minSeparation: num(f.minSeparation),
    visitMinutes: num(f.visitMinutes),
    visitsPerDay: num(f.visitsPerDay),
    randomise: f.randomise,
    patrolShare: f.randomise ? (typeof share === 'number' ? share / 100 : share) : undefined,
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

/** Fields shown in the form, so an error naming one is shown beside it. */
const FIELDS = new Set([
  'name',
  'area',
  'startDate',
  'endDate',
  'types',
  'method',
  'hotspots',
  'radius',
  'minSeparation',
  'visitMinutes',
  'visitsPerDay',
  'randomise',
  'patrolShare',
]);

const INPUT_STYLE = { maxWidth: '100%', boxSizing: 'border-box' } as const;

function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error: string | undefined;
  hint?: string;
  children: JSX.Element;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <span id={`${id}-hint`} class="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} class="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** The plan-building form: POST /api/forces/:force/patrol-plans; the list reloads on success. */
export function PlanForm({ force }: { force: string }) {
  const [f, setF] = useState<Form>(INITIAL);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const areas = useApi<AreasResponse>(
    f.level ? apiUrl(`/forces/${encodeURIComponent(force)}/areas`, { level: f.level }) : null,
  );
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((old) => ({ ...old, [k]: v }));
  const text = (k: keyof Form) => (e: Event) => set(k, (e.currentTarget as HTMLInputElement).value);
  const invalid = (k: string) => (errors[k] ? true : undefined);
  const described = (k: string, hint = false) =>
    [hint ? `plan-${k}-hint` : '', errors[k] ? `plan-${k}-error` : ''].filter(Boolean).join(' ') || undefined;
  const numberInput = (k: keyof Form, label: string, opts: { step?: string; hint?: string } = {}) => (
    <Field id={`plan-${k}`} label={label} error={errors[k]} hint={opts.hint}>
      <input
        id={`plan-${k}`}
        type="text"
        inputMode="decimal"
        value={f[k] as string}
        aria-invalid={invalid(k)}
        aria-describedby={described(k, Boolean(opts.hint))}
        style={INPUT_STYLE}
        onInput={text(k)}
      />
    </Field>
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setGeneral(null);
    setDone(null);
    try {
      const r = await fetch(apiUrl(`/forces/${encodeURIComponent(force)}/patrol-plans`), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-requested-with': 'beatwise',
        },
        body: JSON.stringify(planRequest(f)),
      });
      const j = (await r.json().catch(() => ({}))) as {
        error?: { message?: string; details?: { field?: unknown } };
        planId?: number;
        name?: string;
      };
      if (!r.ok) {
        const message = j.error?.message ?? `HTTP ${r.status}`;
        const raw = j.error?.details?.field;
        const field = typeof raw === 'string' ? raw.split('.')[0] : '';
        if (field && FIELDS.has(field)) setErrors({ [field]: message });
        else setGeneral(message);
        return;
      }
      setDone(`Plan ${j.planId ?? ''} made: ${j.name ?? ''}`.trim());
      refreshApi();
    } catch {
      setGeneral('Could not reach the Beatwise server. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  const list = areas.status === 'ok' ? areas.data.areas : [];
  return (
    <details class="plan-form">
      <summary>Make a patrol plan</summary>
      <form onSubmit={submit} noValidate>
        <Field id="plan-name" label="Name (optional)" error={errors.name}>
          <input
            id="plan-name"
            type="text"
            maxLength={120}
            value={f.name}
            aria-invalid={invalid('name')}
            aria-describedby={described('name')}
            style={INPUT_STYLE}
            onInput={text('name')}
          />
        </Field>
        <Field id="plan-level" label="Area" error={errors.area}>
          <select
            id="plan-level"
            value={f.level}
            aria-invalid={invalid('area')}
            aria-describedby={described('area')}
            style={INPUT_STYLE}
            onChange={(e) => {
              const level = (e.currentTarget as HTMLSelectElement).value as Form['level'];
              setF((old) => ({ ...old, level, code: '' }));
            }}
          >
            <option value="">Whole force</option>
            <option value="unit">A unit</option>
            <option value="team">A team</option>
          </select>
        </Field>
        {f.level && (
          <Field id="plan-code" label={f.level === 'unit' ? 'Unit' : 'Team'} error={undefined}>
            <select
              id="plan-code"
              value={f.code}
              style={INPUT_STYLE}
              onChange={(e) => set('code', (e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">{areas.status === 'loading' ? 'Loading…' : 'Choose…'}</option>
              {list.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="plan-startDate" label="First day" error={errors.startDate}>
          <input
            id="plan-startDate"
            type="date"
            value={f.startDate}
            aria-invalid={invalid('startDate')}
            aria-describedby={described('startDate')}
            style={INPUT_STYLE}
            onInput={text('startDate')}
          />
        </Field>
        <Field id="plan-endDate" label="Last day" error={errors.endDate}>
          <input
            id="plan-endDate"
            type="date"
            value={f.endDate}
            aria-invalid={invalid('endDate')}
            aria-describedby={described('endDate')}
            style={INPUT_STYLE}
            onInput={text('endDate')}
          />
        </Field>
        <Field id="plan-types" label="Crimes" error={errors.types}>
          <select
            id="plan-types"
            value={f.types}
            aria-invalid={invalid('types')}
            aria-describedby={described('types')}
            style={INPUT_STYLE}
            onChange={(e) => set('types', (e.currentTarget as HTMLSelectElement).value)}
          >
            {selectionOptions(f.types).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="plan-method" label="Method" error={errors.method}>
          <select
            id="plan-method"
            value={f.method}
            aria-invalid={invalid('method')}
            aria-describedby={described('method')}
            style={INPUT_STYLE}
            onChange={(e) => set('method', (e.currentTarget as HTMLSelectElement).value)}
          >
            {METHODS.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </Field>
        {numberInput('hotspots', 'Number of hotspots')}
        {numberInput('radius', 'Radius (m)')}
        {numberInput('minSeparation', 'Minimum separation (m)')}
        {numberInput('visitMinutes', 'Visit length (minutes)')}
        {numberInput('visitsPerDay', 'Visits per day')}
        <label class="check">
          <input
            type="checkbox"
            checked={f.randomise}
            onChange={(e) => set('randomise', (e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          Randomised design (some days patrolled, others kept as controls)
        </label>
        {errors.randomise && (
          <p class="field-error" role="alert">
            {errors.randomise}
          </p>
        )}
        {f.randomise &&
          numberInput('patrolShare', 'Share of patrol days (%)', {
            hint: 'The share of hotspot-days patrolled; the rest are controls.',
          })}
        <p>
          <button type="submit" class="button" disabled={busy}>
            {busy ? 'Building the plan…' : 'Build the plan'}
          </button>
        </p>
        {general && (
          <p role="alert" class="message message-error">
            {general}
          </p>
        )}
        {done && (
          <p role="status" class="message">
            {done}
          </p>
        )}
      </form>
    </details>
  );
}
