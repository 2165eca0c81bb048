import type { MonthlyFigures, MonthlyFiguresSource } from '../../core/monthly-figures.ts';
import { findForce } from '../../force/index.ts';
import { totalEngagement } from './figures.ts';
import { EVENT_KIND_LABELS, EVENT_KINDS } from './model.ts';
import { forceEngagementFigures } from './store.ts';

const TITLE = 'Engagement and neighbourhood priorities';

/** The board paper's engagement section for one month of a force or unit. */
export const engagementMonthlyFigures: MonthlyFiguresSource = async (store, q) => {
  const force = await findForce(store.db, q.force);
  const where = q.unit ? `unit ${q.unit}` : (force?.name ?? q.force);
  const none = (): MonthlyFigures => ({
    title: TITLE,
    hasData: false,
    sentences: [`No engagement events or priorities are recorded for ${where} in ${q.month}.`],
    tables: [],
    synthetic: false,
    caveats: [],
  });
  if (!force) return none();
  const { rows, synthetic } = await forceEngagementFigures(store.db, force.id, {
    unit: q.unit,
    month: q.month,
  });
  if (rows.length === 0) return none();
  const t = totalEngagement(rows, q.month);
  const kinds = EVENT_KINDS.filter((k) => t.byKind[k] > 0)
    .map((k) => `${t.byKind[k]} ${EVENT_KIND_LABELS[k].toLowerCase()}${t.byKind[k] === 1 ? '' : 's'}`)
    .join(', ');
  const sentences = [
    `${t.events} engagement event${t.events === 1 ? '' : 's'} in ${q.month} (${where})${kinds ? `: ${kinds}` : ''}, attended by ${t.attendance} people, raising ${t.issuesRaised} issue${t.issuesRaised === 1 ? '' : 's'}.`,
    `${t.prioritiesSet} neighbourhood priorit${t.prioritiesSet === 1 ? 'y' : 'ies'} set and ${t.prioritiesClosed} closed; ${t.openAtMonthEnd} open at the month's end.`,
  ];
  return {
    title: TITLE,
    hasData: true,
    sentences,
    tables: [
      {
        caption: `Engagement by team, ${q.month}`,
        header: [
          'Team',
          'Events',
          'Attendance',
          'Issues raised',
          'Priorities set',
          'Priorities closed',
          'Open at month end',
        ],
        rows: [...rows, t].map((r) => [
          r.team,
          r.events,
          r.attendance,
          r.issuesRaised,
          r.prioritiesSet,
          r.prioritiesClosed,
          r.openAtMonthEnd,
        ]),
      },
    ],
    synthetic,
    caveats: [
      'Attendance is as counted by the organiser; an online survey counts its responses.',
      ...(synthetic ? ['SYNTHETIC engagement records: generated for the demonstration, not real.'] : []),
    ],
  };
};
