import { useState } from 'preact/hooks';
import { apiUrl } from '../../api/client.ts';
import { useMe } from '../../api/session.ts';
import { refreshApi, useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { PageHeading } from '../../components/page.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/states.tsx';
import { navigate, withQuery } from '../../router.tsx';
import { mayPlan, PlanForm } from './plan-form.tsx';

interface PlanItem {
  planId: number;
  name: string;
  latestVersion: number;
  startDate: string;
  endDate: string;
  hotspots: number;
  randomised: boolean;
  synthetic: boolean;
}
interface Hotspot {
  rank: number;
  label: string;
  lat: number;
  lon: number;
  radiusM: number;
  windows: { label: string }[];
}
interface Plan {
  planId: number;
  version: number;
  name: string;
  synthetic: boolean;
  startDate: string;
  endDate: string;
  visitMinutes: number;
  capMinutes: number;
  summary: { sentence: string; methodReason: string; windowsFrom: string };
  hotspots: Hotspot[];
  tactics: { code: string; label: string }[];
  schedule: { date: string; patrol: number[] }[] | null;
}
interface DosageResponse {
  synthetic: boolean;
  patrols: number;
  dosage: {
    total: { plannedMinutes: number; allMinutes: number; compliance: number | null };
    trackedShare: number | null;
  };
  flags: { flag: string; label: string; patrols: number }[];
}

/** Metres between two WGS84 points (short distances). */
function metres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dy = (lat2 - lat1) * 111_320;
  const dx = (lon2 - lon1) * 111_320 * Math.cos((lat1 * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

async function post(url: string, body: unknown): Promise<{ ok: boolean; message: string }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'beatwise' },
    body: JSON.stringify(body),
  });
  const j = (await r.json().catch(() => ({}))) as {
    error?: { message: string };
    stored?: number;
    duplicates?: number;
  };
  return r.ok
    ? { ok: true, message: `saved (${j.stored ?? 0} new, ${j.duplicates ?? 0} already held)` }
    : { ok: false, message: j.error?.message ?? `HTTP ${r.status}` };
}

function PatrolLog({ force, plan }: { force: string; plan: Plan }) {
  const [hotspot, setHotspot] = useState(plan.hotspots[0]?.rank ?? 1);
  const [tactic, setTactic] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [patrolKey, setPatrolKey] = useState<string | null>(null);
  const [where, setWhere] = useState<{ lat: number; lon: number } | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const url = apiUrl(`/forces/${encodeURIComponent(force)}/patrol-plans/${plan.planId}/events`);
  const event = (kind: string, key: string, extra: Record<string, unknown> = {}) => ({
    clientEventId: `${key}-${kind}-${Date.now()}`,
    planId: plan.planId,
    patrolKey: key,
    kind,
    at: new Date().toISOString(),
    source: 'phone',
    ...(where ? { lat: where.lat, lon: where.lon } : {}),
    ...extra,
  });
  const locate = () =>
    navigator.geolocation?.getCurrentPosition((p) => {
      const here = { lat: p.coords.latitude, lon: p.coords.longitude };
      setWhere(here);
      let best = plan.hotspots[0];
      for (const h of plan.hotspots)
        if (metres(here.lat, here.lon, h.lat, h.lon) < metres(here.lat, here.lon, best.lat, best.lon))
          best = h;
      if (best) setHotspot(best.rank);
    });
  const start = async () => {
    const key = `p-${Date.now().toString(36)}`;
    const r = await post(url, { events: [event('start', key, { hotspot })] });
    setStatus(r);
    if (r.ok) setPatrolKey(key);
  };
  const end = async () => {
    if (!patrolKey) return;
    const events = [
      ...tactic.map((t) => event('tactic', patrolKey, { tactic: t })),
      ...(note ? [event('note', patrolKey, { note })] : []),
      event('end', patrolKey),
    ];
    const r = await post(url, { events });
    setStatus(r);
    if (r.ok) {
      setPatrolKey(null);
      setTactic([]);
      setNote('');
      refreshApi();
    }
  };
  return (
    <section class="patrol-log" aria-labelledby="log-heading">
      <h2 id="log-heading">Log a patrol</h2>
      <div class="field">
        <label for="patrol-hotspot">Hotspot</label>
        <select
          id="patrol-hotspot"
          value={hotspot}
          disabled={patrolKey !== null}
          onChange={(e) => setHotspot(Number((e.currentTarget as HTMLSelectElement).value))}
        >
          {plan.hotspots.map((h) => (
            <option key={h.rank} value={h.rank}>
              {h.label} ({h.windows.map((w) => w.label).join('; ')})
            </option>
          ))}
        </select>
        <button type="button" class="button button-secondary" onClick={locate}>
          Nearest to me
        </button>
      </div>
      {patrolKey === null ? (
        <button type="button" class="button button-big" onClick={start}>
          Start patrol
        </button>
      ) : (
        <>
          <fieldset>
            <legend>Tactics</legend>
            {plan.tactics.map((t) => (
              <label key={t.code} class="check">
                <input
                  type="checkbox"
                  checked={tactic.includes(t.code)}
                  onChange={(e) =>
                    setTactic(
                      (e.currentTarget as HTMLInputElement).checked
                        ? [...tactic, t.code]
                        : tactic.filter((x) => x !== t.code),
                    )
                  }
                />{' '}
                {t.label}
              </label>
            ))}
          </fieldset>
          <div class="field">
            <label for="patrol-note">Note</label>
            <textarea
              id="patrol-note"
              maxLength={1000}
              value={note}
              onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
            />
          </div>
          <button type="button" class="button button-big" onClick={end}>
            End patrol
          </button>
        </>
      )}
      {status && (
        <p role="status" class={status.ok ? 'message' : 'message message-error'}>
          {status.message}
        </p>
      )}
    </section>
  );
}

