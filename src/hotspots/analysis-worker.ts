/**
 * Worker thread entry for the hotspot analyses (see run-off-thread.ts): opens the store file once,
 * read by its own connection, and answers each job.
 */
import { SqliteStore } from '../core/store/sqlite.ts';
import { serveJobs } from '../core/worker-pool.ts';
import { type AnalysisAnswer, type AnalysisJob, runAnalysis } from './analysis-jobs.ts';

const stores = new Map<string, Promise<SqliteStore>>();

serveJobs<{ dbPath: string; job: AnalysisJob }, AnalysisAnswer>(async ({ dbPath, job }) => {
  let store = stores.get(dbPath);
  if (!store) {
    store = SqliteStore.open(dbPath);
    stores.set(dbPath, store);
    store.catch(() => stores.delete(dbPath));
  }
  return runAnalysis(await store, job);
});
