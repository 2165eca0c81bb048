/**
 * The import's read side alone (`bench:ingest -- --phase read`): src/crime/import-read.ts on this
 * thread over the benchmark's files, with a writer that only acknowledges each batch. It times what
 * the reader thread does in a real import (read, validate, project, place, key, label, count the
 * cube) without the store, so the reader's changes can be measured apart from SQLite's, with less
 * noise than the two-thread import (one thread, nothing else competing for the cores).
 */
import { performance } from 'node:perf_hooks';
import { openStore } from '../../src/core/store/open.ts';
import { loadPlacing } from '../../src/crime/import.ts';
import type { FromReader, PlacingData, ToReader } from '../../src/crime/import-batch.ts';
import { runReader } from '../../src/crime/import-read.ts';

export interface ReadAloneResult {
  rows: number;
  seconds: number;
  cpuSeconds: number;
}

/** Reads `files` as an import into force `slug` of the store at `storePath` would (not timed: loading its areas). */
export async function readAlone(
  files: string[],
  storePath: string,
  slug: string,
  rejectsDir: string,
): Promise<ReadAloneResult> {
  const store = await openStore({ db: storePath });
  let placing: PlacingData;
  try {
    const force = await store.db
      .selectFrom('forces')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    placing = await loadPlacing(store.db, force.id);
  } finally {
    await store.close();
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    let deliver: (m: ToReader) => void = () => {};
    let sent = false;
    const answer = (m: FromReader) => {
      if (m.t === 'begin') {
        deliver({ t: 'force', seq: m.seq, forceId: placing.forceId, placing: sent ? null : placing });
        sent = true;
      } else if (m.t === 'batch') {
        rows += m.batch.read;
        deliver({ t: 'ack', memory: m.batch.memory });
      } else if (m.t === 'end' && m.seq === files.length - 1) resolve();
      else if (m.t === 'fail') reject(new Error(`${files[m.seq]}: ${m.error.message}`));
      else if (m.t === 'crash') reject(new Error(m.message));
    };
    runReader({
      post: (m) => queueMicrotask(() => answer(m)),
      onMessage: (handler) => {
        deliver = handler;
      },
    });
    deliver({ t: 'start', files, names: files, rejectsDir, forced: true, fastLines: true });
  });
  const cpu = process.cpuUsage(cpu0);
  return { rows, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}
