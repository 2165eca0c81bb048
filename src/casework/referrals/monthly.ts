import type { MonthlyFigures, MonthlyFiguresSource } from '../../core/monthly-figures.ts';
import { forceIdOf } from '../shared/http.ts';
import { referralFigures } from './service.ts';
import { listReferrals, serviceSettings } from './store.ts';

const TITLE = 'Vulnerability referrals';

/** Referrals received in the month: by grade, service levels met, breaches, per unit (or team). */
export const referralsMonthlyFigures: MonthlyFiguresSource = async (store, q): Promise<MonthlyFigures> => {
  const forceId = await forceIdOf(store, q.force);
  const records = await listReferrals(store.db, { forceId, from: q.month, to: q.month, unit: q.unit });
  const where = q.unit ? `unit ${q.unit}` : q.force;
  if (records.length === 0)
    return {
      title: TITLE,
      hasData: false,
      sentences: [`No vulnerability referrals are held for ${where} in ${q.month}.`],
      tables: [],
      synthetic: false,
      caveats: [],
    };
  const { levels, hours } = await serviceSettings(store.db, forceId);
  const now = Date.now();
  const [all] = referralFigures(
    records.map((r) => ({ ...r, month: q.month })),
    'month',
    levels,
    hours,
    now,
  );
  const byArea = referralFigures(records, q.unit ? 'team' : 'unit', levels, hours, now);
  const grades = `${all.byGrade.red ?? 0} red, ${all.byGrade.amber ?? 0} amber, ${all.byGrade.green ?? 0} green`;
  return {
    title: TITLE,
    hasData: true,
    sentences: [
      `${all.referrals} vulnerability referrals were received in ${where} in ${q.month} (${grades}); ${all.referred} were referred to a partner agency and ${all.signposted} signposted.`,
      `${all.withinServiceLevel} were actioned within their service level${all.shareWithin === null ? '' : ` (${all.shareWithin}% of those actioned)`}; ${all.breaches} breached it${all.openBreaches ? `, ${all.openBreaches} of them still not actioned` : ''}.`,
    ],
    tables: [
      {
        caption: `Referrals by ${q.unit ? 'team' : 'unit'}, ${q.month}`,
        header: [
          q.unit ? 'Team' : 'Unit',
          'Referrals',
          'Red',
          'Amber',
          'Green',
          'Within service level',
          'Breaches',
        ],
        rows: byArea.map((g) => [
          g.key,
          g.referrals,
          g.byGrade.red ?? 0,
          g.byGrade.amber ?? 0,
          g.byGrade.green ?? 0,
          g.withinServiceLevel,
          g.breaches,
        ]),
      },
    ],
    synthetic: all.synthetic,
    caveats: [
      `Service levels in working hours (${hours.startHour}:00–${hours.endHour}:00 on working days): red ${levels.red} h, amber ${levels.amber} h, green ${levels.green} h; measured from receipt to referral or signposting.`,
      ...(all.synthetic ? ['SYNTHETIC: generated records, not real referrals.'] : []),
    ],
  };
};
