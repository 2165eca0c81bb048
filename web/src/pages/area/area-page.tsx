import { useMemo } from 'preact/hooks';
import { parseMonth } from '../../../../src/core/time/month.ts';
import { earliestFullYear } from '../../../../src/harm/baseline.ts';
import { apiUrl } from '../../api/client.ts';
import { useForceSummary } from '../../api/force.ts';
import type { AreasResponse, Driver, HarmResponse, HarmRow, TrendResponse } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { colourAreas, useBoundaries } from '../../components/boundaries.ts';
import { Caveats } from '../../components/caveats.tsx';
import { Chart } from '../../components/chart.tsx';
import { MonthSelect, Select } from '../../components/controls.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { MapView } from '../../components/map-view.tsx';
import { PageHeading } from '../../components/page.tsx';
import { quantileBreaks, RampLegend, rampColour } from '../../components/scale.tsx';
import { Stat, Stats } from '../../components/stat.tsx';
import { Empty, ErrorMessage, LoadDataHint, Loading } from '../../components/states.tsx';
import { StatusBadge } from '../../components/status.tsx';
import { StatusRuleNote } from '../../components/status-rule.tsx';
import {
  financialYear,
  fmtHarm,
  fmtInt,
  fmtMonth,
  fmtMonthShort,
  fmtPct,
  fmtShareOfChange,
  fmtSigned,
} from '../../format.ts';
import { levelLabel } from '../../levels.ts';
import { areaPath, forcePath, Link, navigate, withQuery } from '../../router.tsx';
import { AreaCells } from './area-cells.tsx';
import { pctChange, ytdPeriods } from './ytd.ts';

type Measure = 'harm' | 'count';

/** One area of any level: harm and crime trends, year to date, categories and drivers, map. */
export default function AreaPage({ route }: PageProps) {
  const force = route.force as string;
  const { level, code } = route.params;
  const summary = useForceSummary(force);
  const window = route.query.get('window') ?? '12';
  const harm = useApi<HarmResponse>(
    apiUrl(`/forces/${encodeURIComponent(force)}/harm`, {
      level,
      area: code,
      window: window === '12' ? undefined : window,
      minPercent: route.query.get('minPercent') ?? undefined,
      minCrimes: route.query.get('minCrimes') ?? undefined,
    }),
  );
  const rows = harm.status === 'ok' ? harm.data.rows : [];
  const areas = useApi<AreasResponse>(apiUrl(`/forces/${encodeURIComponent(force)}/areas`, { level }));
  const ref = areas.status === 'ok' ? areas.data.areas.find((a) => a.code === code) : undefined;
  const notes = ref?.approximate
    ? [
        `${ref.name}'s boundary is approximate: it is built from the areas that best match it, not the force's own boundary.`,
      ]
    : [];
  const name = rows[0]?.area_name ?? code;
  return (
    <>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link href={forcePath(force)}>{summary?.name ?? force}</Link>
          </li>
          {level === 'impact-area' && (
            <li>
              <Link href={forcePath(force, 'impact-areas')}>Impact Areas</Link>
            </li>
          )}
          <li aria-current="page">{name}</li>
        </ol>
      </nav>
      <PageHeading
        title={name}
        forceName={
          level === 'impact-area' || code === name ? levelLabel(level) : `${levelLabel(level)} ${code}`
        }
      />
      {harm.status === 'loading' && (
        <Loading what={`the figures for ${levelLabel(level)} ${code}`} minHeight={700} />
      )}
      {harm.status === 'error' && (
        <ErrorMessage error={harm.error} what={`the figures for ${levelLabel(level)} ${code}`} />
      )}
      {harm.status === 'ok' && rows.length === 0 && (
        <Empty title={`No crimes loaded for ${summary?.name ?? force}`}>
          <LoadDataHint force={force} />
        </Empty>
      )}
      {harm.status === 'ok' && rows.length > 0 && (
        <Area
          force={force}
          level={level}
          code={code}
          route={route}
          report={harm.data}
          window={Number(window)}
          notes={notes}
        />
      )}
    </>
  );
}

