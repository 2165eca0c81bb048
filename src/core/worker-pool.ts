/**
 * A small pool of worker threads for heavy work that must not hold up the event loop, with a time
 * limit per job: a job that runs past it has its worker terminated (and replaced), and is answered
 * with a BeatwiseError the server maps to 503. Jobs wait in a queue while every worker is busy; the
 * time limit counts from when a job is asked for, so a caller never waits longer than it.
 *
 * The worker module answers `{id, ok: true, value}` or `{id, ok: false, error}` to each `{id, job}`
 * (see `serveJobs`).
 */
import { parentPort, type Worker } from 'node:worker_threads';
import { BeatwiseError, isBeatwiseError, type Where } from './errors.ts';
import { startWorker } from './worker.ts';

/** An error as it crosses the thread boundary. */
export interface WireError {
  beatwise: boolean;
  code: string;
  message: string;
  where: Where;
  details?: Record<string, unknown>;
  stack?: string;
}

export type Reply<A> = { id: number; ok: true; value: A } | { id: number; ok: false; error: WireError };

interface Pending<J, A> {
  id: number;
  job: J;
  resolve: (a: A) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
  worker?: Slot;
}

interface Slot {
  worker: Worker;
  busy: number | null;
}

export interface PoolOptions {
  /** Worker threads (default 1). */
  size?: number;
  /** Jobs allowed to wait for a worker; more are refused as busy (default 16). */
  maxQueue?: number;
  /** What the work is called in messages: "the analysis". */
  what: string;
  /** The environment variable that sets the time limit, named in the timeout message. */
  timeoutEnv: string;
  /** What to suggest when a job is too slow. */
  advice: string;
}

export class WorkerPool<J, A> {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending<J, A>[] = [];
  private readonly running = new Map<number, Pending<J, A>>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly entry: URL,
    private readonly opts: PoolOptions,
  ) {}

  /** Runs the job on a worker; rejects after `timeoutMs` (terminating the worker if it had started). */
  run(job: J, timeoutMs: number): Promise<A> {
    if (this.closed) return Promise.reject(new BeatwiseError('http.unavailable', 'the server is stopping'));
    if (this.queue.length >= (this.opts.maxQueue ?? 16))
      return Promise.reject(
        new BeatwiseError(
          'analysis.busy',
          `the server is busy with ${this.running.size + this.queue.length} requests for ${this.opts.what}: try again in a minute`,
        ),
      );
    return new Promise<A>((resolve, reject) => {
      const p: Pending<J, A> = {
        id: this.nextId++,
        job,
        resolve,
        reject,
        timer: setTimeout(() => this.timeout(p, timeoutMs), timeoutMs),
      };
      this.queue.push(p);
      this.dispatch();
    });
  }

  /** Terminates every worker; jobs not answered yet are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of [...this.queue, ...this.running.values()]) {
      clearTimeout(p.timer);
      p.reject(new BeatwiseError('http.unavailable', 'the server is stopping'));
    }
    this.queue.length = 0;
    this.running.clear();
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => s.busy === null);
      if (!slot && this.slots.length < (this.opts.size ?? 1)) slot = this.spawn();
      if (!slot) return;
      const p = this.queue.shift() as Pending<J, A>;
      slot.busy = p.id;
      p.worker = slot;
      this.running.set(p.id, p);
      slot.worker.postMessage({ id: p.id, job: p.job });
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(this.entry), busy: null };
    slot.worker.unref();
    slot.worker.on('message', (m: Reply<A>) => {
      const p = this.running.get(m.id);
      slot.busy = null;
      if (p) {
        this.running.delete(m.id);
        clearTimeout(p.timer);
        if (m.ok) p.resolve(m.value);
        else p.reject(fromWire(m.error));
      }
      this.dispatch();
    });
    const lost = (why: string) => {
      this.drop(slot);
      if (slot.busy !== null) {
        const p = this.running.get(slot.busy);
        if (p) {
          this.running.delete(p.id);
          clearTimeout(p.timer);
          p.reject(new Error(`${this.opts.what}: worker thread ${why}`));
        }
      }
      this.dispatch();
    };
    slot.worker.on('error', (e) => lost(`failed: ${e.stack ?? e.message}`));
    slot.worker.on('exit', (code) => lost(`exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private timeout(p: Pending<J, A>, ms: number): void {
    const queued = this.queue.indexOf(p);
    if (queued >= 0) this.queue.splice(queued, 1);
    if (this.running.get(p.id) === p) {
      this.running.delete(p.id);
      const slot = p.worker as Slot;
      slot.worker.removeAllListeners();
      this.drop(slot);
      void slot.worker.terminate();
    }
    p.reject(
      new BeatwiseError(
        'analysis.timeout',
        `${this.opts.what} took longer than ${(ms / 1000).toLocaleString('en-GB')} s and was stopped ` +
          `(the limit is set by ${this.opts.timeoutEnv}): ${this.opts.advice}`,
        {},
        { timeoutMs: ms },
      ),
    );
    this.dispatch();
  }
}

/** An error as plain data a worker can post: a BeatwiseError keeps its code, message, where and details. */
export function toWire(e: unknown): WireError {
  if (isBeatwiseError(e))
    return { beatwise: true, code: e.code, message: e.message, where: e.where, details: e.details };
  const err = e instanceof Error ? e : new Error(String(e));
  return { beatwise: false, code: 'http.internal', message: err.message, where: {}, stack: err.stack };
}

/** The error a worker posted (see toWire), as an error of this thread. */
export function fromWire(w: WireError): Error {
  if (w.beatwise) return new BeatwiseError(w.code, w.message, w.where, w.details);
  const e = new Error(w.message);
  e.stack = `${w.stack ?? w.message}\n    (in a worker thread)`;
  return e;
}

/** In the worker module: answers each job posted by a WorkerPool with `handle`. */
export function serveJobs<J, A>(handle: (job: J) => Promise<A>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs must run in a worker thread');
  port.on('message', async (m: { id: number; job: J }) => {
    let reply: Reply<A>;
    try {
      reply = { id: m.id, ok: true, value: await handle(m.job) };
    } catch (e) {
      reply = { id: m.id, ok: false, error: toWire(e) };
    }
    port.postMessage(reply);
  });
}

/** A time limit in ms from an environment variable, or the default. */
export function timeoutFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const v = Number(text);
  if (!(v > 0))
    throw new BeatwiseError(
      'config.timeout',
      `${name} must be a positive number of milliseconds, got "${text}"`,
      {
        field: name,
      },
    );
  return v;
}
