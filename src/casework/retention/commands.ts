import type { Command } from 'commander';
import { withStore } from '../../core/store/with-store.ts';
import { cliUser } from '../shared/export-log.ts';
import { forceIdOf } from '../shared/http.ts';
import { parseDay } from '../shared/time.ts';
import { applyRetention, reviewRetention } from './review.ts';

export function registerRetentionCommands(program: Command): void {
  const r = program
    .command('retention')
    .description('retention of casework records: review what is due, remove personal data');
  r.command('review')
    .description(
      'list records due for review or deletion per record class; --delete removes their personal data (logged)',
    )
    .requiredOption('--force <slug>')
    .option('--as-of <YYYY-MM-DD>', 'review as on this date (default today)')
    .option('--delete', 'remove the personal data of every record listed (each logged in the audit log)')
    .option('--json', 'as JSON')
    .action(async (o: { force: string; asOf?: string; delete?: boolean; json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const day = o.asOf ? parseDay(o.asOf) : null;
        if (o.asOf && !day) throw new Error(`--as-of "${o.asOf}" is not a date (YYYY-MM-DD)`);
        const asOf = day ? Date.parse(`${day}T00:00:00Z`) : Date.now();
        const reviews = await reviewRetention(store, await forceIdOf(store, o.force), asOf);
        if (o.json) console.log(JSON.stringify(reviews, null, 2));
        else
          for (const c of reviews) {
            console.log(
              `${c.recordClass}: kept ${c.days} days (${c.describe}); ${c.due.length} due (on or before ${c.cutoff})`,
            );
            for (const d of c.due.slice(0, 20))
              console.log(`  ${c.recordClass} ${d.id}: from ${d.date}, due ${d.dueOn}`);
            if (c.due.length > 20) console.log(`  … and ${c.due.length - 20} more (--json lists all)`);
          }
        if (o.delete) {
          const n = await applyRetention(store, reviews, cliUser());
          console.log(
            `personal data removed from ${n} records; each is in the audit log; aggregate figures unchanged`,
          );
        }
      });
    });
}
