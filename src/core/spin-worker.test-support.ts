// A worker for worker-pool.test.ts: busy for `spinMs` (holding its thread, as heavy analysis does),
// then answers, fails with a BeatwiseError, or throws a plain error.
import { BeatwiseError } from './errors.ts';
import { serveJobs } from './worker-pool.ts';

serveJobs<{ spinMs: number; fail?: 'beatwise' | 'bug'; value: number }, number>(async (job) => {
  const end = Date.now() + job.spinMs;
  while (Date.now() < end) {
    // spin
  }
  if (job.fail === 'beatwise') throw new BeatwiseError('test.refused', 'refused', { field: 'x' }, { n: 1 });
  if (job.fail === 'bug') throw new Error('a bug');
  return job.value * 2;
});
