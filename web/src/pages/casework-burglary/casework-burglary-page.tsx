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
  filtersOf,
  nonEmpty,
  RecordError,
  useReason,
  when,
} from '../casework/shared.tsx';

const STATES = ['reported', 'scheduled', 'attended', 'not-attended'] as const;

interface Attendance {
  id: number;
  crimeRef: string;
  team: string | null;
  unit: string | null;
  state: string;
  reportedAt: string;
  scheduledFor: string | null;
  attendedAt: string | null;
  reason: string | null;
  vulnerable: boolean | null;
  victimContact?: string | null;
}
interface Step {
  state: string;
  at: string;
  recordedBy: string;
  reason: string | null;
  note: string | null;
}
interface Reason {
  code: string;
  label: string;
}

function List({ force, route }: { force: string; route: PageProps['route'] }) {
  const [reason, setReason] = useReason();
  const flt = filtersOf(route);
  const f = encodeURIComponent(force);
  const list = useCasework<{ records: Attendance[]; total: number; synthetic: boolean }>(
    reason
      ? apiUrl(`/forces/${f}/casework/burglary`, {
          team: flt.team,
          from: flt.month,
          to: flt.month,
        })
      : null,
    reason,
  );
  if (!reason) return <AskReason what="Burglary attendance records" onReason={setReason} />;
  const shown =
    list.status === 'ok' ? list.data.records.filter((r) => !flt.state || r.state === flt.state) : [];
  return (
    <>
      <Filters route={route} states={STATES} />
      {list.status === 'loading' && <Loading what="the attendance records" />}
      {list.status === 'error' && <ErrorMessage error={list.error} what="the attendance records" />}
      {list.status === 'ok' && <SyntheticBanner show={list.synthetic} />}
      {list.status === 'ok' && shown.length === 0 && anyFilter(flt) && (
        <Empty title="No attendance records match these filters">
          <p>
            Change the team, month or state, or <Link href={route.path}>clear the filters</Link>.
          </p>
        </Empty>
      )}
      {list.status === 'ok' && shown.length === 0 && !anyFilter(flt) && (
        <Empty title="No home burglary attendance records yet">
          <p>
            First make them from the imported force extract:{' '}
            <code>npx beatwise casework burglary from-extract --force {force}</code>, or import a CSV with{' '}
            <code>npx beatwise casework burglary import FILE --force {force}</code>.
          </p>
        </Empty>
      )}
      {shown.length > 0 && (
        <ul class="casework-list">
          {shown.map((r) => (
            <li key={r.id}>
              <Link href={areaPath(force, 'burglary', r.id)}>{r.crimeRef}</Link> · {r.team ?? '–'} · {r.state}{' '}
              · reported {when(r.reportedAt)}
              {r.vulnerable ? <strong class="flag"> · vulnerable</strong> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Detail({ force, id }: { force: string; id: string }) {
  const [reason, setReason] = useReason();
  const f = encodeURIComponent(force);
  const url = apiUrl(`/forces/${f}/casework/burglary/${encodeURIComponent(id)}`);
  const one = useCasework<{ record: Attendance; steps: Step[]; reasons: Reason[] }>(
    reason ? url : null,
    reason,
  );
  if (!reason) return <AskReason what="Burglary attendance records" onReason={setReason} />;
  const back = areaPath(force, 'burglary');
  if (one.status === 'loading') return <Loading what="the attendance record" />;
  if (one.status === 'error') return <RecordError error={one.error} what="attendance record" back={back} />;
  const { record: r, steps, reasons } = one.data;
  const label = (code: string | null) => reasons.find((x) => x.code === code)?.label ?? code;
  const done = r.state === 'attended' || r.state === 'not-attended';
  return (
    <>
      <SyntheticBanner show={one.synthetic} />
      <h2>Crime {r.crimeRef}</h2>
      <Fields
        rows={[
          ['Team', r.team],
          ['State', r.state],
          ['Reported', when(r.reportedAt)],
          ['Scheduled for', when(r.scheduledFor)],
          ['Attended', when(r.attendedAt)],
          ['Not attended because', label(r.reason)],
          ['Vulnerable victim', r.vulnerable === null ? 'not known' : r.vulnerable ? 'yes' : 'no'],
        ]}
      />
      <h3>Steps</h3>
      <ol class="casework-list">
        {steps.map((s) => (
          <li key={`${s.state}-${s.at}`}>
            {when(s.at)} · {s.state}
            {s.reason ? ` · ${label(s.reason)}` : ''}
            {s.note ? ` · ${s.note}` : ''}
          </li>
        ))}
      </ol>
      {done ? (
        <p>This record is finished ({r.state}): no further steps.</p>
      ) : (
        <CaseworkForm
          title="Record an attendance step"
          url={`${url}/steps`}
          submit="Record the step"
          fields={[
            {
              name: 'state',
              label: 'Step',
              type: 'select',
              options: [
                { value: 'scheduled', label: 'Attendance scheduled' },
                { value: 'attended', label: 'Attended' },
                { value: 'not-attended', label: 'Not attended' },
              ],
            },
            { name: 'at', label: 'When (YYYY-MM-DD HH:MM)', hint: 'Leave empty for now.' },
            { name: 'scheduledFor', label: 'Scheduled for (YYYY-MM-DD HH:MM)' },
            {
              name: 'reason',
              label: 'Reason not attended',
              type: 'select',
              options: [
                { value: '', label: '(only when not attended)' },
                ...reasons.map((x) => ({ value: x.code, label: x.label })),
              ],
            },
            { name: 'note', label: 'Note', type: 'textarea' },
          ]}
          toBody={nonEmpty}
        />
      )}
      <p>
        <Link href={back}>Back to the list</Link>
      </p>
    </>
  );
}

/** The burglary attendance pledge: the records a user may see, one record's steps, the step form. */
export default function CaseworkBurglaryPage({ route }: PageProps) {
  const force = route.force as string;
  const summary = useForceSummary(force);
  const id = route.params.id;
  return (
    <div class="casework-page">
      <PageHeading title="Burglary attendance pledge" forceName={summary?.name ?? force} />
      <AreaLinks force={force} current="burglary" />
      {id ? <Detail force={force} id={id} /> : <List force={force} route={route} />}
    </div>
  );
}
