/**
 * The thread a boundary file is read on (see boundary-thread.ts): reads, checks and projects the one
 * file it is given and posts back its areas, or the error that refused it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isBeatwiseError } from '../core/errors.ts';
import { type BoundaryReadOptions, readBoundaryAreas } from './boundaries.ts';
import type { Level } from './model.ts';

export interface BoundaryJob {
  file: string;
  level: Level;
  opts: BoundaryReadOptions;
}

const job = workerData as BoundaryJob;
try {
  const areas = await readBoundaryAreas(job.file, job.level, job.opts);
  parentPort?.postMessage({ ok: true, areas });
} catch (e) {
  if (!isBeatwiseError(e)) throw e;
  parentPort?.postMessage({
    ok: false,
    error: { code: e.code, message: e.message, where: e.where, details: e.details },
  });
}
