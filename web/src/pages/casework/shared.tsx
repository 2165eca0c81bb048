/**
 * What the three casework area pages (burglary pledge, referrals, IOM) share: the logged reason for
 * reading personal records, the filters (team, month, state) kept in the URL, "not found" for a
 * record the user may not see, and the links between the pages.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { savedReason, saveReason } from '../../api/casework.ts';
import type { ApiError } from '../../api/client.ts';
import { ReasonForm } from '../../components/casework-form.tsx';
import { ErrorMessage } from '../../components/states.tsx';
import { forcePath, Link, navigate, type Route, withQuery } from '../../router.tsx';

export type Area = 'burglary' | 'referrals' | 'offenders';
export const AREA_LABELS: Record<Area, string> = {
  burglary: 'Burglary pledge',
  referrals: 'Referrals',
  offenders: 'IOM cohort',
};

export function areaPath(force: string, area: Area, id?: number | string): string {
  return forcePath(force, `casework/${area}${id === undefined ? '' : `/${encodeURIComponent(String(id))}`}`);
}

/**
 * The reason as an HTTP header can carry it (Latin-1 only: a phone's curly quotes would make fetch
 * throw before the request is sent): typographic quotes and dashes plain, anything else outside
 * Latin-1 as '?'.
 */
export function headerSafe(reason: string): string {
  return reason
    .trim()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');
}

/** The reason given once per browser session for reading personal records ('' until given). */
export function useReason(): [string, (r: string) => void] {
  const [reason, setReason] = useState(headerSafe(savedReason()));
  return [
    reason,
    (r: string) => {
      saveReason(headerSafe(r));
      setReason(headerSafe(r));
    },
  ];
}

export function AskReason({ what, onReason }: { what: string; onReason: (r: string) => void }) {
  return <ReasonForm what={what} onReason={onReason} />;
}

/** Links to the overview and the three areas, the current one marked. */
export function AreaLinks({ force, current }: { force: string; current?: Area }) {
  return (
    <nav aria-label="Casework areas" class="casework-areas">
      <ul class="casework-list">
        <li>
          <Link href={forcePath(force, 'casework')} aria-current={current ? undefined : 'page'}>
            Casework figures
          </Link>
        </li>
        {(Object.keys(AREA_LABELS) as Area[]).map((a) => (
          <li key={a}>
            <Link href={areaPath(force, a)} aria-current={a === current ? 'page' : undefined}>
              {AREA_LABELS[a]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface FilterValues {
  team: string;
  month: string;
  state: string;
}

export function filtersOf(route: Route): FilterValues {
  return {
    team: route.query.get('team') ?? '',
    month: route.query.get('month') ?? '',
    state: route.query.get('state') ?? '',
  };
}

export const anyFilter = (f: FilterValues) => Boolean(f.team || f.month || f.state);

/** Team, month and state filters; applying them changes the URL (so a filtered list can be shared). */
export function Filters({ route, states }: { route: Route; states: readonly string[] }) {
  const f = filtersOf(route);
  const onSubmit = (e: JSX.TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = new FormData(e.currentTarget);
    navigate(
      withQuery(route, {
        team: String(v.get('team') ?? '').trim(),
        month: String(v.get('month') ?? ''),
        state: String(v.get('state') ?? ''),
      }),
      { replace: true },
    );
  };
  return (
    <form class="casework-form card" onSubmit={onSubmit} aria-label="Filters">
      <div class="casework-field">
        <label for="flt-team">Team code</label>
        <input id="flt-team" name="team" defaultValue={f.team} />
      </div>
      <div class="casework-field">
        <label for="flt-month">Month</label>
        <input id="flt-month" name="month" type="month" defaultValue={f.month} />
      </div>
      <div class="casework-field">
        <label for="flt-state">State</label>
        <select id="flt-state" name="state" defaultValue={f.state}>
          <option value="">Any state</option>
          {states.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button">
        Apply filters
      </button>
      {anyFilter(f) && (
        <p class="small">
          <Link href={route.path}>Clear the filters</Link>
        </p>
      )}
    </form>
  );
}

/** A record the API answers 404 for (missing, or outside the user's team): the same "not found". */
export function RecordError({ error, what, back }: { error: ApiError; what: string; back: string }) {
  if (error.status === 404)
    return (
      <div class="message" role="alert">
        <h2>Not found</h2>
        <p>
          There is no such {what}, or it is not one you may see. <Link href={back}>Back to the list</Link>
        </p>
      </div>
    );
  return <ErrorMessage error={error} what={`the ${what}`} />;
}

export function Fields({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="casework-record">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v === null || v === undefined || v === '' ? '–' : v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** ISO UTC text as `YYYY-MM-DD HH:MM` (UTC), or '–'. */
export function when(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').slice(0, 16) : '–';
}

/** Form values without the empty ones (the API takes a missing field, not ''). */
export function nonEmpty(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
}
