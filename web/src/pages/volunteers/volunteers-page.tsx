import { useState } from 'preact/hooks';
import { savedReason, saveReason, useCasework } from '../../api/casework.ts';
import { apiUrl } from '../../api/client.ts';
import type { PageProps } from '../../app.tsx';
import { CaseworkForm, ReasonForm, SyntheticBanner } from '../../components/casework-form.tsx';
import { PageHeading } from '../../components/page.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/states.tsx';
import { Link, withQuery } from '../../router.tsx';
import { SessionForm } from './session-form.tsx';

interface Group {
  code: string;
  name: string;
  kind: string;
  team: string;
  members: number;
  sessions: number;
}
interface GroupDetail {
  group: Group & { synthetic: boolean };
  members: {
    ref: string;
    name: string;
    joined: string;
    left: string | null;
    contact?: { email: string | null; phone: string | null };
  }[];
  sites: { code: string; name: string; speed_limit: number; status: string; decided_on: string | null }[];
  sessions: {
    ref: string;
    date: string;
    site: string;
    hours: number;
    vehicles_checked: number | null;
    offences: number;
    volunteers: number;
  }[];
}
interface Figures {
  team: string;
  month: string;
  sessions: number;
  hours: number;
  vehiclesChecked: number;
  offences: number;
  letters: Record<'first-letter' | 'second-letter' | 'police-contact', number>;
  activeMembers: number;
}

const KIND = { streetwatch: 'StreetWatch', speedwatch: 'SpeedWatch' } as Record<string, string>;

/**
 * The reason travels in an HTTP header, which holds only ISO-8859-1: a phone's curly quotes and
 * dashes (“week’s”) become their plain forms, anything else outside it a '?', rather than every
 * read failing in fetch.
 */
function headerSafe(reason: string): string {
  return reason
    .replace(/[‘’‚‛]/g, "'")
    .replace(/[“”„‟]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/…/g, '...')
    .replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');
}

