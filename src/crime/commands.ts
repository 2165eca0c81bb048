import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { formatWhere } from '../core/errors.ts';
import { Progress } from '../core/progress.ts';
import { rejectsDirOf } from '../core/store/open.ts';
import type { Store } from '../core/store/store.ts';
import { withStore } from '../core/store/with-store.ts';
import {
  addCounts,
  expandCrimeFiles,
  type FileResult,
  type ImportCounts,
  type ImportOptions,
  importCrimeFiles,
  zeroCounts,
} from './import.ts';
import { formatSummary, summarise } from './summary.ts';
import { registerWeightsCommands } from './weights-commands.ts';

/** Where rejects go: a folder beside the store, `<store>.rejects/` (see rejectsDirOf for PostgreSQL). */
export function rejectsDirFor(storeLocation: string): string {
  return rejectsDirOf(storeLocation);
}

export function registerCrimeCommands(program: Command, importCmd: Command): void {
  importCmd
    .command('crimes')
    .description(
      'import police.uk street-level CSVs or force extracts (.csv or .csv.gz; folders are searched)',
    )
    .option('--force <slug>', 'force the rows belong to (default: from the "Falls within" column)')
    .option(
      '--create-force',
      'create the force when the store does not know it (named by --force or by "Falls within")',
    )
    .option('--json', 'print the summary as JSON')
    .option(
      '--latest-month <YYYY-MM>',
      "reject rows after this month (default: today's month; a police.uk file's own month limits it too)",
    )
    .option(
      '--max-repeats <n>',
      'how often one row without a Crime ID may repeat in a file before the file is refused (default 10000)',
    )
    .argument('<paths...>')
    .action(
      async (
        paths: string[],
        o: {
          force?: string;
          json?: boolean;
          createForce?: boolean;
          latestMonth?: string;
          maxRepeats?: string;
        },
        cmd: Command,
      ) => {
        await withStore(cmd, async (store) => {
          const results = await runImport(store, paths, o.force, Boolean(o.json), Boolean(o.createForce), {
            latestMonth: o.latestMonth,
            maxRepeats: o.maxRepeats === undefined ? undefined : Number(o.maxRepeats),
          });
          if (results.some((r) => r.error)) process.exitCode = 1;
        });
      },
    );

  registerWeightsCommands(program);

  program
    .command('summary')
    .description('crimes per unit × month and per category, with unlocated and outside counts')
    .option('--force <slug>', 'one force (default: all)')
    .option('--json', 'print JSON')
    .action(async (o: { force?: string; json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const all = await summarise(store, o.force);
        if (o.json) return console.log(JSON.stringify(all, null, 2));
        if (!all.length)
          return console.log(
            'the store holds no forces yet: run `npx beatwise demo`, or `npx beatwise force load FILE` then `npx beatwise import crimes FILE`',
          );
        console.log(all.map(formatSummary).join('\n\n'));
      });
    });
}

/** Runs an import with progress, then prints the per-file and total summary (text or JSON). */
export async function runImport(
  store: Store,
  paths: string[],
  force: string | undefined,
  json: boolean,
  createForce = false,
  more: Pick<ImportOptions, 'latestMonth' | 'now' | 'maxRepeats'> = {},
): Promise<FileResult[]> {
  const storeLocation = store.location;
  const files = expandCrimeFiles(paths);
  const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
  const progress = new Progress('importing', json);
  progress.start(files.length);
  let done = 0;
  let current = '';
  const results = await importCrimeFiles(store, files, {
    ...more,
    force,
    createForce,
    rejectsDir: rejectsDirFor(storeLocation),
    onProgress: (p) => {
      if (p.file !== current) {
        if (current) done++;
        current = p.file;
      }
      progress.update(done, `files, ${p.rows} rows of ${p.file}`);
    },
  });
  progress.stop();
  const total = zeroCounts();
  for (const r of results) addCounts(total, r.counts);
  if (json) {
    const out: {
      total: ImportCounts;
      files: Record<string, ImportCounts>;
      errors: Record<string, string>;
      warnings: Record<string, string[]>;
    } = { total, files: {}, errors: {}, warnings: {} };
    for (const r of results) {
      if (r.error)
        out.errors[r.file] = `${formatWhere({ ...r.error.where, file: undefined })}${r.error.message}`;
      else out.files[r.file] = r.counts;
      if (r.warnings) out.warnings[r.file] = r.warnings;
    }
    console.log(JSON.stringify(out, null, 2));
  } else {
    for (const r of results) {
      if (r.error)
        console.log(
          `${r.file}: NOT IMPORTED: ${formatWhere({ ...r.error.where, file: undefined })}${r.error.message}`,
        );
      else console.log(`${r.file}: ${describe(r.counts)}${r.force ? ` → ${r.force}` : ''}`);
      for (const w of r.warnings ?? []) console.log(`${r.file}: WARNING: ${w}`);
    }
    console.log(`total (${files.length} files, ${(bytes / 1e6).toFixed(1)} MB): ${describe(total)}`);
    for (const r of results) {
      if (r.rejectsFile)
        console.log(`${r.file}: rejected rows and conflicts, with line, field and reason: ${r.rejectsFile}`);
    }
  }
  return results;
}

function describe(c: ImportCounts): string {
  const quotes = c.badQuoteLines ? ` (${c.badQuoteLines} lines spoiled by a bad quote)` : '';
  return `${c.rows} rows: ${c.loaded} loaded (${c.unlocated} unlocated, ${c.outside} outside), ${c.duplicates} already present, ${c.conflicts} conflicting (same Crime ID, other content), ${c.rejected} rejected${quotes}`;
}
