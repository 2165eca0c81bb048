import { BeatwiseError } from '../errors.ts';
import { isPostgresUrl, PostgresStore } from './postgres.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

export const DEFAULT_DB = './beatwise.db';

/**
 * Opens the store the settings name: PostgreSQL for a postgres:// URL given as `--db` or in
 * DATABASE_URL (when no `--db` is given), else the SQLite file at `--db`, BEATWISE_DB or ./beatwise.db.
 */
export async function openStore(opts: { db?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Store> {
  const url = postgresUrl(opts);
  if (url) return PostgresStore.open(url);
  return SqliteStore.open(storePath(opts));
}

/** The PostgreSQL URL the settings name, or undefined for a SQLite file store. */
export function postgresUrl(opts: { db?: string; env?: NodeJS.ProcessEnv } = {}): string | undefined {
  const env = opts.env ?? process.env;
  if (isPostgresUrl(opts.db)) return opts.db;
  if (!opts.db && env.DATABASE_URL) {
    if (isPostgresUrl(env.DATABASE_URL)) return env.DATABASE_URL;
    throw new BeatwiseError(
      'store.database_url',
      'DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use the SQLite file store)',
    );
  }
  return undefined;
}

export function storePath(opts: { db?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const env = opts.env ?? process.env;
  return opts.db ?? env.BEATWISE_DB ?? DEFAULT_DB;
}

/**
 * Where an import's rejects files go: `<store>.rejects/` beside a SQLite file; for a PostgreSQL store
 * (whose location is a URL) the folder BEATWISE_REJECTS names, else ./beatwise.rejects.
 */
export function rejectsDirOf(location: string, env: NodeJS.ProcessEnv = process.env): string {
  if (isPostgresUrl(location)) return env.BEATWISE_REJECTS ?? './beatwise.rejects';
  return `${location}.rejects`;
}
