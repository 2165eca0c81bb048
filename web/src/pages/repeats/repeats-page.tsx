import { apiUrl } from '../../api/client.ts';
import { useForceSummary } from '../../api/force.ts';
import { useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { Caveats } from '../../components/caveats.tsx';
import { PageHeading } from '../../components/page.tsx';
import { ErrorMessage, Loading } from '../../components/states.tsx';
import { navigate, withQuery } from '../../router.tsx';
import './repeats.css';

/** The parts of GET /repeats/knox and /repeats/alerts this page reads (src/repeats/api.ts). */
interface Header {
  force: string;
  area: string;
  months: string;
  burglaries: number;
  synthetic: boolean;
  caveats: string[];
}
interface KnoxAnswer {
  header: Header;
  result: {
    distanceLabels: string[];
    timeLabels: string[];
    observed: number[][];
    expected: number[][];
    ratio: (number | null)[][];
    p: number[][];
    significant: boolean[][];
    iterations: number;
    seed: number;
    minP: number;
    alpha: number;
    scheme: string;
  };
  risk: { radiusM: number; days: number; note: string } | null;
}
interface Visit {
  order: number;
  street: string;
  distanceM: number;
  action: string;
  points: unknown[];
}
interface AlertsAnswer {
  header: Header;
  since: string;
  risk: { radiusM: number; days: number; source: string };
  alerts: {
    crimeId: number;
    date: string;
    monthOnly: boolean;
    from: string;
    to: string;
    radiusM: number;
    teamName: string;
    places: number;
    cocooning: { status: string } | null;
    visitsByTeam: { team: number; teamName: string; list: Visit[] }[];
  }[];
}

const pv = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

/** Near repeats: the force's Knox table (significant cells highlighted) and the alerts with visit lists. */
export default function RepeatsPage({ route }: PageProps) {
  const force = route.force as string;
  const summary = useForceSummary(force);
  const iterations = route.query.get('iterations') ?? '99';
  const seed = route.query.get('seed') ?? '1';
  const lastMonth = summary?.months?.to;
  const since = route.query.get('since') ?? lastMonth ?? null;
  const knox = useApi<KnoxAnswer>(
    apiUrl(`/forces/${encodeURIComponent(force)}/repeats/knox`, { iterations, seed }),
  );
  const alerts = useApi<AlertsAnswer>(
    since ? apiUrl(`/forces/${encodeURIComponent(force)}/repeats/alerts`, { since }) : null,
  );
  return (
    <>
      <PageHeading title="Near repeats" forceName={summary?.name ?? force} />
      <section aria-labelledby="knox-h">
        <h2 id="knox-h">Knox test: burglary pairs close in space and time</h2>
        {knox.status === 'loading' && <Loading what="the Knox test" minHeight={300} />}
        {knox.status === 'error' && <ErrorMessage error={knox.error} what="the Knox test" />}
        {knox.status === 'ok' && (
          <KnoxTable
            a={knox.data}
            more={() => navigate(withQuery(route, { iterations: iterations === '999' ? '99' : '999' }))}
          />
        )}
      </section>
      <section aria-labelledby="alerts-h">
        <h2 id="alerts-h">Alerts and cocooning visit lists{since ? ` since ${since}` : ''}</h2>
        <div class="controls">
          <label>
            Since{' '}
            <input
              type="month"
              value={since?.slice(0, 7) ?? ''}
              onChange={(e) =>
                navigate(withQuery(route, { since: (e.currentTarget as HTMLInputElement).value }))
              }
            />
          </label>{' '}
          {since && (
            <a
              class="button"
              href={apiUrl(`/forces/${encodeURIComponent(force)}/repeats/alerts`, { since, format: 'html' })}
            >
              Printable visit lists
            </a>
          )}
        </div>
        {alerts.status === 'loading' && since && <Loading what="the alerts" />}
        {alerts.status === 'error' && (
          <ErrorMessage error={alerts.error} what="the alerts (sign in to see places)" />
        )}
        {alerts.status === 'ok' && <Alerts a={alerts.data} />}
      </section>
    </>
  );
}

function KnoxTable({ a, more }: { a: KnoxAnswer; more: () => void }) {
  const r = a.result;
  return (
    <>
      {a.header.synthetic && <p class="synthetic-banner">SYNTHETIC DATA — not real crimes</p>}
      <p>
        {a.header.area}, {a.header.months}: {a.header.burglaries.toLocaleString('en-GB')} burglaries.{' '}
        {r.iterations} permutations of the {r.scheme === 'times' ? 'times among places' : 'pairs'} (seed{' '}
        {r.seed}
        ): the smallest p-value they allow is {pv(r.minP)}.{' '}
        <button type="button" class="button" onClick={more}>
          {r.iterations === 999 ? 'Quicker: 99 permutations' : 'More precise: 999 permutations'}
        </button>
      </p>
      <div class="scroll-x">
        <table class="knox-table">
          <caption>
            Knox ratio (observed ÷ expected pairs) and p-value per cell; highlighted: significant at {r.alpha}{' '}
            with more pairs than expected
          </caption>
          <thead>
            <tr>
              <th scope="col">Distance</th>
              {r.timeLabels.map((t) => (
                <th scope="col" key={t}>
                  {t}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.distanceLabels.map((d, i) => (
              <tr key={d}>
                <th scope="row">{d}</th>
                {r.timeLabels.map((t, j) => (
                  <td key={t} class={r.significant[i][j] ? 'knox-significant' : undefined}>
                    <strong>{r.ratio[i][j] === null ? '–' : r.ratio[i][j]?.toFixed(2)}</strong>
                    <span class="knox-sub">
                      {r.observed[i][j].toLocaleString('en-GB')} pairs · p {pv(r.p[i][j])}
                      {r.significant[i][j] ? ' · significant' : ''}
                    </span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {a.risk
          ? `Risk area the result supports: ${a.risk.radiusM} m for ${a.risk.days} days (${a.risk.note}).`
          : 'No near-repeat risk area: the nearest cell is not significant with a Knox ratio of 1.2 or more; alerts use the force’s settings or 400 m for 28 days.'}
      </p>
      <Caveats caveats={a.header.caveats} />
    </>
  );
}

function Alerts({ a }: { a: AlertsAnswer }) {
  if (a.alerts.length === 0) return <p>No burglaries since {a.since}.</p>;
  const shown = a.alerts.slice(0, 50);
  return (
    <>
      {a.header.synthetic && <p class="synthetic-banner">SYNTHETIC DATA — not real crimes</p>}
      <p>
        {a.alerts.length} burglaries; risk area {a.risk.radiusM} m for {a.risk.days} days ({a.risk.source}).
        {a.alerts.length > shown.length
          ? ` The latest ${shown.length} are shown; print the visit lists for all.`
          : ''}
      </p>
      <ul class="alert-list">
        {shown.map((al) => (
          <li key={al.crimeId} class="alert-card">
            <details>
              <summary>
                Burglary {al.crimeId}, {al.monthOnly ? al.date.slice(0, 7) : al.date} · {al.teamName} · risk
                to {al.to} · {al.places} map points{al.cocooning ? ` · cocooning ${al.cocooning.status}` : ''}
              </summary>
              {al.visitsByTeam.map((v) => (
                <div key={v.team}>
                  <h3>{v.teamName}</h3>
                  <ol class="visit-list">
                    {v.list.map((item) => (
                      <li key={item.street}>
                        <strong>{item.street}</strong> <span class="muted small">{item.distanceM} m</span>
                        <br />
                        <span class="small">{item.action}</span>
                      </li>
                    ))}
                  </ol>
                </div>
              ))}
            </details>
          </li>
        ))}
      </ul>
      <Caveats caveats={a.header.caveats} />
    </>
  );
}
