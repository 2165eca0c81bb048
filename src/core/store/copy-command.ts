import type { Command } from 'commander';
import { BeatwiseError } from '../errors.ts';
import { copyStore } from './copy.ts';
import { isPostgresUrl, redactUrl } from './postgres.ts';

/** `beatwise copy --from FILE.db --to postgres://…` (src/core/store/copy.ts). */
export function registerCopyCommand(program: Command): void {
  program
    .command('copy')
    .description(
      'move a whole SQLite store into an empty PostgreSQL database, then compare row counts and a checksum per table',
    )
    .requiredOption('--from <file>', 'the SQLite store file')
    .requiredOption('--to <url>', 'the PostgreSQL database, postgres://user@host:port/name')
    .action(async (o: { from: string; to: string }) => {
      if (!isPostgresUrl(o.to)) {
        throw new BeatwiseError('copy.to', `--to must be a postgres:// URL, got ${JSON.stringify(o.to)}`, {
          field: 'to',
        });
      }
      console.log(`copying ${o.from} into ${redactUrl(o.to)}`);
      const r = await copyStore(o.from, o.to, (m) => console.log(`  ${m}`));
      console.log(`copied ${r.rows.toLocaleString('en-GB')} rows in ${r.seconds.toFixed(1)} s; comparing:`);
      for (const t of r.tables) {
        const what = t.same
          ? `${t.sqliteRows.toLocaleString('en-GB')} rows, checksum ${t.sqliteChecksum}: same`
          : `DIFFERENT: SQLite ${t.sqliteRows} rows ${t.sqliteChecksum}, PostgreSQL ${t.postgresRows} rows ${t.postgresChecksum}`;
        console.log(`  ${t.table}: ${what}`);
      }
      if (r.skipped.length) console.log(`not copied (no such table in PostgreSQL): ${r.skipped.join(', ')}`);
      if (!r.same) {
        throw new BeatwiseError(
          'copy.differs',
          'the copy differs from the SQLite store in the tables marked DIFFERENT',
        );
      }
      console.log('every table has the same rows on both sides');
    });
}
