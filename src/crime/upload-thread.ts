/**
 * An uploaded crime file is imported on a worker thread that opens the store file itself, so the
 * thread answering requests only waits for its answer: SQLite's WAL lets the server's connection
 * go on reading while the import writes (writes of the server's own, e.g. the audit log, wait for
 * the import's transaction, up to the store's busy timeout of 10 s). The thread's heap is bounded
 * (BEATWISE_IMPORT_HEAP_MB, default 1024, and the same for its reader's thread): a file that needs
 * more is refused with 413, the thread stops and its transaction is rolled back, and the server goes
 * on. One import runs at a time; the next waits for it. A store that is not a file (':memory:', or
 * PostgreSQL) imports on this thread, as before.
 */
import type { Worker } from 'node:worker_threads';
import { BeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import { startWorker } from '../core/worker.ts';
import { fromWire, type WireError } from '../core/worker-pool.ts';
import { type FileResult, type ImportOptions, importCrimeFile } from './import.ts';

/** What an upload's import may set: plain data, to cross to the thread. */
export type UploadImportOptions = Pick<
  ImportOptions,
  'force' | 'sourceName' | 'rejectsDir' | 'latestMonth' | 'maxRepeats'
>;

export interface UploadImportJob {
  dbPath: string;
  file: string;
  opts: UploadImportOptions;
  heapMb: number;
}

export type UploadImportResult = Pick<
  FileResult,
  'file' | 'force' | 'format' | 'counts' | 'importId' | 'rejectsToken' | 'warnings'
>;

export type UploadImportReply = { ok: true; result: UploadImportResult } | { ok: false; error: WireError };

/** `BEATWISE_IMPORT_HEAP_MB`, else 1024: the import thread's old-generation heap, in megabytes. */
export function importHeapMb(): number {
  const mb = Number(process.env.BEATWISE_IMPORT_HEAP_MB);
  return Number.isFinite(mb) && mb > 0 ? mb : 1024;
}

/** Imports waiting or running, one after another. */
let queue: Promise<unknown> = Promise.resolve();

/** Imports one uploaded crime file off this thread (see above); its errors are those of importCrimeFile. */
export function importUpload(
  store: Store,
  file: string,
  opts: UploadImportOptions,
): Promise<UploadImportResult> {
  const dbPath = store.dialect === 'sqlite' && store.location !== ':memory:' ? store.location : null;
  const turn = queue.then(() =>
    dbPath
      ? importOnThread({ dbPath, file, opts, heapMb: importHeapMb() })
      : importCrimeFile(store, file, opts),
  );
  queue = turn.catch(() => undefined);
  return turn;
}

function importOnThread(job: UploadImportJob): Promise<UploadImportResult> {
  // Not bundled: the import starts threads of its own (its reader, the WAL checkpointer).
  const worker: Worker = startWorker(
    new URL('./upload-worker.ts', import.meta.url),
    { resourceLimits: { maxOldGenerationSizeMb: job.heapMb, maxYoungGenerationSizeMb: 32 } },
    { bundle: false },
  );
  return new Promise<UploadImportResult>((resolve, reject) => {
    let answered = false;
    const answer = (settle: () => void) => {
      if (answered) return;
      answered = true;
      settle();
      void worker.terminate();
    };
    worker.once('message', (m: UploadImportReply) =>
      answer(() => (m.ok ? resolve(m.result) : reject(fromWire(m.error)))),
    );
    worker.once('error', (e: Error & { code?: string }) =>
      answer(() =>
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? importTooLarge(job.file, job.heapMb)
            : stopped(`failed: ${e.message}`),
        ),
      ),
    );
    worker.once('exit', (code) => answer(() => reject(stopped(`stopped (exit code ${code})`))));
    worker.postMessage(job);
  });
}

/** A file whose import needed more heap than allowed. */
export function importTooLarge(file: string, heapMb: number): BeatwiseError {
  return new BeatwiseError(
    'import.too_large',
    `Importing this file needs more memory than an import may use (${heapMb} MB, BEATWISE_IMPORT_HEAP_MB). ` +
      'Split it into smaller files (a month each) and upload those, or import it with the beatwise command.',
    { file },
    { heapMb },
  );
}

function stopped(why: string): BeatwiseError {
  return new BeatwiseError(
    'import.unavailable',
    `the import thread ${why} before it answered; nothing of the file was stored. Try again, or import it with the beatwise command`,
  );
}