function GroupView({ force, code, reason }: { force: string; code: string; reason: string }) {
  const base = `/forces/${encodeURIComponent(force)}/volunteers/groups/${encodeURIComponent(code)}`;
  const g = useCasework<GroupDetail>(apiUrl(base), reason);
  if (g.status === 'loading') return <Loading what="the group" />;
  if (g.status === 'error') return <ErrorMessage error={g.error} what="the group" />;
  const { group, members, sites, sessions } = g.data;
  const speed = group.kind === 'speedwatch';
  const approved = sites.filter((s) => s.status === 'approved');
  return (
    <section aria-labelledby="group-title">
      <h2 id="group-title">
        {group.name}{' '}
        <span class="muted small">
          ({KIND[group.kind] ?? group.kind}, team {group.team})
        </span>
      </h2>
      <SyntheticBanner show={group.synthetic} />
      <h3>Members</h3>
      {members.length === 0 ? (
        <Empty title="No members yet">
          <p>Add the group's first member below.</p>
        </Empty>
      ) : (
        <ul class="casework-list">
          {members.map((m) => (
            <li key={m.ref}>
              <strong>{m.name}</strong> <span class="muted small">{m.ref}</span>
              <br />
              <span class="small">
                joined {m.joined}
                {m.left ? `, left ${m.left}` : ''}
              </span>
              <br />
              <span class="small">
                {m.contact
                  ? [m.contact.email, m.contact.phone].filter(Boolean).join(' · ') || 'no contact details'
                  : 'Contact details: only the volunteer coordinator and the group’s team see them'}
              </span>
            </li>
          ))}
        </ul>
      )}
      {speed && (
        <>
          <h3>SpeedWatch sites</h3>
          {sites.length === 0 ? (
            <Empty title="No sites yet">
              <p>Propose a site below; sessions can use it once it is approved.</p>
            </Empty>
          ) : (
            <ul class="casework-list">
              {sites.map((s) => (
                <li key={s.code}>
                  <strong>{s.name}</strong> ({s.speed_limit} mph) — {s.status}
                  {s.decided_on ? ` on ${s.decided_on}` : ''}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h3>Sessions</h3>
      {sessions.length === 0 ? (
        <Empty title="No sessions yet">
          <p>Record the group's first session below.</p>
        </Empty>
      ) : (
        <ScrollRegion label="Sessions (scrolls sideways)">
          <table class="data">
            <thead>
              <tr>
                <th>Date</th>
                <th>Site</th>
                <th>Hours</th>
                <th>Volunteers</th>
                {speed && <th>Vehicles</th>}
                {speed && <th>Offences</th>}
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.ref}>
                  <td>{s.date}</td>
                  <td>{s.site}</td>
                  <td>{s.hours}</td>
                  <td>{s.volunteers}</td>
                  {speed && <td>{s.vehicles_checked ?? ''}</td>}
                  {speed && <td>{s.offences}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <SessionForm
        url={apiUrl(`${base}/sessions`)}
        speed={speed}
        sites={approved.map((s) => ({ code: s.code, name: s.name, speed_limit: s.speed_limit }))}
      />
      <CaseworkForm
        title="Add a member"
        url={apiUrl(`${base}/members`)}
        submit="Save the member"
        fields={[
          { name: 'ref', label: 'Member reference' },
          { name: 'name', label: 'Name' },
          { name: 'email', label: 'Email', type: 'email' },
          { name: 'phone', label: 'Phone', type: 'tel' },
          { name: 'joined', label: 'Joined', type: 'date' },
        ]}
      />
      {speed && (
        <CaseworkForm
          title="Propose or decide a site"
          url={apiUrl(`${base}/sites`)}
          submit="Save the site"
          fields={[
            { name: 'code', label: 'Site code' },
            { name: 'name', label: 'Where' },
            { name: 'limit', label: 'Speed limit (mph)', type: 'number' },
            {
              name: 'status',
              label: 'Approval',
              type: 'select',
              options: ['proposed', 'approved', 'refused', 'suspended'].map((s) => ({ value: s, label: s })),
            },
            { name: 'decided', label: 'Date of the decision', type: 'date' },
          ]}
        />
      )}
    </section>
  );
}

function FiguresTable({ force, team, reason }: { force: string; team?: string; reason: string }) {
  const f = useCasework<{ rows: Figures[] }>(
    apiUrl(`/forces/${encodeURIComponent(force)}/volunteers/figures`, { team }),
    reason,
  );
  if (f.status !== 'ok')
    return f.status === 'error' ? <ErrorMessage error={f.error} what="the figures" /> : null;
  if (f.data.rows.length === 0) return null;
  return (
    <section>
      <h2>Figures by team and month</h2>
      <SyntheticBanner show={f.synthetic} />
      <ScrollRegion label="Figures by team and month (scrolls sideways)">
        <table class="data">
          <thead>
            <tr>
              <th>Month</th>
              <th>Team</th>
              <th>Sessions</th>
              <th>Hours</th>
              <th>Vehicles</th>
              <th>Offences</th>
              <th>1st letters</th>
              <th>2nd letters</th>
              <th>Police contact</th>
              <th>Active members</th>
            </tr>
          </thead>
          <tbody>
            {f.data.rows.map((r) => (
              <tr key={`${r.month}${r.team}`}>
                <td>{r.month}</td>
                <td>{r.team}</td>
                <td>{r.sessions}</td>
                <td>{r.hours}</td>
                <td>{r.vehiclesChecked}</td>
                <td>{r.offences}</td>
                <td>{r.letters['first-letter']}</td>
                <td>{r.letters['second-letter']}</td>
                <td>{r.letters['police-contact']}</td>
                <td>{r.activeMembers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

export default function VolunteersPage({ route }: PageProps) {
  const force = route.force ?? '';
  const [reason, setReason] = useState(savedReason());
  const team = route.query.get('team') ?? undefined;
  const code = route.query.get('group');
  const groups = useCasework<{ groups: Group[] }>(
    reason ? apiUrl(`/forces/${encodeURIComponent(force)}/volunteers/groups`, { team }) : null,
    reason,
  );
  const heading = <PageHeading title="Volunteers" forceName={force} />;
  if (!reason)
    return (
      <>
        {heading}
        <ReasonForm
          what="Volunteer records"
          onReason={(typed) => {
            const r = headerSafe(typed);
            saveReason(r);
            setReason(r);
          }}
        />
      </>
    );
  return (
    <>
      {heading}
      <p class="muted small">
        StreetWatch and SpeedWatch groups, their members, sites and sessions, and the letters that follow a
        sighting.
      </p>
      {groups.status === 'loading' && <Loading what="volunteer groups" />}
      {groups.status === 'error' && <ErrorMessage error={groups.error} what="volunteer groups" />}
      {groups.status === 'ok' && (
        <>
          <SyntheticBanner show={groups.synthetic} />
          {groups.data.groups.length === 0 ? (
            <Empty title="No volunteer groups yet">
              <p>
                Add the first group below, or import a groups file:{' '}
                <code>beatwise casework volunteers import --type groups --force {force} groups.csv</code>{' '}
                (then members, sites and sessions).
              </p>
            </Empty>
          ) : (
            <ul class="casework-list">
              {groups.data.groups.map((g) => (
                <li key={g.code}>
                  <Link href={withQuery(route, { group: g.code })}>{g.name}</Link>
                  <br />
                  <span class="small muted">
                    {KIND[g.kind] ?? g.kind} · team {g.team} · {g.members} active members · {g.sessions}{' '}
                    sessions
                  </span>
                </li>
              ))}
            </ul>
          )}
          {code && <GroupView force={force} code={code} reason={reason} />}
          <FiguresTable force={force} team={team} reason={reason} />
          <CaseworkForm
            title="Add a volunteer group"
            url={apiUrl(`/forces/${encodeURIComponent(force)}/volunteers/groups`)}
            submit="Save the group"
            fields={[
              { name: 'code', label: 'Group code' },
              { name: 'name', label: 'Name' },
              {
                name: 'kind',
                label: 'Kind',
                type: 'select',
                options: [
                  { value: 'streetwatch', label: 'StreetWatch' },
                  { value: 'speedwatch', label: 'SpeedWatch' },
                ],
              },
              { name: 'team', label: 'Team code', value: team },
            ]}
          />
        </>
      )}
    </>
  );
}
