import { useRef, useState } from 'preact/hooks';
import { apiUrl } from '../../api/client.ts';
import { useForceSummary } from '../../api/force.ts';
import type { Comparison, WorkforceResponse, WorkforceSeries } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { Caveats } from '../../components/caveats.tsx';
import { Chart } from '../../components/chart.tsx';
import { ExportLinks } from '../../components/data-table.tsx';
import { PageHeading } from '../../components/page.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { Stat, Stats } from '../../components/stat.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/states.tsx';
import { DASH, fmtFte, fmtShare, fmtSigned } from '../../format.ts';
import { navigate, withQuery } from '../../router.tsx';

/** Establishment against strength by department and role, the variance, and the tables' own discrepancies. */
export default function WorkforcePage({ route }: PageProps) {
  const force = route.force as string;
  const summary = useForceSummary(force);
  const asOf = route.query.get('asOf') ?? undefined;
  const wf = useApi<WorkforceResponse>(apiUrl(`/forces/${encodeURIComponent(force)}/workforce`, { asOf }));
  const [date, setDate] = useState(asOf ?? '');
  return (
    <>
      <PageHeading title="Workforce" forceName={summary?.name ?? force}>
        <form
          class="controls"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(withQuery(route, { asOf: date || undefined }));
          }}
        >
          <div class="field">
            <label for="as-of">As of date</label>
            <input
              id="as-of"
              type="date"
              value={date}
              onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)}
              aria-describedby="as-of-hint"
            />
            <span id="as-of-hint" class="hint">
              Empty: the latest tables.
            </span>
          </div>
          <button type="submit" class="button">
            Show
          </button>
        </form>
      </PageHeading>
      {wf.status === 'loading' && <Loading what="the workforce tables" minHeight={600} />}
      {wf.status === 'error' && <ErrorMessage error={wf.error} what="the workforce tables" />}
      {wf.status === 'ok' && wf.data.series.length === 0 && (
        <Empty title={`No workforce tables loaded for ${wf.data.force.name}${asOf ? ` as of ${asOf}` : ''}`}>
          <p>
            Load establishment and strength tables (CSV or XLSX, departments × roles) with{' '}
            <code>
              npx beatwise workforce load FILE --force {force} --kind establishment|strength --as-of
              YYYY-MM-DD
            </code>
            .
          </p>
        </Empty>
      )}
      {wf.status === 'ok' && wf.data.series.length > 0 && (
        <>
          <Caveats
            caveats={wf.data.caveats ?? []}
            notes={wf.data.series.flatMap((s) => [
              ...(s.establishment?.notes ?? []),
              ...(s.strength?.notes ?? []),
            ])}
          />
          {wf.data.series.map((s) => (
            <SeriesSection key={s.series} data={wf.data} s={s} />
          ))}
        </>
      )}
    </>
  );
}

const SMALL_WORDS = new Set(['a', 'an', 'and', 'by', 'for', 'in', 'of', 'on', 'the', 'to']);

