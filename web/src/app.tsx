import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiUrl } from './api/client.ts';
import { authPost, sessionChanged, useMe } from './api/session.ts';
import type { ForcesResponse } from './api/types.ts';
import { useApi } from './api/use-api.ts';
import { ErrorMessage, Loading } from './components/states.tsx';
import { forcePath, Link, navigate, type Route, type RouteName, useRoute } from './router.tsx';

export interface PageProps {
  route: Route;
}

type PageModule = { default: FunctionComponent<PageProps> };

/** One folder per page, each loaded when first visited (the first page stays small). */
const PAGES: Record<RouteName, () => Promise<PageModule>> = {
  home: () => import('./pages/home/home-page.tsx'),
  data: () => import('./pages/data/data-page.tsx'),
  overview: () => import('./pages/overview/overview-page.tsx'),
  'impact-areas': () => import('./pages/impact-areas/impact-areas-page.tsx'),
  area: () => import('./pages/area/area-page.tsx'),
  hotspots: () => import('./pages/hotspots/hotspots-page.tsx'),
  repeats: () => import('./pages/repeats/repeats-page.tsx'),
  trends: () => import('./pages/trends/trends-page.tsx'),
  workforce: () => import('./pages/workforce/workforce-page.tsx'),
  'patrol-evaluation': () => import('./pages/patrol-evaluation/patrol-evaluation-page.tsx'),
  patrols: () => import('./pages/patrols/patrols-page.tsx'),
  casework: () => import('./pages/casework/casework-page.tsx'),
  'casework-burglary': () => import('./pages/casework-burglary/casework-burglary-page.tsx'),
  'casework-referrals': () => import('./pages/casework-referrals/casework-referrals-page.tsx'),
  'casework-offenders': () => import('./pages/casework-offenders/casework-offenders-page.tsx'),
  volunteers: () => import('./pages/volunteers/volunteers-page.tsx'),
  engagement: () => import('./pages/engagement/engagement-page.tsx'),
  priorities: () => import('./pages/priorities/priorities-page.tsx'),
  report: () => import('./pages/report/report-page.tsx'),
  'sign-in': () => import('./pages/sign-in/sign-in-page.tsx'),
  account: () => import('./pages/account/account-page.tsx'),
  neighbourhood: () => import('./pages/neighbourhood/neighbourhood-page.tsx'),
  'not-found': () => import('./pages/not-found/not-found-page.tsx'),
};

const loaded = new Map<RouteName, FunctionComponent<PageProps>>();

function PageLoader({ route }: { route: Route }) {
  const [, setVersion] = useState(0);
  const [failed, setFailed] = useState<string | null>(null);
  const Page = loaded.get(route.name);
  useEffect(() => {
    if (loaded.has(route.name)) return;
    let live = true;
    setFailed(null);
    PAGES[route.name]().then(
      (m) => {
        loaded.set(route.name, m.default);
        if (live) setVersion((v) => v + 1);
      },
      (e: unknown) => live && setFailed(String(e)),
    );
    return () => {
      live = false;
    };
  }, [route.name]);
  if (failed)
    return (
      <div class="message message-error" role="alert">
        <h1>This page did not load</h1>
        <p>
          The app's code for it could not be fetched ({failed}). The server may have been updated: reload the
          page.
        </p>
      </div>
    );
  if (!Page) return <Loading what="the page" minHeight={400} />;
  // key: a new force or area is a new page (fresh state, focus on its heading)
  return (
    <Page
      key={`${route.name}/${route.force ?? ''}/${route.params.level ?? ''}/${route.params.code ?? ''}`}
      route={route}
    />
  );
}

const FORCE_NAV: { page: string; label: string; route: RouteName }[] = [
  { page: '', label: 'Overview', route: 'overview' },
  { page: 'impact-areas', label: 'Impact Areas', route: 'impact-areas' },
  { page: 'hotspots', label: 'Hotspots', route: 'hotspots' },
  { page: 'repeats', label: 'Near repeats', route: 'repeats' },
  { page: 'trends', label: 'Trends', route: 'trends' },
  { page: 'workforce', label: 'Workforce', route: 'workforce' },
  { page: 'patrols', label: 'Patrols', route: 'patrols' },
  { page: 'casework', label: 'Casework', route: 'casework' },
  { page: 'casework/burglary', label: 'Burglary pledge', route: 'casework-burglary' },
  { page: 'casework/referrals', label: 'Referrals', route: 'casework-referrals' },
  { page: 'casework/offenders', label: 'IOM', route: 'casework-offenders' },
  { page: 'volunteers', label: 'Volunteers', route: 'volunteers' },
  { page: 'engagement', label: 'Engagement', route: 'engagement' },
  { page: 'priorities', label: 'Priorities', route: 'priorities' },
  { page: 'report', label: 'Board paper', route: 'report' },
  { page: 'data', label: 'Data', route: 'data' },
];

