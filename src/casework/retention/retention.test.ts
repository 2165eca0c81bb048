// Retention: records past their period are listed per class (a force's own period wins), removing
// their personal data is logged in the audit log, and the aggregate figures do not change.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { leicestershireStore } from '../../../test/support/stores.ts';
import type { AuditLogTable } from '../../audit/model.ts';
import type { Store } from '../../core/store/store.ts';
import { figuresOf } from '../burglary/figures.ts';
import { listAttendance, upsertAttendance } from '../burglary/store.ts';
import { forceIdOf } from '../shared/http.ts';
import { writeSetting } from '../shared/settings.ts';
import { applyRetention, reviewRetention } from './review.ts';

let store: Store;
let dispose: () => Promise<void>;
let forceId: number;

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  dispose = t.dispose;
  forceId = await forceIdOf(store, 'leicestershire');
  const team = (
    await store.db.selectFrom('areas').select('code').where('level', '=', 'team').executeTakeFirstOrThrow()
  ).code;
  const rec = (crimeRef: string, reportedAt: string, state: 'attended' | 'reported') => ({
    crimeRef,
    source: 'csv' as const,
    unit: null,
    team,
    ownerId: 'officer-1',
    reportedAt,
    vulnerable: false,
    state,
    scheduledFor: null,
    attendedAt: state === 'attended' ? reportedAt.replace('T10', 'T12') : null,
    reason: null,
    victimContact: '07700 900000',
    synthetic: false,
  });
  await upsertAttendance(
    store,
    forceId,
    [
      rec('OLD/1', '2020-01-10T10:00:00Z', 'attended'),
      rec('OLD/2', '2020-02-10T10:00:00Z', 'reported'),
      rec('NEW/1', '2022-12-10T10:00:00Z', 'attended'),
    ],
    't',
  );
});
after(async () => dispose());

test('review lists what is due per class; a force setting changes the period', async () => {
  const asOf = Date.parse('2023-01-01T00:00:00Z');
  const r = await reviewRetention(store, forceId, asOf);
  const b = r.find((c) => c.recordClass === 'burglary-attendance');
  assert.deepEqual(
    b?.due.map((d) => [d.date, d.dueOn]),
    [
      ['2020-01-10', '2022-01-09'],
      ['2020-02-10', '2022-02-09'],
    ],
  );
  assert.deepEqual(r.find((c) => c.recordClass === 'referrals')?.due, []);
  await writeSetting(store.db, forceId, 'retention.burglary-attendance', 3 * 365);
  const longer = await reviewRetention(store, forceId, asOf);
  assert.equal(longer.find((c) => c.recordClass === 'burglary-attendance')?.due.length, 0);
  await writeSetting(store.db, forceId, 'retention.burglary-attendance', 730);
});

test('removing personal data is logged per record and leaves the figures intact', async () => {
  const asOf = Date.parse('2023-01-01T00:00:00Z');
  const before = figuresOf('all', await listAttendance(store.db, { forceId }));
  const n = await applyRetention(store, await reviewRetention(store, forceId, asOf), 'cli:tester');
  assert.equal(n, 2);
  const records = await listAttendance(store.db, { forceId });
  assert.deepEqual(figuresOf('all', records), before);
  const old = records.filter((r) => r.crimeRef.startsWith('OLD'));
  assert.ok(old.every((r) => r.redacted && r.victimContact === null && r.ownerId === null));
  assert.equal(records.find((r) => r.crimeRef === 'NEW/1')?.victimContact, '07700 900000');
  const again = await reviewRetention(store, forceId, asOf);
  assert.equal(again.find((c) => c.recordClass === 'burglary-attendance')?.due.length, 0);
  const log = (await store.db
    .selectFrom('audit_log' as never)
    .selectAll()
    .execute()) as AuditLogTable[];
  const entries = log.filter((e) => e.route === 'retention: personal data removed');
  assert.equal(entries.length, 2);
  assert.equal(entries[0].user_id, 'cli:tester');
  assert.equal(JSON.parse(entries[0].object_ids).recordClass, 'burglary-attendance');
});
