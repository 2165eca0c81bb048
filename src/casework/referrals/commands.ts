import { type Command, Option } from 'commander';
import { withStore } from '../../core/store/with-store.ts';
import { importExportCommands } from '../shared/commands.ts';
import { forceIdOf } from '../shared/http.ts';
import { importReferralsCsv, referralsCsv } from './csv.ts';
import { referralFigures } from './service.ts';
import { listReferrals, serviceSettings } from './store.ts';

export function registerReferralCommands(casework: Command): void {
  const r = casework
    .command('referrals')
    .description('vulnerability referrals: import, export, service-level figures');
  importExportCommands(
    r,
    'referrals',
    importReferralsCsv,
    (store, forceId, f) => listReferrals(store.db, { forceId, ...f }),
    referralsCsv,
  );
  r.command('figures')
    .description('referrals by grade, service level met and breaches, per unit, team or month')
    .requiredOption('--force <slug>')
    .addOption(new Option('--by <group>').choices(['unit', 'team', 'month']).default('month'))
    .option('--from <YYYY-MM>')
    .option('--to <YYYY-MM>')
    .option('--json', 'as JSON')
    .action(
      async (
        o: { force: string; by: 'unit' | 'team' | 'month'; from?: string; to?: string; json?: boolean },
        cmd: Command,
      ) => {
        await withStore(cmd, async (store) => {
          const forceId = await forceIdOf(store, o.force);
          const records = await listReferrals(store.db, { forceId, from: o.from, to: o.to });
          const { levels, hours } = await serviceSettings(store.db, forceId);
          const groups = referralFigures(records, o.by, levels, hours, Date.now());
          if (o.json) return console.log(JSON.stringify(groups, null, 2));
          if (records.some((x) => x.synthetic))
            console.log('SYNTHETIC data: generated records, not real referrals');
          console.log(
            `service levels (working hours): red ${levels.red}, amber ${levels.amber}, green ${levels.green}`,
          );
          console.log(
            [
              o.by,
              'referrals',
              'red',
              'amber',
              'green',
              'referred',
              'signposted',
              'within SL',
              'breaches',
              'open breaches',
            ].join('\t'),
          );
          for (const g of groups)
            console.log(
              [
                g.key,
                g.referrals,
                g.byGrade.red ?? 0,
                g.byGrade.amber ?? 0,
                g.byGrade.green ?? 0,
                g.referred,
                g.signposted,
                g.withinServiceLevel,
                g.breaches,
                g.openBreaches,
              ].join('\t'),
            );
        });
      },
    );
}
