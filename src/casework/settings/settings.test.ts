// Casework settings: the checks (pure), a change written all or nothing, a reason in use kept, the
// areas reading what was set, the CLI's option parsing, and the API for administrators only.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { policyTestServer } from '../../../test/support/policy-server.ts';
import { as, principal } from '../../../test/support/principals.ts';
import { leicestershireStore } from '../../../test/support/stores.ts';
import { BeatwiseError } from '../../core/errors.ts';
import type { Store } from '../../core/store/store.ts';
import { reasonsOf, upsertAttendance } from '../burglary/store.ts';
import { serviceSettings } from '../referrals/store.ts';
import { RETENTION_CLASSES } from '../retention/classes.ts';
import { retentionDays } from '../retention/review.ts';
import { forceIdOf } from '../shared/http.ts';
import { parseReasonsOption, parseRetentionOption, wholeOption } from './commands.ts';
import {
  changeCaseworkSettings,
  checkReasons,
  checkRetention,
  checkServiceLevels,
  readCaseworkSettings,
} from './settings.ts';

const F = 'leicestershire';
let store: Store;
let dir: string;
let dispose: () => Promise<void>;
let forceId: number;
let team: string;

const fieldOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof BeatwiseError, String(e));
    return String((e.where as { field?: string }).field);
  }
  assert.fail('no error');
};

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  dir = t.dir;
  dispose = t.dispose;
  forceId = await forceIdOf(store, F);
  team = (
    await store.db
      .selectFrom('areas')
      .select('code')
      .where('level', '=', 'team')
      .orderBy('code')
      .executeTakeFirstOrThrow()
  ).code;
});
after(async () => dispose());

describe('checks', () => {
  test('reasons: codes are short, lower-case and unique; labels given; at least one', () => {
    assert.deepEqual(checkReasons([{ code: ' no-crime ', label: ' No crime ' }]), [
      { code: 'no-crime', label: 'No crime' },
    ]);
    assert.equal(
      fieldOf(() => checkReasons([])),
      'notAttendedReasons',
    );
    assert.equal(
      fieldOf(() => checkReasons([{ code: 'No Crime', label: 'x' }])),
      'notAttendedReasons.0.code',
    );
    assert.equal(
      fieldOf(() =>
        checkReasons([
          { code: 'a', label: 'A' },
          { code: 'a', label: 'B' },
        ]),
      ),
      'notAttendedReasons.1.code',
    );
    assert.equal(
      fieldOf(() => checkReasons([{ code: 'a', label: ' ' }])),
      'notAttendedReasons.0.label',
    );
  });

  test('service levels: whole hours 1–720, red ≤ amber ≤ green', () => {
    assert.deepEqual(checkServiceLevels({ red: 2, amber: 8, green: 40 }), { red: 2, amber: 8, green: 40 });
    assert.equal(
      fieldOf(() => checkServiceLevels({ red: 0, amber: 8, green: 40 })),
      'serviceLevels.red',
    );
    assert.equal(
      fieldOf(() => checkServiceLevels({ red: 2, amber: 8.5, green: 40 })),
      'serviceLevels.amber',
    );
    assert.equal(
      fieldOf(() => checkServiceLevels({ red: 2, amber: 8, green: 721 })),
      'serviceLevels.green',
    );
    assert.equal(
      fieldOf(() => checkServiceLevels({ red: 30, amber: 24, green: 72 })),
      'serviceLevels',
    );
  });

  test('retention: known classes only, whole days 30–36,500', () => {
    assert.deepEqual(checkRetention({ referrals: 400 }), { referrals: 400 });
    assert.equal(
      fieldOf(() => checkRetention({ nope: 400 })),
      'retentionDays.nope',
    );
    assert.equal(
      fieldOf(() => checkRetention({ referrals: 29 })),
      'retentionDays.referrals',
    );
  });

  test('the CLI options: code=Label lists, class=days, whole numbers, each error naming its option', () => {
    assert.deepEqual(parseReasonsOption('a=Alpha; b = Beta ;'), [
      { code: 'a', label: 'Alpha' },
      { code: 'b', label: 'Beta' },
    ]);
    assert.equal(
      fieldOf(() => parseReasonsOption('alpha')),
      '--reasons',
    );
    assert.deepEqual(parseRetentionOption(['referrals=400', 'offenders=500']), {
      referrals: 400,
      offenders: 500,
    });
    assert.equal(
      fieldOf(() => parseRetentionOption(['referrals']) as unknown),
      '--retention',
    );
    assert.equal(
      fieldOf(() => wholeOption('--red', '4h')),
      '--red',
    );
  });
});

