// CSV import of volunteer records: bad rows go to a rejects file naming file, line, field and
// reason; good rows load; importing the same file again, or an export of it, duplicates nothing.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { leicestershireStore } from '../../../test/support/stores.ts';
import type { Store } from '../../core/store/store.ts';
import { requireForce } from '../../force/index.ts';
import { importRecords } from '../shared/table-import.ts';
import { exportVolunteerRecords, VOLUNTEER_RECORD_TYPES } from './records.ts';
import { vdb } from './schema.ts';
import { forceLetters, forceVolunteerFigures } from './store.ts';

const F = 'leicestershire';
const TEAM = 'E02002827';
let store: Store;
let dir: string;
let dispose: () => Promise<void>;

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  dir = t.dir;
  dispose = t.dispose;
});
after(async () => dispose());

function file(name: string, lines: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

async function counts() {
  const v = vdb(store.db);
  const n = async (
    t:
      | 'volunteer_groups'
      | 'volunteer_members'
      | 'volunteer_sessions'
      | 'speedwatch_offences'
      | 'speedwatch_sites',
  ) =>
    Number(
      (
        await v
          .selectFrom(t)
          .select((e) => e.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    groups: await n('volunteer_groups'),
    members: await n('volunteer_members'),
    sites: await n('speedwatch_sites'),
    sessions: await n('volunteer_sessions'),
    offences: await n('speedwatch_offences'),
  };
}

function rejects(path: string | null): string[][] {
  assert.ok(path, 'a rejects file');
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').slice(0, 4));
}

const T = VOLUNTEER_RECORD_TYPES;

test('groups, members, sites, sessions and offences load; bad rows are rejected with file, line, field and reason', async () => {
  const groups = file('groups.csv', [
    'code,name,kind,team',
    `G1,Abbey StreetWatch,streetwatch,${TEAM}`,
    `G2,Abbey SpeedWatch,speedwatch,${TEAM}`,
    `G3,Bad kind,neighbourhoodwatch,${TEAM}`,
    'G4,No such team,streetwatch,E99999999',
  ]);
  const g = await importRecords(store, groups, F, T.groups);
  assert.equal(g.loaded, 2);
  assert.equal(g.rejected, 2);
  assert.deepEqual(
    rejects(g.rejectsPath).map((r) => r.slice(1, 3)),
    [
      ['4', 'kind'],
      ['5', 'team'],
    ],
  );
  assert.equal(rejects(g.rejectsPath)[0][0], groups);

  const members = file('members.csv', [
    'ref,group,name,email,phone,joined,left',
    'M1,G2,Ann,ann@example.org,07700 900001,2021-01-01,',
    'M2,G2,Bob,not-an-email,,2021-01-01,',
    'M3,G9,Cat,,,2021-01-01,',
    'M4,G2,Dan,,,2021-02-30,',
    'M5,G2,Eve,,,2021-05-01,2021-04-01',
    'M6,G1,Fay,,,2021-01-01,',
  ]);
  const m = await importRecords(store, members, F, T.members);
  assert.equal(m.loaded, 2);
  const mr = rejects(m.rejectsPath);
  assert.deepEqual(
    mr.map((r) => r.slice(1, 3)),
    [
      ['3', 'email'],
      ['4', 'group'],
      ['5', 'joined'],
      ['6', 'left'],
    ],
  );
  assert.match(readFileSync(m.rejectsPath ?? '', 'utf8'), /,5,joined,not a real date,/);

  const sites = file('sites.csv', [
    'code,group,name,limit,status,decided',
    'S1,G2,Abbey Lane,20,approved,2021-10-01',
    'S2,G2,Marfitt St,30,proposed,',
    'S3,G2,Fast road,35,approved,2021-10-01',
    'S4,G1,Street,30,approved,2021-10-01',
    'S5,G2,Undated,30,approved,',
  ]);
  const s = await importRecords(store, sites, F, T.sites);
  assert.equal(s.loaded, 2);
  assert.deepEqual(
    rejects(s.rejectsPath).map((r) => r.slice(1, 3)),
    [
      ['4', 'limit'],
      ['5', 'group'],
      ['6', 'decided'],
    ],
  );

  const sessions = file('sessions.csv', [
    'ref,group,date,site,site_code,hours,vehicles_checked,members',
    'X1,G2,2022-03-01,Abbey Lane,S1,4.5,120,M1',
    'X2,G2,2022-03-02,Marfitt St,S2,3,80,M1',
    'X3,G2,2022-03-03,Abbey Lane,S1,3,,M1',
    'X4,G1,2022-03-04,Abbey Park,,6,,M6;M1',
    'X5,G1,2022-03-05,Abbey Park,,6,,M6',
  ]);
  const x = await importRecords(store, sessions, F, T.sessions);
  assert.equal(x.loaded, 2);
  const xr = rejects(x.rejectsPath);
  assert.deepEqual(
    xr.map((r) => r.slice(1, 3)),
    [
      ['3', 'site_code'],
      ['4', 'vehicles_checked'],
      ['5', 'members'],
    ],
  );
  assert.match(readFileSync(x.rejectsPath ?? '', 'utf8'), /S2"" is proposed, not approved/);

  const offences = file('offences.csv', [
    'session,registration,time,speed,limit',
    'X1,ab12 cde,08:10,29,20',
    'X1,FG34HJK,08:20,19,20',
    'X1,FG34HJK,25:00,29,20',
    'X5,AB12CDE,08:30,29,20',
    'X9,AB12CDE,08:30,29,20',
    'X1,AB12CDE,08:40,31,20',
  ]);
  const o = await importRecords(store, offences, F, T.offences);
  assert.equal(o.loaded, 2);
  assert.deepEqual(
    rejects(o.rejectsPath).map((r) => r.slice(1, 3)),
    [
      ['3', 'speed'],
      ['4', 'time'],
      ['5', 'session'],
      ['6', 'session'],
    ],
  );
  assert.deepEqual(await counts(), { groups: 2, members: 2, sites: 2, sessions: 2, offences: 2 });

  // Letters: the same vehicle twice → first, then second.
  const f = await requireForce(store.db, F);
  assert.deepEqual(
    (await forceLetters(store.db, f.id)).map((l) => [l.registration, l.stage]),
    [
      ['AB12CDE', 'first-letter'],
      ['AB12CDE', 'second-letter'],
    ],
  );
  const { rows } = await forceVolunteerFigures(store.db, f.id, { month: '2022-03' });
  assert.deepEqual(
    rows.map((r) => [r.team, r.sessions, r.hours, r.vehiclesChecked, r.offences, r.activeMembers]),
    [[TEAM, 2, 10.5, 120, 2, 2]],
  );

  // Again: nothing duplicated.
  for (const [path, type] of [
    [groups, T.groups],
    [members, T.members],
    [sites, T.sites],
    [sessions, T.sessions],
    [offences, T.offences],
  ] as const)
    await importRecords(store, path, F, type);
  assert.deepEqual(await counts(), { groups: 2, members: 2, sites: 2, sessions: 2, offences: 2 });
});

test('an export imports again unchanged, and a missing column is named', async () => {
  const f = await requireForce(store.db, F);
  const before = await counts();
  for (const type of ['groups', 'members', 'sites', 'sessions', 'offences'] as const) {
    const { csv } = await exportVolunteerRecords(store.db, f.id, type);
    const p = file(`export-${type}.csv`, [csv.trimEnd()]);
    const r = await importRecords(store, p, F, T[type]);
    assert.equal(r.rejected, 0, `${type}: ${r.rejectsPath}`);
    const again = await exportVolunteerRecords(store.db, f.id, type);
    assert.equal(again.csv, csv, type);
  }
  assert.deepEqual(await counts(), before);
  const letters = await exportVolunteerRecords(store.db, f.id, 'letters');
  assert.match(letters.csv, /^date,registration,stage/);
  await assert.rejects(
    importRecords(store, file('bad.csv', ['code,name,kind', 'A,B,streetwatch']), F, T.groups),
    {
      code: 'casework.missing_column',
      where: { file: join(dir, 'bad.csv'), line: 1, field: 'team' },
    },
  );
});
