import type { MonthlyFigures, MonthlyFiguresSource } from '../../core/monthly-figures.ts';
import { forceIdOf } from '../shared/http.ts';
import { figuresOf, pledgeFigures } from './figures.ts';
import { listAttendance, reasonsOf } from './store.ts';

const TITLE = 'Burglary attendance pledge';
const fmt = (v: number | null, unit = '') => (v === null ? '–' : `${v}${unit}`);

/** The pledge's figures for a month of a force or unit, for the board paper. */
export const burglaryMonthlyFigures: MonthlyFiguresSource = async (store, q): Promise<MonthlyFigures> => {
  const forceId = await forceIdOf(store, q.force);
  const records = await listAttendance(store.db, { forceId, from: q.month, to: q.month, unit: q.unit });
  const where = q.unit ? `unit ${q.unit}` : q.force;
  if (records.length === 0)
    return {
      title: TITLE,
      hasData: false,
      sentences: [`No home burglary attendance records are held for ${where} in ${q.month}.`],
      tables: [],
      synthetic: false,
      caveats: [],
    };
  const all = figuresOf(q.month, records);
  const reasons = new Map((await reasonsOf(store.db, forceId)).map((r) => [r.code, r.label]));
  const sentences = [
    `${all.attended} of ${all.burglaries} home burglaries in ${where} in ${q.month} (${fmt(all.shareAttended, '%')}) were evidenced as attended; the median time from report to attendance was ${fmt(all.medianHours, ' hours')} and 90% were attended within ${fmt(all.p90Hours, ' hours')}.`,
    `${all.notAttended} were not attended with a recorded reason, and ${all.cannotEvidence} records cannot evidence attendance (counted as not attended).`,
  ];
  if (all.vulnerableNotAttended > 0)
    sentences.push(
      `FLAG: ${all.vulnerableNotAttended} home burglar${all.vulnerableNotAttended === 1 ? 'y' : 'ies'} with a vulnerable victim ${all.vulnerableNotAttended === 1 ? 'was' : 'were'} not evidenced as attended.`,
    );
  const byArea = pledgeFigures(records, q.unit ? 'team' : 'unit');
  return {
    title: TITLE,
    hasData: true,
    sentences,
    tables: [
      {
        caption: `Home burglary attendance by ${q.unit ? 'team' : 'unit'}, ${q.month}`,
        header: [
          q.unit ? 'Team' : 'Unit',
          'Burglaries',
          'Attended',
          '% attended',
          'Median hours',
          '90th pct hours',
          'Not attended',
          'Cannot evidence',
          'Vulnerable not attended',
        ],
        rows: byArea.map((g) => [
          g.key,
          g.burglaries,
          g.attended,
          g.shareAttended,
          g.medianHours,
          g.p90Hours,
          g.notAttended,
          g.cannotEvidence,
          g.vulnerableNotAttended,
        ]),
      },
      {
        caption: `Not attended by reason, ${q.month}`,
        header: ['Reason', 'Burglaries'],
        rows: Object.entries(all.notAttendedByReason).map(([code, n]) => [reasons.get(code) ?? code, n]),
      },
    ],
    synthetic: all.synthetic,
    caveats: [
      '"Cannot evidence": records without an attendance time, or not attended without a reason, or with no outcome yet; never counted as attended.',
      ...(all.synthetic ? ['SYNTHETIC: generated records, not real burglaries.'] : []),
    ],
  };
};
