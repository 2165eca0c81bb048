/**
 * The thread boundary files are read on (see boundary-thread.ts): for each job it is sent, it reads,
 * checks and projects that file and posts back its areas, or the error that refused it.
 */
import { parentPort } from 'node:worker_threads';
import { isBeatwiseError } from '../core/errors.ts';
import { type BoundaryReadOptions, readBoundaryAreas } from './boundaries.ts';
import type { Level } from './model.ts';

export interface BoundaryJob {
  id: number;
  file: string;
  level: Level;
  opts: BoundaryReadOptions;
}

parentPort?.on('message', async (job: BoundaryJob) => {
  try {
    const areas = await readBoundaryAreas(job.file, job.level, job.opts);
    parentPort?.postMessage({ id: job.id, ok: true, areas });
  } catch (e) {
    if (!isBeatwiseError(e)) throw e;
    parentPort?.postMessage({
      id: job.id,
      ok: false,
      error: { code: e.code, message: e.message, where: e.where, details: e.details },
    });
  }
});
