import { useState } from 'preact/hooks';
import { apiUrl } from '../../api/client.ts';
import { useForceSummary } from '../../api/force.ts';
import type { OverviewResponse } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { PageHeading } from '../../components/page.tsx';
import { navigate, withQuery } from '../../router.tsx';

/** The monthly board paper: choose a month and a unit, preview the HTML, download HTML or PDF. */
export default function ReportPage({ route }: PageProps) {
  const force = route.force as string;
  const summary = useForceSummary(force);
  const overview = useApi<OverviewResponse>(apiUrl(`/forces/${encodeURIComponent(force)}/overview`));
  const latest = summary?.months?.to ?? '';
  const month = route.query.get('month') ?? latest;
  const unit = route.query.get('unit') ?? '';
  const [m, setM] = useState(month);
  const [u, setU] = useState(unit);
  const units = overview.status === 'ok' ? overview.data.units : [];
  const url = (format: 'html' | 'pdf') =>
    apiUrl(`/forces/${encodeURIComponent(force)}/report`, { month, unit: unit || undefined, format });
  const file = `${force}-board-paper-${month}${unit ? `-${unit}` : ''}`;
  return (
    <>
      <PageHeading title="Board paper" forceName={summary?.name ?? force}>
        <form
          class="controls"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(withQuery(route, { month: m || undefined, unit: u || undefined }));
          }}
        >
          <div class="field">
            <label for="report-month">Month</label>
            <input
              id="report-month"
              type="month"
              value={m || latest}
              min={summary?.months?.from}
              max={summary?.months?.to}
              onInput={(e) => setM((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <div class="field">
            <label for="report-unit">Unit</label>
            <select
              id="report-unit"
              value={u}
              onChange={(e) => setU((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">Whole force</option>
              {units.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button">
            Show
          </button>
        </form>
      </PageHeading>
      {month ? (
        <>
          <p class="report-downloads">
            <a class="button" href={url('pdf')} download={`${file}.pdf`}>
              Download PDF
            </a>{' '}
            <a class="button" href={url('html')} download={`${file}.html`}>
              Download HTML
            </a>
          </p>
          <p class="hint">
            The PDF is printed on the server and takes a few seconds. Every figure is computed from the store;
            synthetic data is labelled SYNTHETIC in the paper and on every page.
          </p>
          <iframe
            class="report-preview"
            title={`Board paper preview: ${summary?.name ?? force}, ${month}${unit ? `, unit ${unit}` : ''}`}
            src={url('html')}
            sandbox=""
            style={{ width: '100%', height: '80vh', border: '1px solid #ccc', background: '#fff' }}
          />
        </>
      ) : (
        <p>This force has no crimes yet: import some to write its paper.</p>
      )}
    </>
  );
}
