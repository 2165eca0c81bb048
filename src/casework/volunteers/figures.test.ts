import assert from 'node:assert/strict';
import { test } from 'node:test';
import { totalFigures, volunteerFigures } from './figures.ts';
import { lettersFor } from './letters.ts';

test('figures per team and month: sessions, hours, vehicles, offences, letters by stage, active members', () => {
  const sessions = [
    {
      id: 1,
      team: 'T1',
      date: '2022-03-01',
      hours: 4.5,
      vehiclesChecked: 100,
      offences: 2,
      memberIds: [1, 2],
    },
    { id: 2, team: 'T1', date: '2022-03-20', hours: 3, vehiclesChecked: 50, offences: 1, memberIds: [2, 3] },
    { id: 3, team: 'T1', date: '2022-04-02', hours: 2, vehiclesChecked: null, offences: 0, memberIds: [1] },
    { id: 4, team: 'T2', date: '2022-03-05', hours: 1.25, vehiclesChecked: null, offences: 0, memberIds: [] },
  ];
  const letters = lettersFor([
    { id: 1, registration: 'A', date: '2022-03-01', time: '08:00' },
    { id: 2, registration: 'B', date: '2022-03-01', time: '08:10' },
    { id: 3, registration: 'A', date: '2022-03-20', time: '08:00' },
  ]).map((l) => ({ ...l, team: 'T1' }));
  const rows = volunteerFigures(sessions, letters);
  assert.deepEqual(
    rows.map((r) => [r.month, r.team, r.sessions, r.hours, r.vehiclesChecked, r.offences, r.activeMembers]),
    [
      ['2022-03', 'T1', 2, 7.5, 150, 3, 3],
      ['2022-03', 'T2', 1, 1.25, 0, 0, 0],
      ['2022-04', 'T1', 1, 2, 0, 0, 1],
    ],
  );
  assert.deepEqual(rows[0].letters, { 'first-letter': 2, 'second-letter': 1, 'police-contact': 0 });
  const t = totalFigures(rows.slice(0, 2), 'Total', '2022-03');
  assert.equal(t.sessions, 3);
  assert.equal(t.hours, 8.75);
  assert.equal(t.letters['first-letter'], 2);
});

test('no records, no rows (never zeros that mean unknown)', () => {
  assert.deepEqual(volunteerFigures([], []), []);
});
