import { useMemo, useState } from 'preact/hooks';
import { apiUrl } from '../../api/client.ts';
import { useForceSummary } from '../../api/force.ts';
import type { GridCell, GridFeatureCollection } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { Caveats } from '../../components/caveats.tsx';
import { Chart, NumbersTable } from '../../components/chart.tsx';
import { MonthSelect, Select } from '../../components/controls.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import type { MapData } from '../../components/map-engine.ts';
import { MapView } from '../../components/map-view.tsx';
import { PageHeading } from '../../components/page.tsx';
import { GI_COLOURS, GI_LABELS, quantileBreaks, RampLegend, rampColour } from '../../components/scale.tsx';
import { Stat, Stats } from '../../components/stat.tsx';
import { ErrorMessage, Loading, NotAvailable } from '../../components/states.tsx';
import { LOCATED_DEFINITION } from '../../definitions.ts';
import { fmtHarm, fmtInt, fmtMonth, fmtShare, monthRange } from '../../format.ts';
import { navigate, withQuery } from '../../router.tsx';
import { selectionOptions } from '../../selections.ts';
import { AreaSelect } from './area-select.tsx';
import { cellLabel, streetOf } from './cell-label.ts';
import { CellPanel } from './cell-panel.tsx';
import { concentrationCurve, shareAt, thin } from './concentration.ts';
import { PatrolTimesSection } from './patrol-times.tsx';
import { periodPresets, presetOf } from './periods.ts';

/** The default cell (src/hotspots/summary.ts DEFAULT_CELL_M): the size of the UK hot-spot trials. */
const DEFAULT_CELL_M = 150;

type ColourBy = 'count' | 'harm' | 'gi';

/** Micro-place hotspots: the grid map, the concentration curve with its read-out, downloads. */
export default function HotspotsPage({ route }: PageProps) {
  const force = route.force as string;
  const summary = useForceSummary(force);
  const q = route.query;
  const areaParam = q.get('area') ?? undefined;
  const cellChoice = q.get('cell') ?? '';
  const h3 = /^h3-(\d+)$/.exec(cellChoice)?.[1];
  const params = {
    area: areaParam && /:.+/.test(areaParam) ? areaParam : undefined,
    cell: h3 ? undefined : cellChoice || undefined,
    h3,
    from: q.get('from') ?? undefined,
    to: q.get('to') ?? undefined,
    types: q.get('types') ?? undefined,
  };
  const base = `/forces/${encodeURIComponent(force)}/hotspots/grid`;
  // The map needs only the cells holding crime; the totals and Gi* counts come with them.
  const grid = useApi<GridFeatureCollection>(apiUrl(base, { ...params, format: 'geojson', only: 'crime' }));
  const colourBy: ColourBy = q.get('colour') === 'harm' ? 'harm' : q.get('colour') === 'gi' ? 'gi' : 'count';
  const months = summary?.months ? monthRange(summary.months.from, summary.months.to) : [];
  const presets = periodPresets(months);
  const notAvailable =
    grid.status === 'error' && (grid.error.status === 501 || grid.error.code === 'not_available');
  return (
    <>
      <PageHeading title="Hotspots" forceName={summary?.name ?? force}>
        {!notAvailable && (
          <div class="controls">
            <Select
              label="Crimes"
              value={params.types ?? 'all-crime'}
              options={selectionOptions(params.types ?? 'all-crime')}
              onChange={(v) => navigate(withQuery(route, { types: v === 'all-crime' ? undefined : v }))}
            />
            <AreaSelect
              force={force}
              value={areaParam}
              onChange={(a) => navigate(withQuery(route, { area: a }))}
            />
            <Select
              label="Cells"
              value={cellChoice}
              options={[
                { value: '', label: `${DEFAULT_CELL_M} m squares (default)` },
                ...[100, 200, 250, 500].map((m) => ({ value: String(m), label: `${m} m squares` })),
                { value: 'h3-10', label: 'H3 hexagons, resolution 10 (~66 m edge)' },
                { value: 'h3-9', label: 'H3 hexagons, resolution 9 (~174 m edge)' },
              ]}
              onChange={(v) => navigate(withQuery(route, { cell: v || undefined }))}
            />
            <Select
              label="Colour cells by"
              value={colourBy}
              options={[
                { value: 'count', label: 'Crimes (count)' },
                { value: 'harm', label: 'Harm (CCHI days)' },
                { value: 'gi', label: 'Gi* hot and cold spots' },
              ]}
              onChange={(v) =>
                navigate(withQuery(route, { colour: v === 'count' ? undefined : v }), { replace: true })
              }
            />
            {months.length > 0 && (
              <>
                <Select
                  label="Period"
                  value={presetOf(months, params.from, params.to)}
                  hint="Police.uk data is monthly: the shortest period is one month"
                  options={[
                    ...presets.map((p) => ({ value: p.value, label: p.label })),
                    { value: 'custom', label: 'Months chosen below' },
                  ]}
                  onChange={(v) => {
                    const p = presets.find((x) => x.value === v);
                    if (p) navigate(withQuery(route, { from: p.from, to: p.to }));
                  }}
                />
                <MonthSelect
                  label="From"
                  months={months}
                  value={params.from ?? months[0]}
                  onChange={(m) => navigate(withQuery(route, { from: m === months[0] ? undefined : m }))}
                />
                <MonthSelect
                  label="To"
                  months={months}
                  value={params.to ?? months[months.length - 1]}
                  onChange={(m) =>
                    navigate(withQuery(route, { to: m === months[months.length - 1] ? undefined : m }))
                  }
                />
              </>
            )}
          </div>
        )}
      </PageHeading>
      {grid.status === 'loading' && <Loading what="the hotspot grid" minHeight={700} />}
      {notAvailable && grid.status === 'error' && (
        <NotAvailable
          what="Hotspot maps"
          message={`${grid.error.message.replace(/[.\s]*$/, '.')} This page will show the grid map, the concentration curve and downloads once the server offers them; no numbers are shown until then.`}
        />
      )}
      {grid.status === 'error' && !notAvailable && (
        <ErrorMessage error={grid.error} what="the hotspot grid" />
      )}
      {grid.status === 'ok' && (
        <Hotspots
          force={force}
          data={grid.data}
          colourBy={colourBy}
          params={params}
          downloads={{
            geojson: apiUrl(base, { ...params, format: 'geojson' }),
            csv: apiUrl(base, { ...params, format: 'csv' }),
          }}
        />
      )}
    </>
  );
}

