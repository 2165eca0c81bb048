/**
 * A small SYNTHETIC set of volunteer records for one Leicestershire team (Leicester 001), so every
 * volunteer page has data in the demo: a StreetWatch and a SpeedWatch group, ten members, three
 * SpeedWatch sites, sessions from February to April 2022 and the offences they recorded (one
 * vehicle seen three times, so all three letter stages appear). Every record is labelled synthetic;
 * names, emails (example.org) and phone numbers (Ofcom's drama range) are made up.
 */
import type { Store } from '../../core/store/store.ts';
import { findForce } from '../../force/index.ts';
import { groupInput, memberInput, offenceInput, sessionInput, siteInput } from './model.ts';
import { saveGroup, saveMember, saveOffence, saveSession, saveSite } from './store.ts';
import { findTeam } from './teams.ts';

export const DEMO_FORCE = 'leicestershire';
export const DEMO_TEAM = 'E02002827';
const S = 'SYNTHETIC';

const GROUPS = [
  { code: 'LE001-SW', name: 'Leicester 001 StreetWatch (SYNTHETIC)', kind: 'streetwatch' },
  { code: 'LE001-CSW', name: 'Leicester 001 Community SpeedWatch (SYNTHETIC)', kind: 'speedwatch' },
];

const MEMBERS = Array.from({ length: 10 }, (_, i) => {
  const n = i + 1;
  return {
    ref: `LE001-M${String(n).padStart(2, '0')}`,
    group: n <= 5 ? 'LE001-SW' : 'LE001-CSW',
    name: `Volunteer ${String.fromCharCode(64 + n)} (synthetic)`,
    email: `volunteer${n}@example.org`,
    phone: `07700 900${String(100 + n)}`,
    joined: n === 10 ? '2022-03-01' : '2021-09-01',
    left: n === 5 ? '2022-03-31' : undefined,
  };
});

const SITES = [
  {
    code: 'LE001-S1',
    group: 'LE001-CSW',
    name: 'Abbey Lane by the school (synthetic)',
    limit: '20',
    status: 'approved',
    decided: '2021-10-04',
  },
  {
    code: 'LE001-S2',
    group: 'LE001-CSW',
    name: 'Marfitt Street (synthetic)',
    limit: '30',
    status: 'approved',
    decided: '2021-10-04',
  },
  {
    code: 'LE001-S3',
    group: 'LE001-CSW',
    name: 'Beaumont Leys Lane (synthetic)',
    limit: '30',
    status: 'proposed',
  },
];

const SESSIONS = [
  {
    ref: 'LE001-SW-2202-1',
    group: 'LE001-SW',
    date: '2022-02-05',
    site: 'Abbey Park and Belgrave (synthetic)',
    hours: '6',
    members: 'LE001-M01;LE001-M02;LE001-M03',
  },
  {
    ref: 'LE001-SW-2202-2',
    group: 'LE001-SW',
    date: '2022-02-19',
    site: 'Belgrave Road (synthetic)',
    hours: '4',
    members: 'LE001-M01;LE001-M04',
  },
  {
    ref: 'LE001-SW-2203-1',
    group: 'LE001-SW',
    date: '2022-03-12',
    site: 'Abbey Park (synthetic)',
    hours: '7.5',
    members: 'LE001-M02;LE001-M03;LE001-M05',
  },
  {
    ref: 'LE001-SW-2204-1',
    group: 'LE001-SW',
    date: '2022-04-09',
    site: 'Belgrave Road (synthetic)',
    hours: '6',
    members: 'LE001-M01;LE001-M02;LE001-M03',
  },
  {
    ref: 'LE001-CSW-2202-1',
    group: 'LE001-CSW',
    date: '2022-02-10',
    site: 'Abbey Lane',
    site_code: 'LE001-S1',
    hours: '4.5',
    vehicles_checked: '212',
    members: 'LE001-M06;LE001-M07;LE001-M08',
  },
  {
    ref: 'LE001-CSW-2203-1',
    group: 'LE001-CSW',
    date: '2022-03-08',
    site: 'Marfitt Street',
    site_code: 'LE001-S2',
    hours: '3',
    vehicles_checked: '164',
    members: 'LE001-M06;LE001-M09',
  },
  {
    ref: 'LE001-CSW-2203-2',
    group: 'LE001-CSW',
    date: '2022-03-24',
    site: 'Abbey Lane',
    site_code: 'LE001-S1',
    hours: '4.5',
    vehicles_checked: '198',
    members: 'LE001-M07;LE001-M08;LE001-M10',
  },
  {
    ref: 'LE001-CSW-2204-1',
    group: 'LE001-CSW',
    date: '2022-04-14',
    site: 'Abbey Lane',
    site_code: 'LE001-S1',
    hours: '6',
    vehicles_checked: '241',
    members: 'LE001-M06;LE001-M07;LE001-M09;LE001-M10',
  },
];

/** [session, registration, time, speed, limit]: AB12CDE is seen three times (first, second, police contact). */
const OFFENCES: [string, string, string, string, string][] = [
  ['LE001-CSW-2202-1', 'AB12 CDE', '08:12', '29', '20'],
  ['LE001-CSW-2202-1', 'FG34 HJK', '08:31', '27', '20'],
  ['LE001-CSW-2202-1', 'LM56 NOP', '08:47', '31', '20'],
  ['LE001-CSW-2203-1', 'QR67 STU', '16:05', '41', '30'],
  ['LE001-CSW-2203-1', 'AB12 CDE', '16:22', '39', '30'],
  ['LE001-CSW-2203-2', 'VW78 XYZ', '08:15', '28', '20'],
  ['LE001-CSW-2203-2', 'FG34 HJK', '08:40', '26', '20'],
  ['LE001-CSW-2204-1', 'AB12 CDE', '08:09', '32', '20'],
  ['LE001-CSW-2204-1', 'BC23 DEF', '08:18', '25', '20'],
  ['LE001-CSW-2204-1', 'GH45 JKL', '08:55', '27', '20'],
];

/** Loads the synthetic volunteer records (again: updates them, never duplicates). */
export async function loadVolunteersDemo(
  store: Store,
  log: (m: string) => void = console.log,
): Promise<boolean> {
  const force = await findForce(store.db, DEMO_FORCE);
  if (!force || !(await findTeam(store.db, force.id, DEMO_TEAM))) return false;
  await store.transaction(async (tx) => {
    for (const g of GROUPS)
      await saveGroup(tx, force.id, groupInput.parse({ ...g, team: DEMO_TEAM, synthetic: S }));
    for (const m of MEMBERS) await saveMember(tx, force.id, memberInput.parse({ ...m, synthetic: S }));
    for (const s of SITES) await saveSite(tx, force.id, siteInput.parse({ ...s, synthetic: S }));
    for (const s of SESSIONS) await saveSession(tx, force.id, sessionInput.parse({ ...s, synthetic: S }));
    for (const [session, registration, time, speed, limit] of OFFENCES)
      await saveOffence(tx, force.id, offenceInput.parse({ session, registration, time, speed, limit }));
  });
  log(
    `Leicestershire: SYNTHETIC volunteer records for team ${DEMO_TEAM} (2 groups, ${MEMBERS.length} members, ${SESSIONS.length} sessions)`,
  );
  return true;
}
