import { useRef, useState } from 'preact/hooks';
import { type ApiError, apiUrl, uploadFile } from '../../api/client.ts';
import type {
  CrimeImportSummary,
  ForcesResponse,
  ImportRecord,
  ImportSummary,
  ImportsResponse,
} from '../../api/types.ts';
import { refreshApi, useApi } from '../../api/use-api.ts';
import type { PageProps } from '../../app.tsx';
import { Caveats } from '../../components/caveats.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { PageHeading } from '../../components/page.tsx';
import { Empty, ErrorMessage, LoadDataHint, Loading } from '../../components/states.tsx';
import { bytes, fmtDateTime, fmtInt, fmtMonth } from '../../format.ts';
import { levelLabel } from '../../levels.ts';
import { forcePath, Link } from '../../router.tsx';
import { RejectsDownload } from './rejects-download.tsx';
import { unlocatedWarnings } from './unlocated-warnings.ts';

/** What is loaded, per force and per import; upload of a police.uk CSV or a boundary file. */
export default function DataPage({ route }: PageProps) {
  const forces = useApi<ForcesResponse>(apiUrl('/forces'));
  const force = route.force;
  const name = forces.status === 'ok' ? forces.data.forces.find((f) => f.slug === force)?.name : null;
  return (
    <>
      <PageHeading title="Data" forceName={name ?? force} />
      <Upload forces={forces.status === 'ok' ? forces.data : null} force={force} />
      <section aria-labelledby="h-loaded">
        <h2 id="h-loaded">What is loaded</h2>
        {forces.status === 'loading' && <Loading what="the forces" />}
        {forces.status === 'error' && <ErrorMessage error={forces.error} what="the forces" />}
        {forces.status === 'ok' && forces.data.forces.length === 0 && (
          <Empty title="The store is empty">
            <LoadDataHint />
          </Empty>
        )}
        {forces.status === 'ok' &&
          forces.data.forces
            .filter((f) => !force || f.slug === force)
            .map((f) => (
              <div key={f.slug} class="card">
                <h3>
                  <Link href={forcePath(f.slug)}>{f.name}</Link>
                </h3>
                <p>
                  <strong>{fmtInt(f.crimes)}</strong> crimes
                  {f.months ? `, ${fmtMonth(f.months.from)} to ${fmtMonth(f.months.to)}` : ''}.
                </p>
                <DataTable
                  caption={`${f.name}: areas by level`}
                  rows={f.levels}
                  rowKey={(l) => l.level}
                  dense
                  columns={[
                    {
                      key: 'level',
                      label: 'Level',
                      rowHeader: true,
                      render: (l) => levelLabel(l.level, true),
                    },
                    { key: 'areas', label: 'Areas', numeric: true, render: (l) => fmtInt(l.areas) },
                    {
                      key: 'b',
                      label: 'With a boundary',
                      numeric: true,
                      render: (l) => fmtInt(l.withBoundary),
                    },
                  ]}
                />
                {f.caveats && <Caveats caveats={f.caveats} />}
              </div>
            ))}
      </section>
      <Imports force={force} />
    </>
  );
}

function Imports({ force }: { force: string | null }) {
  const imports = useApi<ImportsResponse>(apiUrl('/imports'));
  const columns: Column<ImportRecord>[] = [
    {
      key: 'file',
      label: 'File',
      rowHeader: true,
      sort: (r) => r.file,
      render: (r) => <span class="file">{r.file}</span>,
    },
    { key: 'force', label: 'Force', sort: (r) => r.force, render: (r) => r.force },
    { key: 'format', label: 'Format', sort: (r) => r.format, render: (r) => r.format },
    {
      key: 'at',
      label: 'Imported',
      sort: (r) => r.startedAt,
      render: (r) => fmtDateTime(r.finishedAt ?? r.startedAt),
    },
    { key: 'rows', label: 'Rows', numeric: true, sort: (r) => r.rows, render: (r) => fmtInt(r.rows) },
    { key: 'loaded', label: 'Loaded', numeric: true, sort: (r) => r.loaded, render: (r) => fmtInt(r.loaded) },
    {
      key: 'dup',
      label: 'Already present',
      numeric: true,
      sort: (r) => r.duplicates,
      render: (r) => fmtInt(r.duplicates),
    },
    {
      key: 'rej',
      label: 'Rejected',
      numeric: true,
      sort: (r) => r.rejected,
      render: (r) =>
        r.rejected > 0 && r.rejectsUrl ? (
          <RejectsDownload url={r.rejectsUrl} label={`${fmtInt(r.rejected)} (download)`} />
        ) : (
          fmtInt(r.rejected)
        ),
    },
    {
      key: 'unl',
      label: 'Unlocated',
      numeric: true,
      sort: (r) => r.unlocated,
      render: (r) => fmtInt(r.unlocated),
    },
    {
      key: 'out',
      label: 'Outside the force',
      numeric: true,
      sort: (r) => r.outside,
      render: (r) => fmtInt(r.outside),
    },
  ];
  return (
    <section aria-labelledby="h-imports">
      <h2 id="h-imports">Imports</h2>
      {imports.status === 'loading' && <Loading what="the imports" />}
      {imports.status === 'error' && <ErrorMessage error={imports.error} what="the imports" />}
      {imports.status === 'ok' && (
        <UnlocatedNotes imports={imports.data.imports.filter((i) => !force || i.force === force)} />
      )}
      {imports.status === 'ok' && (
        <DataTable
          caption="Every file imported, with what became of its rows"
          rows={imports.data.imports.filter((i) => !force || i.force === force)}
          rowKey={(r) => String(r.id)}
          columns={columns}
          initialSort={{ key: 'at', dir: 'descending' }}
          dense
        />
      )}
    </section>
  );
}

