import type { MonthlyFigures, MonthlyFiguresSource } from '../../core/monthly-figures.ts';
import { findForce } from '../../force/index.ts';
import { totalFigures } from './figures.ts';
import { forceVolunteerFigures } from './store.ts';

const TITLE = 'Volunteers: StreetWatch and SpeedWatch';

/** The board paper's volunteer section for one month of a force or unit. */
export const volunteersMonthlyFigures: MonthlyFiguresSource = async (store, q) => {
  const force = await findForce(store.db, q.force);
  const where = q.unit ? `unit ${q.unit}` : (force?.name ?? q.force);
  const none = (): MonthlyFigures => ({
    title: TITLE,
    hasData: false,
    sentences: [`No volunteer sessions are recorded for ${where} in ${q.month}.`],
    tables: [],
    synthetic: false,
    caveats: [],
  });
  if (!force) return none();
  const { rows, synthetic } = await forceVolunteerFigures(store.db, force.id, {
    unit: q.unit,
    month: q.month,
  });
  if (rows.length === 0) return none();
  const t = totalFigures(rows, 'Total', q.month);
  const sentences = [
    `${t.sessions} volunteer session${t.sessions === 1 ? '' : 's'} in ${q.month} (${where}): ${t.hours} volunteer hours given by ${t.activeMembers} active member${t.activeMembers === 1 ? '' : 's'}.`,
  ];
  if (t.vehiclesChecked > 0)
    sentences.push(
      `SpeedWatch checked ${t.vehiclesChecked} vehicles and recorded ${t.offences} above the limit (${((100 * t.offences) / t.vehiclesChecked).toFixed(1)}%); letters sent: ${t.letters['first-letter']} first, ${t.letters['second-letter']} second, ${t.letters['police-contact']} referred for police contact.`,
    );
  return {
    title: TITLE,
    hasData: true,
    sentences,
    tables: [
      {
        caption: `Volunteer activity by team, ${q.month}`,
        header: [
          'Team',
          'Sessions',
          'Volunteer hours',
          'Vehicles checked',
          'Offences',
          'First letters',
          'Second letters',
          'Police contact',
          'Active members',
        ],
        rows: [...rows, t].map((r) => [
          r.team,
          r.sessions,
          r.hours,
          r.vehiclesChecked,
          r.offences,
          r.letters['first-letter'],
          r.letters['second-letter'],
          r.letters['police-contact'],
          r.activeMembers,
        ]),
      },
    ],
    synthetic,
    caveats: [
      'Offences are those volunteers recorded; a letter is advice, not a prosecution.',
      ...(synthetic ? ['SYNTHETIC volunteer records: generated for the demonstration, not real.'] : []),
    ],
  };
};
