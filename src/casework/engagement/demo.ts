/**
 * A small SYNTHETIC set of engagement records for one Leicestershire team (Leicester 001): events
 * of every kind from February to April 2022, the issues raised, and three neighbourhood priorities
 * (one closed with what was done). Every record is labelled synthetic.
 */
import type { Store } from '../../core/store/store.ts';
import { findForce } from '../../force/index.ts';
import { findTeam } from '../volunteers/index.ts';
import { eventInput, priorityInput } from './model.ts';
import { eventByRef, eventIssues, saveEvent, savePriority } from './store.ts';

const FORCE = 'leicestershire';
const TEAM = 'E02002827';
const S = 'SYNTHETIC';

const EVENTS = [
  {
    ref: 'LE001-E01',
    kind: 'beat-meeting',
    date: '2022-02-08',
    place: 'Belgrave Neighbourhood Centre (synthetic)',
    attendance: '23',
    issues:
      'Speeding on Abbey Lane near the school; Drug dealing in the park car park; Fly-tipping behind the shops',
  },
  {
    ref: 'LE001-E02',
    kind: 'street-surgery',
    date: '2022-03-05',
    place: 'Belgrave Road outside the library (synthetic)',
    attendance: '41',
    issues: 'Anti-social behaviour by groups on Marfitt Street; Speeding on Abbey Lane near the school',
  },
  {
    ref: 'LE001-E03',
    kind: 'world-cafe',
    date: '2022-03-22',
    place: 'Community hall (synthetic)',
    attendance: '36',
    issues: 'Young people want somewhere to go in the evenings; Poor street lighting on the canal path',
  },
  {
    ref: 'LE001-E04',
    kind: 'online-survey',
    date: '2022-04-01',
    place: 'Online (synthetic)',
    attendance: '118',
    issues: 'Drug dealing in the park car park; Cycle theft at the leisure centre',
  },
  {
    ref: 'LE001-E05',
    kind: 'iag',
    date: '2022-04-12',
    place: 'Police station meeting room (synthetic)',
    attendance: '9',
    issues: 'Confidence in reporting hate incidents',
  },
];

/** Loads the synthetic engagement records (again: updates them, never duplicates). */
export async function loadEngagementDemo(
  store: Store,
  log: (m: string) => void = console.log,
): Promise<boolean> {
  const force = await findForce(store.db, FORCE);
  if (!force || !(await findTeam(store.db, force.id, TEAM))) return false;
  await store.transaction(async (tx) => {
    for (const e of EVENTS)
      await saveEvent(tx, force.id, eventInput.parse({ ...e, team: TEAM, synthetic: S }));
    const issueOf = async (event: string, starts: string) => {
      const ev = await eventByRef(tx, force.id, event);
      const found = ev ? (await eventIssues(tx, ev.id)).find((i) => i.text.startsWith(starts)) : undefined;
      return found?.id;
    };
    const priorities = [
      {
        p: {
          ref: 'LE001-P01',
          issue: 'Speeding on Abbey Lane near the school',
          issue_date: '2022-02-08',
          action:
            'Community SpeedWatch sessions at the school at drop-off; speed enforcement by the roads policing unit',
          action_date: '2022-02-10',
        },
        from: ['LE001-E01', 'Speeding'],
      },
      {
        p: {
          ref: 'LE001-P02',
          issue: 'Drug dealing in the park car park',
          issue_date: '2022-02-08',
          action: 'Targeted patrols at the car park in the evenings; work with the council on CCTV',
          action_date: '2022-02-15',
          status: 'closed',
          closed_on: '2022-04-20',
          outcome:
            'Two warrants executed and four arrests; CCTV camera installed by the council; reports fell from nine in February to two in April',
        },
        from: ['LE001-E01', 'Drug'],
      },
      {
        p: {
          ref: 'LE001-P03',
          issue: 'Anti-social behaviour by groups on Marfitt Street',
          issue_date: '2022-03-05',
          action: 'StreetWatch walks on Friday evenings; youth outreach with the council',
          action_date: '2022-03-11',
        },
        from: ['LE001-E02', 'Anti-social'],
      },
    ];
    for (const { p, from } of priorities)
      await savePriority(tx, force.id, priorityInput.parse({ ...p, team: TEAM, synthetic: S }), {
        issueId: await issueOf(from[0], from[1]),
      });
  });
  log(
    `Leicestershire: SYNTHETIC engagement records for team ${TEAM} (${EVENTS.length} events, 3 priorities)`,
  );
  return true;
}
