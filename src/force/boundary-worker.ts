/**
 * The thread boundary files are read on (see boundary-thread.ts): for each job it is sent, it reads,
 * checks and projects that file and answers its areas, or the error that refused it (serveJobs).
 */
import { serveJobs } from '../core/worker-pool.ts';
import { type BoundaryReadOptions, readBoundaryAreas } from './boundaries.ts';
import type { Level } from './model.ts';

export interface BoundaryJob {
  file: string;
  level: Level;
  opts: BoundaryReadOptions;
}

serveJobs((job: BoundaryJob) => readBoundaryAreas(job.file, job.level, job.opts));
