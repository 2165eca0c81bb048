import { useCasework } from '../../api/casework.ts';
import { apiUrl } from '../../api/client.ts';
import type { PageProps } from '../../app.tsx';
import { CaseworkForm, SyntheticBanner } from '../../components/casework-form.tsx';
import { PageHeading } from '../../components/page.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/states.tsx';
import { forcePath, Link, withQuery } from '../../router.tsx';

interface EventRow {
  ref: string;
  kind: string;
  team: string;
  date: string;
  place: string;
  attendance: number;
  issues: number;
}
interface Priority {
  ref: string;
  team: string;
  issue: string;
  issue_date: string;
  action: string | null;
  action_date: string | null;
  status: string;
  closed_on: string | null;
  outcome: string | null;
}
interface Figures {
  team: string;
  month: string;
  events: number;
  attendance: number;
  issuesRaised: number;
  prioritiesSet: number;
  prioritiesClosed: number;
  openAtMonthEnd: number;
}

const KINDS = [
  { value: 'beat-meeting', label: 'Beat meeting' },
  { value: 'street-surgery', label: 'Street surgery' },
  { value: 'world-cafe', label: 'World Café' },
  { value: 'iag', label: 'Independent advisory group' },
  { value: 'online-survey', label: 'Online survey' },
];
const kindLabel = (k: string) => KINDS.find((x) => x.value === k)?.label ?? k;

