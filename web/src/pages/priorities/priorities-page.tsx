import { useCasework } from '../../api/casework.ts';
import { apiUrl } from '../../api/client.ts';
import type { AreasResponse } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { SyntheticBanner } from '../../components/casework-form.tsx';
import { PageHeading } from '../../components/page.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/states.tsx';
import { navigate, withQuery } from '../../router.tsx';

interface PoliceUkPriority {
  issue: string;
  'issue-date': string;
  action: string | null;
  'action-date': string | null;
}

const day = (s: string | null) => (s ? s.slice(0, 10) : '');

/** A team's neighbourhood priorities, public (no sign-in), as police.uk publishes them. */
export default function PrioritiesPage({ route }: PageProps) {
  const force = route.force ?? '';
  const team = route.query.get('team');
  const teams = useApi<AreasResponse>(
    apiUrl(`/forces/${encodeURIComponent(force)}/areas`, { level: 'team' }),
  );
  const list = useCasework<PoliceUkPriority[]>(
    team ? apiUrl(`/forces/${encodeURIComponent(force)}/teams/${encodeURIComponent(team)}/priorities`) : null,
  );
  return (
    <>
      <PageHeading title="Neighbourhood priorities" forceName={force} />
      <p class="muted small">
        What people told their neighbourhood team matters most, and what the team is doing about it.
      </p>
      {teams.status === 'ok' && (
        <div class="casework-field">
          <label for="priorities-team">Neighbourhood team</label>
          <select
            id="priorities-team"
            value={team ?? ''}
            onChange={(e) =>
              navigate(withQuery(route, { team: (e.currentTarget as HTMLSelectElement).value }))
            }
          >
            <option value="">Choose a team…</option>
            {teams.data.areas.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {!team && <p>Choose your neighbourhood team to see its priorities.</p>}
      {team && list.status === 'loading' && <Loading what="priorities" />}
      {team && list.status === 'error' && <ErrorMessage error={list.error} what="priorities" />}
      {team && list.status === 'ok' && (
        <>
          <SyntheticBanner show={list.synthetic} />
          {list.data.length === 0 ? (
            <Empty title="No priorities published for this team yet">
              <p>The team sets priorities from what people raise at beat meetings, surgeries and surveys.</p>
            </Empty>
          ) : (
            <ul class="casework-list">
              {list.data.map((p) => (
                <li key={`${p['issue-date']}${p.issue}`}>
                  <strong>{p.issue}</strong> <span class="small muted">(raised {day(p['issue-date'])})</span>
                  <br />
                  <span class="small">
                    {p.action
                      ? `${p.action}${p['action-date'] ? ` (${day(p['action-date'])})` : ''}`
                      : 'No action set yet.'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
