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
import { BeatwiseError } from '../core/errors.ts';
import { KeptWorker } from '../core/kept-worker.ts';
import type { Store } from '../core/store/store.ts';
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

/** `BEATWISE_IMPORT_HEAP_MB`, else 1024: the import thread's old-generation heap, in megabytes. */
export function importHeapMb(): number {
  const mb = Number(process.env.BEATWISE_IMPORT_HEAP_MB);
  return Number.isFinite(mb) && mb > 0 ? mb : 1024;
}

/** Imports one uploaded crime file off this thread (see above); its errors are those of importCrimeFile. */
export function importUpload(
  store: Store,
  file: string,
  opts: UploadImportOptions,
): Promise<UploadImportResult> {
  const dbPath = store.dialect === 'sqlite' && store.location !== ':memory:' ? store.location : null;
  if (!dbPath) return importCrimeFile(store, file, opts);
  const heapMb = importHeapMb();
  // One at a time (the thread's queue): the next upload waits for this one.
  return importThread.run({ dbPath, file, opts, heapMb }, heapMb);
}

/** The import thread, kept for 30 s for the next upload (its start takes ~0.5–1 s). */
const importThread = new KeptWorker<UploadImportJob, UploadImportResult>({
  entry: new URL('./upload-worker.ts', import.meta.url),
  idleMs: 30_000,
  // Not bundled: the import starts threads of its own (its reader, the WAL checkpointer).
  bundle: false,
  outOfMemory: (job, heapMb) => importTooLarge(job.file, heapMb),
  stopped: (why) =>
    new BeatwiseError(
      'import.unavailable',
      `the import thread ${why} before it answered; nothing of the file was stored. Try again, or import it with the beatwise command`,
    ),
});

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
