import { useCasework } from '../../api/casework.ts';
import { apiUrl } from '../../api/client.ts';
import { useForceSummary } from '../../api/force.ts';
import type { PageProps } from '../../app.tsx';
import { CaseworkForm, SyntheticBanner } from '../../components/casework-form.tsx';
import { PageHeading } from '../../components/page.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/states.tsx';
import { forcePath, Link } from '../../router.tsx';
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

const STATES = ['new', 'triaged', 'referred', 'signposted', 'closed'] as const;
/** The moves the server allows from each state (it checks them again). */
const NEXT: Record<string, readonly string[]> = {
  new: ['triaged'],
  triaged: ['referred', 'signposted'],
  referred: ['closed'],
  signposted: ['closed'],
  closed: [],
};

interface Service {
  hours: number;
  limit: number;
  breached: boolean;
  open: boolean;
}
interface Referral {
  id: number;
  ref: string;
  category: string;
  grade: string;
  team: string | null;
  state: string;
  partner: string | null;
  receivedAt: string;
  actionedAt: string | null;
  closedAt: string | null;
  service?: Service;
}
interface ReferralEvent {
  at: string;
  recordedBy: string;
  fromState: string | null;
  toState: string | null;
  fromGrade: string | null;
  toGrade: string | null;
  rationale: string | null;
}

function serviceText(s: Service): string {
  return `${s.hours} of ${s.limit} working h${s.breached ? ' · breach' : ''}${s.open ? '' : ' · actioned'}`;
}

function List({ force, route }: { force: string; route: PageProps['route'] }) {
  const [reason, setReason] = useReason();
  const flt = filtersOf(route);
  const f = encodeURIComponent(force);
  const list = useCasework<{ records: Referral[]; total: number; synthetic: boolean }>(
    reason
      ? apiUrl(`/forces/${f}/casework/referrals`, { team: flt.team, from: flt.month, to: flt.month })
      : null,
    reason,
  );
  if (!reason) return <AskReason what="Referrals" onReason={setReason} />;
  const shown =
    list.status === 'ok' ? list.data.records.filter((r) => !flt.state || r.state === flt.state) : [];
  return (
    <>
      <Filters route={route} states={STATES} />
      {list.status === 'loading' && <Loading what="the referrals" />}
      {list.status === 'error' && <ErrorMessage error={list.error} what="the referrals" />}
      {list.status === 'ok' && <SyntheticBanner show={list.synthetic} />}
      {list.status === 'ok' && shown.length === 0 && anyFilter(flt) && (
        <Empty title="No referrals match these filters">
          <p>
            Change the team, month or state, or <Link href={route.path}>clear the filters</Link>.
          </p>
        </Empty>
      )}
      {list.status === 'ok' && shown.length === 0 && !anyFilter(flt) && (
        <Empty title="No referrals you may see yet">
          <p>
            Record the first one with the form on the{' '}
            <Link href={forcePath(force, 'casework')}>Casework</Link> page, or import a CSV:{' '}
            <code>npx beatwise casework referrals import FILE --force {force}</code>.
          </p>
        </Empty>
      )}
      {shown.length > 0 && (
        <ul class="casework-list">
          {shown.map((r) => (
            <li key={r.id}>
              <Link href={areaPath(force, 'referrals', r.id)}>{r.ref}</Link> · {r.grade} · {r.category} ·{' '}
              {r.team ?? '–'} · {r.state}
              {r.service ? ` · ${serviceText(r.service)}` : ''}
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
  const url = apiUrl(`/forces/${f}/casework/referrals/${encodeURIComponent(id)}`);
  const one = useCasework<{ record: Referral; service: Service; events: ReferralEvent[] }>(
    reason ? url : null,
    reason,
  );
  if (!reason) return <AskReason what="Referrals" onReason={setReason} />;
  const back = areaPath(force, 'referrals');
  if (one.status === 'loading') return <Loading what="the referral" />;
  if (one.status === 'error') return <RecordError error={one.error} what="referral" back={back} />;
  const { record: r, service, events } = one.data;
  const next = NEXT[r.state] ?? [];
  return (
    <>
      <SyntheticBanner show={one.synthetic} />
      <h2>Referral {r.ref}</h2>
      <Fields
        rows={[
          ['Grade', r.grade],
          ['Category', r.category],
          ['Team', r.team],
          ['State', r.state],
          ['Partner agency', r.partner],
          ['Received', when(r.receivedAt)],
          ['Actioned', when(r.actionedAt)],
          ['Service level', serviceText(service)],
        ]}
      />
      <h3>History</h3>
      <ol class="casework-list">
        {events.map((e, i) => (
          <li key={`${e.at}-${i}`}>
            {when(e.at)} ·{' '}
            {e.fromGrade && e.toGrade && e.fromGrade !== e.toGrade
              ? `regraded ${e.fromGrade} → ${e.toGrade}`
              : e.fromState
                ? `${e.fromState} → ${e.toState ?? '–'}`
                : `recorded: ${e.toState ?? '–'}, ${e.toGrade ?? '–'}`}
            {e.rationale ? `: ${e.rationale}` : ''}
          </li>
        ))}
      </ol>
      {next.length > 0 ? (
        <CaseworkForm
          title="Move the referral on"
          url={`${url}/state`}
          submit="Move the referral"
          fields={[
            {
              name: 'state',
              label: 'Next state',
              type: 'select',
              options: next.map((s) => ({ value: s, label: s })),
            },
            { name: 'partner', label: 'Partner agency (when referred)' },
            { name: 'at', label: 'When (YYYY-MM-DD HH:MM)', hint: 'Leave empty for now.' },
          ]}
          toBody={nonEmpty}
        />
      ) : (
        <p>This referral is closed.</p>
      )}
      <CaseworkForm
        title="Regrade the referral"
        url={`${url}/grade`}
        submit="Regrade"
        fields={[
          {
            name: 'grade',
            label: 'New grade',
            type: 'select',
            value: r.grade,
            options: ['red', 'amber', 'green'].map((g) => ({ value: g, label: g })),
          },
          { name: 'rationale', label: 'Rationale (kept with the referral)', type: 'textarea' },
        ]}
      />
      <p>
        <Link href={back}>Back to the list</Link>
      </p>
    </>
  );
}

/** Vulnerability referrals: the ones a user may see, one referral's history, moving and regrading it. */
export default function CaseworkReferralsPage({ route }: PageProps) {
  const force = route.force as string;
  const summary = useForceSummary(force);
  const id = route.params.id;
  return (
    <div class="casework-page">
      <PageHeading title="Vulnerability referrals" forceName={summary?.name ?? force} />
      <AreaLinks force={force} current="referrals" />
      {id ? <Detail force={force} id={id} /> : <List force={force} route={route} />}
    </div>
  );
}
