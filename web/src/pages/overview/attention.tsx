import type { AttentionRow, AttentionTable } from '../../../../src/harm/attention.ts';
import { apiUrl } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { ErrorMessage, Loading } from '../../components/states.tsx';
import { STATUS_RANK, StatusBadge } from '../../components/status.tsx';
import { fmtHarm, fmtInt, fmtPct, fmtSigned } from '../../format.ts';
import { levelLabel } from '../../levels.ts';
import { areaPath, Link } from '../../router.tsx';

/** Units and teams ranked by their year-to-date change, weighed by volume: what needs attention first. */
export function Attention({ force, month }: { force: string; month: string }) {
  const a = useApi<AttentionTable>(apiUrl(`/forces/${encodeURIComponent(force)}/attention`, { month }));
  const columns: Column<AttentionRow>[] = [
    {
      key: 'name',
      label: 'Unit or team',
      rowHeader: true,
      sort: (r) => r.name,
      render: (r) => <Link href={areaPath(force, r.level, r.code, { to: month })}>{r.name}</Link>,
    },
    { key: 'level', label: 'Level', sort: (r) => r.level, render: (r) => levelLabel(r.level) },
    {
      key: 'score',
      label: 'Change score',
      numeric: true,
      sort: (r) => r.score,
      render: (r) => r.score?.toFixed(1) ?? '–',
    },
    {
      key: 'ytd',
      label: 'Crimes this year',
      numeric: true,
      sort: (r) => r.ytd.count,
      render: (r) => fmtInt(r.ytd.count),
    },
    {
      key: 'chg',
      label: 'Change',
      numeric: true,
      sort: (r) => r.ytd.change,
      render: (r) => fmtSigned(r.ytd.change),
    },
    {
      key: 'pct',
      label: 'Change %',
      numeric: true,
      sort: (r) => r.ytd.changePct,
      render: (r) => fmtPct(r.ytd.changePct),
    },
    {
      key: 'harm',
      label: 'Harm change (days)',
      numeric: true,
      sort: (r) => r.harmChange,
      render: (r) => fmtSigned(r.harmChange, fmtHarm),
    },
    {
      key: 'status',
      label: 'Status',
      sort: (r) => (r.status ? STATUS_RANK[r.status] : null),
      render: (r) => <StatusBadge status={r.status} tooFew={r.tooFew} />,
    },
  ];
  return (
    <section aria-labelledby="h-attention">
      <h2 id="h-attention">What needs attention</h2>
      {a.status === 'loading' && <Loading what="the units and teams" minHeight={300} />}
      {a.status === 'error' && <ErrorMessage error={a.error} what="the units and teams" />}
      {a.status === 'ok' && (
        <>
          <p class="small muted">
            {a.data.ytdLabel} against the same months last year. {a.data.method}
          </p>
          <DataTable
            caption={`Units and teams by their change, ${a.data.ytdLabel}`}
            columns={columns}
            rows={a.data.rows.slice(0, 25)}
            rowKey={(r) => `${r.level}:${r.code}`}
            initialSort={{ key: 'score', dir: 'descending' }}
            dense
          />
          {a.data.rows.length > 25 && (
            <p class="small muted">The 25 with the largest rises; the trends page has every unit and team.</p>
          )}
        </>
      )}
    </section>
  );
}
