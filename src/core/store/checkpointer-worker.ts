/**
 * Worker-thread entry of the checkpointer (checkpointer.ts): its own connection to the store file,
 * which copies the WAL's committed frames into the database while the main thread goes on writing.
 */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointerData, FromCheckpointer, ToCheckpointer } from './checkpointer.ts';

const port = parentPort;
if (!port) throw new Error('checkpointer-worker runs as a worker thread (see checkpointer.ts)');
const { path, walBytes, intervalMs } = workerData as CheckpointerData;

/**
 * better-sqlite3's errors are not Error objects to the structured clone that carries a worker's
 * uncaught error to its parent (their message would be lost): rethrow them as plain Errors.
 */
function guard<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      const { message, code, stack } = e as { message?: unknown; code?: unknown; stack?: unknown };
      const err = new Error(typeof message === 'string' ? message : String(e));
      if (typeof code === 'string') Object.assign(err, { code });
      if (typeof stack === 'string') err.stack = stack;
      throw err;
    }
  };
}

const { db, checkpoint } = guard(() => {
  const db = new Database(path, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  // As the store's own connection: the checkpoint syncs the database file, not every WAL write.
  db.pragma('synchronous = NORMAL');
  const checkpoint = db.prepare<[], { busy: number; log: number; checkpointed: number }>(
    'PRAGMA wal_checkpoint(PASSIVE)',
  );
  return { db, checkpoint };
})();
const wal = `${path}-wal`;
let checkpoints = 0;
let frames = 0;
let lastCheckpointed = 0;

/**
 * Copies what it can: the frames committed before the oldest open read (the writer's included, so
 * not those of the transaction being written). Counts the frames it copied (roughly: a WAL that
 * restarted and grew back between two calls is counted from its start).
 */
const run = guard((): { busy: number; log: number; checkpointed: number } => {
  const r = checkpoint.get();
  if (!r) throw new Error('PRAGMA wal_checkpoint returned no row');
  checkpoints++;
  frames += r.checkpointed >= lastCheckpointed ? r.checkpointed - lastCheckpointed : r.checkpointed;
  lastCheckpointed = r.checkpointed;
  return r;
});

function walSize(): number {
  try {
    return statSync(wal).size;
  } catch {
    return 0; // no WAL (yet): nothing to copy
  }
}

let timer: NodeJS.Timeout | null = null;
const tick = () => {
  if (walSize() > walBytes) run();
  timer = setTimeout(tick, intervalMs);
};
timer = setTimeout(tick, intervalMs);

port.on('message', (m: ToCheckpointer) => {
  if (m.t === 'catchUp') {
    const r = run();
    port.postMessage({
      t: 'caughtUp',
      id: m.id,
      log: r.log,
      checkpointed: r.checkpointed,
    } satisfies FromCheckpointer);
  } else if (m.t === 'stop') {
    if (timer) clearTimeout(timer);
    timer = null;
    guard(() => db.close())();
    port.postMessage({ t: 'stopped', checkpoints, frames } satisfies FromCheckpointer);
    port.close();
  }
});
