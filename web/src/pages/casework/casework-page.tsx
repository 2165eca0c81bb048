import { useState } from 'preact/hooks';
import { ApiError, apiUrl, errorFrom } from '../../api/client.ts';
import { useForceSummary } from '../../api/force.ts';
import { refreshApi, useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { PageHeading } from '../../components/page.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/states.tsx';
import { AreaLinks } from './shared.tsx';

interface PledgeGroup {
  key: string;
  burglaries: number;
  attended: number;
  shareAttended: number | null;
  medianHours: number | null;
  p90Hours: number | null;
  notAttended: number;
  cannotEvidence: number;
  vulnerableNotAttended: number;
}
interface ReferralGroup {
  key: string;
  referrals: number;
  byGrade: Record<string, number>;
  withinServiceLevel: number;
  breaches: number;
}
interface CohortGroup {
  key: string;
  members: number;
  byTier: Record<string, number>;
  beforeAfter: { crimesBefore: number; crimesAfter: number };
}
interface Referral {
  id: number;
  ref: string;
  category: string;
  grade: string;
  team: string;
  state: string;
  receivedAt: string;
  service: { hours: number; limit: number; breached: boolean; open: boolean };
}

const d = (v: number | null, unit = '') => (v === null ? '–' : `${v}${unit}`);

/** POST JSON; the server's validation message comes back as an ApiError. */
async function postJson(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-requested-with': 'beatwise',
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw errorFrom(res.status, res.statusText, text);
  return JSON.parse(text);
}

function Synthetic({ on }: { on: boolean }) {
  return on ? (
    <p class="synthetic-label" role="note">
      <strong>SYNTHETIC</strong> — generated records, not real people.
    </p>
  ) : null;
}

/** Casework: the burglary attendance pledge, vulnerability referrals and the IOM cohort, at phone width. */
export default function CaseworkPage({ route }: PageProps) {
  const force = route.force as string;
  const f = encodeURIComponent(force);
  const summary = useForceSummary(force);
  const month = route.query.get('month') ?? undefined;
  const pledge = useApi<{ synthetic: boolean; groups: PledgeGroup[] }>(
    apiUrl(`/forces/${f}/casework/burglary/figures`, { by: 'team', from: month, to: month }),
  );
  const refs = useApi<{ synthetic: boolean; groups: ReferralGroup[]; serviceLevels: Record<string, number> }>(
    apiUrl(`/forces/${f}/casework/referrals/figures`, { by: 'team', from: month, to: month }),
  );
  const cohort = useApi<{ synthetic: boolean; groups: CohortGroup[]; caveat: string; month: string }>(
    apiUrl(`/forces/${f}/casework/offenders/figures`, { by: 'team', month }),
  );
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const list = useApi<{ records: Referral[]; total: number; synthetic: boolean }>(
    shown ? apiUrl(`/forces/${f}/casework/referrals`, { reason: shown, from: month, to: month }) : null,
  );
  const [form, setForm] = useState({ ref: '', category: 'child', grade: 'amber', team: '' });
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <div class="casework-page">
      <PageHeading title="Casework" forceName={summary?.name ?? force} />
      <p>Open an area to see and work its records:</p>
      <AreaLinks force={force} />

      <section aria-labelledby="pledge-h">
        <h2 id="pledge-h">Burglary attendance pledge</h2>
        {pledge.status === 'loading' && <Loading what="the pledge figures" />}
        {pledge.status === 'error' && <ErrorMessage error={pledge.error} what="the pledge figures" />}
        {pledge.status === 'ok' && pledge.data.groups.length === 0 && (
          <Empty title="No home burglary attendance records yet">
            <p>
              First make them from the imported force extract:{' '}
              <code>npx beatwise casework burglary from-extract --force {force}</code>, or import a CSV with{' '}
              <code>npx beatwise casework burglary import FILE --force {force}</code>.
            </p>
          </Empty>
        )}
        {pledge.status === 'ok' && pledge.data.groups.length > 0 && (
          <>
            <Synthetic on={pledge.data.synthetic} />
            <div class="table-scroll">
              <table class="data-table">
                <caption>
                  Home burglaries by team{month ? `, ${month}` : ', all months'}. "Cannot evidence" is never
                  counted as attended.
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Team</th>
                    <th scope="col">Burglaries</th>
                    <th scope="col">% attended</th>
                    <th scope="col">Median h</th>
                    <th scope="col">90% h</th>
                    <th scope="col">Not attended</th>
                    <th scope="col">Cannot evidence</th>
                    <th scope="col">Vulnerable not attended</th>
                  </tr>
                </thead>
                <tbody>
                  {pledge.data.groups.map((g) => (
                    <tr key={g.key}>
                      <th scope="row">{g.key}</th>
                      <td>{g.burglaries}</td>
                      <td>{d(g.shareAttended, '%')}</td>
                      <td>{d(g.medianHours)}</td>
                      <td>{d(g.p90Hours)}</td>
                      <td>{g.notAttended}</td>
                      <td>{g.cannotEvidence}</td>
                      <td>
                        {g.vulnerableNotAttended > 0 ? (
                          <strong class="flag">⚑ {g.vulnerableNotAttended}</strong>
                        ) : (
                          0
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="ref-h">
        <h2 id="ref-h">Vulnerability referrals</h2>
        {refs.status === 'loading' && <Loading what="the referral figures" />}
        {refs.status === 'error' && <ErrorMessage error={refs.error} what="the referral figures" />}
        {refs.status === 'ok' && refs.data.groups.length === 0 && (
          <Empty title="No referrals recorded yet">
            <p>
              Record the first one with the form below, or import a CSV:{' '}
              <code>npx beatwise casework referrals import FILE --force {force}</code>.
            </p>
          </Empty>
        )}
        {refs.status === 'ok' && refs.data.groups.length > 0 && (
          <>
            <Synthetic on={refs.data.synthetic} />
            <div class="table-scroll">
              <table class="data-table">
                <caption>
                  Service levels in working hours: red {refs.data.serviceLevels.red} h, amber{' '}
                  {refs.data.serviceLevels.amber} h, green {refs.data.serviceLevels.green} h.
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Team</th>
                    <th scope="col">Referrals</th>
                    <th scope="col">Red / amber / green</th>
                    <th scope="col">Within service level</th>
                    <th scope="col">Breaches</th>
                  </tr>
                </thead>
                <tbody>
                  {refs.data.groups.map((g) => (
                    <tr key={g.key}>
                      <th scope="row">{g.key}</th>
                      <td>{g.referrals}</td>
                      <td>
                        {g.byGrade.red ?? 0} / {g.byGrade.amber ?? 0} / {g.byGrade.green ?? 0}
                      </td>
                      <td>{g.withinServiceLevel}</td>
                      <td>{g.breaches > 0 ? <strong class="flag">{g.breaches}</strong> : 0}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}

        <form
          class="controls"
          onSubmit={(e) => {
            e.preventDefault();
            setShown(reason.trim());
          }}
        >
          <div class="field">
            <label for="cw-reason">Why do you need to see the referrals? (logged)</label>
            <input
              id="cw-reason"
              value={reason}
              onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <button type="submit" class="button">
            Show referrals
          </button>
        </form>
        {list.status === 'error' && <ErrorMessage error={list.error} what="the referrals" />}
        {list.status === 'ok' && list.data.total === 0 && (
          <Empty title="No referrals you may see">{null}</Empty>
        )}
        {list.status === 'ok' && list.data.total > 0 && (
          <ul class="casework-list">
            {list.data.records.map((r) => (
              <li key={r.id}>
                <strong>{r.ref}</strong> {r.grade} · {r.category} · {r.state} · {r.service.hours} of{' '}
                {r.service.limit} working h
                {r.service.breached ? <strong class="flag"> · breach</strong> : null}
              </li>
            ))}
          </ul>
        )}

        <h3>New referral</h3>
        <form
          class="casework-form"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            setFormError(null);
            setSaved(null);
            try {
              await postJson(apiUrl(`/forces/${f}/casework/referrals`), form);
              setSaved(`Referral ${form.ref} recorded.`);
              refreshApi();
            } catch (err) {
              setFormError(err instanceof ApiError ? err.message : String(err));
            }
          }}
        >
          {(['ref', 'team'] as const).map((k) => (
            <div class="field" key={k}>
              <label for={`cw-${k}`}>{k === 'ref' ? 'Reference' : 'Team code'}</label>
              <input
                id={`cw-${k}`}
                value={form[k]}
                onInput={(e) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value })}
              />
            </div>
          ))}
          <div class="field">
            <label for="cw-category">Category</label>
            <select
              id="cw-category"
              value={form.category}
              onChange={(e) => setForm({ ...form, category: (e.currentTarget as HTMLSelectElement).value })}
            >
              {[
                'child',
                'adult-at-risk',
                'domestic-abuse',
                'mental-health',
                'repeat-asb-victim',
                'exploitation',
                'other',
              ].map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="cw-grade">Grade</label>
            <select
              id="cw-grade"
              value={form.grade}
              onChange={(e) => setForm({ ...form, grade: (e.currentTarget as HTMLSelectElement).value })}
            >
              {['red', 'amber', 'green'].map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </div>
          {formError && (
            <p class="error" role="alert">
              {formError}
            </p>
          )}
          {saved && <p role="status">{saved}</p>}
          <button type="submit" class="button">
            Record referral
          </button>
        </form>
      </section>

      <section aria-labelledby="iom-h">
        <h2 id="iom-h">Integrated Offender Management</h2>
        {cohort.status === 'loading' && <Loading what="the IOM cohort" />}
        {cohort.status === 'error' && <ErrorMessage error={cohort.error} what="the IOM cohort" />}
        {cohort.status === 'ok' && cohort.data.groups.length === 0 && (
          <Empty title={`No IOM cohort members in ${cohort.data.month}`}>
            <p>
              Import the cohort first:{' '}
              <code>npx beatwise casework offenders import FILE --force {force}</code>, then events and crime
              links.
            </p>
          </Empty>
        )}
        {cohort.status === 'ok' && cohort.data.groups.length > 0 && (
          <>
            <Synthetic on={cohort.data.synthetic} />
            <ul class="casework-list">
              {cohort.data.groups.map((g) => (
                <li key={g.key}>
                  <strong>{g.key}</strong>: {g.members} members ({g.byTier.fixed ?? 0} fixed,{' '}
                  {g.byTier.flex ?? 0} flex, {g.byTier.free ?? 0} free); linked crimes{' '}
                  {g.beforeAfter.crimesBefore} before entry, {g.beforeAfter.crimesAfter} since
                </li>
              ))}
            </ul>
            <p class="hint">{cohort.data.caveat}</p>
          </>
        )}
      </section>
    </div>
  );
}
