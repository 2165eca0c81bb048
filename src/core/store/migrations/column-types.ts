import type { Dialect } from '../store.ts';

/** Column types that differ between the SQLite and PostgreSQL stores. */
export function columnTypes(dialect: Dialect) {
  const pg = dialect === 'postgres';
  return {
    /** An auto-numbered primary key. */
    id: pg ? 'bigserial' : 'integer',
    /** A 64-bit integer (ids, counts, epoch milliseconds). */
    big: pg ? 'bigint' : 'integer',
    real: pg ? 'double precision' : 'real',
  } as const;
}
