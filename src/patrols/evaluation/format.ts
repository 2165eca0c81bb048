/**
 * An evaluation run for people and programs: the JSON the API returns (typed arrays left out, the
 * panel as CSV text on request), the estimates as a table or CSV, and a plain-text report.
 */
import { csvTable, textTable } from '../../core/table-format.ts';
import type { Evaluation } from './evaluate.ts';
import type { RateRatio } from './rate-ratio.ts';
import { type EvaluationRun, runLabels, runPanelCsv } from './store.ts';

export const ESTIMATE_COLUMNS = [
  'outcome',
  'model',
  'rate_ratio',
  'lower_95',
  'upper_95',
  'wald_p',
  'permutation_p',
  'detectable_fall',
  'detectable_rise',
  'no_detectable_effect',
  'wording',
];

const r4 = (v: number) => (Number.isFinite(v) ? Math.round(v * 10000) / 10000 : null);

function estimateRow(e: RateRatio): (string | number | null)[] {
  return [
    e.outcome,
    e.model,
    r4(e.estimate),
    r4(e.lower),
    r4(e.upper),
    r4(e.waldP),
    e.permutationP === null ? null : r4(e.permutationP),
    r4(e.detectableFall),
    r4(e.detectableRise),
    e.noDetectableEffect ? 'yes' : 'no',
    e.wording,
  ];
}

/** JSON-safe numbers: NaN and infinities as null. */
function clean(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function cleanEstimate(e: RateRatio) {
  return {
    ...e,
    estimate: clean(e.estimate),
    lower: clean(e.lower),
    upper: clean(e.upper),
    logRatio: clean(e.logRatio),
    se: clean(e.se),
    waldP: clean(e.waldP),
    detectableFall: clean(e.detectableFall),
    detectableRise: clean(e.detectableRise),
    dispersion: clean(e.dispersion),
    theta: e.theta === null ? null : clean(e.theta),
  };
}

export type EstimateJson = ReturnType<typeof cleanEstimate>;

/** What the API and `--format json` return. */
export function runJson(run: EvaluationRun, o: { panel: boolean }) {
  const e: Evaluation = run.evaluation;
  return {
    force: run.force,
    synthetic: run.dataKinds.includes('synthetic'),
    labels: runLabels(run),
    kind: e.kind,
    summary: e.summary,
    design: {
      startDate: run.design.startDate,
      days: run.design.days,
      hotspots: run.design.hotspots.length,
      ringWidthM: run.design.ringWidthM,
      allocationSeed: run.allocationSeed,
      permutations: e.kind === 'crossover' ? run.design.permutations : 0,
      permutationSeed: e.kind === 'crossover' ? run.design.permutationSeed : null,
      preDays: -run.panel.firstDay,
    },
    selection: run.selection,
    harmWeights: run.harmWeights,
    crimesCounted: run.crimesCounted,
    undated: run.undated,
    caveats: run.caveats,
    estimates: e.estimates.map(cleanEstimate),
    displacement: {
      crimes: { ...e.displacement.crimes, successMeasure: clean(e.displacement.crimes.successMeasure) },
      harm: { ...e.displacement.harm, successMeasure: clean(e.displacement.harm.successMeasure) },
    },
    dispersion: e.crossover?.dispersion ?? null,
    means: e.crossover?.means ?? null,
    matching: e.did ? { pairs: e.did.pairs, unmatched: e.did.unmatched, balance: e.did.balance } : null,
    assumption: e.did?.assumption ?? null,
    power: e.power,
    methods: e.methods,
    panel: { rows: run.panel.n, columns: 10, csv: o.panel ? runPanelCsv(run) : null },
  };
}

export type EvaluationJson = ReturnType<typeof runJson>;

export function estimatesCsv(run: EvaluationRun): string {
  const labels = runLabels(run).map((l) => `# ${l}`);
  return [...labels, csvTable(ESTIMATE_COLUMNS, run.evaluation.estimates.map(estimateRow))].join('\n');
}

/** A plain-text report: labels, the estimates table, each estimate's words, displacement, methods. */
export function formatRun(run: EvaluationRun): string {
  const e = run.evaluation;
  const out: string[] = [];
  for (const l of runLabels(run)) out.push(l);
  out.push('');
  out.push(
    `${e.kind === 'crossover' ? 'Randomised crossover, intention to treat' : 'Not randomised: matched difference-in-differences'}; ` +
      `${run.design.hotspots.length} hotspots, ${run.design.days} days from ${run.design.startDate}` +
      (run.panel.firstDay < 0 ? ` (and ${-run.panel.firstDay} days before)` : '') +
      `; ${run.selection}; ${run.crimesCounted} crimes counted in hotspots and rings.`,
  );
  if (e.crossover)
    out.push(
      `Allocation seed ${run.allocationSeed ?? '(flags given)'}; ${e.crossover.permutation.patrolledPerDay} hotspots patrolled a day; ` +
        `${e.crossover.permutation.permutations} permutations from seed ${e.crossover.permutation.seed}.`,
    );
  out.push('');
  out.push(
    textTable(
      ['outcome', 'model', 'ratio', 'lower', 'upper', 'perm p', 'detectable fall'],
      e.estimates.map((x) => [
        x.outcome,
        x.model,
        r4(x.estimate),
        r4(x.lower),
        r4(x.upper),
        x.permutationP === null ? null : r4(x.permutationP),
        r4(x.detectableFall),
      ]),
    ),
  );
  out.push('');
  for (const x of e.estimates) out.push(`- ${x.wording}`);
  out.push('');
  const d = e.displacement;
  out.push(
    `Weighted displacement quotient (crimes): ${d.crimes.value === null ? 'not defined' : d.crimes.value.toFixed(2)}. ${d.crimes.reading}`,
  );
  out.push(
    `Weighted displacement quotient (harm): ${d.harm.value === null ? 'not defined' : d.harm.value.toFixed(2)}. ${d.harm.reading}`,
  );
  if (e.did) {
    out.push('');
    out.push(`Matched pairs: ${e.did.pairs.map((p) => `${p.patrolled}↔${p.comparison}`).join(', ')}`);
    if (e.did.unmatched.length) out.push(`Unmatched (no comparison left): ${e.did.unmatched.join(', ')}`);
  }
  out.push('');
  out.push('Methods:');
  for (const m of e.methods) out.push(`- ${m}`);
  out.push(`- ${e.power.note}`);
  return out.join('\n');
}
