import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Store } from '../../core/store/store.ts';
import { withStore } from '../../core/store/with-store.ts';
import { rejectsDirFor } from '../../crime/commands.ts';
import type { ImportSummary } from './csv-import.ts';
import { cliUser, logPersonalExport } from './export-log.ts';
import { forceIdOf } from './http.ts';

export interface ExportFilter {
  from?: string;
  to?: string;
  unit?: string;
  team?: string;
}

/** `import <file> --force` and `export --force --out --recipient --reason` for one record class. */
export function importExportCommands<T extends { synthetic: boolean }>(
  parent: Command,
  recordClass: string,
  importCsv: (
    store: Store,
    forceId: number,
    file: string,
    rejectsDir: string,
    by: string,
  ) => Promise<ImportSummary>,
  list: (store: Store, forceId: number, f: ExportFilter) => Promise<T[]>,
  toCsv: (records: readonly T[]) => string,
): void {
  parent
    .command('import')
    .description(
      `import ${recordClass} records from a CSV (docs/formats.md); bad rows go to <store>.rejects/`,
    )
    .argument('<file>')
    .requiredOption('--force <slug>')
    .action(async (file: string, o: { force: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const s = await importCsv(
          store,
          await forceIdOf(store, o.force),
          file,
          rejectsDirFor(store.location),
          cliUser(),
        );
        console.log(
          `${s.file}: ${s.rows} rows: ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected`,
        );
        if (s.rejectsPath) console.log(`rejected rows (file, line, field, reason): ${s.rejectsPath}`);
      });
    });
  parent
    .command('export')
    .description(
      `export ${recordClass} records as CSV (personal data: logged in the audit log with who receives it)`,
    )
    .requiredOption('--force <slug>')
    .requiredOption('--out <file>')
    .requiredOption('--recipient <who>', 'who receives the file (logged)')
    .requiredOption('--reason <why>', 'why it is exported (logged)')
    .option('--from <YYYY-MM>')
    .option('--to <YYYY-MM>')
    .option('--unit <code>')
    .option('--team <code>')
    .action(
      async (
        o: { force: string; out: string; recipient: string; reason: string } & ExportFilter,
        cmd: Command,
      ) => {
        await withStore(cmd, async (store) => {
          const records = await list(store, await forceIdOf(store, o.force), o);
          await logPersonalExport(store, {
            by: cliUser(),
            recipient: o.recipient,
            reason: o.reason,
            recordClass,
            force: o.force,
            rows: records.length,
            file: o.out,
          });
          writeFileSync(o.out, toCsv(records));
          const synthetic = records.some((r) => r.synthetic)
            ? ' (SYNTHETIC records, marked in the synthetic column)'
            : '';
          console.log(
            `${records.length} records written to ${o.out}${synthetic}; the export is in the audit log`,
          );
        });
      },
    );
}