function Area({
  force,
  level,
  code,
  route,
  report,
  window,
  notes,
}: {
  force: string;
  level: string;
  code: string;
  route: PageProps['route'];
  report: HarmResponse;
  window: number;
  notes: string[];
}) {
  const rows = report.rows;
  const months = rows.map((r) => r.month);
  const lastMonth = months[months.length - 1];
  const to =
    route.query.get('to') && months.includes(route.query.get('to') as string)
      ? (route.query.get('to') as string)
      : lastMonth;
  const measure: Measure = route.query.get('measure') === 'count' ? 'count' : 'harm';
  const upTo = rows.filter((r) => r.month <= to);
  const at = upTo[upTo.length - 1];
  // No baseline asked: the earliest financial year the area's months cover in full (as the API does).
  const first = parseMonth(rows[0].month) as number;
  const fullYear = earliestFullYear(first, parseMonth(lastMonth) as number) ?? financialYear(rows[0].month);
  const baseline = Number(route.query.get('baseline') ?? fullYear);
  const ytd = ytdPeriods(rows, to, baseline);
  const name = at.area_name;
  const what = measure === 'harm' ? 'Harm (days)' : 'Crimes';
  const rollingKey = measure === 'harm' ? 'rolling_harm' : 'rolling_count';
  const fmt = measure === 'harm' ? fmtHarm : fmtInt;
  return (
    <>
      <div class="controls">
        <MonthSelect
          label="Up to month"
          months={months}
          value={to}
          onChange={(m) => navigate(withQuery(route, { to: m }))}
        />
        <Select
          label="Rolling window"
          value={String(window)}
          options={[3, 6, 12].map((n) => ({ value: String(n), label: `${n} months` }))}
          onChange={(v) => navigate(withQuery(route, { window: v === '12' ? undefined : v }))}
        />
        <Select
          label="Measure"
          value={measure}
          options={[
            { value: 'harm', label: 'Harm (CCHI days)' },
            { value: 'count', label: 'Crimes (count)' },
          ]}
          onChange={(v) => navigate(withQuery(route, { measure: v === 'harm' ? undefined : v }))}
        />
      </div>
      <Caveats caveats={report.caveats} notes={notes} />
      <section aria-labelledby="h-now">
        <h2 id="h-now">{fmtMonth(to)}</h2>
        <Stats>
          <Stat
            label={`Crimes in ${fmtMonth(to)}`}
            value={fmtInt(at.count)}
            sub={`harm ${fmtHarm(at.harm)} days`}
            testId="area-count"
          />
          <Stat
            label={`Rolling ${window}-month harm`}
            value={fmtHarm(at.rolling_harm)}
            sub={
              <>
                {fmtInt(at.rolling_count)} crimes;{' '}
                {at.new ? 'new this month' : `${fmtPct(at.pct_change, 2)} on the month before`}
              </>
            }
            testId="area-rolling-harm"
          />
          <Stat
            label="Status"
            value={<StatusBadge status={at.status} tooFew={at.too_few} />}
            sub="from the run of monthly changes in rolling harm"
          />
        </Stats>
        <StatusRuleNote rule={report.rule} text={report.ruleText} route={route} />
      </section>
      <section aria-labelledby="h-trend">
        <h2 id="h-trend">Trend</h2>
        <div class="two-col">
          <Chart
            title={`Rolling ${window}-month ${measure === 'harm' ? 'harm' : 'crimes'}`}
            description={`(each point: the ${window} months ending that month)`}
            height={240}
            rows={upTo}
            deps={[upTo, measure]}
            columns={[
              { label: 'Month', value: (r: HarmRow) => fmtMonth(r.month) },
              {
                label: `Rolling ${window}-month ${what.toLowerCase()}`,
                value: (r) => fmt(r[rollingKey]),
                numeric: true,
              },
              { label: '% change (harm)', value: (r) => fmtPct(r.pct_change, 2), numeric: true },
              { label: 'Status', value: (r) => r.status ?? '–' },
            ]}
            render={(Plot, width, height) =>
              Plot.plot({
                width,
                height,
                marginLeft: 64,
                x: { type: 'utc', label: null },
                y: { grid: true, label: `Rolling ${what.toLowerCase()}`, tickFormat: (d: number) => fmt(d) },
                marks: [
                  Plot.lineY(
                    upTo.filter((r) => r[rollingKey] !== null),
                    {
                      x: (r: HarmRow) => new Date(`${r.month}-01`),
                      y: rollingKey,
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
          <Chart
            title={`${measure === 'harm' ? 'Harm' : 'Crimes'} per month`}
            height={240}
            rows={upTo}
            deps={[upTo, measure]}
            columns={[
              { label: 'Month', value: (r: HarmRow) => fmtMonth(r.month) },
              { label: 'Crimes', value: (r) => fmtInt(r.count), numeric: true },
              { label: 'Harm (days)', value: (r) => fmtHarm(r.harm), numeric: true },
            ]}
            render={(Plot, width, height) =>
              Plot.plot({
                width,
                height,
                marginLeft: 64,
                x: {
                  type: 'band',
                  label: null,
                  tickFormat: (m: string) => (m.endsWith('-04') ? fmtMonthShort(m) : ''),
                },
                y: { grid: true, label: what, tickFormat: (d: number) => fmt(d) },
                marks: [
                  Plot.barY(upTo, { x: 'month', y: measure, fill: '#6b8fd6', tip: true }),
                  Plot.ruleY([0]),
                ],
              })
            }
          />
        </div>
      </section>
      <section aria-labelledby="h-ytd">
        <h2 id="h-ytd">Year to date</h2>
        <Stats>
          {ytd.map((p, i) => (
            <Stat
              key={p.label}
              label={`${p.label} (${fmtMonthShort(p.from)} – ${fmtMonthShort(p.to)})`}
              value={p.covered ? fmtInt(p.count) : 'not in the data'}
              sub={
                p.covered ? (
                  <>
                    crimes; harm {fmtHarm(p.harm)} days
                    {i > 0 && ytd[0].covered && (
                      <>
                        . This year: {fmtPct(pctChange(ytd[0].count, p.count))} crimes,{' '}
                        {fmtPct(pctChange(ytd[0].harm, p.harm))} harm
                      </>
                    )}
                  </>
                ) : (
                  `the data holds ${fmtMonth(rows[0].month)} to ${fmtMonth(lastMonth)}`
                )
              }
            />
          ))}
        </Stats>
        <p class="small">
          Sums of the monthly figures above over the police year (April to March) to {fmtMonth(to)}.{' '}
          <Link href={forcePath(force, 'trends', { level, to })}>
            Compare every {levelLabel(level).toLowerCase()}
          </Link>
        </p>
      </section>
      <AreaDrivers force={force} level={level} code={code} to={to} baseline={baseline} />
      <AreaCells force={force} level={level} code={code} name={name} to={to} first={months[0]} />
      <AreaMap force={force} level={level} code={code} to={to} name={name} />
    </>
  );
}

function AreaDrivers({
  force,
  level,
  code,
  to,
  baseline,
}: {
  force: string;
  level: string;
  code: string;
  to: string;
  baseline: number;
}) {
  const tr = useApi<TrendResponse>(
    apiUrl(`/forces/${encodeURIComponent(force)}/trends`, {
      selection: 'all-crime',
      level,
      area: code,
      to,
      baseline,
    }),
  );
  const columns: Column<Driver>[] = [
    { key: 'name', label: 'Category', rowHeader: true, sort: (d) => d.name, render: (d) => d.name },
    {
      key: 'cur',
      label: 'Crimes this year to date',
      numeric: true,
      sort: (d) => d.current.count,
      render: (d) => fmtInt(d.current.count),
    },
    {
      key: 'prev',
      label: 'Same period last year',
      numeric: true,
      sort: (d) => d.previous.count,
      render: (d) => fmtInt(d.previous.count),
    },
    {
      key: 'chg',
      label: 'Change',
      numeric: true,
      sort: (d) => d.change.count,
      render: (d) => fmtSigned(d.change.count),
    },
    {
      key: 'harm',
      label: 'Harm change (days)',
      numeric: true,
      sort: (d) => d.change.harm,
      render: (d) => fmtSigned(d.change.harm, fmtHarm),
    },
    {
      key: 'share',
      label: 'Share of the movement',
      numeric: true,
      sort: (d) => d.shareOfChange,
      render: (d) => fmtShareOfChange(d.shareOfChange),
    },
  ];
  return (
    <section aria-labelledby="h-drivers">
      <h2 id="h-drivers">Categories and drivers</h2>
      {tr.status === 'loading' && <Loading what="the categories" minHeight={240} />}
      {tr.status === 'error' && <ErrorMessage error={tr.error} what="the categories" />}
      {tr.status === 'ok' && !tr.data.area && (
        <p class="message message-na">
          Categories for one area are not available from this server yet (its trends report has no area
          filter). The <Link href={forcePath(force, 'trends', { level, to })}>Trends page</Link> shows the
          drivers of every {levelLabel(level).toLowerCase()}.
        </p>
      )}
      {tr.status === 'ok' && tr.data.area && (
        <>
          <p>
            Change in {tr.data.selection.label.toLowerCase()} from {tr.data.lastYear.label} to{' '}
            {tr.data.current.label}: <strong>{fmtSigned(tr.data.vsLastYear.count)}</strong> crimes (
            {fmtPct(tr.data.vsLastYear.countPct)}). Biggest contributions:{' '}
            {tr.data.drivers.byCategory
              .slice(0, 3)
              .map((d) => `${d.name} (${fmtSigned(d.change.count)})`)
              .join(', ')}
            .
          </p>
          <DataTable
            caption={`Crimes by category, ${tr.data.current.label} against the same months last year`}
            columns={columns}
            rows={tr.data.drivers.byCategory}
            rowKey={(d) => d.code}
            initialSort={{ key: 'chg', dir: tr.data.vsLastYear.count < 0 ? 'ascending' : 'descending' }}
            dense
          />
        </>
      )}
    </section>
  );
}

function AreaMap({
  force,
  level,
  code,
  to,
  name,
}: {
  force: string;
  level: string;
  code: string;
  to: string;
  name: string;
}) {
  const b = useBoundaries(force, level);
  const values = useApi<HarmResponse>(
    apiUrl(`/forces/${encodeURIComponent(force)}/harm`, { level, from: to, to }),
  );
  const byCode = useMemo(
    () => new Map((values.status === 'ok' ? values.data.rows : []).map((r) => [r.area_code, r])),
    [values],
  );
  const breaks = useMemo(
    () => quantileBreaks([...byCode.values()].map((r) => r.rolling_harm ?? 0)),
    [byCode],
  );
  const mapData = useMemo(
    () =>
      b.status === 'ok'
        ? colourAreas(b.data, (c) => rampColour(byCode.get(c)?.rolling_harm ?? null, breaks))
        : null,
    [b, byCode, breaks],
  );
  const has = mapData?.features.some((f) => f.properties.code === code);
  return (
    <section aria-labelledby="h-map">
      <h2 id="h-map">{levelLabel(level, true)} around it</h2>
      {(b.status === 'loading' || values.status === 'loading') && <Loading what="the map" minHeight={440} />}
      {b.status === 'error' && (
        <ErrorMessage error={b.error} what={`the ${levelLabel(level, true).toLowerCase()} boundaries`} />
      )}
      {values.status === 'error' && <ErrorMessage error={values.error} what="the map figures" />}
      {mapData && values.status === 'ok' && !has && (
        <p>
          The store has no boundary for {name}, so it cannot be mapped (
          {levelLabel(level, true).toLowerCase()} here are made of other areas, or their boundaries were not
          loaded).
        </p>
      )}
      {mapData && values.status === 'ok' && has && (
        <MapView
          label={`Map of ${levelLabel(level, true).toLowerCase()} by rolling 12-month harm to ${fmtMonth(to)}, ${name} outlined`}
          data={mapData}
          highlight={code}
          labels={mapData.features.length <= 40}
          height={440}
          onSelect={(c) => c !== code && navigate(areaPath(force, level, c, { to }))}
          describe={(c) => {
            const r = byCode.get(c);
            const f = mapData.features.find((x) => x.properties.code === c);
            return {
              title: f?.properties.name ?? c,
              lines: [
                `Rolling harm: ${fmtHarm(r?.rolling_harm)} days`,
                `Crimes in ${fmtMonth(to)}: ${fmtInt(r?.count)}`,
                `Status: ${r?.status ?? 'none'}`,
              ],
            };
          }}
          legend={
            <RampLegend
              title={`Rolling 12-month harm to ${fmtMonth(to)} (days)`}
              breaks={breaks}
              format={fmtHarm}
            />
          }
          download={{
            filename: `${force}-${level}-${to}.geojson`,
            properties: (c) => {
              const r = byCode.get(c);
              return {
                month: to,
                count: r?.count ?? null,
                harm: r?.harm ?? null,
                rolling_harm: r?.rolling_harm ?? null,
                status: r?.status ?? null,
              };
            },
          }}
        />
      )}
    </section>
  );
}