function EventView({ force, ref_ }: { force: string; ref_: string }) {
  const e = useCasework<{
    event: EventRow & { synthetic: boolean };
    issues: { id: number; text: string; priority: string | null }[];
  }>(apiUrl(`/forces/${encodeURIComponent(force)}/engagement/events/${encodeURIComponent(ref_)}`));
  if (e.status === 'loading') return <Loading what="the event" />;
  if (e.status === 'error') return <ErrorMessage error={e.error} what="the event" />;
  const { event, issues } = e.data;
  return (
    <section class="card">
      <h2>
        {kindLabel(event.kind)}, {event.date}
      </h2>
      <p>
        {event.place} · {event.attendance} attending · team {event.team}
      </p>
      <h3>Issues raised</h3>
      {issues.length === 0 ? (
        <p>No issues were recorded for this event.</p>
      ) : (
        <ul class="casework-list">
          {issues.map((i) => (
            <li key={i.id}>
              {i.text}
              <br />
              {i.priority ? (
                <span class="small">Priority {i.priority}</span>
              ) : (
                <CaseworkForm
                  title={`Make “${i.text.slice(0, 40)}” a priority`}
                  url={apiUrl(`/forces/${encodeURIComponent(force)}/engagement/priorities`)}
                  submit="Set the priority"
                  fields={[
                    { name: 'ref', label: 'Priority reference' },
                    { name: 'action', label: 'What the team will do', type: 'textarea' },
                    { name: 'action_date', label: 'Action from', type: 'date' },
                  ]}
                  toBody={(v) => ({ ...v, issue_id: i.id })}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function EngagementPage({ route }: PageProps) {
  const force = route.force ?? '';
  const team = route.query.get('team') ?? undefined;
  const eventRef = route.query.get('event');
  const f = encodeURIComponent(force);
  const events = useCasework<{ events: EventRow[] }>(apiUrl(`/forces/${f}/engagement/events`, { team }));
  const priorities = useCasework<{ priorities: Priority[] }>(
    apiUrl(`/forces/${f}/engagement/priorities`, { team }),
  );
  const figures = useCasework<{ rows: Figures[] }>(apiUrl(`/forces/${f}/engagement/figures`, { team }));
  const synthetic =
    (events.status === 'ok' && events.synthetic) || (priorities.status === 'ok' && priorities.synthetic);
  return (
    <>
      <PageHeading title="Engagement" forceName={force} />
      <p class="muted small">
        Beat meetings, street surgeries, World Cafés, advisory groups and surveys; the issues people raise and
        the neighbourhood priorities they become. The public see the priorities on{' '}
        <Link href={forcePath(force, 'priorities', { team })}>the public priorities page</Link>.
      </p>
      <SyntheticBanner show={synthetic} />
      <h2>Events</h2>
      {events.status === 'loading' && <Loading what="events" />}
      {events.status === 'error' && <ErrorMessage error={events.error} what="events" />}
      {events.status === 'ok' &&
        (events.data.events.length === 0 ? (
          <Empty title="No engagement events yet">
            <p>
              Record the first event below (the issues raised can then become priorities), or import a file:{' '}
              <code>beatwise casework engagement import --type events --force {force} events.csv</code>.
            </p>
          </Empty>
        ) : (
          <ul class="casework-list">
            {events.data.events.map((e) => (
              <li key={e.ref}>
                <Link href={withQuery(route, { event: e.ref })}>
                  {kindLabel(e.kind)}, {e.date}
                </Link>
                <br />
                <span class="small muted">
                  {e.place} · {e.attendance} attending · {e.issues} issues · team {e.team}
                </span>
              </li>
            ))}
          </ul>
        ))}
      {eventRef && <EventView force={force} ref_={eventRef} />}
      <CaseworkForm
        title="Record an event"
        url={apiUrl(`/forces/${f}/engagement/events`)}
        submit="Save the event"
        fields={[
          { name: 'ref', label: 'Event reference' },
          { name: 'kind', label: 'Kind', type: 'select', options: KINDS },
          { name: 'team', label: 'Team code', value: team },
          { name: 'date', label: 'Date', type: 'date' },
          { name: 'place', label: 'Place' },
          { name: 'attendance', label: 'People attending (survey: responses)', type: 'number' },
          { name: 'issues', label: 'Issues raised, one per line', type: 'textarea' },
        ]}
        toBody={(v) => ({ ...v, issues: (v.issues ?? '').split('\n') })}
      />
      <h2>Neighbourhood priorities</h2>
      {priorities.status === 'error' && <ErrorMessage error={priorities.error} what="priorities" />}
      {priorities.status === 'ok' &&
        (priorities.data.priorities.length === 0 ? (
          <Empty title="No priorities yet">
            <p>Open an event above and make one of its issues a priority.</p>
          </Empty>
        ) : (
          <ul class="casework-list">
            {priorities.data.priorities.map((p) => (
              <li key={p.ref}>
                <strong>{p.issue}</strong>{' '}
                <span class="small muted">
                  ({p.ref}, since {p.issue_date}, {p.status})
                </span>
                <br />
                {p.action && (
                  <span class="small">
                    Action{p.action_date ? ` from ${p.action_date}` : ''}: {p.action}
                  </span>
                )}
                {p.status === 'closed' ? (
                  <p class="small">
                    Closed {p.closed_on}: {p.outcome}
                  </p>
                ) : (
                  <CaseworkForm
                    title={`Close ${p.ref}`}
                    url={apiUrl(`/forces/${f}/engagement/priorities/${encodeURIComponent(p.ref)}/close`)}
                    submit="Close the priority"
                    fields={[
                      { name: 'closed_on', label: 'Closed on', type: 'date' },
                      { name: 'outcome', label: 'What was done', type: 'textarea' },
                    ]}
                  />
                )}
              </li>
            ))}
          </ul>
        ))}
      {figures.status === 'ok' && figures.data.rows.length > 0 && (
        <>
          <h2>Figures by team and month</h2>
          <ScrollRegion label="Figures by team and month (scrolls sideways)">
            <table class="data">
              <thead>
                <tr>
                  <th>Month</th>
                  <th>Team</th>
                  <th>Events</th>
                  <th>Attendance</th>
                  <th>Issues</th>
                  <th>Priorities set</th>
                  <th>Closed</th>
                  <th>Open at month end</th>
                </tr>
              </thead>
              <tbody>
                {figures.data.rows.map((r) => (
                  <tr key={`${r.month}${r.team}`}>
                    <td>{r.month}</td>
                    <td>{r.team}</td>
                    <td>{r.events}</td>
                    <td>{r.attendance}</td>
                    <td>{r.issuesRaised}</td>
                    <td>{r.prioritiesSet}</td>
                    <td>{r.prioritiesClosed}</td>
                    <td>{r.openAtMonthEnd}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </>
  );
}
