import { apiUrl } from '../../api/client.ts';
import { useForceSummary } from '../../api/force.ts';
import { type HarmResponse, type OverviewResponse, STATUSES } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { AreaFinder } from '../../components/area-finder.tsx';
import { Caveats } from '../../components/caveats.tsx';
import { Chart } from '../../components/chart.tsx';
import { MonthSelect } from '../../components/controls.tsx';
import { PageHeading } from '../../components/page.tsx';
import { Stat, Stats } from '../../components/stat.tsx';
import { Empty, ErrorMessage, LoadDataHint, Loading } from '../../components/states.tsx';
import { StatusBadge } from '../../components/status.tsx';
import { CRIMES_DEFINITION } from '../../definitions.ts';
import { fmtDateTime, fmtHarm, fmtInt, fmtMonth, fmtPct, monthRange } from '../../format.ts';
import { areaPath, forcePath, Link, navigate, withQuery } from '../../router.tsx';
import { Attention } from './attention.tsx';

/** Force overview: this month, rolling 12 months, year to date, Impact Area statuses, units, freshness. */
export default function OverviewPage({ route }: PageProps) {
  const force = route.force as string;
  const summary = useForceSummary(force);
  const month = route.query.get('month') ?? undefined;
  const ov = useApi<OverviewResponse>(apiUrl(`/forces/${encodeURIComponent(force)}/overview`, { month }));
  const name = summary?.name ?? (ov.status === 'ok' ? ov.data.name : force);
  const range = summary?.months ?? (ov.status === 'ok' ? ov.data.months : null);
  const months = range ? monthRange(range.from, range.to) : [];
  return (
    <>
      <PageHeading title="Force overview" forceName={name}>
        {months.length > 0 && ov.status === 'ok' && ov.data.month && (
          <div class="controls">
            <MonthSelect
              months={months}
              value={ov.data.month}
              onChange={(m) => navigate(withQuery(route, { month: m }))}
              hint="Figures are for this month and the periods ending with it."
            />
          </div>
        )}
      </PageHeading>
      {ov.status === 'loading' && <Loading what="the overview" minHeight={520} />}
      {ov.status === 'error' && <ErrorMessage error={ov.error} what="the overview" />}
      {ov.status === 'ok' && (
        <Overview force={force} data={ov.data} noCrimes={summary !== null && summary.crimes === 0} />
      )}
      {ov.status === 'ok' && ov.data.month && (
        <section aria-labelledby="h-find">
          <h2 id="h-find">Any area</h2>
          <p>
            Harm and crime trends, year to date, categories and maps for one LSOA, ward, team, unit or Impact
            Area.
          </p>
          <AreaFinder force={force} summary={summary} to={ov.data.month} />
        </section>
      )}
    </>
  );
}

