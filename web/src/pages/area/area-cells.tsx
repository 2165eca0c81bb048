import { useMemo } from 'preact/hooks';
import { apiUrl } from '../../api/client.ts';
import type { GridFeatureCollection } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import type { MapData } from '../../components/map-engine.ts';
import { MapView } from '../../components/map-view.tsx';
import { quantileBreaks, RampLegend, rampColour } from '../../components/scale.tsx';
import { ErrorMessage, Loading, NotAvailable } from '../../components/states.tsx';
import { addMonths, fmtHarm, fmtInt, fmtMonth } from '../../format.ts';
import { forcePath, Link } from '../../router.tsx';

/** The area's crimes on the hotspot grid for the 12 months to `to` (the grid API clipped to the area). */
export function AreaCells({
  force,
  level,
  code,
  name,
  to,
  first,
}: {
  force: string;
  level: string;
  code: string;
  name: string;
  to: string;
  first: string;
}) {
  const from = addMonths(to, -11) < first ? first : addMonths(to, -11);
  const params = { area: `${level}:${code}`, from, to };
  const grid = useApi<GridFeatureCollection>(
    apiUrl(`/forces/${encodeURIComponent(force)}/hotspots/grid`, { ...params, format: 'geojson' }),
  );
  const cells = useMemo(
    () => (grid.status === 'ok' ? grid.data.features.map((f) => f.properties) : []),
    [grid],
  );
  const byId = useMemo(() => new Map(cells.map((c) => [c.cell_id, c])), [cells]);
  const breaks = useMemo(() => quantileBreaks(cells.map((c) => c.count)), [cells]);
  const data: MapData | null = useMemo(
    () =>
      grid.status === 'ok'
        ? {
            type: 'FeatureCollection',
            features: grid.data.features.map((f) => ({
              type: 'Feature',
              geometry: f.geometry,
              properties: {
                code: f.properties.cell_id,
                name: `Cell ${f.properties.cell_id}`,
                fill: rampColour(f.properties.count, breaks),
              },
            })),
          }
        : null,
    [grid, breaks],
  );
  const notAvailable =
    grid.status === 'error' && (grid.error.status === 501 || grid.error.code.endsWith('not_available'));
  return (
    <section aria-labelledby="h-cells">
      <h2 id="h-cells">Where the crimes are</h2>
      {grid.status === 'loading' && <Loading what="the crimes on the grid" minHeight={440} />}
      {notAvailable && <NotAvailable what="Crimes on the grid" />}
      {grid.status === 'error' && !notAvailable && (
        <ErrorMessage error={grid.error} what="the crimes on the grid" />
      )}
      {data && (
        <>
          <p class="small">
            {fmtInt(cells.reduce((s, c) => s + c.count, 0))} crimes in {fmtInt(cells.length)} cells,{' '}
            {fmtMonth(from)} to {fmtMonth(to)}.{' '}
            <Link href={forcePath(force, 'hotspots', { area: params.area, from, to })}>
              Hotspot analysis of {name}
            </Link>
          </p>
          <MapView
            label={`Crimes per grid cell in ${name}, ${fmtMonth(from)} to ${fmtMonth(to)}`}
            data={data}
            outline={cells.length < 3000}
            height={420}
            describe={(c) => {
              const cell = byId.get(c);
              return cell
                ? {
                    title: `Cell ${cell.cell_id}`,
                    lines: [`Crimes: ${fmtInt(cell.count)}`, `Harm: ${fmtHarm(cell.harm)} days`],
                  }
                : null;
            }}
            legend={<RampLegend title="Crimes per cell" breaks={breaks} format={fmtInt} />}
          />
        </>
      )}
    </section>
  );
}
