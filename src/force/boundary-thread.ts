/**
 * Reads a boundary file on a worker thread whose JavaScript heap is bounded: parsing a large file
 * never blocks the thread that answers requests, and a file that needs more memory than allowed is
 * refused (the worker stops; the process goes on). The archive limits (readers.ts) bound what the
 * file may unpack to outside the heap.
 */
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
  | { ok: true; areas: BoundaryAreas }
  | { ok: false; error: { code: string; message: string; where: Where; details?: Record<string, unknown> } };

/**
 * Reads in progress, one after another: a process reads one boundary file at a time, so its memory
 * is bounded by one reader's heap plus one file's unpacked bytes, however many uploads arrive.
 */
let queue: Promise<unknown> = Promise.resolve();

/** A reader (for importBoundaries, loadForce) that reads each file on its own bounded thread. */
export function boundaryReaderThread(o: { heapMb?: number } = {}): BoundaryReader {
  return (file, level, opts) => {
    const turn = queue.then(() => readOnThread(file, level, opts, o.heapMb ?? boundaryHeapMb()));
    queue = turn.catch(() => undefined);
    return turn;
  };
}

function readOnThread(
  file: string,
  level: Level,
  opts: BoundaryReadOptions,
  heapMb: number,
): Promise<BoundaryAreas> {
  const job: BoundaryJob = {
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
  return new Promise<BoundaryAreas>((resolve, reject) => {
    const worker = startWorker(new URL('./boundary-worker.ts', import.meta.url), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
    });
    let settled = false;
    worker.once('message', (m: Reply) => {
      settled = true;
      if (m.ok) resolve(m.areas);
      else reject(new BeatwiseError(m.error.code, m.error.message, m.error.where, m.error.details));
    });
    worker.once('error', (e: Error & { code?: string }) => {
      if (settled) return;
      settled = true;
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
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`the boundary reader thread stopped (exit code ${code}) before answering`));
    });
  });
}
