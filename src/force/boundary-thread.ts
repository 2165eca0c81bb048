/**
 * Reads boundary files on a worker thread whose JavaScript heap is bounded: parsing a large file
 * never blocks the thread that answers requests, and a file that needs more memory than allowed is
 * refused (the thread stops; the process goes on). The archive limits (readers.ts) bound what a file
 * may unpack to outside the heap. One thread serves the process, one file at a time, and is kept
 * while files keep coming (starting one costs more than reading a small file), then let go.
 */
import type { Worker } from 'node:worker_threads';
import { BeatwiseError, type Where } from '../core/errors.ts';
import { maxInflateBytes } from '../core/geo/readers.ts';
import { startWorker } from '../core/worker.ts';
import type { BoundaryAreas, BoundaryReader, BoundaryReadOptions } from './boundaries.ts';
import type { BoundaryJob } from './boundary-worker.ts';
import type { Level } from './model.ts';

/** `BEATWISE_BOUNDARY_HEAP_MB`, else 1536: the reader thread's old-generation heap, in megabytes. */
export function boundaryHeapMb(): number {
  const mb = Number(process.env.BEATWISE_BOUNDARY_HEAP_MB);
  return Number.isFinite(mb) && mb > 0 ? mb : 1536;
}

type Reply =
  | { id: number; ok: true; areas: BoundaryAreas }
  | {
      id: number;
      ok: false;
      error: { code: string; message: string; where: Where; details?: Record<string, unknown> };
    };

/** How long an idle reader thread is kept for the next file. */
const IDLE_MS = 2000;

/** Reads waiting or in progress, one after another, so memory is one reader's however many arrive. */
let queue: Promise<unknown> = Promise.resolve();
let thread: { worker: Worker; heapMb: number; idle: NodeJS.Timeout | null } | null = null;
let jobs = 0;

/** A reader (for importBoundaries, loadForce) that reads each file on the bounded reader thread. */
export function boundaryReaderThread(o: { heapMb?: number } = {}): BoundaryReader {
  return (file, level, opts) => {
    const turn = queue.then(() => readOnThread(file, level, opts, o.heapMb ?? boundaryHeapMb()));
    queue = turn.catch(() => undefined);
    return turn;
  };
}

function threadFor(heapMb: number) {
  if (thread && thread.heapMb !== heapMb) {
    void thread.worker.terminate();
    thread = null;
  }
  if (!thread) {
    const worker = startWorker(new URL('./boundary-worker.ts', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
    });
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

function readOnThread(
  file: string,
  level: Level,
  opts: BoundaryReadOptions,
  heapMb: number,
): Promise<BoundaryAreas> {
  const t = threadFor(heapMb);
  const job: BoundaryJob = {
    id: ++jobs,
    file,
    level,
    // Only plain data crosses to the thread.
    opts: {
      crs: opts.crs,
      codeField: opts.codeField,
      nameField: opts.nameField,
      maxBytes: opts.maxBytes ?? maxInflateBytes(),
    },
  };
  const { worker } = t;
  worker.ref();
  return new Promise<BoundaryAreas>((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (thread !== t) return;
      // Idle: do not keep the process alive for it, and let it go if no file follows.
      worker.unref();
      t.idle = setTimeout(() => {
        if (thread === t) thread = null;
        void worker.terminate();
      }, IDLE_MS);
      t.idle.unref();
    };
    const onMessage = (m: Reply) => {
      if (m.id !== job.id) return;
      done();
      if (m.ok) resolve(m.areas);
      else reject(new BeatwiseError(m.error.code, m.error.message, m.error.where, m.error.details));
    };
    const onError = (e: Error & { code?: string }) => {
      if (thread === t) thread = null;
      done();
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        reject(
          new BeatwiseError(
            'boundary.too_large',
            `Reading this file needs more memory than a boundary import may use (${heapMb} MB, ` +
              'BEATWISE_BOUNDARY_HEAP_MB). Split it into smaller files or simplify its geometry, and import those.',
            { file },
            { heapMb },
          ),
        );
      } else reject(e);
    };
    const onExit = (code: number) => {
      if (thread === t) thread = null;
      done();
      reject(new Error(`the boundary reader thread stopped (exit code ${code}) before answering`));
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage(job);
  });
}
