import { apiUrl } from '../../api/client.ts';
import type { ForcesResponse } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { Caveats } from '../../components/caveats.tsx';
import { PageHeading } from '../../components/page.tsx';
import { Empty, ErrorMessage, LoadDataHint, Loading } from '../../components/states.tsx';
import { ROWS_DEFINITION } from '../../definitions.ts';
import { fmtInt, fmtMonth } from '../../format.ts';
import { forcePath, Link } from '../../router.tsx';

/** The forces in the store, each with its months and crimes. */
export default function HomePage(_: PageProps) {
  const forces = useApi<ForcesResponse>(apiUrl('/forces'));
  return (
    <>
      <PageHeading title="Forces" />
      {forces.status === 'loading' && <Loading what="the forces in the store" />}
      {forces.status === 'error' && <ErrorMessage error={forces.error} what="the forces in the store" />}
      {forces.status === 'ok' && forces.data.forces.length === 0 && (
        <Empty title="No data loaded yet">
          <LoadDataHint />
        </Empty>
      )}
      {forces.status === 'ok' && forces.data.forces.length > 0 && (
        <ul class="cards">
          {forces.data.forces.map((f) => (
            <li key={f.slug} class="card">
              <h2>
                <Link href={forcePath(f.slug)}>{f.name}</Link>
              </h2>
              <p>
                {f.crimes > 0 ? (
                  <>
                    <strong>{fmtInt(f.crimes)}</strong> records{' '}
                    <span class="small muted">({ROWS_DEFINITION})</span>
                    {f.months && (
                      <>
                        , {fmtMonth(f.months.from)} to {fmtMonth(f.months.to)}
                      </>
                    )}
                  </>
                ) : (
                  'No crimes loaded yet.'
                )}
              </p>
              <p class="links">
                <Link href={forcePath(f.slug)}>Overview</Link> ·{' '}
                <Link href={forcePath(f.slug, 'impact-areas')}>Impact Areas</Link> ·{' '}
                <Link href={forcePath(f.slug, 'trends')}>Trends</Link> ·{' '}
                <Link href={forcePath(f.slug, 'data')}>Data</Link>
              </p>
              {f.caveats && <Caveats caveats={f.caveats} />}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