function PlanView({ force, id }: { force: string; id: string }) {
  const base = `/forces/${encodeURIComponent(force)}/patrol-plans/${id}`;
  const plan = useApi<Plan>(apiUrl(base));
  const dose = useApi<DosageResponse>(apiUrl(`${base}/dosage`));
  if (plan.status === 'loading') return <Loading what="the plan" minHeight={300} />;
  if (plan.status === 'error') return <ErrorMessage error={plan.error} what="the plan" />;
  const p = plan.data;
  return (
    <>
      {p.synthetic && <p class="message synthetic">SYNTHETIC: a demonstration plan.</p>}
      <h2>
        {p.name} (version {p.version})
      </h2>
      <p>{p.summary.sentence}</p>
      <p class="hint">
        Ranked by {p.summary.methodReason}. Windows: {p.summary.windowsFrom}. Visits of {p.visitMinutes}{' '}
        minutes, at most {p.capMinutes} minutes a patrol.
      </p>
      <PatrolLog force={force} plan={p} />
      <h2>Dosage</h2>
      {dose.status === 'ok' && (
        <p>
          {dose.data.synthetic ? 'SYNTHETIC logs: ' : ''}
          {dose.data.patrols} patrols, {Math.round(dose.data.dosage.total.allMinutes)} minutes of{' '}
          {dose.data.dosage.total.plannedMinutes} planned; compliance{' '}
          {dose.data.dosage.total.compliance === null
            ? '–'
            : `${Math.round(dose.data.dosage.total.compliance * 100)}%`}
          ; tracked{' '}
          {dose.data.dosage.trackedShare === null
            ? '–'
            : `${Math.round(dose.data.dosage.trackedShare * 100)}%`}
          .{' '}
          {dose.data.flags
            .filter((f) => f.patrols)
            .map((f) => `${f.patrols} ${f.label}`)
            .join('; ')}
        </p>
      )}
      <h2>Hotspots</h2>
      <ol class="hotspot-list">
        {p.hotspots.map((h) => (
          <li key={h.rank}>
            <b>{h.label}</b> {h.radiusM} m around{' '}
            <a href={`geo:${h.lat},${h.lon}`}>
              {h.lat.toFixed(5)}, {h.lon.toFixed(5)}
            </a>
            : {h.windows.map((w) => w.label).join('; ')}
          </li>
        ))}
      </ol>
      <p>
        <a href={apiUrl(`${base}/export`, { format: 'briefing' })}>Briefing (print)</a> ·{' '}
        <a href={apiUrl(`${base}/export`, { format: 'ics' })}>Calendar</a> ·{' '}
        <a href={apiUrl(`${base}/export`, { format: 'csv' })}>CSV</a> ·{' '}
        <a href={apiUrl(`${base}/export`, { format: 'geojson' })}>GeoJSON</a>
      </p>
    </>
  );
}

/** Patrol plans; one plan with its phone log, dosage and exports. */
export default function PatrolsPage({ route }: PageProps) {
  const force = route.force as string;
  const id = route.query.get('plan');
  const me = useMe();
  const plans = useApi<{ plans: PlanItem[] }>(
    id ? null : apiUrl(`/forces/${encodeURIComponent(force)}/patrol-plans`),
  );
  return (
    <>
      <PageHeading title="Patrols" forceName={force} />
      {!id && me && mayPlan(me.grants, force) && <PlanForm force={force} />}
      {id ? (
        <PlanView force={force} id={id} />
      ) : plans.status === 'loading' ? (
        <Loading what="the patrol plans" minHeight={200} />
      ) : plans.status === 'error' ? (
        <ErrorMessage error={plans.error} what="the patrol plans" />
      ) : plans.data.plans.length === 0 ? (
        <Empty title="No patrol plans yet">
          <p>
            Make one with{' '}
            <code>
              npx beatwise patrols plan --force {force} --area team:CODE --start YYYY-MM-DD --end YYYY-MM-DD
            </code>
            .
          </p>
        </Empty>
      ) : (
        <ul class="plan-list">
          {plans.data.plans.map((p) => (
            <li key={p.planId}>
              <a
                href={withQuery(route, { plan: String(p.planId) })}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(withQuery(route, { plan: String(p.planId) }));
                }}
              >
                {p.synthetic ? 'SYNTHETIC ' : ''}
                {p.name}
              </a>{' '}
              ({p.hotspots} hotspots, {p.startDate} to {p.endDate}
              {p.randomised ? ', randomised' : ''})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
