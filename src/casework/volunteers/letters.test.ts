import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lettersFor, type Sighting, stageAfter } from './letters.ts';

const s = (id: number, registration: string, date: string, time = '08:00'): Sighting => ({
  id,
  registration,
  date,
  time,
});

test('a vehicle seen three times gets a first letter, a second letter, then police contact', () => {
  const letters = lettersFor([
    s(3, 'AB12CDE', '2022-04-14'),
    s(1, 'AB12CDE', '2022-02-10'),
    s(2, 'AB12CDE', '2022-03-08'),
    s(4, 'AB12CDE', '2022-04-20'),
  ]);
  assert.deepEqual(
    letters.map((l) => [l.offenceId, l.stage, l.previous]),
    [
      [1, 'first-letter', 0],
      [2, 'second-letter', 1],
      [3, 'police-contact', 2],
      [4, 'police-contact', 3],
    ],
  );
});

test('the stage follows the vehicle, not the session: other vehicles start at a first letter', () => {
  const letters = lettersFor([
    s(1, 'AB12CDE', '2022-02-10'),
    s(2, 'FG34HJK', '2022-02-10'),
    s(3, 'AB12CDE', '2022-03-01'),
  ]);
  const byId = new Map(letters.map((l) => [l.offenceId, l.stage]));
  assert.equal(byId.get(2), 'first-letter');
  assert.equal(byId.get(3), 'second-letter');
});

test('imported out of order, the stages still follow the dates', () => {
  const a = lettersFor([s(9, 'X1', '2022-05-01'), s(1, 'X1', '2022-01-01')]);
  assert.deepEqual(
    a.map((l) => [l.offenceId, l.stage]),
    [
      [1, 'first-letter'],
      [9, 'second-letter'],
    ],
  );
});

test('a sighting older than the window no longer counts; the same sighting twice is one letter', () => {
  const old = lettersFor([s(1, 'X1', '2020-01-01'), s(2, 'X1', '2022-01-01')]);
  assert.equal(old[1].stage, 'first-letter');
  const within = lettersFor([s(1, 'X1', '2021-06-01'), s(2, 'X1', '2022-01-01')]);
  assert.equal(within[1].stage, 'second-letter');
  const dup = lettersFor([s(1, 'X1', '2022-01-01', '08:10'), s(2, 'X1', '2022-01-01', '08:10')]);
  assert.equal(dup.length, 1);
  assert.equal(stageAfter(7), 'police-contact');
});
