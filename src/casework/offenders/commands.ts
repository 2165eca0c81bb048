import type { Command } from 'commander';
import { withStore } from '../../core/store/with-store.ts';
import { rejectsDirFor } from '../../crime/commands.ts';
import { importExportCommands } from '../shared/commands.ts';
import type { ImportSummary } from '../shared/csv-import.ts';
import { cliUser } from '../shared/export-log.ts';
import { forceIdOf } from '../shared/http.ts';
import { importEventsCsv, importLinksCsv, importMembersCsv, membersCsv } from './csv.ts';
import { cohortFigures } from './figures.ts';
import { BEFORE_AFTER_CAVEAT } from './model.ts';
import { linksOf, listMembers, memberEvents } from './store.ts';

function print(s: ImportSummary): void {
  console.log(
    `${s.file}: ${s.rows} rows: ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected`,
  );
  if (s.rejectsPath) console.log(`rejected rows (file, line, field, reason): ${s.rejectsPath}`);
}

export function registerOffenderCommands(casework: Command): void {
  const o = casework
    .command('offenders')
    .description('Integrated Offender Management: cohort members, events, crime links, figures');
  importExportCommands(
    o,
    'offenders',
    (store, forceId, file, dir) => importMembersCsv(store, forceId, file, dir),
    (store, forceId, f) => listMembers(store.db, { forceId, ...f }),
    membersCsv,
  );
  o.command('import-events')
    .description('import reviews, visits, warrants and recalls (offender_ref, kind, on_date, note)')
    .argument('<file>')
    .requiredOption('--force <slug>')
    .action(async (file: string, opts: { force: string }, cmd: Command) => {
      await withStore(cmd, async (store) =>
        print(
          await importEventsCsv(
            store,
            await forceIdOf(store, opts.force),
            file,
            rejectsDirFor(store.location),
            cliUser(),
          ),
        ),
      );
    });
  o.command('import-links')
    .description('link crimes of the imported extract to offender references (offender_ref, crime_ref)')
    .argument('<file>')
    .requiredOption('--force <slug>')
    .action(async (file: string, opts: { force: string }, cmd: Command) => {
      await withStore(cmd, async (store) =>
        print(
          await importLinksCsv(
            store,
            await forceIdOf(store, opts.force),
            file,
            rejectsDirFor(store.location),
          ),
        ),
      );
    });
  o.command('figures')
    .description(
      'the cohort in a month per unit: tiers, entries, exits, events, offending before/after entry',
    )
    .requiredOption('--force <slug>')
    .requiredOption('--month <YYYY-MM>')
    .option('--json', 'as JSON')
    .action(async (opts: { force: string; month: string; json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const forceId = await forceIdOf(store, opts.force);
        const members = await listMembers(store.db, { forceId });
        const groups = cohortFigures(
          members,
          await memberEvents(
            store.db,
            members.map((m) => m.id),
          ),
          await linksOf(store.db, forceId),
          opts.month,
          'unit',
        );
        if (opts.json) return console.log(JSON.stringify(groups, null, 2));
        if (members.some((m) => m.synthetic))
          console.log('SYNTHETIC data: generated records, not real people');
        console.log(
          [
            'unit',
            'members',
            'fixed',
            'flex',
            'free',
            'visits',
            'crimes before',
            'crimes after',
            'harm before',
            'harm after',
          ].join('\t'),
        );
        for (const g of groups)
          console.log(
            [
              g.key,
              g.members,
              g.byTier.fixed ?? 0,
              g.byTier.flex ?? 0,
              g.byTier.free ?? 0,
              g.events.visit ?? 0,
              g.beforeAfter.crimesBefore,
              g.beforeAfter.crimesAfter,
              g.beforeAfter.harmBefore,
              g.beforeAfter.harmAfter,
            ].join('\t'),
          );
        console.log(`note: ${BEFORE_AFTER_CAVEAT}`);
      });
    });
}
