import { useCasework } from '../../api/casework.ts';
import { apiUrl } from '../../api/client.ts';
import { useForceSummary } from '../../api/force.ts';
import type { PageProps } from '../../app.tsx';
import { CaseworkForm, SyntheticBanner } from '../../components/casework-form.tsx';
import { PageHeading } from '../../components/page.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/states.tsx';
import { Link } from '../../router.tsx';
import {
  AreaLinks,
  AskReason,
  anyFilter,
  areaPath,
  Fields,
  Filters,
  type FilterValues,
  filtersOf,
  nonEmpty,
  RecordError,
  useReason,
} from '../casework/shared.tsx';

const STATES = ['in-cohort', 'exited'] as const;

interface Member {
  id: number;
  offenderRef: string;
  tier: string;
  team: string | null;
  enteredOn: string;
  exitedOn: string | null;
  pathways: string[];
}
interface MemberEvent {
  kind: string;
  onDate: string;
  note: string | null;
}

const stateOf = (m: Member) => (m.exitedOn ? 'exited' : 'in-cohort');

/** The cohort API has no filters: team, month (in the cohort that month) and state are applied here. */
function matches(m: Member, f: FilterValues): boolean {
  if (f.team && m.team !== f.team) return false;
  if (f.state && stateOf(m) !== f.state) return false;
  if (f.month) {
    if (m.enteredOn.slice(0, 7) > f.month) return false;
    if (m.exitedOn && m.exitedOn.slice(0, 7) < f.month) return false;
  }
  return true;
}

function List({ force, route }: { force: string; route: PageProps['route'] }) {
  const [reason, setReason] = useReason();
  const flt = filtersOf(route);
  const list = useCasework<{ records: Member[]; total: number; synthetic: boolean }>(
    reason ? apiUrl(`/forces/${encodeURIComponent(force)}/casework/offenders`) : null,
    reason,
  );
  if (!reason) return <AskReason what="IOM cohort members" onReason={setReason} />;
  const all = list.status === 'ok' ? list.data.records : [];
  const shown = all.filter((m) => matches(m, flt));
  return (
    <>
      <Filters route={route} states={STATES} />
      {list.status === 'loading' && <Loading what="the IOM cohort" />}
      {list.status === 'error' && <ErrorMessage error={list.error} what="the IOM cohort" />}
      {list.status === 'ok' && <SyntheticBanner show={list.synthetic} />}
      {list.status === 'ok' && shown.length === 0 && all.length > 0 && anyFilter(flt) && (
        <Empty title="No cohort members match these filters">
          <p>
            Change the team, month or state, or <Link href={route.path}>clear the filters</Link>.
          </p>
        </Empty>
      )}
      {list.status === 'ok' && all.length === 0 && (
        <Empty title="No IOM cohort members you may see yet">
          <p>
            Import the cohort first: <code>npx beatwise casework offenders import FILE --force {force}</code>,
            then its events and crime links.
          </p>
        </Empty>
      )}
      {shown.length > 0 && (
        <ul class="casework-list">
          {shown.map((m) => (
            <li key={m.id}>
              <Link href={areaPath(force, 'offenders', m.id)}>{m.offenderRef}</Link> · {m.tier} ·{' '}
              {m.team ?? '–'} · since {m.enteredOn}
              {m.exitedOn ? ` · exited ${m.exitedOn}` : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Detail({ force, id }: { force: string; id: string }) {
  const [reason, setReason] = useReason();
  const url = apiUrl(`/forces/${encodeURIComponent(force)}/casework/offenders/${encodeURIComponent(id)}`);
  const one = useCasework<{
    record: Member;
    events: MemberEvent[];
    beforeAfter: { caveat: string; linkedCrimes: number };
  }>(reason ? url : null, reason);
  if (!reason) return <AskReason what="IOM cohort members" onReason={setReason} />;
  const back = areaPath(force, 'offenders');
  if (one.status === 'loading') return <Loading what="the cohort member" />;
  if (one.status === 'error') return <RecordError error={one.error} what="cohort member" back={back} />;
  const { record: m, events, beforeAfter } = one.data;
  return (
    <>
      <SyntheticBanner show={one.synthetic} />
      <h2>Cohort member {m.offenderRef}</h2>
      <Fields
        rows={[
          ['Tier', m.tier],
          ['Team', m.team],
          ['Entered', m.enteredOn],
          ['Exited', m.exitedOn],
          ['Pathways', m.pathways.join(', ')],
          ['Linked crimes', String(beforeAfter.linkedCrimes)],
        ]}
      />
      <p class="hint">{beforeAfter.caveat}</p>
      <h3>Events</h3>
      {events.length === 0 ? (
        <p>No reviews, visits, warrants or recalls recorded yet: add the first with the form below.</p>
      ) : (
        <ol class="casework-list">
          {events.map((e, i) => (
            <li key={`${e.onDate}-${i}`}>
              {e.onDate} · {e.kind}
              {e.note ? ` · ${e.note}` : ''}
            </li>
          ))}
        </ol>
      )}
      <CaseworkForm
        title="Add an IOM event"
        url={`${url}/events`}
        submit="Add the event"
        fields={[
          {
            name: 'kind',
            label: 'Event',
            type: 'select',
            options: ['review', 'visit', 'warrant', 'recall'].map((k) => ({ value: k, label: k })),
          },
          { name: 'onDate', label: 'Date', type: 'date' },
          { name: 'note', label: 'Note', type: 'textarea' },
        ]}
        toBody={nonEmpty}
      />
      <p>
        <Link href={back}>Back to the list</Link>
      </p>
    </>
  );
}

/** Integrated Offender Management: the cohort a user may see, one member's events, adding an event. */
export default function CaseworkOffendersPage({ route }: PageProps) {
  const force = route.force as string;
  const summary = useForceSummary(force);
  const id = route.params.id;
  return (
    <div class="casework-page">
      <PageHeading title="Integrated Offender Management" forceName={summary?.name ?? force} />
      <AreaLinks force={force} current="offenders" />
      {id ? <Detail force={force} id={id} /> : <List force={force} route={route} />}
    </div>
  );
}
