import { useMemo } from 'preact/hooks';
import { apiUrl } from '../../api/client.ts';
import { useForceSummary } from '../../api/force.ts';
import {
  type AreasResponse,
  type ImpactAreaRow,
  type ImpactAreasResponse,
  STATUSES,
} from '../../api/types.ts';
import { type ApiState, useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { colourAreas, useBoundaries } from '../../components/boundaries.ts';
import { Caveats } from '../../components/caveats.tsx';
import { MonthSelect, Select } from '../../components/controls.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { MapView } from '../../components/map-view.tsx';
import { PageHeading } from '../../components/page.tsx';
import { NO_DATA } from '../../components/scale.tsx';
import { Sparkline } from '../../components/sparkline.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/states.tsx';
import { STATUS_RANK, STATUS_STYLE, StatusBadge, StatusLegend } from '../../components/status.tsx';
import { StatusRuleNote } from '../../components/status-rule.tsx';
import { fmtHarm, fmtMonth, fmtPct, fmtWindow, monthRange } from '../../format.ts';
import { areaPath, forcePath, Link, navigate, type Route, withQuery } from '../../router.tsx';

/** The paper's Table 3 for any month: rolling harm per window, % change, status, sparkline, map. */
export default function ImpactAreasPage({ route }: PageProps) {
  const force = route.force as string;
  const summary = useForceSummary(force);
  const month = route.query.get('month') ?? undefined;
  const windows = route.query.get('windows') ?? undefined;
  const minPercent = route.query.get('minPercent') ?? undefined;
  const minCrimes = route.query.get('minCrimes') ?? undefined;
  const table = useApi<ImpactAreasResponse>(
    apiUrl(`/forces/${encodeURIComponent(force)}/impact-areas`, { month, windows, minPercent, minCrimes }),
  );
  const months = summary?.months ? monthRange(summary.months.from, summary.months.to) : [];
  const name = summary?.name ?? force;
  // Each Impact Area's unit (its parent), when the table does not carry it.
  const units = useApi<AreasResponse>(
    apiUrl(`/forces/${encodeURIComponent(force)}/areas`, { level: 'impact-area' }),
  );
  const data = useMemo(() => (table.status === 'ok' ? withUnits(table.data, units) : null), [table, units]);
  return (
    <>
      <PageHeading title="Impact Areas" forceName={name}>
        {table.status === 'ok' && table.data.month && months.length > 0 && (
          <div class="controls">
            <MonthSelect
              label="Latest month"
              months={months}
              value={table.data.month}
              onChange={(m) => navigate(withQuery(route, { month: m }))}
              hint="Each window is the 12 months ending with a month."
            />
            <Select
              label="Windows"
              value={String(table.data.windows.length)}
              options={[2, 3, 4, 6, 12].map((n) => ({ value: String(n), label: `${n} consecutive windows` }))}
              onChange={(v) => navigate(withQuery(route, { windows: v === '4' ? undefined : v }))}
            />
          </div>
        )}
      </PageHeading>
      {table.status === 'loading' && <Loading what="the Impact Area table" minHeight={640} />}
      {table.status === 'error' && <ErrorMessage error={table.error} what="the Impact Area table" />}
      {data && <ImpactAreas force={force} forceName={name} data={data} route={route} />}
    </>
  );
}

function withUnits(data: ImpactAreasResponse, units: ApiState<AreasResponse>): ImpactAreasResponse {
  if (units.status !== 'ok' || data.rows.every((r) => r.unit)) return data;
  const parent = new Map(units.data.areas.map((a) => [a.code, a.parent]));
  return { ...data, rows: data.rows.map((r) => ({ ...r, unit: r.unit ?? parent.get(r.code) ?? null })) };
}

function ImpactAreas({
  force,
  forceName,
  data,
  route,
}: {
  force: string;
  forceName: string;
  data: ImpactAreasResponse;
  route: Route;
}) {
  if (data.rows.length === 0)
    return (
      <>
        <Empty title={`${forceName} has no Impact Areas`}>
          <p>
            Impact Areas are places given extra focus for their crime, demand, deprivation and harm. Add them
            to the force's description (<code>impactAreas</code>: a name, a unit and the wards or a boundary)
            and load it with <code>npx beatwise force load FILE</code>; then their rolling harm and status
            appear here.
          </p>
        </Empty>
        <Caveats caveats={data.caveats} />
      </>
    );
  const w = data.windows;
  const month = data.month ?? '';
  const columns: Column<ImpactAreaRow>[] = [
    {
      key: 'name',
      label: 'Impact Area',
      rowHeader: true,
      sort: (r) => r.name,
      render: (r) => <Link href={areaPath(force, 'impact-area', r.code, { to: month })}>{r.name}</Link>,
    },
    { key: 'unit', label: 'Unit', sort: (r) => r.unit ?? null, render: (r) => r.unit ?? '–' },
  ];
  w.forEach((win, i) => {
    columns.push({
      key: `w${i}`,
      label: <WindowLabel window={win} />,
      numeric: true,
      sort: (r) => r.rolling[i],
      render: (r) => fmtHarm(r.rolling[i]),
    });
    if (i > 0)
      columns.push({
        key: `p${i}`,
        label: (
          <>
            %<span class="visually-hidden"> change to the window {fmtWindow(win)}</span>
            <span aria-hidden="true"> chg</span>
          </>
        ),
        numeric: true,
        sort: (r) => r.pctChange[i],
        render: (r) => fmtPct(r.pctChange[i], 2),
      });
  });
  columns.push(
    {
      key: 'status',
      label: 'Status',
      sort: (r) => (r.status ? STATUS_RANK[r.status] : null),
      render: (r) => <StatusBadge status={r.status} tooFew={r.tooFew} />,
    },
    {
      key: 'spark',
      label: 'Last 24 months',
      className: 'spark-cell',
      render: (r) => (
        <Sparkline
          values={r.spark}
          label={`${r.name}, rolling 12-month harm over the last ${r.spark.length} months`}
        />
      ),
    },
  );
  const counts = STATUSES.map((s) => ({ s, n: data.rows.filter((r) => r.status === s).length })).filter(
    (x) => x.n,
  );
  return (
    <>
      <Caveats caveats={data.caveats} />
      <p class="lead">
        Rolling 12-month harm (CCHI days) of each Impact Area in {w.length} consecutive windows up to{' '}
        {fmtMonth(data.month)}, the % change between windows and the status it gives:{' '}
        {counts.map((c, i) => (
          <span key={c.s}>
            {i > 0 && ', '}
            {c.n} {c.s}
          </span>
        ))}
        .
      </p>
      <ul class="ia-cards only-narrow" aria-label={`Impact Areas at a glance, ${fmtMonth(data.month)}`}>
        {[...data.rows]
          .sort((a, b) => (a.unit ?? '').localeCompare(b.unit ?? '') || a.name.localeCompare(b.name))
          .map((r) => (
            <li key={r.code}>
              <Link href={areaPath(force, 'impact-area', r.code, { to: month })}>{r.name}</Link>
              <span class="small muted"> {r.unit ?? ''}</span>
              <div class="ia-card-figures">
                <StatusBadge status={r.status} />
                <span>
                  {fmtHarm(r.rolling[w.length - 1])} days, {fmtPct(r.pctChange[w.length - 1], 2)}
                </span>
              </div>
            </li>
          ))}
      </ul>
      <DataTable
        caption={`Impact Areas, rolling 12-month harm to ${fmtMonth(data.month)}`}
        columns={columns}
        rows={data.rows}
        rowKey={(r) => r.code}
        initialSort={{ key: 'status', dir: 'descending' }}
      />
      <StatusRuleNote rule={data.rule} text={data.ruleText} route={route} />
      <details class="legend-details">
        <summary>What the statuses mean</summary>
        <StatusLegend />
      </details>
      <ImpactAreaMap force={force} data={data} />
      <p>
        <Link href={forcePath(force, 'trends', { level: 'impact-area', to: data.month ?? undefined })}>
          Year-to-date trends and drivers by Impact Area
        </Link>
      </p>
    </>
  );
}

/** "Harm, Jan 2022 – Dec 2022" on two short lines. */
function WindowLabel({ window }: { window: string }) {
  const [a, b] = fmtWindow(window).split(' – ');
  return (
    <>
      Harm <span class="nowrap">{a} –</span> <span class="nowrap">{b}</span>
    </>
  );
}

function ImpactAreaMap({ force, data }: { force: string; data: ImpactAreasResponse }) {
  const b = useBoundaries(force, 'impact-area');
  const byCode = useMemo(() => new Map(data.rows.map((r) => [r.code, r])), [data]);
  const last = data.windows.length - 1;
  const mapData = useMemo(
    () =>
      b.status === 'ok'
        ? colourAreas(b.data, (code) => {
            const s = byCode.get(code)?.status;
            return s ? STATUS_STYLE[s].fill : NO_DATA;
          })
        : null,
    [b, byCode],
  );
  return (
    <section aria-labelledby="h-map">
      <h2 id="h-map">Map</h2>
      {b.status === 'loading' && <Loading what="the Impact Area boundaries" minHeight={480} />}
      {b.status === 'error' && <ErrorMessage error={b.error} what="the Impact Area boundaries" />}
      {mapData && mapData.features.length === 0 && (
        <p>
          The store has no boundaries for these Impact Areas, so they cannot be mapped; the table above has
          every figure.
        </p>
      )}
      {mapData && mapData.features.length > 0 && (
        <MapView
          label={`Map of Impact Areas coloured by status, ${fmtMonth(data.month)}`}
          data={mapData}
          labels
          height={480}
          onSelect={(code) => navigate(areaPath(force, 'impact-area', code, { to: data.month ?? undefined }))}
          describe={(code) => {
            const r = byCode.get(code);
            if (!r) return null;
            return {
              title: r.name,
              lines: [
                `Status: ${r.status ?? 'none'}`,
                `Rolling harm: ${fmtHarm(r.rolling[last])} days`,
                `Change: ${fmtPct(r.pctChange[last], 2)}`,
              ],
            };
          }}
          legend={
            <ul class="legend legend-inline" aria-label="Map colours">
              {STATUSES.map((s) => (
                <li key={s}>
                  <span class="swatch" style={{ background: STATUS_STYLE[s].fill }} aria-hidden="true" /> {s}
                </li>
              ))}
            </ul>
          }
          download={{
            filename: `${force}-impact-areas-${data.month}.geojson`,
            properties: (code) => {
              const r = byCode.get(code);
              return {
                month: data.month,
                status: r?.status ?? null,
                rolling_harm: r?.rolling[last] ?? null,
                pct_change: r?.pctChange[last] ?? null,
              };
            },
          }}
        />
      )}
    </section>
  );
}
