import { apiUrl } from '../../api/client.ts';
import type { CellPlaces } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { ErrorMessage, Loading } from '../../components/states.tsx';
import { fmtHarm, fmtInt } from '../../format.ts';
import { cellLabel, locationText } from './cell-label.ts';

/** The cell a person clicked: where it is and every location in it with its crimes. */
export function CellPanel({
  force,
  params,
  id,
  onClose,
}: {
  force: string;
  params: Record<string, string | undefined>;
  id: string;
  onClose: () => void;
}) {
  const cell = useApi<CellPlaces>(
    apiUrl(`/forces/${encodeURIComponent(force)}/hotspots/cell`, { ...params, id }),
  );
  return (
    <section class="cell-panel" aria-labelledby="h-cell" data-testid="hs-cell-panel">
      <h3 id="h-cell">
        {cell.status === 'ok' ? cellLabel(cell.data) : `Cell ${id}`}{' '}
        <button type="button" class="button button-small" onClick={onClose}>
          Close
        </button>
      </h3>
      {cell.status === 'loading' && <Loading what="the cell's locations" minHeight={120} />}
      {cell.status === 'error' && <ErrorMessage error={cell.error} what="the cell's locations" />}
      {cell.status === 'ok' && (
        <>
          <p>
            Cell {id}: {fmtInt(cell.data.count)} crimes, {fmtHarm(cell.data.harm)} harm days.
            {cell.data.lsoa && ` LSOA ${cell.data.lsoa}`}
            {cell.data.ward && `, ward ${cell.data.ward}`}
            {cell.data.team && `, team ${cell.data.team}`}.
          </p>
          <table class="data dense">
            <caption>Locations in this cell (police.uk map points; approximate)</caption>
            <thead>
              <tr>
                <th scope="col">Location</th>
                <th scope="col" class="num">
                  Crimes
                </th>
              </tr>
            </thead>
            <tbody>
              {cell.data.places.map((p) => (
                <tr key={p.location}>
                  <th scope="row">{locationText(p.location)}</th>
                  <td class="num">{fmtInt(p.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
