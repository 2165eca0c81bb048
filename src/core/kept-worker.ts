/**
 * One worker thread with a bounded heap, kept for a run of jobs and let go when idle: jobs run one
 * at a time in the order they come, so memory is one job's however many arrive. For work where
 * starting a thread costs more than a small job (reading a boundary file, importing an uploaded
 * crime file). The worker module answers each `{id, job}` with `serveJobs` (worker-pool.ts); the
 * thread running out of its heap, or stopping before it answers, is the error the owner says.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from './worker.ts';
import { fromWire, type Reply } from './worker-pool.ts';

export interface KeptWorkerOptions<J> {
  /** The worker module. */
  entry: URL;
  /** How long an idle thread is kept for the next job. */
  idleMs: number;
  /** false: start it from the sources, not a bundle (a module that starts threads of its own). */
  bundle?: boolean;
  /** The error of a job whose thread ran out of its heap of `heapMb` megabytes. */
  outOfMemory: (job: J, heapMb: number) => Error;
  /** The error of a job whose thread failed otherwise, or stopped, before answering. */
  stopped: (why: string) => Error;
}

interface Thread {
  worker: Worker;
  heapMb: number;
  idle: NodeJS.Timeout | null;
}

export class KeptWorker<J, A> {
  private thread: Thread | null = null;
  private jobs = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: KeptWorkerOptions<J>) {}

  /** Runs `job` on the thread (with this heap limit) once the jobs before it are done. */
  run(job: J, heapMb: number): Promise<A> {
    const turn = this.queue.then(() => this.runNow(job, heapMb));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** The thread with this heap limit: the one kept from the last job, or a new one. */
  private threadFor(heapMb: number): Thread {
    if (this.thread && this.thread.heapMb !== heapMb) {
      void this.thread.worker.terminate();
      this.thread = null;
    }
    if (!this.thread) {
      const worker = startWorker(
        this.o.entry,
        { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 } },
        { bundle: this.o.bundle ?? true },
      );
      const made: Thread = { worker, heapMb, idle: null };
      worker.once('exit', () => {
        if (this.thread === made) this.thread = null;
      });
      this.thread = made;
    }
    if (this.thread.idle) clearTimeout(this.thread.idle);
    this.thread.idle = null;
    return this.thread;
  }

  private runNow(job: J, heapMb: number): Promise<A> {
    const t = this.threadFor(heapMb);
    const { worker } = t;
    const id = ++this.jobs;
    worker.ref();
    return new Promise<A>((resolve, reject) => {
      const done = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (this.thread !== t) return;
        // Idle: it does not keep the process alive, and goes if no job follows.
        worker.unref();
        t.idle = setTimeout(() => {
          if (this.thread === t) this.thread = null;
          void worker.terminate();
        }, this.o.idleMs);
        t.idle.unref();
      };
      const onMessage = (m: Reply<A>) => {
        if (m.id !== id) return;
        done();
        if (m.ok) resolve(m.value);
        else reject(fromWire(m.error));
      };
      const onError = (e: Error & { code?: string }) => {
        if (this.thread === t) this.thread = null;
        done();
        void worker.terminate();
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? this.o.outOfMemory(job, heapMb)
            : this.o.stopped(`failed (${e.message})`),
        );
      };
      const onExit = (code: number) => {
        if (this.thread === t) this.thread = null;
        done();
        reject(this.o.stopped(`stopped (exit code ${code})`));
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ id, job });
    });
  }
}
