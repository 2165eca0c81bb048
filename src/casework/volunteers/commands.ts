import { type Command, Option } from 'commander';
import { withStore } from '../../core/store/with-store.ts';
import { textTable } from '../../core/table-format.ts';
import { requireForce } from '../../force/index.ts';
import { importRecords } from '../shared/table-import.ts';
import { figuresCommand, importLine, writeExport } from './cli-io.ts';
import {
  exportVolunteerRecords,
  VOLUNTEER_EXPORTS,
  VOLUNTEER_RECORD_TYPES,
  type VolunteerRecordName,
} from './records.ts';
import { forceLetters, forceVolunteerFigures } from './store.ts';

const IMPORTABLE = Object.keys(VOLUNTEER_RECORD_TYPES) as (keyof typeof VOLUNTEER_RECORD_TYPES)[];
const PERSONAL: readonly VolunteerRecordName[] = ['members', 'offences', 'letters'];

/** `casework volunteers …`: StreetWatch and SpeedWatch records, letters and figures. */
export function registerVolunteerCommands(parent: Command): Command {
  const v = parent
    .command('volunteers')
    .description('StreetWatch and SpeedWatch: groups, members, sites, sessions, letters');

  v.command('import')
    .description(`import CSV files of one record type (${IMPORTABLE.join(', ')}); see docs/formats.md`)
    .addOption(new Option('--type <type>', 'record type').choices(IMPORTABLE).makeOptionMandatory())
    .requiredOption('--force <slug>', 'the force the records belong to')
    .argument('<files...>', 'CSV files')
    .action(
      async (
        files: string[],
        o: { type: keyof typeof VOLUNTEER_RECORD_TYPES; force: string },
        cmd: Command,
      ) =>
        withStore(cmd, async (store) => {
          for (const f of files)
            console.log(importLine(await importRecords(store, f, o.force, VOLUNTEER_RECORD_TYPES[o.type])));
        }),
    );

  v.command('export')
    .description(
      `write one record type as CSV (${VOLUNTEER_EXPORTS.join(', ')}); personal data needs --to and --reason`,
    )
    .addOption(new Option('--type <type>', 'record type').choices(VOLUNTEER_EXPORTS).makeOptionMandatory())
    .requiredOption('--force <slug>', 'force')
    .option('--out <file>', 'file to write (default: standard output)')
    .option('--to <recipient>', 'who receives the export (logged)')
    .option('--reason <why>', 'why it is needed (logged)')
    .action(
      async (
        o: { type: VolunteerRecordName; force: string; out?: string; to?: string; reason?: string },
        cmd: Command,
      ) =>
        withStore(cmd, async (store) => {
          const f = await requireForce(store.db, o.force);
          const { csv, rows } = await exportVolunteerRecords(store.db, f.id, o.type);
          await writeExport(store, { ...o, csv, rows, personal: PERSONAL.includes(o.type) });
        }),
    );

  figuresCommand(v, {
    description:
      'per team and month: sessions, volunteer hours, vehicles checked, offences, letters by stage, active members',
    what: 'volunteer',
    empty: 'no volunteer sessions recorded: import groups, members and sessions first',
    figures: forceVolunteerFigures,
    header: [
      'month',
      'team',
      'sessions',
      'hours',
      'vehicles',
      'offences',
      '1st letters',
      '2nd letters',
      'police contact',
      'active members',
    ],
    cells: (r) => [
      r.month,
      r.team,
      r.sessions,
      r.hours,
      r.vehiclesChecked,
      r.offences,
      r.letters['first-letter'],
      r.letters['second-letter'],
      r.letters['police-contact'],
      r.activeMembers,
    ],
  });

  v.command('letters')
    .description('the SpeedWatch letters due: one per sighting, its stage from the vehicle’s history')
    .requiredOption('--force <slug>', 'force')
    .option('--team <code>', 'one team')
    .action(async (o: { force: string; team?: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        const f = await requireForce(store.db, o.force);
        const letters = (await forceLetters(store.db, f.id)).filter((l) => !o.team || l.team === o.team);
        if (letters.some((l) => l.synthetic)) console.log('SYNTHETIC volunteer records (demonstration data)');
        console.log(
          textTable(
            ['date', 'registration', 'stage', 'earlier sightings', 'group', 'team', 'speed', 'limit'],
            letters.map((l) => [
              l.date,
              l.registration,
              l.stage,
              l.previous,
              l.group,
              l.team,
              l.speed,
              l.limit,
            ]),
          ),
        );
      }),
    );
  return v;
}