function Hotspots({
  force,
  data,
  colourBy,
  params,
  downloads,
}: {
  force: string;
  data: GridFeatureCollection;
  colourBy: ColourBy;
  params: Record<string, string | undefined>;
  downloads: { geojson: string; csv: string };
}) {
  const [picked, setPicked] = useState<string | null>(null);
  const cells = useMemo(() => data.features.map((f) => f.properties), [data]);
  const byId = useMemo(() => new Map(cells.map((c) => [c.cell_id, c])), [cells]);
  const names = useMemo(() => new Map(cells.map((c) => [c.cell_id, cellLabel(c)])), [cells]);
  const crimes = cells.reduce((s, c) => s + c.count, 0);
  const withCrime = cells.filter((c) => c.count > 0).length;
  const breaks = useMemo(
    () => quantileBreaks(cells.map((c) => (colourBy === 'harm' ? c.harm : c.count))),
    [cells, colourBy],
  );
  const mapData: MapData = useMemo(
    () => ({
      type: 'FeatureCollection',
      features: data.features.map((f) => ({
        type: 'Feature',
        geometry: f.geometry,
        properties: {
          code: f.properties.cell_id,
          // The street ("On or near …" without those words): labelled on the map at close zoom.
          name: f.properties.place ? streetOf(f.properties.place) : cellLabel(f.properties),
          fill:
            colourBy === 'gi'
              ? GI_COLOURS[f.properties.gi_bin ?? 0]
              : rampColour(colourBy === 'harm' ? f.properties.harm : f.properties.count, breaks),
        },
      })),
    }),
    [data, colourBy, breaks],
  );
  const giCounts = useMemo(() => {
    const m = new Map<number, number>();
    if (!data.giBins)
      for (const c of cells) if (c.gi_bin !== null) m.set(c.gi_bin, (m.get(c.gi_bin) ?? 0) + 1);
    if (data.giBins) for (const [b, n] of Object.entries(data.giBins)) m.set(Number(b), n);
    return [3, 2, 1, 0, -1, -2, -3].map((b) => ({ bin: b, cells: m.get(b) ?? 0 }));
  }, [cells, data]);
  const hasGi = giCounts.some((g) => g.cells > 0);
  // Cells without crime are not features (the map draws none); they still count as area.
  const allCells = data.grid?.cells ?? cells.length;
  const top = useMemo(
    () => [...cells].sort((a, b) => (colourBy === 'harm' ? b.harm - a.harm : b.count - a.count)).slice(0, 20),
    [cells, colourBy],
  );
  const topCols: Column<GridCell>[] = [
    {
      key: 'place',
      label: 'Where (most common location)',
      rowHeader: true,
      render: (c) => (
        <button type="button" class="link-button" onClick={() => setPicked(c.cell_id)}>
          {cellLabel(c)}
        </button>
      ),
    },
    { key: 'lsoa', label: 'LSOA', render: (c) => c.lsoa ?? '–' },
    { key: 'ward', label: 'Ward', render: (c) => c.ward ?? '–' },
    { key: 'team', label: 'Team', render: (c) => c.team ?? '–' },
    { key: 'id', label: 'Cell', render: (c) => c.cell_id },
    { key: 'count', label: 'Crimes', numeric: true, sort: (c) => c.count, render: (c) => fmtInt(c.count) },
    { key: 'harm', label: 'Harm (days)', numeric: true, sort: (c) => c.harm, render: (c) => fmtHarm(c.harm) },
    {
      key: 'z',
      label: 'Gi* z',
      numeric: true,
      sort: (c) => c.gi_z,
      render: (c) => (c.gi_z === null ? '–' : c.gi_z.toFixed(2)),
    },
    {
      key: 'bin',
      label: 'Gi* class',
      sort: (c) => c.gi_bin,
      render: (c) => (c.gi_bin === null ? '–' : GI_LABELS[c.gi_bin]),
    },
  ];
  return (
    <>
      <Caveats caveats={data.caveats ?? []} notes={(data.warnings ?? []).map((w) => w.message)} />
      {data.summary && (
        <p class="lead" data-testid="hs-summary">
          {data.summary}
        </p>
      )}
      {data.selection && <p class="small muted">{data.selection}</p>}
      <Stats>
        <Stat
          label="Cells"
          value={fmtInt(allCells)}
          sub={
            data.grid
              ? `${fmtInt(data.grid.cellSizeM)} m cells, ${data.grid.areaKm2.toFixed(1)} km²`
              : undefined
          }
          testId="hs-cells"
        />
        <Stat
          label="Crimes on the grid"
          value={fmtInt(crimes)}
          sub={`${fmtInt(withCrime)} cells hold at least one; ${LOCATED_DEFINITION}`}
          testId="hs-crimes"
        />
        {data.months && (
          <Stat label="Months" value={`${fmtMonth(data.months.from)} – ${fmtMonth(data.months.to)}`} />
        )}
      </Stats>
      <section aria-labelledby="h-map">
        <h2 id="h-map">Grid map</h2>
        <MapView
          label={`Hotspot grid coloured by ${colourBy === 'gi' ? 'Gi* class' : colourBy === 'harm' ? 'harm' : 'crime count'}`}
          data={mapData}
          outline={cells.length < 3000}
          fillOpacity={0.8}
          height={520}
          onSelect={(code) => setPicked(code)}
          streetLabels={{ force, minZoom: 15 }}
          describe={(code) => {
            const c = byId.get(code);
            if (!c) return null;
            return {
              title: cellLabel(c),
              lines: [
                ...(c.lsoa
                  ? [`LSOA ${c.lsoa}${c.ward ? `, ward ${c.ward}` : ''}${c.team ? `, team ${c.team}` : ''}`]
                  : []),
                `Crimes: ${fmtInt(c.count)}`,
                `Harm: ${fmtHarm(c.harm)} days`,
                ...(c.gi_bin !== null
                  ? [`Gi*: ${GI_LABELS[c.gi_bin]}${c.gi_z !== null ? ` (z ${c.gi_z.toFixed(2)})` : ''}`]
                  : []),
              ],
            };
          }}
          legend={
            colourBy === 'gi' ? (
              <ul class="legend" aria-label="Gi* classes">
                {[3, 2, 1, 0, -1, -2, -3].map((b) => (
                  <li key={b}>
                    <span class="swatch" style={{ background: GI_COLOURS[b] }} aria-hidden="true" />{' '}
                    {GI_LABELS[b]}
                  </li>
                ))}
              </ul>
            ) : (
              <RampLegend
                title={colourBy === 'harm' ? 'Harm per cell (days)' : 'Crimes per cell'}
                breaks={breaks}
                format={colourBy === 'harm' ? fmtHarm : fmtInt}
              />
            )
          }
        />
        <p class="downloads">
          Download what is shown:{' '}
          <a href={downloads.geojson} download={`${force}-hotspot-grid.geojson`}>
            GeoJSON
          </a>{' '}
          ·{' '}
          <a href={downloads.csv} download={`${force}-hotspot-grid.csv`}>
            CSV
          </a>
        </p>
      </section>
      {picked && <CellPanel force={force} params={params} id={picked} onClose={() => setPicked(null)} />}
      <Concentration cells={cells} allCells={allCells} />
      {hasGi && (
        <section aria-labelledby="h-gi">
          <h2 id="h-gi">Gi* hot and cold spots</h2>
          <NumbersTable
            title="Cells by Gi* class"
            open
            rows={giCounts}
            columns={[
              { label: 'Class', value: (r) => GI_LABELS[r.bin] },
              { label: 'Cells', value: (r) => fmtInt(r.cells), numeric: true },
            ]}
          />
        </section>
      )}
      <section aria-labelledby="h-top">
        <h2 id="h-top">Top cells</h2>
        <DataTable
          caption={`The 20 cells with the most ${colourBy === 'harm' ? 'harm' : 'crime'}`}
          columns={topCols}
          rows={top}
          rowKey={(c) => c.cell_id}
          dense
        />
      </section>
      <PatrolTimesSection force={force} params={params} names={names} />
    </>
  );
}