/** Files with far more unlocated rows than usual: a data-quality warning about each. */
function UnlocatedNotes({ imports }: { imports: ImportRecord[] }) {
  const warnings = unlocatedWarnings(imports);
  if (warnings.length === 0) return null;
  return (
    <div class="message message-na" data-testid="unlocated-warnings">
      <h3 class="message-title">Files with unusually many unlocated rows</h3>
      <ul>
        {warnings.map((w) => (
          <li key={w.id}>
            {w.file}: {fmtInt(w.unlocated)} rows with no location, where the force's other files hold{' '}
            {fmtInt(w.usual)} (median). They count in totals but on no map or area: check the file.
          </li>
        ))}
      </ul>
    </div>
  );
}

type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; file: string; loaded: number; total: number }
  | { phase: 'importing'; file: string }
  | { phase: 'done'; summary: ImportSummary }
  | { phase: 'failed'; file: string; error: ApiError };

const ACCEPT = '.csv,.gz,.geojson,.json';

function Upload({ forces, force }: { forces: ForcesResponse | null; force: string | null }) {
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const [target, setTarget] = useState(force ?? '');
  const [level, setLevel] = useState('ward');
  const [file, setFile] = useState<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<(() => void) | null>(null);
  const isBoundary = file ? /\.(geo)?json$/i.test(file.name) : false;
  const busy = state.phase === 'uploading' || state.phase === 'importing';
  const needsForce = isBoundary && !target;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!file) {
      input.current?.focus();
      return;
    }
    const fields: Record<string, string> = { force: target };
    if (isBoundary) fields.level = level;
    setState({ phase: 'uploading', file: file.name, loaded: 0, total: file.size });
    const up = uploadFile(file, fields, (p) => {
      setState(
        p.loaded >= p.total
          ? { phase: 'importing', file: file.name }
          : { phase: 'uploading', file: file.name, loaded: p.loaded, total: p.total },
      );
    });
    abort.current = up.abort;
    up.done.then(
      (summary) => {
        setState({ phase: 'done', summary });
        refreshApi();
      },
      (error: ApiError) => setState({ phase: 'failed', file: file.name, error }),
    );
  };
  const pct =
    state.phase === 'uploading' && state.total > 0 ? Math.round((100 * state.loaded) / state.total) : 0;
  return (
    <section aria-labelledby="h-upload">
      <h2 id="h-upload">Upload a file</h2>
      <form class="upload" onSubmit={submit}>
        <div class="field">
          <label for="upload-file">police.uk street CSV (or .csv.gz), or a GeoJSON boundary file</label>
          <input
            id="upload-file"
            ref={input}
            type="file"
            accept={ACCEPT}
            required
            disabled={busy}
            onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
          />
        </div>
        <div class="field">
          <label for="upload-force">Force</label>
          <select
            id="upload-force"
            value={target}
            disabled={busy}
            onChange={(e) => setTarget((e.currentTarget as HTMLSelectElement).value)}
            aria-describedby="upload-force-hint"
          >
            <option value="">From the file (its “Falls within” column)</option>
            {(forces?.forces ?? []).map((f) => (
              <option key={f.slug} value={f.slug}>
                {f.name}
              </option>
            ))}
          </select>
          <span id="upload-force-hint" class="hint">
            Crimes outside the force's boundaries are kept and counted as “outside”.
          </span>
        </div>
        {isBoundary && (
          <div class="field">
            <label for="upload-level">Boundary level</label>
            <select
              id="upload-level"
              value={level}
              disabled={busy}
              onChange={(e) => setLevel((e.currentTarget as HTMLSelectElement).value)}
            >
              {['lsoa', 'msoa', 'ward', 'district'].map((l) => (
                <option key={l} value={l}>
                  {levelLabel(l, true)}
                </option>
              ))}
            </select>
          </div>
        )}
        <p id="upload-note" class="hint upload-note">
          {needsForce
            ? 'A boundary file needs the force it belongs to: choose it above.'
            : 'Rows that cannot be read are set aside in a rejects file with their line, field and reason; the good rows still load.'}
        </p>
        <div class="actions">
          <button type="submit" class="button" disabled={busy || needsForce} aria-describedby="upload-note">
            Upload and import
          </button>
          {state.phase === 'uploading' && (
            <button type="button" class="button button-secondary" onClick={() => abort.current?.()}>
              Cancel
            </button>
          )}
        </div>
      </form>
      <div class="upload-status" aria-live="polite">
        {state.phase === 'uploading' && (
          <div class="progress-row">
            <label for="upload-progress">
              Uploading {state.file}: {pct}% ({bytes(state.loaded)} of {bytes(state.total)})
            </label>
            <progress id="upload-progress" max={100} value={pct}>
              {pct}%
            </progress>
          </div>
        )}
        {state.phase === 'importing' && (
          <div class="progress-row">
            <label for="upload-progress">
              Uploaded {state.file}; importing (checking rows, placing them in areas)…
            </label>
            <progress id="upload-progress" />
          </div>
        )}
        {state.phase === 'done' && <Summary s={state.summary} />}
        {state.phase === 'failed' && (
          <div class="message message-error" role="alert">
            <h3 class="message-title">{state.file} was not imported</h3>
            <p>{state.error.message}</p>
            <p class="small muted">
              Error code <code>{state.error.code}</code>
              {state.error.status ? ` (HTTP ${state.error.status})` : ''}. Nothing of the file was loaded.
            </p>
          </div>
        )}
      </div>
    </section>
  );
}

