/**
 * Reads boundary files on a worker thread whose JavaScript heap is bounded: parsing a large file
 * never blocks the thread that answers requests, and a file that needs more memory than allowed is
 * refused (the thread stops; the process goes on). The archive limits (readers.ts) bound what a file
 * may unpack to outside the heap. One thread serves the process, one file at a time, and is kept
 * while files keep coming (starting one costs more than reading a small file), then let go.
 */
import { BeatwiseError } from '../core/errors.ts';
import { maxInflateBytes } from '../core/geo/readers.ts';
import { KeptWorker } from '../core/kept-worker.ts';
import type { BoundaryAreas, BoundaryReader } from './boundaries.ts';
import type { BoundaryJob } from './boundary-worker.ts';

/** `BEATWISE_BOUNDARY_HEAP_MB`, else 1536: the reader thread's old-generation heap, in megabytes. */
export function boundaryHeapMb(): number {
  const mb = Number(process.env.BEATWISE_BOUNDARY_HEAP_MB);
  return Number.isFinite(mb) && mb > 0 ? mb : 1536;
}

/** The reader thread, kept for 2 s for the next file; one file at a time. */
const readerThread = new KeptWorker<BoundaryJob, BoundaryAreas>({
  entry: new URL('./boundary-worker.ts', import.meta.url),
  idleMs: 2000,
  outOfMemory: (job, heapMb) =>
    new BeatwiseError(
      'boundary.too_large',
      `Reading this file needs more memory than a boundary import may use (${heapMb} MB, ` +
        'BEATWISE_BOUNDARY_HEAP_MB). Split it into smaller files or simplify its geometry, and import those.',
      { file: job.file },
      { heapMb },
    ),
  stopped: (why) => new Error(`the boundary reader thread ${why} before answering`),
});

/** A reader (for importBoundaries, loadForce) that reads each file on the bounded reader thread. */
export function boundaryReaderThread(o: { heapMb?: number } = {}): BoundaryReader {
  return (file, level, opts) =>
    readerThread.run(
      {
        file,
        level,
        // Only plain data crosses to the thread.
        opts: {
          crs: opts.crs,
          codeField: opts.codeField,
          nameField: opts.nameField,
          maxBytes: opts.maxBytes ?? maxInflateBytes(),
        },
      },
      o.heapMb ?? boundaryHeapMb(),
    );
}