function ForcePicker({ route }: { route: Route }) {
  const forces = useApi<ForcesResponse>(apiUrl('/forces'));
  if (forces.status !== 'ok' || forces.data.forces.length < 2) return null;
  const choose = (slug: string) => {
    if (!slug) return navigate('/');
    const page = FORCE_NAV.find((n) => n.route === route.name)?.page ?? '';
    const keep = route.name === 'area' ? {} : Object.fromEntries(route.query);
    navigate(forcePath(slug, page, route.name === 'area' ? {} : keep));
  };
  return (
    <div class="force-picker">
      <label for="force-picker">Force</label>
      <select
        id="force-picker"
        value={route.force ?? ''}
        onChange={(e) => choose((e.currentTarget as HTMLSelectElement).value)}
      >
        {!route.force && <option value="">Choose a force…</option>}
        {forces.data.forces.map((f) => (
          <option key={f.slug} value={f.slug}>
            {f.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function Nav({ route }: { route: Route }) {
  const force = route.force;
  const items = force
    ? FORCE_NAV.map((n) => ({
        href: forcePath(force, n.page),
        label: n.label,
        current: n.route === route.name,
      }))
    : [
        { href: '/', label: 'Forces', current: route.name === 'home' },
        { href: '/data', label: 'Data', current: route.name === 'data' },
      ];
  return (
    <nav class="site-nav" aria-label="Pages">
      <ul>
        {items.map((i) => (
          <li key={i.href}>
            <Link href={i.href} aria-current={i.current ? 'page' : undefined}>
              {i.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function ForcesGate({ route }: { route: Route }) {
  // A force in the URL the store does not hold: say so, rather than a page of errors.
  const forces = useApi<ForcesResponse>(apiUrl('/forces'));
  if (!route.force) return <PageLoader route={route} />;
  if (forces.status === 'loading') return <Loading what="the forces in the store" minHeight={400} />;
  if (forces.status === 'error') return <ErrorMessage error={forces.error} what="the forces in the store" />;
  if (!forces.data.forces.some((f) => f.slug === route.force))
    return (
      <div class="message message-error" role="alert">
        <h1>No force “{route.force}” in this store</h1>
        <p>
          {forces.data.forces.length
            ? `The store holds: ${forces.data.forces.map((f) => f.name).join(', ')}.`
            : 'The store holds no forces yet.'}{' '}
          <Link href="/">Choose a force</Link> or load one on the <Link href="/data">Data page</Link>.
        </p>
      </div>
    );
  return <PageLoader route={route} />;
}

/** Who is signed in, with Sign out; or a Sign in link. */
function Account({ route }: { route: Route }) {
  const me = useMe();
  const [error, setError] = useState<string | null>(null);
  if (me === undefined) return null;
  if (!me) {
    if (route.name === 'sign-in') return null;
    return (
      <Link
        href={`/sign-in?next=${encodeURIComponent(route.path + (route.query.size ? `?${route.query}` : ''))}`}
        class="account-link"
      >
        Sign in
      </Link>
    );
  }
  const signOut = async () => {
    try {
      await authPost('/sign-out', {});
      sessionChanged();
      navigate('/');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div class="account">
      <span class="account-name">
        Signed in as <strong>{me.name}</strong>
      </span>
      <Link href="/account" class="account-link">
        Your account
      </Link>
      <button type="button" class="button button-small button-secondary" onClick={signOut}>
        Sign out
      </button>
      {error && (
        <span role="alert" class="account-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function App() {
  const route = useRoute();
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="site-header">
        <div class="header-row">
          <Link href="/" class="brand">
            Beatwise
          </Link>
          <ForcePicker route={route} />
          <Account route={route} />
        </div>
        <Nav route={route} />
      </header>
      <main id="main" tabIndex={-1}>
        <ForcesGate route={route} />
      </main>
      <footer class="site-footer">
        <p>
          Beatwise: crime harm, hotspots and workforce for neighbourhood policing. Harm is in Cambridge Crime
          Harm Index days. The API is described at <a href="/api/docs">/api/docs</a>.
        </p>
      </footer>
    </>
  );
}
