/**
 * The police.uk-compatible public API (src/force/police-uk-api, src/crime/police-uk-api), as the
 * public neighbourhood pages read it: the same paths a police.uk client uses.
 */
export const PUBLIC_API = '/api/police-uk';

export const pu = (path: string): string => `${PUBLIC_API}${path}`;

export interface PuForce {
  id: string;
  name: string;
}
export interface PuHood {
  id: string;
  name: string;
}
export interface PuPoint {
  latitude: string;
  longitude: string;
}
export interface PuNeighbourhood {
  id: string;
  name: string;
  description: string | null;
  population: string;
  url_force: string;
  centre: PuPoint | null;
  contact_details: Record<string, string>;
  links: { title: string; url: string; description: string | null }[];
}
export interface PuPerson {
  name: string;
  rank: string;
  bio: string | null;
}
export interface PuPriority {
  issue: string;
  action: string | null;
  'issue-date': string;
  'action-date': string | null;
}
export interface PuEvent {
  title: string;
  description: string | null;
  address: string | null;
  type: string;
  start_date: string;
  end_date: string | null;
}
export interface PuCrime {
  category: string;
  month: string;
  location: { latitude: string; longitude: string; street: { id: number; name: string } } | null;
  outcome_status: { category: string } | null;
}
export interface HoodHarm {
  name: string;
  rule: string;
  weights: string;
  months: {
    month: string;
    crimes: number;
    harm: number;
    rolling_crimes: number | null;
    rolling_harm: number | null;
    pct_change: number | null;
    status: string | null;
  }[];
  caveats: string[];
}

/** Text of police.uk's HTML fields (descriptions, priorities), tags removed: shown as text, never as HTML. */
export function plainText(html: string | null): string {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Where the neighbourhood page of a team is. */
export function hoodPath(force: string, code: string): string {
  return `/n/${encodeURIComponent(force)}/${encodeURIComponent(code)}`;
}
