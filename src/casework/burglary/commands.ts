import { type Command, Option } from 'commander';
import { withStore } from '../../core/store/with-store.ts';
import { importExportCommands } from '../shared/commands.ts';
import { forceIdOf } from '../shared/http.ts';
import { attendanceCsv, importAttendanceCsv } from './csv.ts';
import { pledgeFigures } from './figures.ts';
import { attendanceFromExtract } from './from-extract.ts';
import { listAttendance } from './store.ts';

export function registerBurglaryCommands(casework: Command): void {
  const b = casework
    .command('burglary')
    .description('the burglary attendance pledge: records, import, export, figures');

  importExportCommands(
    b,
    'burglary',
    importAttendanceCsv,
    (store, forceId, f) => listAttendance(store.db, { forceId, ...f }),
    attendanceCsv,
  );

  b.command('from-extract')
    .description('make attendance records for the home burglaries (28E/28F) of the imported force extract')
    .requiredOption('--force <slug>')
    .action(async (o: { force: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const r = await attendanceFromExtract(store, await forceIdOf(store, o.force));
        console.log(
          `${r.burglaries} home burglaries: ${r.inserted} new records, ${r.updated} updated, ${r.unchanged} unchanged`,
        );
      });
    });

  b.command('figures')
    .description(
      'pledge figures: share attended, hours to attend (median, 90th percentile), not attended by reason, cannot evidence',
    )
    .requiredOption('--force <slug>')
    .addOption(new Option('--by <group>').choices(['unit', 'team', 'month']).default('month'))
    .option('--from <YYYY-MM>')
    .option('--to <YYYY-MM>')
    .option('--unit <code>')
    .option('--team <code>')
    .option('--json', 'as JSON')
    .action(
      async (
        o: {
          force: string;
          by: 'unit' | 'team' | 'month';
          from?: string;
          to?: string;
          unit?: string;
          team?: string;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        await withStore(cmd, async (store) => {
          const records = await listAttendance(store.db, { forceId: await forceIdOf(store, o.force), ...o });
          const groups = pledgeFigures(records, o.by);
          if (o.json) {
            console.log(JSON.stringify(groups, null, 2));
            return;
          }
          if (records.some((r) => r.synthetic))
            console.log('SYNTHETIC data: generated records, not real burglaries');
          console.log(
            [
              o.by,
              'burglaries',
              'attended',
              '%',
              'median h',
              'p90 h',
              'not att.',
              'cannot ev.',
              'vuln. not att.',
            ].join('\t'),
          );
          for (const g of groups)
            console.log(
              [
                g.key,
                g.burglaries,
                g.attended,
                g.shareAttended ?? '–',
                g.medianHours ?? '–',
                g.p90Hours ?? '–',
                g.notAttended,
                g.cannotEvidence,
                g.vulnerableNotAttended,
              ].join('\t'),
            );
        });
      },
    );
}
