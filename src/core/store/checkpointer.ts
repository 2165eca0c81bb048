/**
 * WAL checkpoints on a worker thread, for bulk loads into a SQLite file store.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past 1000 pages: on the
 * writing thread, it copies the WAL's frames into the database file and syncs it (~0.6 s of a
 * million-row import). During a bulk load the store turns that off and this checkpointer, with its own
 * connection on another thread, copies the committed frames while the next transaction is written.
 *
 * A checkpoint cannot copy frames written after the writer's transaction began, so with a writer
 * that is always in a transaction the WAL is never wholly copied and never restarts: it would grow
 * by all that the load writes. So before a transaction, when the WAL is bigger than `maxWalBytes`,
 * the store asks for a catch-up (`catchUp`), which copies the rest while no one writes; the next
 * transaction then restarts the WAL from its beginning.
 */
import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker.ts';

export interface CheckpointerOptions {
  /** Checkpoint when the WAL file is bigger than this. Default 32 MiB. */
  walBytes?: number;
  /** How often the worker looks at the WAL's size (ms). Default 50. */
  intervalMs?: number;
  /**
   * Before a transaction, when the WAL file is bigger than this, wait until the checkpointer has
   * copied all of it, so that the WAL restarts. Default 4 × walBytes.
   */
  maxWalBytes?: number;
}

/** What the worker gets as workerData. */
export interface CheckpointerData {
  path: string;
  walBytes: number;
  intervalMs: number;
}

export type ToCheckpointer = { t: 'catchUp'; id: number } | { t: 'stop' };

export type FromCheckpointer =
  | { t: 'caughtUp'; id: number; log: number; checkpointed: number }
  /** Sent last: how many checkpoints it ran and about how many WAL frames they copied. */
  | { t: 'stopped'; checkpoints: number; frames: number };

export interface CheckpointerStats {
  checkpoints: number;
  frames: number;
}

const MIB = 1024 * 1024;

/** The checkpointer of one store file, as seen from the thread that writes the store. */
export class Checkpointer {
  readonly path: string;
  readonly walBytes: number;
  readonly maxWalBytes: number;
  /** Set when the worker has stopped (at the end, or because it failed). */
  exitCode: number | null = null;
  /** The worker's counts, once it has stopped. */
  stats: CheckpointerStats | null = null;
  /** How many times the writer waited for a catch-up. */
  catchUps = 0;
  private worker: Worker | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly data: CheckpointerData;
  private failure: Error | null = null;
  private stopping = false;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  private constructor(path: string, opts: CheckpointerOptions) {
    this.path = path;
    this.walBytes = opts.walBytes ?? 32 * MIB;
    this.maxWalBytes = opts.maxWalBytes ?? 4 * this.walBytes;
    this.data = { path, walBytes: this.walBytes, intervalMs: opts.intervalMs ?? 50 };
  }

  /** Starts checkpointing the SQLite file at `path` (in WAL mode) on a worker thread. */
  static start(path: string, opts: CheckpointerOptions = {}): Checkpointer {
    const c = new Checkpointer(path, opts);
    c.launch();
    return c;
  }

  /**
   * A checkpointer whose worker starts only when there is something to copy: at the first
   * `startIfDue` that finds the WAL at `walBytes` or more, or the first `catchUp`. A bulk load that
   * writes less never starts a thread; a big one does not have the thread's start (~0.1-0.3 s of a
   * core) compete with its own start, when the WAL is still empty.
   */
  static whenDue(path: string, opts: CheckpointerOptions = {}): Checkpointer {
    return new Checkpointer(path, opts);
  }

  /** Whether the worker has been started. */
  get started(): boolean {
    return this.worker !== null;
  }

  /** Starts the worker if it has not started and the WAL has reached `walBytes`. */
  startIfDue(): void {
    if (this.worker === null && !this.stopping && this.walSize() >= this.walBytes) this.launch();
  }

  private launch(): Worker {
    const worker = startWorker(new URL('./checkpointer-worker.ts', import.meta.url), {
      workerData: this.data,
    });
    this.worker = worker;
    worker.on('message', (m: FromCheckpointer) => {
      if (m.t === 'caughtUp') {
        this.waiting.get(m.id)?.resolve();
        this.waiting.delete(m.id);
      } else if (m.t === 'stopped') {
        this.stats = { checkpoints: m.checkpoints, frames: m.frames };
      }
    });
    worker.on('error', (e) => this.fail(e));
    this.exited = new Promise((resolve) => {
      worker.on('exit', (code) => {
        this.exitCode = code;
        if (!this.stopping || this.stats === null)
          this.fail(new Error(`the checkpointer stopped unexpectedly (exit code ${code})`));
        resolve();
      });
    });
    return worker;
  }

  /** Why the worker failed, if it did. */
  get error(): Error | null {
    return this.failure;
  }

  /** The size of the WAL file now (0 when there is none). */
  walSize(): number {
    try {
      return statSync(`${this.path}-wal`).size;
    } catch {
      return 0;
    }
  }

  /** Copies all the committed frames that no open read still needs, now; resolves when done. */
  catchUp(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.stopping) return Promise.reject(new Error('the checkpointer is stopping'));
    const worker = this.worker ?? this.launch();
    const id = this.nextId++;
    this.catchUps++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ t: 'catchUp', id } satisfies ToCheckpointer);
    });
  }

  /** Stops the worker and waits for it to exit; throws what made it fail, if anything did. */
  async stop(): Promise<void> {
    if (this.worker === null) {
      // Never started: nothing was copied, and nothing can have failed.
      this.stopping = true;
      this.exitCode ??= 0;
      this.stats ??= { checkpoints: 0, frames: 0 };
      return;
    }
    if (!this.stopping && this.exitCode === null) {
      this.stopping = true;
      this.worker.postMessage({ t: 'stop' } satisfies ToCheckpointer);
    }
    this.stopping = true;
    await this.exited;
    if (this.failure) throw this.failure;
  }

  private fail(e: unknown): void {
    if (!this.failure) {
      const why = e instanceof Error ? e.message : String(e);
      this.failure = new Error(`the store's checkpointer (${this.path}) failed: ${why}`, { cause: e });
    }
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }
}
