/**
 * Public neighbourhood pages (no sign-in): find your neighbourhood by name or on the map, then see
 * its team, priorities and what was done, events, crime and harm month by month, and a map of the
 * month's crimes at their published (approximate) points. Everything comes from the public
 * police.uk-compatible API, so the page shows nothing a police.uk client could not get.
 */
import { Fragment } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { apiUrl } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { PageHeading } from '../../components/page.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { Sparkline } from '../../components/sparkline.tsx';
import { ErrorMessage, Loading } from '../../components/states.tsx';
import { Link, navigate } from '../../router.tsx';
import { type MapShape, OutlineMap } from './outline-map.tsx';
import {
  type HoodHarm,
  hoodPath,
  type PuCrime,
  type PuEvent,
  type PuForce,
  type PuHood,
  type PuNeighbourhood,
  type PuPerson,
  type PuPoint,
  type PuPriority,
  plainText,
  pu,
} from './public-api.ts';

const APPROX = 'Locations approximate (anonymised map points), month only.';

export default function NeighbourhoodPage({ route }: PageProps) {
  const force = route.params.force;
  const code = route.params.code;
  if (force && code) return <Neighbourhood force={force} code={code} />;
  return <FindNeighbourhood force={force ?? route.query.get('force') ?? null} />;
}

// ---------------------------------------------------------------------------------------------
// Finding a neighbourhood

type Boundaries = {
  features: {
    properties: { code: string; name: string };
    geometry: { coordinates: [number, number][][][] };
  }[];
};