function Summary({ s }: { s: ImportSummary }) {
  if (s.kind === 'boundaries')
    return (
      <div class="message message-ok" data-testid="import-summary">
        <h3 class="message-title">
          Loaded {s.file}: {fmtInt(s.features)} {levelLabel(s.level, true).toLowerCase()} boundaries into{' '}
          {s.force}
        </h3>
        <p>The force's crimes were placed again in the new areas.</p>
        <p>
          <Link href={forcePath(s.force)}>Open the {s.force} overview</Link>
        </p>
      </div>
    );
  return <CrimeSummary s={s} />;
}

function CrimeSummary({ s }: { s: CrimeImportSummary }) {
  const c = s.counts;
  // The upload's answer names this import's own rejects file (an unguessable address).
  const rejectsUrl = s.rejectsUrl ?? null;
  const items: [string, number][] = [
    ['Rows', c.rows],
    ['Loaded', c.loaded],
    ['Already present', c.duplicates],
    ['Conflicting (same Crime ID, other content)', c.conflicts ?? 0],
    ['Rejected', c.rejected],
    ['Unlocated', c.unlocated],
    ['Outside the force', c.outside],
  ];
  return (
    <div class="message message-ok" data-testid="import-summary">
      <h3 class="message-title">
        Imported {s.file}
        {s.force ? ` into ${s.force}` : ''}
      </h3>
      <dl class="summary-counts">
        {items.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{fmtInt(v)}</dd>
          </div>
        ))}
      </dl>
      {(s.warnings ?? []).map((w) => (
        <p key={w} data-testid="import-warning">
          <strong>Warning:</strong> {w}
        </p>
      ))}
      {c.rejected + (c.conflicts ?? 0) > 0 &&
        (rejectsUrl ? (
          <RejectsDownload
            url={rejectsUrl}
            label={`The ${fmtInt(c.rejected)} rejected rows and ${fmtInt(c.conflicts ?? 0)} conflicts`}
            open
          />
        ) : (
          <p>The rejected rows, with their line, field and reason, are listed with the import below.</p>
        ))}
      {s.force && (
        <p>
          <Link href={forcePath(s.force)}>Open the {s.force} overview</Link>
        </p>
      )}
    </div>
  );
}
