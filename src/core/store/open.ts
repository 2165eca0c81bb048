import { BeatwiseError } from '../errors.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

export const DEFAULT_DB = './beatwise.db';

/**
 * Opens the store the settings name: PostgreSQL when DATABASE_URL is set, else the SQLite file at
 * `--db`, BEATWISE_DB or ./beatwise.db.
 */
export async function openStore(opts: { db?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Store> {
  const env = opts.env ?? process.env;
  if (env.DATABASE_URL && !opts.db) {
    throw new BeatwiseError(
      'store.postgres_unavailable',
      'DATABASE_URL is set, but the PostgreSQL store has not landed yet; unset DATABASE_URL to use the SQLite file store.',
    );
  }
  return SqliteStore.open(storePath(opts));
}

export function storePath(opts: { db?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const env = opts.env ?? process.env;
  return opts.db ?? env.BEATWISE_DB ?? DEFAULT_DB;
}
