/**
 * Worker-thread entry of the crime import: runs the reader (import-read.ts) and talks to the
 * importer (import.ts) over the worker's port. Batches' typed arrays are moved, not copied.
 */
import { parentPort } from 'node:worker_threads';
import type { ToReader } from './import-batch.ts';
import { runReader } from './import-read.ts';

const port = parentPort;
if (!port) throw new Error('import-worker runs as a worker thread (see import.ts)');
runReader({
  post: (m, transfer) => port.postMessage(m, transfer),
  onMessage: (handler) => port.on('message', (m: ToReader) => handler(m)),
});