describe('store', () => {
  test('defaults until set; a change is read by each area; an invalid change writes nothing', async () => {
    const before = await readCaseworkSettings(store, forceId);
    assert.deepEqual(before.serviceLevels, { red: 4, amber: 24, green: 72 });
    assert.equal(before.retention.length, RETENTION_CLASSES.length);
    assert.ok(before.notAttendedReasons.some((r) => r.code === 'victim-declined'));

    await changeCaseworkSettings(store, forceId, {
      serviceLevels: { red: 2 },
      retentionDays: { referrals: 400 },
    });
    assert.deepEqual((await serviceSettings(store.db, forceId)).levels, { red: 2, amber: 24, green: 72 });
    const referrals = RETENTION_CLASSES.find((c) => c.recordClass === 'referrals');
    assert.ok(referrals);
    assert.equal(await retentionDays(store, forceId, referrals), 400);

    // Valid reasons with an invalid retention: neither is written.
    await assert.rejects(
      changeCaseworkSettings(store, forceId, {
        notAttendedReasons: [{ code: 'x', label: 'X' }],
        retentionDays: { referrals: 1 },
      }),
      /retentionDays.referrals/,
    );
    assert.ok((await reasonsOf(store.db, forceId)).some((r) => r.code === 'victim-declined'));
    assert.equal(await retentionDays(store, forceId, referrals), 400);
  });

  test('a reason used by attendance records cannot be dropped from the list', async () => {
    await upsertAttendance(
      store,
      forceId,
      [
        {
          crimeRef: 'SET/1',
          source: 'entered',
          unit: null,
          team,
          ownerId: null,
          reportedAt: '2022-04-01T10:00:00Z',
          vulnerable: false,
          state: 'not-attended',
          scheduledFor: null,
          attendedAt: null,
          reason: 'no-crime',
          victimContact: null,
          synthetic: false,
        },
      ],
      'test',
    );
    await assert.rejects(
      changeCaseworkSettings(store, forceId, {
        notAttendedReasons: [{ code: 'duplicate', label: 'Duplicate' }],
      }),
      /"no-crime" is the reason of 1 attendance records/,
    );
    const after = await changeCaseworkSettings(store, forceId, {
      notAttendedReasons: [
        { code: 'no-crime', label: 'No crime' },
        { code: 'wrong-address', label: 'Wrong address given' },
      ],
    });
    assert.deepEqual(
      after.notAttendedReasons.map((r) => r.code),
      ['no-crime', 'wrong-address'],
    );
    assert.deepEqual(
      (await reasonsOf(store.db, forceId)).map((r) => r.code),
      ['no-crime', 'wrong-address'],
    );
  });
});

describe('API: administrators only', () => {
  let app: FastifyInstance;
  const url = `/api/forces/${F}/casework/settings`;
  const admin = principal('admin-1', { role: 'administrator', force: F });
  const sergeant = principal('sergeant-1', { role: 'sergeant', force: F, team: 'x' });
  before(async () => {
    app = await policyTestServer(store, join(dir, 'rejects'));
  });
  after(async () => app.close());

  test('an administrator reads and changes them; a bad value is a 400 naming the field', async () => {
    const got = await app.inject({ url, headers: as(admin) });
    assert.equal(got.statusCode, 200, got.body);
    assert.ok(Array.isArray(got.json().retention));
    const bad = await app.inject({
      method: 'POST',
      url,
      headers: as(admin),
      payload: { serviceLevels: { red: 100, amber: 24 } },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details.field, 'serviceLevels');
    const shape = await app.inject({ method: 'POST', url, headers: as(admin), payload: { colour: 'red' } });
    assert.equal(shape.statusCode, 400);
    const ok = await app.inject({
      method: 'POST',
      url,
      headers: as(admin),
      payload: { serviceLevels: { amber: 12 }, retentionDays: { offenders: 1000 } },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().serviceLevels.amber, 12);
    assert.equal(
      ok.json().retention.find((r: { recordClass: string }) => r.recordClass === 'offenders').days,
      1000,
    );
  });

  test('a sergeant and the public are refused', async () => {
    assert.equal((await app.inject({ url, headers: as(sergeant) })).statusCode, 403);
    assert.equal(
      (
        await app.inject({
          method: 'POST',
          url,
          headers: as(sergeant),
          payload: { serviceLevels: { red: 1 } },
        })
      ).statusCode,
      403,
    );
    assert.equal((await app.inject({ url })).statusCode, 401);
    assert.equal((await serviceSettings(store.db, forceId)).levels.red, 2);
  });
});
