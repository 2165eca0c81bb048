import type { Command } from 'commander';
import { openStore } from './open.ts';
import type { Store } from './store.ts';

/** Opens the store the command's --db (or the environment) names, runs `fn`, and always closes it. */
export async function withStore<T>(cmd: Command, fn: (store: Store) => Promise<T>): Promise<T> {
  const { db } = cmd.optsWithGlobals<{ db?: string }>();
  const store = await openStore({ db });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
