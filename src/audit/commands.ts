import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { BeatwiseError } from '../core/errors.ts';
import { withStore } from '../core/store/with-store.ts';
import { auditCsv, auditJson } from './export.ts';
import { auditEntries, verifyAudit } from './log.ts';

/** `beatwise audit verify` and `beatwise audit export`, for the information-management team. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit log: prove it is intact, export a period');
  audit
    .command('verify')
    .description('recompute the hash chain; name the first entry that was altered or removed')
    .action(async (_o: unknown, cmd: Command) => {
      const r = await withStore(cmd, (store) => verifyAudit(store));
      if (!r.ok && r.firstBroken)
        throw new BeatwiseError(
          'audit.broken',
          `the audit log is NOT intact: entry ${r.firstBroken.id} (${r.firstBroken.at}): ${r.firstBroken.problem}; the ${r.entries} entries before it are intact`,
        );
      console.log(`the audit log is intact: ${r.entries} entries, every hash and link matches`);
    });
  audit
    .command('export')
    .description('entries of a period (UTC days, inclusive) as CSV or JSON')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (o: { from: string; to: string; format: 'csv' | 'json'; out?: string }, cmd: Command) => {
      const rows = await withStore(cmd, (store) => auditEntries(store, o.from, o.to));
      const text = o.format === 'json' ? auditJson(rows) : auditCsv(rows);
      if (o.out) {
        writeFileSync(o.out, text);
        console.error(`${rows.length} entries from ${o.from} to ${o.to} written to ${o.out}`);
      } else process.stdout.write(text);
    });
}
