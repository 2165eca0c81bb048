/**
 * Worker-thread entry of an upload's crime import (see upload-thread.ts): opens the store file with
 * its own connection (kept for the next upload), imports each file it is sent (its reader on a
 * further thread when the file is big, as in the CLI) and posts the result, or the error that
 * refused the file.
 */
import { parentPort } from 'node:worker_threads';
import { SqliteStore } from '../core/store/sqlite.ts';
import { serveJobs } from '../core/worker-pool.ts';
import { importCrimeFile } from './import.ts';
import { importTooLarge, type UploadImportJob } from './upload-thread.ts';

if (!parentPort) throw new Error('upload-worker runs as a worker thread (see upload-thread.ts)');
// Jobs come one at a time (upload-thread.ts's KeptWorker queues them).
serveJobs(async (job: UploadImportJob) => {
  try {
    return await importOn(job);
  } catch (e) {
    throw outOfMemory(e, job);
  }
});

/** The store of each path, opened once: kept while the thread waits for the next upload. */
const stores = new Map<string, Promise<SqliteStore>>();

async function importOn(job: UploadImportJob) {
  let opening = stores.get(job.dbPath);
  if (!opening) {
    opening = SqliteStore.open(job.dbPath);
    stores.set(job.dbPath, opening);
    opening.catch(() => stores.delete(job.dbPath));
  }
  const store = await opening;
  const r = await importCrimeFile(store, job.file, {
    ...job.opts,
    readerLimits: { maxOldGenerationSizeMb: job.heapMb, maxYoungGenerationSizeMb: 32 },
  });
  return {
    file: r.file,
    force: r.force,
    format: r.format,
    counts: r.counts,
    importId: r.importId,
    rejectsToken: r.rejectsToken,
    warnings: r.warnings,
  };
}

/** The reader's thread ran out of its heap: the same answer as this thread running out. */
function outOfMemory(e: unknown, job: UploadImportJob): unknown {
  return (e as { code?: string } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
    ? importTooLarge(job.file, job.heapMb)
    : e;
}
