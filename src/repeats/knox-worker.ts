/**
 * Worker thread entry for the Knox test over HTTP (routes.ts): opens the store file once, read by
 * its own connection, and answers each request, so the permutations never hold up other requests.
 */
import { SqliteStore } from '../core/store/sqlite.ts';
import { serveJobs } from '../core/worker-pool.ts';
import { type KnoxAnswer, type KnoxRequest, knoxAnalysis } from './api.ts';

const stores = new Map<string, Promise<SqliteStore>>();

serveJobs<{ dbPath: string; request: KnoxRequest }, KnoxAnswer>(async ({ dbPath, request }) => {
  let store = stores.get(dbPath);
  if (!store) {
    store = SqliteStore.open(dbPath);
    stores.set(dbPath, store);
    store.catch(() => stores.delete(dbPath));
  }
  return knoxAnalysis(await store, request);
});
