import { useState } from 'preact/hooks';
import type { EvaluationJson } from '../../../../src/patrols/evaluation/format.ts';
import { type ApiError, errorFrom } from '../../api/client.ts';
import { useForceSummary } from '../../api/force.ts';
import type { PageProps } from '../../app.tsx';
import { Caveats } from '../../components/caveats.tsx';
import { Chart } from '../../components/chart.tsx';
import { PageHeading } from '../../components/page.tsx';
import { ErrorMessage, Loading } from '../../components/states.tsx';

type Estimate = EvaluationJson['estimates'][number];

/** An example design: a crossover of three hotspots over four weeks (edit it, or paste a plan's). */
function exampleDesign(force: string): string {
  return JSON.stringify(
    {
      force,
      hotspots: [
        { id: 'HS1', easting: 458610, northing: 304620, radiusM: 150 },
        { id: 'HS2', easting: 459610, northing: 304620, radiusM: 150 },
        { id: 'HS3', easting: 460610, northing: 304620, radiusM: 150 },
      ],
      startDate: '2022-06-06',
      days: 28,
      allocation: { seed: 7, patrolShare: 0.34 },
      ringWidthM: 100,
      permutations: 999,
    },
    null,
    2,
  );
}

const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(2));

async function post(force: string, body: string, format: 'json' | 'csv'): Promise<Response> {
  let design: unknown;
  try {
    design = JSON.parse(body);
  } catch (e) {
    throw new Error(`The design is not valid JSON: ${(e as Error).message}`);
  }
  const res = await fetch(`/api/forces/${encodeURIComponent(force)}/patrol-evaluations?format=${format}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-requested-with': 'beatwise',
      accept: 'application/json',
    },
    body: JSON.stringify(design),
  });
  if (!res.ok) throw errorFrom(res.status, res.statusText, await res.text());
  return res;
}

/** Evaluate a patrol design: rate ratios with their 95% intervals, in words and on a chart. */
export default function PatrolEvaluationPage({ route }: PageProps) {
  const force = route.force as string;
  const summary = useForceSummary(force);
  const [text, setText] = useState(() => exampleDesign(force));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [result, setResult] = useState<EvaluationJson | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult((await (await post(force, text, 'json')).json()) as EvaluationJson);
    } catch (e) {
      setResult(null);
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const panelHref = result?.panel.csv
    ? URL.createObjectURL(new Blob([result.panel.csv], { type: 'text/csv' }))
    : null;
  const estimates = (result?.estimates ?? []).filter((e) => e.estimable);
  return (
    <>
      <PageHeading title="Patrol evaluation" forceName={summary?.name ?? force} />
      {result?.synthetic && (
        <p class="message message-warning" role="note">
          <strong>SYNTHETIC</strong> data, not real crimes: for testing and demonstration only.
        </p>
      )}
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div class="field">
          <label for="design">Design (JSON)</label>
          <textarea
            id="design"
            rows={12}
            spellcheck={false}
            style={{ width: '100%', fontFamily: 'monospace', fontSize: '0.85rem' }}
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
            aria-describedby="design-hint"
          />
          <span id="design-hint" class="hint">
            Hotspots in British National Grid metres; a crossover gives its allocation seed and patrolled
            share (or flags per day); a plan that was not randomised gives <code>patrolled</code> and
            optionally <code>preDays</code>.
          </span>
        </div>
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Evaluating…' : 'Evaluate'}
        </button>
      </form>
      {busy && <Loading what="the evaluation" />}
      {error &&
        ('code' in error ? (
          <ErrorMessage error={error as ApiError} what="the evaluation" />
        ) : (
          <p class="message message-error" role="alert">
            {error.message}
          </p>
        ))}
      {result && (
        <section aria-labelledby="result-heading">
          <h2 id="result-heading">
            {result.kind === 'crossover'
              ? 'Randomised crossover: intention to treat'
              : 'Not randomised: matched difference-in-differences'}
          </h2>
          <p data-testid="summary">{result.summary}</p>
          {estimates.length > 0 && (
            <Chart<Estimate>
              title="Rate ratios with 95% intervals"
              description="(1 = no change; below 1 = fewer on patrol days)"
              height={60 + 44 * estimates.length}
              rows={estimates}
              deps={[result]}
              columns={[
                { label: 'Outcome', value: (e) => e.outcome },
                { label: 'Model', value: (e) => e.model },
                { label: 'Rate ratio', value: (e) => fmt(e.estimate), numeric: true },
                { label: '95% interval', value: (e) => `${fmt(e.lower)} to ${fmt(e.upper)}` },
                {
                  label: 'Permutation p',
                  value: (e) => (e.permutationP === null ? '–' : e.permutationP.toFixed(3)),
                  numeric: true,
                },
                { label: 'Detectable fall', value: (e) => fmt(e.detectableFall), numeric: true },
              ]}
              render={(Plot, width, height) =>
                Plot.plot({
                  width,
                  height,
                  marginLeft: Math.min(150, width / 3),
                  x: { type: 'log', label: 'rate ratio (log scale)', grid: true },
                  y: { label: null, domain: estimates.map((e) => e.outcome) },
                  marks: [
                    Plot.ruleX([1], { stroke: 'currentColor', strokeDasharray: '4 3' }),
                    Plot.link(estimates, {
                      x1: (e: Estimate) => e.lower,
                      x2: (e: Estimate) => e.upper,
                      y1: (e: Estimate) => e.outcome,
                      y2: (e: Estimate) => e.outcome,
                      strokeWidth: 3,
                    }),
                    Plot.dot(estimates, {
                      x: (e: Estimate) => e.estimate,
                      y: (e: Estimate) => e.outcome,
                      r: 5,
                      fill: 'currentColor',
                    }),
                  ],
                })
              }
            />
          )}
          <ul>
            {result.estimates.map((e) => (
              <li key={e.outcome}>{e.wording}</li>
            ))}
          </ul>
          <h3>Displacement and diffusion</h3>
          <p>
            Weighted displacement quotient (crimes):{' '}
            {result.displacement.crimes.value === null
              ? 'not defined'
              : result.displacement.crimes.value.toFixed(2)}
            . {result.displacement.crimes.reading}
          </p>
          {result.assumption && (
            <p>
              <strong>Assumption.</strong> {result.assumption}
            </p>
          )}
          <p class="small">
            {result.design.allocationSeed !== null && <>Allocation seed {result.design.allocationSeed}. </>}
            {result.design.permutationSeed !== null && (
              <>
                {result.design.permutations} permutations from seed {result.design.permutationSeed}.{' '}
              </>
            )}
            {result.power.note}
          </p>
          {panelHref && (
            <p>
              <a
                class="button"
                href={panelHref}
                download={`${result.force}-patrol-panel-${result.design.startDate}${result.synthetic ? '-SYNTHETIC' : ''}.csv`}
              >
                Download the place-day panel (CSV, {result.panel.rows} rows)
              </a>
            </p>
          )}
          <details>
            <summary>Methods</summary>
            <ul>
              {result.methods.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </details>
          <Caveats caveats={result.caveats} />
        </section>
      )}
    </>
  );
}