function FindNeighbourhood({ force }: { force: string | null }) {
  const forces = useApi<PuForce[]>(pu('/forces'));
  const chosen = force ?? (forces.status === 'ok' && forces.data.length === 1 ? forces.data[0].id : null);
  return (
    <>
      <PageHeading title="Find your neighbourhood" />
      <p>
        See who polices your neighbourhood, what they are working on, and how crime and harm have changed. No
        sign-in needed.
      </p>
      {forces.status === 'loading' && <Loading what="the forces" />}
      {forces.status === 'error' && <ErrorMessage error={forces.error} what="the forces" />}
      {forces.status === 'ok' && forces.data.length > 1 && (
        <div class="field">
          <label for="hood-force">Police force</label>
          <select
            id="hood-force"
            value={chosen ?? ''}
            onChange={(e) =>
              navigate(`/n?force=${encodeURIComponent((e.currentTarget as HTMLSelectElement).value)}`)
            }
          >
            <option value="">Choose a force…</option>
            {forces.data.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {chosen && <FindInForce force={chosen} />}
    </>
  );
}

function FindInForce({ force }: { force: string }) {
  const hoods = useApi<PuHood[]>(pu(`/${encodeURIComponent(force)}/neighbourhoods`));
  const shapes = useApi<Boundaries>(
    apiUrl(`/forces/${encodeURIComponent(force)}/boundaries`, { level: 'team', zoom: 9 }),
  );
  const [q, setQ] = useState('');
  const matches = useMemo(() => {
    if (hoods.status !== 'ok') return [];
    const t = q.trim().toLowerCase();
    if (!t) return [];
    return hoods.data
      .filter((h) => h.name.toLowerCase().includes(t) || h.id.toLowerCase() === t)
      .slice(0, 20);
  }, [hoods, q]);
  const mapShapes: MapShape[] =
    shapes.status === 'ok'
      ? shapes.data.features.map((f) => ({
          key: f.properties.code,
          rings: f.geometry.coordinates.flat(),
          label: `${f.properties.name}: open its page`,
          href: hoodPath(force, f.properties.code),
        }))
      : [];
  return (
    <>
      <section aria-labelledby="find-by-name">
        <h2 id="find-by-name">Search by place name</h2>
        <form onSubmit={(e) => e.preventDefault()}>
          <label for="hood-search">Neighbourhood or place name</label>
          <input
            id="hood-search"
            type="search"
            value={q}
            autoComplete="off"
            onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
          />
        </form>
        {hoods.status === 'loading' && <Loading what="the neighbourhoods" />}
        {hoods.status === 'error' && <ErrorMessage error={hoods.error} what="the neighbourhoods" />}
        <p aria-live="polite" class="small muted">
          {q.trim() ? `${matches.length} neighbourhood${matches.length === 1 ? '' : 's'} found` : ''}
        </p>
        {matches.length > 0 && (
          <ul class="hood-results">
            {matches.map((h) => (
              <li key={h.id}>
                <Link href={hoodPath(force, h.id)}>{h.name}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="find-on-map">
        <h2 id="find-on-map">Or choose it on the map</h2>
        {shapes.status === 'loading' && <Loading what="the map" />}
        {shapes.status === 'ok' && (
          <OutlineMap
            shapes={mapShapes}
            title="Neighbourhoods of the force: select one to open its page"
            height={480}
          />
        )}
      </section>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// One neighbourhood

function Neighbourhood({ force, code }: { force: string; code: string }) {
  const base = `/${encodeURIComponent(force)}/${encodeURIComponent(code)}`;
  const hood = useApi<PuNeighbourhood>(pu(base));
  const forces = useApi<PuForce[]>(pu('/forces'));
  const forceName = forces.status === 'ok' ? (forces.data.find((f) => f.id === force)?.name ?? force) : force;
  if (hood.status === 'loading') return <Loading what="the neighbourhood" minHeight={400} />;
  if (hood.status === 'error')
    return (
      <>
        <PageHeading title="Neighbourhood not found" />
        <ErrorMessage error={hood.error} what="the neighbourhood" />
        <p>
          <Link href="/n">Find your neighbourhood</Link>
        </p>
      </>
    );
  const h = hood.data;
  const contacts = Object.entries(h.contact_details);
  return (
    <>
      <PageHeading title={h.name} forceName={forceName}>
        <p>
          <Link href={`/n?force=${encodeURIComponent(force)}`}>Find another neighbourhood</Link>
        </p>
      </PageHeading>
      {h.description && <p>{plainText(h.description)}</p>}
      <div class="hood-grid">
        <section aria-labelledby="hood-team">
          <h2 id="hood-team">Your neighbourhood team</h2>
          <Team base={base} />
          {(contacts.length > 0 || Number(h.population) > 0) && (
            <dl class="hood-facts">
              {Number(h.population) > 0 && (
                <>
                  <dt>Population</dt>
                  <dd>{Number(h.population).toLocaleString('en-GB')}</dd>
                </>
              )}
              {contacts.map(([k, v]) => (
                <Fragment key={k}>
                  <dt>{k.replace(/-/g, ' ')}</dt>
                  <dd>{k === 'email' ? <a href={`mailto:${v}`}>{v}</a> : v}</dd>
                </Fragment>
              ))}
            </dl>
          )}
        </section>
        <section aria-labelledby="hood-priorities">
          <h2 id="hood-priorities">Priorities and what was done</h2>
          <Priorities base={base} />
          <h3>Coming up</h3>
          <Events base={base} />
        </section>
      </div>
      <section aria-labelledby="hood-trends">
        <h2 id="hood-trends">Crime and harm, month by month</h2>
        <Trends force={force} code={code} />
      </section>
      <section aria-labelledby="hood-map">
        <h2 id="hood-map">Map of the latest month’s crimes</h2>
        <CrimeMap base={base} name={h.name} />
      </section>
      <p class="small muted">
        This page uses the force’s public police.uk-compatible API (<code>{pu(base)}</code>): anyone can read
        the same data with a police.uk client.
      </p>
    </>
  );
}

function Team({ base }: { base: string }) {
  const people = useApi<PuPerson[]>(pu(`${base}/people`));
  if (people.status === 'loading') return <Loading what="the team" />;
  if (people.status === 'error') return <ErrorMessage error={people.error} what="the team" />;
  if (people.data.length === 0) return <p class="muted">The team has not published its members.</p>;
  return (
    <ul class="hood-people">
      {people.data.map((p) => (
        <li key={p.name}>
          <strong>{p.name}</strong>
          {p.rank && <span>, {p.rank}</span>}
          {p.bio && <p class="small">{plainText(p.bio)}</p>}
        </li>
      ))}
    </ul>
  );
}

function Priorities({ base }: { base: string }) {
  const list = useApi<PuPriority[]>(pu(`${base}/priorities`));
  if (list.status === 'loading') return <Loading what="the priorities" />;
  if (list.status === 'error') return <ErrorMessage error={list.error} what="the priorities" />;
  if (list.data.length === 0) return <p class="muted">No priorities published yet.</p>;
  return (
    <ul class="hood-priorities">
      {list.data.map((p) => (
        <li key={p['issue-date'] + p.issue}>
          <p>
            <strong>{plainText(p.issue)}</strong>{' '}
            <span class="small muted">(set {p['issue-date'].slice(0, 10)})</span>
          </p>
          <p>
            {p.action ? (
              <>
                What was done: {plainText(p.action)}
                {p['action-date'] && <span class="small muted"> ({p['action-date'].slice(0, 10)})</span>}
              </>
            ) : (
              <span class="muted">No action reported yet.</span>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}

function Events({ base }: { base: string }) {
  const list = useApi<PuEvent[]>(pu(`${base}/events`));
  if (list.status !== 'ok') return null;
  if (list.data.length === 0) return <p class="muted">No events published.</p>;
  return (
    <ul>
      {list.data.map((e) => (
        <li key={e.start_date + e.title}>
          <strong>{e.title}</strong>, {e.start_date.replace('T', ' ').slice(0, 16)}
          {e.address && ` at ${e.address}`}
        </li>
      ))}
    </ul>
  );
}

function Trends({ force, code }: { force: string; code: string }) {
  const harm = useApi<HoodHarm>(
    pu(`/beatwise/${encodeURIComponent(force)}/${encodeURIComponent(code)}/harm`),
  );
  if (harm.status === 'loading') return <Loading what="the trends" />;
  if (harm.status === 'error') return <ErrorMessage error={harm.error} what="the trends" />;
  const months = harm.data.months.slice(-12);
  if (months.length === 0) return <p class="muted">No crimes recorded here yet.</p>;
  return (
    <>
      <p>
        Crimes <Sparkline values={months.map((m) => m.crimes)} label="crimes per month" /> · Harm{' '}
        <Sparkline values={months.map((m) => m.harm)} label="harm per month" />
      </p>
      <ScrollRegion label="Crime and harm by month">
        <table class="data-table">
          <caption class="small muted">
            Harm weights each crime by its seriousness ({harm.data.weights}). Status: {harm.data.rule}
          </caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Crimes</th>
              <th scope="col">Harm</th>
              <th scope="col">Harm, last 12 months</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{m.month}</th>
                <td>{m.crimes.toLocaleString('en-GB')}</td>
                <td>{Math.round(m.harm).toLocaleString('en-GB')}</td>
                <td>{m.rolling_harm === null ? '–' : Math.round(m.rolling_harm).toLocaleString('en-GB')}</td>
                <td>{m.status ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {harm.data.caveats.length > 0 && (
        <ul class="small muted">
          {harm.data.caveats.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function CrimeMap({ base, name }: { base: string; name: string }) {
  const boundary = useApi<PuPoint[]>(pu(`${base}/boundary`));
  const [crimes, setCrimes] = useState<PuCrime[]>([]);
  const ring: [number, number][] =
    boundary.status === 'ok' ? boundary.data.map((p) => [Number(p.longitude), Number(p.latitude)]) : [];
  // police.uk's custom-area query with the neighbourhood's own boundary (POST: long polygons).
  const poly = ring.map(([x, y]) => `${y.toFixed(6)},${x.toFixed(6)}`).join(':');
  useEffect(() => {
    if (!poly) return;
    let live = true;
    fetch(pu('/crimes-street/all-crime'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ poly }).toString(),
    })
      .then((r) => (r.ok ? (r.json() as Promise<PuCrime[]>) : []))
      .then(
        (list) => live && setCrimes(list),
        () => live && setCrimes([]),
      );
    return () => {
      live = false;
    };
  }, [poly]);
  if (boundary.status === 'loading') return <Loading what="the map" />;
  if (boundary.status === 'error') return <ErrorMessage error={boundary.error} what="the boundary" />;
  const list = crimes;
  const at = new Map<string, { lon: number; lat: number; n: number }>();
  for (const c of list) {
    if (!c.location) continue;
    const k = `${c.location.longitude},${c.location.latitude}`;
    const p = at.get(k) ?? { lon: Number(c.location.longitude), lat: Number(c.location.latitude), n: 0 };
    p.n++;
    at.set(k, p);
  }
  const byCategory = new Map<string, number>();
  for (const c of list) byCategory.set(c.category, (byCategory.get(c.category) ?? 0) + 1);
  const month = list[0]?.month;
  return (
    <>
      <OutlineMap
        shapes={[{ key: 'hood', rings: [ring], label: name, current: true }]}
        points={[...at.values()]}
        title={`${name}: ${list.length} crimes${month ? ` in ${month}` : ''}. ${APPROX}`}
      />
      {byCategory.size > 0 && (
        <ul class="small" aria-label="Crimes by type">
          {[...byCategory.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([c, n]) => (
              <li key={c}>
                {c.replace(/-/g, ' ')}: {n}
              </li>
            ))}
        </ul>
      )}
    </>
  );
}