function Concentration({ cells, allCells }: { cells: GridCell[]; allCells: number }) {
  const [pct, setPct] = useState(5);
  const zeros = useMemo(
    () => new Array<number>(Math.max(0, allCells - cells.length)).fill(0),
    [cells, allCells],
  );
  const count = useMemo(() => concentrationCurve([...cells.map((c) => c.count), ...zeros]), [cells, zeros]);
  const harm = useMemo(() => concentrationCurve([...cells.map((c) => c.harm), ...zeros]), [cells, zeros]);
  const points = useMemo(
    () => [
      ...thin(count).map((p) => ({ ...p, of: 'Crimes' })),
      ...thin(harm).map((p) => ({ ...p, of: 'Harm' })),
    ],
    [count, harm],
  );
  const table = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5].map((a) => ({
    a,
    count: shareAt(count, a),
    harm: shareAt(harm, a),
  }));
  const a = pct / 100;
  return (
    <section aria-labelledby="h-conc">
      <h2 id="h-conc">Concentration</h2>
      <div class="field field-inline">
        <label for="conc-share">Share of the area</label>
        <input
          id="conc-share"
          type="range"
          min={1}
          max={50}
          step={1}
          value={pct}
          onInput={(e) => setPct(Number((e.currentTarget as HTMLInputElement).value))}
        />
        <output for="conc-share" class="readout" aria-live="polite">
          The {pct}% of the area with the most crime holds <strong>{fmtShare(shareAt(count, a))}</strong> of
          crime; ranked by harm, the top {pct}% holds <strong>{fmtShare(shareAt(harm, a))}</strong> of harm.
        </output>
      </div>
      <Chart
        title="Concentration curve"
        description="(cells ranked from most to least; how much of the crime and harm the top cells hold)"
        height={300}
        rows={table}
        deps={[points, pct]}
        columns={[
          { label: 'Share of the area (top cells)', value: (r) => fmtShare(r.a, 0) },
          { label: 'Share of crime', value: (r) => fmtShare(r.count), numeric: true },
          { label: 'Share of harm', value: (r) => fmtShare(r.harm), numeric: true },
        ]}
        render={(Plot, width, height) =>
          Plot.plot({
            width,
            height,
            x: { label: 'Share of the area (cells ranked by the measure)', percent: true, domain: [0, 100] },
            y: { label: 'Share held', percent: true, domain: [0, 100], grid: true },
            color: { domain: ['Crimes', 'Harm'], range: ['#1d4ed8', '#b2182b'], legend: true },
            marks: [
              Plot.line(points, { x: 'areaShare', y: 'share', stroke: 'of', strokeWidth: 2 }),
              Plot.line(
                [
                  { x: 0, y: 0 },
                  { x: 1, y: 1 },
                ],
                { x: 'x', y: 'y', stroke: '#999', strokeDasharray: '4,3' },
              ),
              Plot.ruleX([a], { stroke: '#333' }),
            ],
          })
        }
      />
    </section>
  );
}
