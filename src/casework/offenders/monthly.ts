import type { MonthlyFigures, MonthlyFiguresSource } from '../../core/monthly-figures.ts';
import { forceIdOf } from '../shared/http.ts';
import { cohortFigures } from './figures.ts';
import { BEFORE_AFTER_CAVEAT } from './model.ts';
import { linksOf, listMembers, memberEvents } from './store.ts';

const TITLE = 'Integrated Offender Management';

export const offendersMonthlyFigures: MonthlyFiguresSource = async (store, q): Promise<MonthlyFigures> => {
  const forceId = await forceIdOf(store, q.force);
  const members = await listMembers(store.db, { forceId, unit: q.unit });
  const events = await memberEvents(
    store.db,
    members.map((m) => m.id),
  );
  const links = await linksOf(store.db, forceId);
  const byArea = cohortFigures(members, events, links, q.month, q.unit ? 'team' : 'unit');
  const where = q.unit ? `unit ${q.unit}` : q.force;
  if (byArea.length === 0)
    return {
      title: TITLE,
      hasData: false,
      sentences: [`No IOM cohort members are held for ${where} in ${q.month}.`],
      tables: [],
      synthetic: false,
      caveats: [],
    };
  const sum = (f: (g: (typeof byArea)[number]) => number) => byArea.reduce((s, g) => s + f(g), 0);
  const ev = (k: string) => sum((g) => g.events[k] ?? 0);
  const ba = {
    members: sum((g) => g.beforeAfter.members),
    before: sum((g) => g.beforeAfter.crimesBefore),
    after: sum((g) => g.beforeAfter.crimesAfter),
    harmBefore: Math.round(sum((g) => g.beforeAfter.harmBefore) * 10) / 10,
    harmAfter: Math.round(sum((g) => g.beforeAfter.harmAfter) * 10) / 10,
  };
  const sentences = [
    `The IOM cohort of ${where} held ${sum((g) => g.members)} people in ${q.month} (${sum((g) => g.byTier.fixed ?? 0)} fixed, ${sum((g) => g.byTier.flex ?? 0)} flex, ${sum((g) => g.byTier.free ?? 0)} free); ${sum((g) => g.entered)} entered and ${sum((g) => g.exited)} left.`,
    `In the month: ${ev('review')} reviews, ${ev('visit')} visits, ${ev('warrant')} warrants executed and ${ev('recall')} recalls.`,
  ];
  if (ba.members > 0)
    sentences.push(
      `For the ${ba.members} members with linked crimes: ${ba.before} crimes (harm ${ba.harmBefore} days) in the 12 months before entry and ${ba.after} (harm ${ba.harmAfter} days) since entry — not an evaluation.`,
    );
  return {
    title: TITLE,
    hasData: true,
    sentences,
    tables: [
      {
        caption: `IOM cohort by ${q.unit ? 'team' : 'unit'}, ${q.month}`,
        header: [
          q.unit ? 'Team' : 'Unit',
          'Members',
          'Fixed',
          'Flex',
          'Free',
          'Visits',
          'Crimes before',
          'Crimes after',
          'Harm before',
          'Harm after',
        ],
        rows: byArea.map((g) => [
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
        ]),
      },
    ],
    synthetic: byArea.some((g) => g.synthetic),
    caveats: [
      BEFORE_AFTER_CAVEAT,
      ...(byArea.some((g) => g.synthetic) ? ['SYNTHETIC: generated records, not real people.'] : []),
    ],
  };
};