function Overview({ force, data, noCrimes }: { force: string; data: OverviewResponse; noCrimes: boolean }) {
  if (noCrimes || !data.month)
    return (
      <>
        <Empty title={`No crimes loaded for ${data.name}`}>
          <LoadDataHint force={force} />
        </Empty>
        <Caveats caveats={data.caveats} />
      </>
    );
  const m = fmtMonth(data.month);
  const statusTotal = STATUSES.reduce((s, k) => s + (data.impactAreaStatus[k] ?? 0), 0);
  const noStatus = data.impactAreaStatus['No status'] ?? 0;
  return (
    <>
      <Caveats caveats={data.caveats} />
      <section aria-labelledby="h-figures">
        <h2 id="h-figures">Crime and harm</h2>
        <Stats label="Headline figures">
          <Stat
            label={`Crimes in ${m}`}
            value={fmtInt(data.thisMonth.count)}
            sub={`harm ${fmtHarm(data.thisMonth.harm)} days`}
            testId="this-month-count"
          />
          <Stat
            label={`Rolling 12 months to ${m}`}
            value={fmtInt(data.rolling12.count)}
            sub={
              <>
                harm {fmtHarm(data.rolling12.harm)} days
                {data.rolling12.pctChange !== null && (
                  <>, {fmtPct(data.rolling12.pctChange, 2)} on the month before</>
                )}
              </>
            }
            testId="rolling-count"
          />
          {data.ytd && (
            <Stat
              label={data.ytd.label}
              value={fmtInt(data.ytd.count)}
              sub={
                <>
                  crimes, {fmtPct(data.ytd.pctChange)} on the same months last year (
                  {fmtInt(data.ytd.lastYear)}); harm {fmtHarm(data.ytd.harm)} days
                </>
              }
              testId="ytd-count"
            />
          )}
        </Stats>
        <p class="small muted">Counts here are {CRIMES_DEFINITION}.</p>
      </section>
      <div class="two-col">
        <section aria-labelledby="h-status">
          <h2 id="h-status">Impact Areas</h2>
          {statusTotal === 0 ? (
            <p>
              {data.name} has no Impact Areas with a status for {m}. Impact Areas are set in the force's
              description (<code>impactAreas</code>) and loaded with <code>npx beatwise force load FILE</code>
              .
            </p>
          ) : (
            <>
              <ul class="status-counts">
                {STATUSES.filter((s) => data.impactAreaStatus[s]).map((s) => (
                  <li key={s}>
                    <StatusBadge status={s} /> <strong>{data.impactAreaStatus[s]}</strong>
                  </li>
                ))}
                {noStatus > 0 && (
                  <li>
                    <StatusBadge status={null} /> <strong>{noStatus}</strong>
                  </li>
                )}
              </ul>
              <p>
                <Link href={forcePath(force, 'impact-areas', { month: data.month })}>
                  All {statusTotal} Impact Areas for {m}
                </Link>
              </p>
            </>
          )}
        </section>
        <section aria-labelledby="h-structure">
          <h2 id="h-structure">Units and teams</h2>
          <p>
            {data.units.length} units, {fmtInt(data.teams)} neighbourhood teams.
          </p>
          <ul class="unit-list">
            {data.units.map((u) => (
              <li key={u.code}>
                <Link href={areaPath(force, 'unit', u.code, { to: data.month })}>{u.name}</Link>{' '}
                <span class="muted small">({u.code})</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <Attention force={force} month={data.month} />
      <ForceTrend force={force} month={data.month} />
      <section aria-labelledby="h-fresh">
        <h2 id="h-fresh">Data freshness</h2>
        <p>
          Crimes from {fmtMonth(data.months?.from)} to {fmtMonth(data.months?.to)}; last import{' '}
          {fmtDateTime(data.lastImport)}. <Link href={forcePath(force, 'data')}>What is loaded</Link>
        </p>
      </section>
    </>
  );
}

function ForceTrend({ force, month }: { force: string; month: string }) {
  const harm = useApi<HarmResponse>(
    apiUrl(`/forces/${encodeURIComponent(force)}/harm`, { level: 'force', to: month }),
  );
  if (harm.status === 'loading') return <Loading what="the harm trend" minHeight={330} />;
  if (harm.status === 'error') return <ErrorMessage error={harm.error} what="the harm trend" />;
  const rows = harm.data.rows.filter((r) => r.month <= month);
  return (
    <section aria-labelledby="h-trend">
      <h2 id="h-trend">Harm over time</h2>
      <Chart
        title="Rolling 12-month harm, whole force"
        description="(CCHI days; each point is the 12 months ending that month)"
        rows={rows}
        deps={[rows]}
        columns={[
          { label: 'Month', value: (r) => fmtMonth(r.month) },
          { label: 'Crimes', value: (r) => fmtInt(r.count), numeric: true },
          { label: 'Harm (days)', value: (r) => fmtHarm(r.harm), numeric: true },
          { label: 'Rolling 12-month harm', value: (r) => fmtHarm(r.rolling_harm), numeric: true },
        ]}
        render={(Plot, width, height) =>
          Plot.plot({
            width,
            height,
            marginLeft: 70,
            x: { type: 'utc', label: null },
            y: { grid: true, label: 'Rolling harm (days)', tickFormat: (d: number) => fmtHarm(d) },
            marks: [
              Plot.lineY(
                rows.filter((r) => r.rolling_harm !== null),
                {
                  x: (r) => new Date(`${r.month}-01`),
                  y: 'rolling_harm',
                  stroke: '#1d4ed8',
                  strokeWidth: 2,
                  tip: true,
                },
              ),
              Plot.ruleY([0]),
            ],
          })
        }
      />
    </section>
  );
}
