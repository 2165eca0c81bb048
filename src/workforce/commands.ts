import { type Command, Option } from 'commander';
import { withStore } from '../core/store/with-store.ts';
import {
  loadWorkforceEventsFile,
  loadWorkforceFile,
  workforceFlows,
  workforceHistory,
  workforceProjection,
  workforceReport,
} from './api.ts';
import {
  flowsCsv,
  formatFlows,
  formatHistory,
  formatProjection,
  formatReport,
  historyCsv,
  projectionCsv,
  reportCsv,
  reportNotes,
} from './format.ts';
import { fmtFte } from './totals.ts';

type Format = 'table' | 'csv' | 'json';
const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table');

function print<T>(value: T, format: Format, table: (v: T) => string, csv: (v: T) => string): void {
  if (format === 'json') console.log(JSON.stringify(value, null, 2));
  else if (format === 'csv') console.log(csv(value));
  else console.log(table(value));
}

export function registerWorkforceCommands(program: Command): void {
  const wf = program
    .command('workforce')
    .description('establishment, strength, variance and fill rate; joiners, leavers and moves');

  wf.command('show', { isDefault: true })
    .description('the latest establishment and strength side by side, with variance, fill rate and checks')
    .option('--force <slug>', 'force (default: the only one with workforce data)')
    .option('--as-of <date>', 'use the latest snapshots on or before this date (YYYY-MM-DD)')
    .option('--series <name>', 'only this series of tables')
    .addOption(formatOption())
    .action(async (o: { force?: string; asOf?: string; series?: string; format: Format }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const r = await workforceReport(store, o);
        if (o.format === 'csv') for (const note of reportNotes(r)) process.stderr.write(`note: ${note}\n`);
        print(r, o.format, formatReport, reportCsv);
      });
    });

  wf.command('load')
    .description('load a workforce table (CSV or XLSX): establishment or strength per department × role')
    .argument('<file>', 'e.g. data/workforce/west-midlands-table-1-establishment-2023-01-01.csv')
    .requiredOption('--force <slug>', 'force the departments belong to (its force file must be loaded)')
    .addOption(
      new Option('--kind <kind>', 'when the file does not say').choices(['establishment', 'strength']),
    )
    .option('--as-of <date>', 'as-of date YYYY-MM-DD, when the file does not say')
    .option('--series <name>', 'series name, when the file does not say (default "main")')
    .option('--sheet <name>', 'worksheet of a workbook (default: the first)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      async (
        file: string,
        o: { force: string; kind?: string; asOf?: string; series?: string; sheet?: string; format: Format },
        cmd: Command,
      ) => {
        await withStore(cmd, async (store) => {
          const r = await loadWorkforceFile(store, file, o);
          if (o.format === 'json') return console.log(JSON.stringify(r, null, 2));
          for (const s of r.snapshots) {
            const t = s.totals;
            console.log(
              `${file}: ${r.force} ${s.series} ${s.kind} as of ${s.asOf}: ${t.departments.length} departments, ` +
                `${t.roles.length} roles, total ${fmtFte(t.grand)} FTE${s.replaced ? ' (replaced the snapshot already stored)' : ''}`,
            );
            if (t.checks.length && !t.discrepancies.length)
              console.log(`  all ${t.checks.length} printed totals match the rows`);
            for (const d of t.discrepancies) console.log(`  does not add up: ${d.message}`);
            for (const b of t.blanks) console.log(`  blank cell: ${b.label} × ${b.field} (line ${b.line})`);
          }
        });
      },
    );

  wf.command('history')
    .description('every stored snapshot, and the change between consecutive ones')
    .option('--force <slug>', 'force (default: the only one with workforce data)')
    .option('--series <name>', 'only this series')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(['establishment', 'strength']))
    .addOption(formatOption())
    .action(async (o: { force?: string; series?: string; kind?: string; format: Format }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        print(await workforceHistory(store, o), o.format, formatHistory, historyCsv);
      });
    });

  wf.command('project')
    .description('projected strength at the end of a month, from the latest strength and the events')
    .requiredOption('--to <month>', 'month to project to, YYYY-MM (an earlier month projects back)')
    .option('--force <slug>', 'force (default: the only one with workforce data)')
    .option('--series <name>', 'series whose strength to start from (needed when several have one)')
    .addOption(formatOption())
    .action(async (o: { force?: string; to: string; series?: string; format: Format }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const p = await workforceProjection(store, o);
        for (const w of p.warnings) process.stderr.write(`warning: ${w}\n`);
        print(p, o.format, formatProjection, projectionCsv);
      });
    });

  const events = wf.command('events').description('joiners, leavers and moves by role and month');
  events
    .command('list', { isDefault: true })
    .description('totals per role (joined, left, moved in and out) and the events')
    .option('--force <slug>', 'force (default: the only one with workforce data)')
    .option('--from <month>', 'first month, YYYY-MM')
    .option('--to <month>', 'last month, YYYY-MM')
    .addOption(formatOption())
    .action(async (o: { force?: string; from?: string; to?: string; format: Format }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        print(await workforceFlows(store, o), o.format, formatFlows, flowsCsv);
      });
    });
  events
    .command('load')
    .description('load joiners, leavers and moves (CSV or XLSX); re-loading updates, never duplicates')
    .argument('<file>', 'e.g. data/workforce/west-midlands-events-2021-2022.csv')
    .requiredOption('--force <slug>', 'force the events belong to')
    .option('--sheet <name>', 'worksheet of a workbook (default: the first)')
    .action(async (file: string, o: { force: string; sheet?: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const r = await loadWorkforceEventsFile(store, file, o);
        console.log(`${file}: ${r.events} events for ${r.force} (${r.inserted} new, ${r.updated} updated)`);
      });
    });
}
