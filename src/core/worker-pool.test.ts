// The worker pool: answers come back, errors keep their code, a job past its time limit is stopped
// (its worker replaced) with analysis.timeout, and too many waiting jobs are refused as busy.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { BeatwiseError } from './errors.ts';
import { timeoutFromEnv, WorkerPool } from './worker-pool.ts';

type Job = { spinMs: number; fail?: 'beatwise' | 'bug'; value: number };
const pool = new WorkerPool<Job, number>(new URL('./spin-worker.test-support.ts', import.meta.url), {
  size: 1,
  maxQueue: 2,
  what: 'the test job',
  timeoutEnv: 'TEST_TIMEOUT_MS',
  advice: 'ask for less',
});
after(() => pool.close());

test('answers come back; a BeatwiseError keeps its code, a bug is an Error', async () => {
  assert.equal(await pool.run({ spinMs: 0, value: 21 }, 10_000), 42);
  await assert.rejects(pool.run({ spinMs: 0, value: 1, fail: 'beatwise' }, 10_000), (e: unknown) => {
    return e instanceof BeatwiseError && e.code === 'test.refused' && e.where.field === 'x';
  });
  await assert.rejects(
    pool.run({ spinMs: 0, value: 1, fail: 'bug' }, 10_000),
    (e: unknown) => e instanceof Error && !(e instanceof BeatwiseError) && /a bug/.test(e.message),
  );
});

test('a job past its time limit is stopped with analysis.timeout and the next job still runs', async () => {
  await assert.rejects(pool.run({ spinMs: 60_000, value: 1 }, 300), (e: unknown) => {
    return (
      e instanceof BeatwiseError &&
      e.code === 'analysis.timeout' &&
      /the test job took longer than 0\.3 s and was stopped \(the limit is set by TEST_TIMEOUT_MS\): ask for less/.test(
        e.message,
      )
    );
  });
  assert.equal(await pool.run({ spinMs: 0, value: 5 }, 10_000), 10);
});

test('jobs wait their turn; past the queue they are refused as busy', async () => {
  const running = pool.run({ spinMs: 400, value: 1 }, 10_000);
  const queued = [pool.run({ spinMs: 0, value: 2 }, 10_000), pool.run({ spinMs: 0, value: 3 }, 10_000)];
  await assert.rejects(
    pool.run({ spinMs: 0, value: 4 }, 10_000),
    (e: unknown) => e instanceof BeatwiseError && e.code === 'analysis.busy',
  );
  assert.deepEqual(await Promise.all([running, ...queued]), [2, 4, 6]);
});

test('the time limit comes from the environment', () => {
  assert.equal(timeoutFromEnv('X', 20_000, {}), 20_000);
  assert.equal(timeoutFromEnv('X', 20_000, { X: '500' }), 500);
  assert.throws(
    () => timeoutFromEnv('X', 20_000, { X: 'soon' }),
    /X must be a positive number of milliseconds/,
  );
});
