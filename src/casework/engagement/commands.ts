import { type Command, Option } from 'commander';
import { withStore } from '../../core/store/with-store.ts';
import { requireForce } from '../../force/index.ts';
import { importRecords } from '../shared/table-import.ts';
import { figuresCommand, importLine, writeExport } from '../volunteers/cli-io.ts';
import { ENGAGEMENT_RECORD_TYPES, type EngagementRecordName, exportEngagementRecords } from './records.ts';
import { forceEngagementFigures, publicPriorities } from './store.ts';

const TYPES = Object.keys(ENGAGEMENT_RECORD_TYPES) as EngagementRecordName[];

/** `casework engagement …`: events, issues raised, neighbourhood priorities, figures. */
export function registerEngagementCommands(parent: Command): Command {
  const e = parent.command('engagement').description('engagement events and neighbourhood priorities');

  e.command('import')
    .description(`import CSV files of one record type (${TYPES.join(', ')}); see docs/formats.md`)
    .addOption(new Option('--type <type>', 'record type').choices(TYPES).makeOptionMandatory())
    .requiredOption('--force <slug>', 'the force the records belong to')
    .argument('<files...>', 'CSV files')
    .action(async (files: string[], o: { type: EngagementRecordName; force: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        for (const f of files)
          console.log(importLine(await importRecords(store, f, o.force, ENGAGEMENT_RECORD_TYPES[o.type])));
      }),
    );

  e.command('export')
    .description(`write one record type as CSV (${TYPES.join(', ')})`)
    .addOption(new Option('--type <type>', 'record type').choices(TYPES).makeOptionMandatory())
    .requiredOption('--force <slug>', 'force')
    .option('--out <file>', 'file to write (default: standard output)')
    .action(async (o: { type: EngagementRecordName; force: string; out?: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        const f = await requireForce(store.db, o.force);
        const { csv, rows } = await exportEngagementRecords(store.db, f.id, o.type);
        await writeExport(store, { ...o, csv, rows, personal: false });
      }),
    );

  figuresCommand(e, {
    description: 'per team and month: events, attendance, issues raised, priorities set, closed and open',
    what: 'engagement',
    empty: 'no engagement recorded: import events or priorities first',
    figures: forceEngagementFigures,
    header: [
      'month',
      'team',
      'events',
      'attendance',
      'issues raised',
      'priorities set',
      'closed',
      'open at month end',
    ],
    cells: (r) => [
      r.month,
      r.team,
      r.events,
      r.attendance,
      r.issuesRaised,
      r.prioritiesSet,
      r.prioritiesClosed,
      r.openAtMonthEnd,
    ],
  });

  e.command('priorities')
    .description('a team’s priorities as police.uk publishes them (JSON)')
    .requiredOption('--force <slug>', 'force')
    .requiredOption('--team <code>', 'team')
    .action(async (o: { force: string; team: string }, cmd: Command) =>
      withStore(cmd, async (store) =>
        console.log(JSON.stringify(await publicPriorities(store, o.force, o.team), null, 2)),
      ),
    );
  return e;
}
