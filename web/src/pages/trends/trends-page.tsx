import { apiUrl } from '../../api/client.ts';
import { useForceSummary } from '../../api/force.ts';
import type { Change, Driver, Period, TrendResponse } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { Caveats } from '../../components/caveats.tsx';
import { Chart } from '../../components/chart.tsx';
import { MonthSelect, Select } from '../../components/controls.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { PageHeading } from '../../components/page.tsx';
import { Stat, Stats } from '../../components/stat.tsx';
import { ErrorMessage, Loading } from '../../components/states.tsx';
import {
  fmtHarm,
  fmtInt,
  fmtMonth,
  fmtMonthShort,
  fmtPct,
  fmtShareOfChange,
  fmtSigned,
  monthRange,
} from '../../format.ts';
import { levelLabel, PICK_LEVELS } from '../../levels.ts';
import { areaPath, Link, navigate, withQuery } from '../../router.tsx';

/** The named selections of src/crime/selections.ts (the API also takes category names, comma-separated). */
const SELECTIONS = [
  { value: 'all-crime', label: 'All crime (excluding anti-social behaviour)' },
  { value: 'neighbourhood-crime', label: 'Neighbourhood crime' },
  { value: 'serious-youth-violence', label: 'Serious youth violence (force extracts only)' },
  { value: 'asb', label: 'Anti-social behaviour' },
  { value: 'burglary', label: 'Burglary' },
  { value: 'robbery', label: 'Robbery' },
  { value: 'violence-and-sexual-offences', label: 'Violence and sexual offences' },
  { value: 'vehicle-crime', label: 'Vehicle crime' },
];

/** Year-to-date comparisons for a named selection, with the areas and categories that drive the change. */
export default function TrendsPage({ route }: PageProps) {
  const force = route.force as string;
  const summary = useForceSummary(force);
  const selection = route.query.get('selection') ?? 'all-crime';
  const level = route.query.get('level') ?? 'unit';
  const to = route.query.get('to') ?? undefined;
  const baseline = route.query.get('baseline') ?? undefined;
  const tr = useApi<TrendResponse>(
    apiUrl(`/forces/${encodeURIComponent(force)}/trends`, { selection, level, to, baseline }),
  );
  const months = summary?.months ? monthRange(summary.months.from, summary.months.to) : [];
  const levels = PICK_LEVELS.filter(
    (l) => !summary || summary.levels.some((x) => x.level === l && x.areas > 0),
  );
  const selections = SELECTIONS.some((s) => s.value === selection)
    ? SELECTIONS
    : [...SELECTIONS, { value: selection, label: selection }];
  return (
    <>
      <PageHeading title="Trends" forceName={summary?.name ?? force}>
        <div class="controls">
          <Select
            label="Crimes"
            value={selection}
            options={selections}
            onChange={(v) => navigate(withQuery(route, { selection: v }))}
          />
          <Select
            label="Areas"
            value={level}
            options={levels.map((l) => ({ value: l, label: levelLabel(l, true) }))}
            onChange={(v) => navigate(withQuery(route, { level: v }))}
          />
          {months.length > 0 && (
            <MonthSelect
              label="Up to month"
              months={months}
              value={tr.status === 'ok' ? tr.data.to : (to ?? months[months.length - 1])}
              onChange={(m) => navigate(withQuery(route, { to: m }))}
            />
          )}
          <Select
            label="Baseline year"
            value={baseline ?? ''}
            options={[
              { value: '', label: 'Earliest full year in the data' },
              ...[2017, 2018, 2019, 2020, 2021, 2022].map((y) => ({
                value: String(y),
                label: `${y}/${String((y + 1) % 100).padStart(2, '0')}`,
              })),
            ]}
            onChange={(v) => navigate(withQuery(route, { baseline: v || undefined }))}
          />
        </div>
      </PageHeading>
      {tr.status === 'loading' && <Loading what="the trends" minHeight={700} />}
      {tr.status === 'error' && <ErrorMessage error={tr.error} what="the trends" />}
      {tr.status === 'ok' && (
        <Trends force={force} data={tr.data} firstMonth={summary?.months?.from ?? null} />
      )}
    </>
  );
}

function changeText(c: Change): string {
  return `${fmtSigned(c.count)} crimes (${fmtPct(c.countPct)}), ${fmtSigned(c.harm, fmtHarm)} harm days (${fmtPct(c.harmPct)})`;
}

function PeriodStat({
  p,
  vs,
  testId,
  firstMonth,
}: {
  p: Period;
  vs?: Change;
  testId?: string;
  firstMonth: string | null;
}) {
  const label =
    p.from === p.to ? fmtMonth(p.from) : `${p.label} (${fmtMonthShort(p.from)} – ${fmtMonthShort(p.to)})`;
  // A period before the first month of data would read as zero crimes: say so instead.
  if (firstMonth && p.from < firstMonth)
    return <Stat label={label} value="not in the data" sub={`the data starts in ${fmtMonth(firstMonth)}`} />;
  return (
    <Stat
      label={label}
      value={fmtInt(p.count)}
      sub={
        <>
          crimes; harm {fmtHarm(p.harm)} days
          {vs && <>. This year: {changeText(vs)}</>}
        </>
      }
      testId={testId}
    />
  );
}

