// Retention of the volunteer and engagement records through the real command
// (`beatwise retention review --delete`): the personal fields go (registrations, names,
// contact details, who recorded an event), each removal is in the audit log, and the monthly
// figures of every old month are the same before and after, letter stages included.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { leicestershireStore } from '../../../test/support/stores.ts';
import type { AuditLogTable } from '../../audit/model.ts';
import { buildProgram } from '../../cli-program.ts';
import type { Store } from '../../core/store/store.ts';
import { requireForce } from '../../force/index.ts';
import { loadEngagementDemo } from '../engagement/demo.ts';
import { engagementMonthlyFigures } from '../engagement/monthly.ts';
import { edb } from '../engagement/schema.ts';
import { forceEngagementFigures } from '../engagement/store.ts';
import { DEMO_FORCE, loadVolunteersDemo } from './demo.ts';
import { volunteersMonthlyFigures } from './monthly.ts';
import { REMOVED_NAME } from './retention.ts';
import { vdb } from './schema.ts';
import { forceLetters, forceVolunteerFigures } from './store.ts';

let store: Store;
let location: string;
let dispose: () => Promise<void>;
let forceId: number;
const MONTHS = ['2022-02', '2022-03', '2022-04'];

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  location = t.location;
  dispose = t.dispose;
  assert.ok(await loadVolunteersDemo(store, () => {}));
  assert.ok(await loadEngagementDemo(store, () => {}));
  forceId = (await requireForce(store.db, DEMO_FORCE)).id;
  // Every engagement record was entered by someone (the demo's are loaded without a user).
  const e = edb(store.db);
  await e.updateTable('engagement_events').set({ owner_id: 'pc-7' }).execute();
  await e.updateTable('neighbourhood_priorities').set({ owner_id: 'sgt-7' }).execute();
});
after(async () => dispose());

/** Every figure the board paper and the pages show, per month. */
async function figures() {
  const out: unknown[] = [];
  for (const month of MONTHS) {
    out.push(await volunteersMonthlyFigures(store, { force: DEMO_FORCE, month }));
    out.push(await engagementMonthlyFigures(store, { force: DEMO_FORCE, month }));
  }
  out.push((await forceVolunteerFigures(store.db, forceId)).rows);
  out.push((await forceEngagementFigures(store.db, forceId, {})).rows);
  out.push((await forceLetters(store.db, forceId)).map((l) => [l.offenceId, l.date, l.stage, l.previous]));
  return out;
}

async function retentionDelete(asOf: string): Promise<void> {
  const log = console.log;
  console.log = () => {};
  try {
    await buildProgram().parseAsync([
      'node',
      'beatwise',
      '--db',
      location,
      'retention',
      'review',
      '--force',
      DEMO_FORCE,
      '--as-of',
      asOf,
      '--delete',
    ]);
  } finally {
    console.log = log;
  }
}

const offences = () =>
  vdb(store.db)
    .selectFrom('speedwatch_offences')
    .select(['id', 'registration', 'seen_on'])
    .where('force_id', '=', forceId)
    .orderBy('id')
    .execute();

test('a year on, old sightings lose their registration, but not one a later letter still counts', async () => {
  const before = await figures();
  const t0 = new Date().toISOString();
  // 365 days before 2023-03-20: sightings up to 2022-03-20 are due.
  await retentionDelete('2023-03-20');
  assert.deepEqual(await figures(), before);
  const regs = new Map((await offences()).map((o) => [o.id, o]));
  const real = (id: number) => /^[A-Z0-9]{2,8}$/.test(regs.get(id)?.registration ?? '');
  const removed = [...regs.values()].filter((o) => !real(o.id));
  // LM56NOP (02-10) and QR67STU (03-08) are gone; AB12CDE (seen again 04-14) and FG34HJK (seen
  // again 03-24) are held for their later letters; nothing after the cutoff is touched.
  assert.equal(removed.length, 2);
  assert.ok(removed.every((o) => o.seen_on <= '2022-03-20'));
  assert.ok([...regs.values()].some((o) => o.registration === 'AB12CDE' && o.seen_on === '2022-02-10'));
  const log = (
    (await store.db
      .selectFrom('audit_log' as never)
      .selectAll()
      .execute()) as AuditLogTable[]
  ).filter((e) => e.at >= t0 && e.route === 'retention: personal data removed');
  assert.deepEqual(
    log.map((e) => JSON.parse(e.object_ids)).filter((o) => o.recordClass === 'speedwatch-offence').length,
    2,
  );
});

test('years on, every registration, a leaver’s name and contacts and who recorded engagement are gone; figures unchanged', async () => {
  const before = await figures();
  const t0 = new Date().toISOString();
  await retentionDelete('2030-01-01');
  assert.deepEqual(await figures(), before);
  assert.ok((await offences()).every((o) => o.registration.startsWith('~')));
  const letters = await forceLetters(store.db, forceId);
  assert.deepEqual(
    letters.filter((l) => l.stage === 'police-contact').map((l) => [l.date, l.registration]),
    [['2022-04-14', '(removed)']],
  );
  const members = await vdb(store.db)
    .selectFrom('volunteer_members')
    .select(['ref', 'name', 'email', 'phone', 'left_on'])
    .where('force_id', '=', forceId)
    .execute();
  const left = members.filter((m) => m.left_on !== null);
  assert.ok(left.length > 0);
  for (const m of left) assert.deepEqual([m.name, m.email, m.phone], [REMOVED_NAME, null, null]);
  // Members still active keep their details (they are not due).
  assert.ok(members.filter((m) => m.left_on === null).every((m) => m.name !== REMOVED_NAME));
  const e = edb(store.db);
  assert.deepEqual(
    await e.selectFrom('engagement_events').select('owner_id').where('owner_id', 'is not', null).execute(),
    [],
  );
  assert.deepEqual(
    await e
      .selectFrom('neighbourhood_priorities')
      .select('owner_id')
      .where('owner_id', 'is not', null)
      .execute(),
    [],
  );
  const log = (
    (await store.db
      .selectFrom('audit_log' as never)
      .selectAll()
      .execute()) as AuditLogTable[]
  ).filter((x) => x.at >= t0);
  const classes = new Set(log.map((x) => JSON.parse(x.object_ids).recordClass));
  for (const c of ['speedwatch-offence', 'volunteer-member', 'engagement-event', 'neighbourhood-priority'])
    assert.ok(classes.has(c), c);
  assert.ok(
    log.every((x) => x.route === 'retention: personal data removed' && (x.user_id ?? '').startsWith('cli:')),
  );
  // Nothing is due a second time.
  const again = new Date().toISOString();
  await retentionDelete('2030-01-01');
  assert.equal(
    (
      (await store.db
        .selectFrom('audit_log' as never)
        .selectAll()
        .execute()) as AuditLogTable[]
    ).filter((x) => x.at >= again).length,
    0,
  );
});
