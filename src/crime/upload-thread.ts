/**
 * An uploaded crime file is imported on a worker thread that opens the store file itself, so the
 * thread answering requests only waits for its answer: SQLite's WAL lets the server's connection
 * go on reading while the import writes (writes of the server's own, e.g. the audit log, wait for
 * the import's transaction, up to the store's busy timeout of 10 s). The thread's heap is bounded
 * (BEATWISE_IMPORT_HEAP_MB, default 1024, and the same for its reader's thread): a file that needs
 * more is refused with 413, the thread stops and its transaction is rolled back, and the server goes
 * on. One import runs at a time; the next waits for it, and finds the thread (and its connection)
 * of the last one while uploads keep coming. A store that is not a file (':memory:', or
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
  id: number;
  dbPath: string;
  file: string;
  opts: UploadImportOptions;
  heapMb: number;
}

export type UploadImportResult = Pick<
  FileResult,
  'file' | 'force' | 'format' | 'counts' | 'importId' | 'rejectsToken' | 'warnings'
>;

export type UploadImportReply =
  | { id: number; ok: true; result: UploadImportResult }
  | { id: number; ok: false; error: WireError };

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

/** How long an idle import thread is kept for the next upload (its start takes ~0.5–1 s). */
const IDLE_MS = 30_000;

let thread: { worker: Worker; heapMb: number; idle: NodeJS.Timeout | null } | null = null;
let jobs = 0;

/** The import thread with this heap limit: the one kept from the last upload, or a new one. */
function threadFor(heapMb: number) {
  if (thread && thread.heapMb !== heapMb) {
    void thread.worker.terminate();
    thread = null;
  }
  if (!thread) {
    // Not bundled: the import starts threads of its own (its reader, the WAL checkpointer).
    const worker = startWorker(
      new URL('./upload-worker.ts', import.meta.url),
      { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 } },
      { bundle: false },
    );
    const made = { worker, heapMb, idle: null as NodeJS.Timeout | null };
    worker.once('exit', () => {
      if (thread === made) thread = null;
    });
    thread = made;
  }
  if (thread.idle) clearTimeout(thread.idle);
  thread.idle = null;
  return thread;
}

function importOnThread(job: Omit<UploadImportJob, 'id'>): Promise<UploadImportResult> {
  const t = threadFor(job.heapMb);
  const { worker } = t;
  const id = ++jobs;
  worker.ref();
  return new Promise<UploadImportResult>((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (thread !== t) return;
      // Idle: it does not keep the process alive, and goes if no upload follows.
      worker.unref();
      t.idle = setTimeout(() => {
        if (thread === t) thread = null;
        void worker.terminate();
      }, IDLE_MS);
      t.idle.unref();
    };
    const onMessage = (m: UploadImportReply) => {
      if (m.id !== id) return;
      done();
      if (m.ok) resolve(m.result);
      else reject(fromWire(m.error));
    };
    const onError = (e: Error & { code?: string }) => {
      if (thread === t) thread = null;
      done();
      void worker.terminate();
      reject(
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? importTooLarge(job.file, job.heapMb)
          : stopped(`failed (${e.message})`),
      );
    };
    const onExit = (code: number) => {
      if (thread === t) thread = null;
      done();
      reject(stopped(`stopped (exit code ${code})`));
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage({ ...job, id } satisfies UploadImportJob);
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