function Trends({
  force,
  data,
  firstMonth,
}: {
  force: string;
  data: TrendResponse;
  firstMonth: string | null;
}) {
  const areaCols: Column<Driver>[] = [
    {
      key: 'name',
      label: levelLabel(data.level),
      rowHeader: true,
      sort: (d) => d.name,
      render: (d) =>
        d.code ? <Link href={areaPath(force, data.level, d.code, { to: data.to })}>{d.name}</Link> : d.name,
    },
    ...driverColumns(),
  ];
  const catCols: Column<Driver>[] = [
    { key: 'name', label: 'Category', rowHeader: true, sort: (d) => d.name, render: (d) => d.name },
    ...driverColumns(),
  ];
  const dir = data.vsLastYear.count < 0 ? 'ascending' : 'descending';
  const top = [...data.drivers.byArea].slice(0, 10);
  return (
    <>
      <Caveats caveats={data.caveats} />
      <section aria-labelledby="h-ytd">
        <h2 id="h-ytd">
          {data.selection.label}, {data.financialYear} to {fmtMonth(data.to)}
        </h2>
        <Stats>
          <PeriodStat p={data.current} testId="trend-current" firstMonth={firstMonth} />
          <PeriodStat p={data.lastYear} vs={data.vsLastYear} firstMonth={firstMonth} />
          <PeriodStat p={data.baseline} vs={data.vsBaseline} firstMonth={firstMonth} />
          <PeriodStat p={data.month.current} vs={data.month.change} firstMonth={firstMonth} />
        </Stats>
        <p class="small muted">
          “This year” compares {data.current.label} with each period. {fmtMonth(data.month.current.from)} is
          compared with {fmtMonth(data.month.previous.from)} ({fmtInt(data.month.previous.count)} crimes). The{' '}
          {data.baselineNote}.
        </p>
      </section>
      <section aria-labelledby="h-drivers">
        <h2 id="h-drivers">What drives the change</h2>
        <p>
          The change from {data.lastYear.label} ({changeText(data.vsLastYear)}) split into its parts: each{' '}
          {levelLabel(data.level).toLowerCase()}'s and each category's own change, in crimes and harm. The
          categories add up to the total; the {levelLabel(data.level, true).toLowerCase()} add up to the
          change in the crimes placed in one.
        </p>
        <p class="small muted" data-testid="share-note">
          {data.shareNote}
        </p>
        {data.unplaced && (
          <p class="message message-na" data-testid="unplaced">
            Data quality: {fmtInt(data.unplaced.current.count)} crimes this year to date and{' '}
            {fmtInt(data.unplaced.previous.count)} last year are in no {levelLabel(data.level).toLowerCase()}{' '}
            ({fmtSigned(data.unplaced.change.count)}) — {data.unplaced.note}.
          </p>
        )}
        <Chart
          title={`Largest changes by ${levelLabel(data.level).toLowerCase()}`}
          description="(crimes, this year to date minus the same months last year)"
          height={Math.max(200, 26 * top.length + 40)}
          rows={top}
          deps={[top]}
          columns={[
            { label: levelLabel(data.level), value: (d: Driver) => d.name },
            { label: 'Change in crimes', value: (d) => fmtSigned(d.change.count), numeric: true },
            {
              label: 'Share of the movement',
              value: (d) => fmtShareOfChange(d.shareOfChange),
              numeric: true,
            },
          ]}
          render={(Plot, width, height) =>
            Plot.plot({
              width,
              height,
              marginLeft: Math.min(220, width / 3),
              x: { grid: true, label: 'Change in crimes' },
              y: { label: null, domain: top.map((d) => d.name) },
              color: { domain: [false, true], range: ['#2166ac', '#b2182b'] },
              marks: [
                Plot.barX(top, {
                  x: (d: Driver) => d.change.count,
                  y: 'name',
                  fill: (d: Driver) => d.change.count > 0,
                  tip: true,
                }),
                Plot.ruleX([0]),
              ],
            })
          }
        />
        <DataTable
          caption={`${levelLabel(data.level, true)}: ${data.current.label} against last year`}
          columns={areaCols}
          rows={data.drivers.byArea}
          rowKey={(d) => d.code || '(none)'}
          initialSort={{ key: 'chg', dir }}
          dense
        />
        <DataTable
          caption={`Categories: ${data.current.label} against last year`}
          columns={catCols}
          rows={data.drivers.byCategory}
          rowKey={(d) => d.code}
          initialSort={{ key: 'chg', dir }}
          dense
        />
      </section>
    </>
  );
}

function driverColumns(): Column<Driver>[] {
  return [
    {
      key: 'cur',
      label: 'This year to date',
      numeric: true,
      sort: (d) => d.current.count,
      render: (d) => fmtInt(d.current.count),
    },
    {
      key: 'prev',
      label: 'Same months last year',
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
}
