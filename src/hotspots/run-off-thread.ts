/**
 * Runs the hotspot analyses off the request path: on a pool of worker threads (BEATWISE_ANALYSIS_WORKERS,
 * default 1, at most 2) with a time limit (BEATWISE_ANALYSIS_TIMEOUT_MS, default 20 s) past which the
 * worker is stopped and the request answered 503. A store that is not a file (':memory:') cannot be
 * shared with a thread: its analyses run in place.
 */
import type { Store } from '../core/store/store.ts';
import { timeoutFromEnv, WorkerPool } from '../core/worker-pool.ts';
import { type AnalysisAnswer, type AnalysisJob, runAnalysis } from './analysis-jobs.ts';
import { workLimits } from './bounds.ts';

export const DEFAULT_ANALYSIS_TIMEOUT_MS = 20_000;

export interface AnalysisRunner {
  run(job: AnalysisJob): Promise<AnalysisAnswer>;
  close(): Promise<void>;
}

export function analysisRunner(store: Store): AnalysisRunner {
  const dbPath = store.dialect === 'sqlite' && store.location !== ':memory:' ? store.location : null;
  if (!dbPath)
    return {
      run: (job) => runAnalysis(store, { ...job, selection: { ...job.selection, limits: workLimits() } }),
      close: async () => {},
    };
  const size = Math.min(2, Math.max(1, Number(process.env.BEATWISE_ANALYSIS_WORKERS) || 1));
  const pool = new WorkerPool<{ dbPath: string; job: AnalysisJob }, AnalysisAnswer>(
    new URL('./analysis-worker.ts', import.meta.url),
    {
      size,
      what: 'the hotspot analysis',
      timeoutEnv: 'BEATWISE_ANALYSIS_TIMEOUT_MS',
      advice: 'choose a smaller area, fewer months or crime types, larger cells or a smaller bandwidth',
    },
  );
  return {
    // The bounds and the time limit are read per request, here, so the worker needs no environment.
    run: (job) =>
      pool.run(
        { dbPath, job: { ...job, selection: { ...job.selection, limits: workLimits() } } },
        timeoutFromEnv('BEATWISE_ANALYSIS_TIMEOUT_MS', DEFAULT_ANALYSIS_TIMEOUT_MS),
      ),
    close: () => pool.close(),
  };
}
