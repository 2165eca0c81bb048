import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * Path routing with the history API: every page has a URL that can be bookmarked and shared, the
 * force in the path and the period in the query (e.g. /f/west-midlands/impact-areas?month=2022-08).
 * The server answers index.html for every path outside /api.
 */
export type RouteName =
  | 'home'
  | 'data'
  | 'overview'
  | 'impact-areas'
  | 'area'
  | 'hotspots'
  | 'repeats'
  | 'trends'
  | 'workforce'
  | 'patrol-evaluation'
  | 'patrols'
  | 'casework'
  | 'casework-burglary'
  | 'casework-referrals'
  | 'casework-offenders'
  | 'volunteers'
  | 'engagement'
  | 'priorities'
  | 'report'
  | 'sign-in'
  | 'account'
  | 'neighbourhood'
  | 'not-found';

export interface Route {
  name: RouteName;
  force: string | null;
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

const FORCE_PAGES: Record<string, RouteName> = {
  '': 'overview',
  'impact-areas': 'impact-areas',
  hotspots: 'hotspots',
  repeats: 'repeats',
  trends: 'trends',
  workforce: 'workforce',
  'patrol-evaluation': 'patrol-evaluation',
  patrols: 'patrols',
  casework: 'casework',
  report: 'report',
  data: 'data',
  volunteers: 'volunteers',
  engagement: 'engagement',
  priorities: 'priorities',
};

/** /f/FORCE/casework/AREA and /f/FORCE/casework/AREA/ID: one page per casework area. */
const CASEWORK_AREAS: Record<string, RouteName> = {
  burglary: 'casework-burglary',
  referrals: 'casework-referrals',
  offenders: 'casework-offenders',
};

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function matchRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const parts = pathname.split('/').filter(Boolean).map(decode);
  const base = { force: null, params: {}, query, path: pathname };
  if (parts.length === 0) return { ...base, name: 'home' };
  if (parts.length === 1 && parts[0] === 'data') return { ...base, name: 'data' };
  if (parts.length === 1 && parts[0] === 'sign-in') return { ...base, name: 'sign-in' };
  if (parts.length === 1 && parts[0] === 'account') return { ...base, name: 'account' };
  // Public neighbourhood pages: /n (find), /n/FORCE/NEIGHBOURHOOD (no sign-in).
  if (parts[0] === 'n' && parts.length === 1) return { ...base, name: 'neighbourhood' };
  if (parts[0] === 'n' && parts.length === 3)
    return { ...base, name: 'neighbourhood', params: { force: parts[1], code: parts[2] } };
  if (parts[0] === 'f' && parts[1]) {
    const force = parts[1];
    if (parts[2] === 'areas' && parts.length === 5)
      return { ...base, name: 'area', force, params: { level: parts[3], code: parts[4] } };
    const area = parts[2] === 'casework' ? CASEWORK_AREAS[parts[3] ?? ''] : undefined;
    if (area && parts.length <= 5)
      return { ...base, name: area, force, params: parts[4] ? { id: parts[4] } : {} };
    const page = FORCE_PAGES[parts[2] ?? ''];
    if (page && parts.length <= 3) return { ...base, name: page, force };
  }
  return { ...base, name: 'not-found' };
}

const NAVIGATE = 'beatwise:navigate';
let navigations = 0;

/** How many in-app navigations (links, back, forward) happened since the page loaded. */
export function navigationCount(): number {
  return navigations;
}

function current(): Route {
  return matchRoute(location.pathname, location.search);
}

/** Goes to `href` inside the app (push, or replace the current history entry). */
export function navigate(href: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  navigations++;
  window.dispatchEvent(new Event(NAVIGATE));
}

/** The route of the current location, updated on navigation and on back/forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    const pop = () => {
      navigations++;
      update();
    };
    window.addEventListener('popstate', pop);
    window.addEventListener(NAVIGATE, update);
    return () => {
      window.removeEventListener('popstate', pop);
      window.removeEventListener(NAVIGATE, update);
    };
  }, []);
  return route;
}

/** The current path with some query parameters changed (undefined or '' removes one). */
export function withQuery(route: Route, changes: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams(route.query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === '') q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  return `${route.path}${s ? `?${s}` : ''}`;
}

export function forcePath(
  force: string,
  page = '',
  query?: Record<string, string | undefined | null>,
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v) q.set(k, v);
  const s = q.toString();
  return `/f/${encodeURIComponent(force)}${page ? `/${page}` : ''}${s ? `?${s}` : ''}`;
}

export function areaPath(
  force: string,
  level: string,
  code: string,
  query?: Record<string, string | undefined | null>,
): string {
  return forcePath(force, `areas/${encodeURIComponent(level)}/${encodeURIComponent(code)}`, query);
}

type AnchorProps = JSX.AnchorHTMLAttributes<HTMLAnchorElement> & {
  href: string;
  children?: ComponentChildren;
};

/** An in-app link: a real <a href> (so it can be opened in a new tab) that navigates without a reload. */
export function Link(props: AnchorProps) {
  const { href, onClick, ...rest } = props;
  const click = (e: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    if (typeof onClick === 'function') onClick(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (props.target && props.target !== '_self') return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={click} {...rest} />;
}