/** A series key as a heading: 'local-policing' → 'Local policing', 'sip-eh-uplift' → 'SIP EH uplift'. */
function titleCase(s: string): string {
  const words = s.split(/[-_\s]+/).map((w) => (w.length <= 3 && !SMALL_WORDS.has(w) ? w.toUpperCase() : w));
  const t = words.join(' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function Variance({ v }: { v: number | null }) {
  if (v === null) return <>{DASH}</>;
  const word = v < 0 ? 'short' : v > 0 ? 'over' : 'even';
  return (
    <span class={v < 0 ? 'neg' : v > 0 ? 'pos' : ''}>
      {fmtSigned(v, fmtFte)} <span class="small">{word}</span>
    </span>
  );
}

function SeriesSection({ data, s }: { data: WorkforceResponse; s: WorkforceSeries }) {
  const table = useRef<HTMLTableElement>(null);
  const roleLabel = (code: string) => data.roles.find((r) => r.code === code)?.label ?? code;
  const t = s.table;
  const id = `wf-${s.series}`;
  const g = t.grandTotal;
  const chartRows = t.departments.flatMap((d) => [
    { department: d.label, kind: 'Establishment', fte: d.total.establishment },
    { department: d.label, kind: 'Strength', fte: d.total.strength },
  ]);
  const discrepancies = [
    ...(s.establishmentTotals?.discrepancies ?? []),
    ...(s.strengthTotals?.discrepancies ?? []),
  ];
  const cell = (c: Comparison | undefined) => [
    <td key="e" class="num">
      {fmtFte(c?.establishment)}
    </td>,
    <td key="s" class="num">
      {fmtFte(c?.strength)}
    </td>,
    <td key="v" class="num">
      <Variance v={c?.variance ?? null} />
    </td>,
  ];
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{titleCase(s.series)}</h2>
      <p class="small">
        {s.establishment
          ? `${s.establishment.title ?? 'Establishment'} (as of ${s.establishment.asOf})`
          : 'No establishment table'}
        ; {s.strength ? `${s.strength.title ?? 'Strength'} (as of ${s.strength.asOf})` : 'no strength table'}.
        {s.establishment?.source && <> Source: {s.establishment.source}.</>}
      </p>
      <Stats>
        <Stat
          label="Establishment (funded posts, FTE)"
          value={fmtFte(g.establishment)}
          testId="wf-establishment"
        />
        <Stat label="Strength (in post, FTE)" value={fmtFte(g.strength)} testId="wf-strength" />
        <Stat
          label="Variance (strength − establishment)"
          value={<Variance v={g.variance} />}
          sub={`fill rate ${fmtShare(g.fillRate)}`}
        />
      </Stats>
      <ScrollRegion label={`${titleCase(s.series)}: establishment and strength`}>
        <table class="data dense" ref={table}>
          <caption>
            {titleCase(s.series)}: establishment, strength and variance (FTE) by department and role
          </caption>
          <thead>
            <tr>
              <td />
              {t.roles.map((r) => (
                <th key={r} scope="colgroup" colSpan={3} class="group">
                  {roleLabel(r)}
                </th>
              ))}
              <th scope="colgroup" colSpan={4} class="group">
                Total
              </th>
            </tr>
            <tr>
              <th scope="col">Department</th>
              {t.roles.flatMap((r) => [
                <th key={`${r}e`} scope="col" class="num">
                  Est.<span class="visually-hidden"> {roleLabel(r)} establishment</span>
                </th>,
                <th key={`${r}s`} scope="col" class="num">
                  Str.<span class="visually-hidden"> {roleLabel(r)} strength</span>
                </th>,
                <th key={`${r}v`} scope="col" class="num">
                  Var.<span class="visually-hidden"> {roleLabel(r)} variance</span>
                </th>,
              ])}
              <th scope="col" class="num">
                Est.<span class="visually-hidden"> total establishment</span>
              </th>
              <th scope="col" class="num">
                Str.<span class="visually-hidden"> total strength</span>
              </th>
              <th scope="col" class="num">
                Var.<span class="visually-hidden"> total variance</span>
              </th>
              <th scope="col" class="num">
                Fill rate
              </th>
            </tr>
          </thead>
          <tbody>
            {t.departments.map((d) => (
              <tr key={d.department}>
                <th scope="row">{d.label}</th>
                {t.roles.flatMap((r) => cell(d.cells[r]))}
                {cell(d.total)}
                <td class="num">{fmtShare(d.total.fillRate)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All departments</th>
              {t.roles.flatMap((r) => cell(t.totals[r]))}
              {cell(g)}
              <td class="num">{fmtShare(g.fillRate)}</td>
            </tr>
          </tfoot>
        </table>
      </ScrollRegion>
      <ExportLinks table={table} label={`${titleCase(s.series)}: establishment and strength`} />
      <Chart
        title={`${titleCase(s.series)}: establishment and strength by department`}
        description="(FTE)"
        height={Math.max(220, 44 * t.departments.length + 40)}
        rows={t.departments}
        deps={[t]}
        columns={[
          { label: 'Department', value: (d) => d.label },
          { label: 'Establishment', value: (d) => fmtFte(d.total.establishment), numeric: true },
          { label: 'Strength', value: (d) => fmtFte(d.total.strength), numeric: true },
          { label: 'Variance', value: (d) => fmtSigned(d.total.variance, fmtFte), numeric: true },
        ]}
        render={(Plot, width, height) =>
          Plot.plot({
            width,
            height,
            marginLeft: Math.min(240, width / 3),
            x: { grid: true, label: 'FTE' },
            y: { label: null, axis: null },
            fy: { label: null, domain: t.departments.map((d) => d.label) },
            color: { domain: ['Establishment', 'Strength'], range: ['#9ab3e0', '#1d4ed8'], legend: true },
            marks: [
              Plot.barX(chartRows, { x: 'fte', y: 'kind', fy: 'department', fill: 'kind', tip: true }),
              Plot.ruleX([0]),
            ],
          })
        }
      />
      <h3>Discrepancies in the tables as printed</h3>
      {discrepancies.length === 0 ? (
        <p>Every total printed in these tables matches the sum of its rows.</p>
      ) : (
        <ul class="discrepancies">
          {discrepancies.map((d) => (
            <li key={`${d.what}-${d.line}-${d.field}`}>{d.message}</li>
          ))}
        </ul>
      )}
      <p class="small muted">
        The figures are kept as the tables give them; a printed total that its rows do not add up to is
        reported here, never corrected.
      </p>
    </section>
  );
}
