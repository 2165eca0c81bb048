// Integrated Offender Management: member, event and crime-link imports with rejects and re-import,
// offending before/after entry (pure, harm-weighted), monthly figures with the caveat, and the routes'
// authorisation and audit.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { policyTestServer } from '../../../test/support/policy-server.ts';
import { as, principal } from '../../../test/support/principals.ts';
import { leicestershireStore } from '../../../test/support/stores.ts';
import type { AuditLogTable } from '../../audit/model.ts';
import type { Store } from '../../core/store/store.ts';
import { importCrimeFiles } from '../../crime/index.ts';
import { forceIdOf } from '../shared/http.ts';
import { beforeAfter } from './before-after.ts';
import { importEventsCsv, importLinksCsv, importMembersCsv } from './csv.ts';
import type { CohortMember } from './model.ts';
import { offendersMonthlyFigures } from './monthly.ts';
import { linksOf, listMembers } from './store.ts';

const F = 'leicestershire';
let store: Store;
let dir: string;
let dispose: () => Promise<void>;
let forceId: number;
let team: string;
let otherTeam: string;

test('before/after entry: window, cut at exit and as-of, harm-weighted, unweighted counted', () => {
  const m: CohortMember = {
    id: 1,
    offenderRef: 'OFF-1',
    tier: 'fixed',
    score: 80,
    scoreSource: 'MoRiLE',
    unit: 'U',
    team: 'T',
    enteredOn: '2022-07-15',
    exitedOn: '2022-10-01',
    pathways: [],
    synthetic: false,
  };
  const l = (month: string, harm: number | null) => ({ offenderRef: 'OFF-1', crimeRef: month, month, harm });
  const b = beforeAfter(
    m,
    [
      l('2021-06', 5),
      l('2021-07', 10),
      l('2022-06', 20),
      l('2022-07', 1),
      l('2022-10', null),
      l('2022-11', 99),
    ],
    12,
    '2023-01',
  );
  assert.deepEqual(
    [b.monthsAfter, b.crimesBefore, b.harmBefore, b.crimesAfter, b.harmAfter, b.unweighted],
    [4, 2, 30, 2, 1, 1],
  );
});

before(async () => {
  const t = await leicestershireStore();
  store = t.store;
  dir = t.dir;
  dispose = t.dispose;
  const file = join(dir, 'extract.csv');
  writeFileSync(
    file,
    [
      'crime_reference,recorded_at,occurred_from,offence_code,category,lat,lon,falls_within',
      'LE/10,2022-03-01 09:00,2022-03-01 02:00,28E,Burglary,52.63,-1.13,Leicestershire Police',
      'LE/11,2022-05-01 09:00,2022-05-01 02:00,105A,Violence and sexual offences,52.63,-1.13,Leicestershire Police',
      'LE/12,2022-09-01 09:00,2022-09-01 02:00,28E,Burglary,52.63,-1.13,Leicestershire Police',
    ].join('\n'),
  );
  await importCrimeFiles(store, [file], { force: F, rejectsDir: join(dir, 'rejects') });
  forceId = await forceIdOf(store, F);
  const teams = await store.db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'team')
    .orderBy('code')
    .execute();
  team = teams[0].code;
  otherTeam = teams[1].code;
});
after(async () => dispose());

describe('imports', () => {
  test('members, events and links: rejects with reasons, re-import never duplicates', async () => {
    const members = join(dir, 'iom.csv');
    writeFileSync(
      members,
      [
        'offender_ref,tier,score,score_source,team,entered_on,exited_on,pathways,synthetic',
        `OFF-1,fixed,82,MoRiLE,${team},2022-06-01,,accommodation;substance-misuse,N`,
        `OFF-2,flex,40,IOM matrix,${team},2022-06-10,2022-08-01,,N`,
        `John Smith,free,,,${team},2022-06-01,,,N`,
        `OFF-4,gold,,,${team},2022-06-01,,,N`,
        `OFF-5,free,,,${team},2022-06-01,,fishing,N`,
      ].join('\n'),
    );
    const s = await importMembersCsv(store, forceId, members, join(dir, 'rejects'));
    assert.deepEqual([s.rows, s.inserted, s.rejected], [5, 2, 3]);
    const text = readFileSync(s.rejectsPath ?? '', 'utf8');
    assert.match(text, /,4,offender_ref,"?offender_ref must be a pseudonymised reference/);
    assert.match(text, /,5,tier,/);
    assert.match(text, /,6,pathways,/);
    assert.deepEqual((await importMembersCsv(store, forceId, members, join(dir, 'rejects'))).unchanged, 2);

    const events = join(dir, 'events.csv');
    writeFileSync(
      events,
      [
        'offender_ref,kind,on_date,note',
        'OFF-1,visit,2022-06-20,home visit',
        'OFF-1,recall,2022-06-21,',
        'OFF-9,visit,2022-06-20,',
      ].join('\n'),
    );
    const e = await importEventsCsv(store, forceId, events, join(dir, 'rejects'), 'tester');
    assert.deepEqual([e.inserted, e.rejected], [2, 1]);
    assert.equal((await importEventsCsv(store, forceId, events, join(dir, 'rejects'), 'tester')).inserted, 0);

    const links = join(dir, 'links.csv');
    writeFileSync(
      links,
      ['offender_ref,crime_ref', 'OFF-1,LE/10', 'OFF-1,LE/11', 'OFF-1,LE/12', 'OFF-1,LE/99'].join('\n'),
    );
    const k = await importLinksCsv(store, forceId, links, join(dir, 'rejects'));
    assert.deepEqual([k.inserted, k.rejected], [3, 1]);
    assert.match(readFileSync(k.rejectsPath ?? '', 'utf8'), /,5,crime_ref,"?no crime ""?LE\/99/);
    assert.equal((await importLinksCsv(store, forceId, links, join(dir, 'rejects'))).inserted, 0);
    const stored = await linksOf(store.db, forceId);
    assert.ok(
      stored.every((l) => l.harm !== null && l.harm > 0),
      'each linked crime weighted by the force harm weights',
    );
  });

  test('monthly figures: cohort by tier, events, before/after with the caveat', async () => {
    const m = await offendersMonthlyFigures(store, { force: F, month: '2022-06' });
    assert.equal(m.hasData, true);
    assert.match(
      m.sentences[0],
      /held 2 people in 2022-06 \(1 fixed, 1 flex, 0 free\); 2 entered and 0 left/,
    );
    assert.match(m.sentences[1], /1 visits.*1 recalls/);
    assert.match(m.sentences[2], /1 members with linked crimes: 2 crimes .* before entry and 0/);
    assert.match(m.caveats[0], /not an evaluation/);
  });
});

describe('routes', () => {
  let app: FastifyInstance;
  const url = `/api/forces/${F}/casework/offenders`;
  const why = { 'x-beatwise-reason': 'IOM cohort review meeting' };
  before(async () => {
    app = await policyTestServer(store, join(dir, 'rejects'));
  });
  after(async () => app.close());

  test('a sergeant reads the team’s members (not another team’s: 404) but may not add; officers see none', async () => {
    const id = (await listMembers(store.db, { forceId })).find((m) => m.offenderRef === 'OFF-1')?.id;
    const sergeant = principal('sergeant-1', { role: 'sergeant', force: F, team });
    const r = await app.inject({ url: `${url}/${id}`, headers: { ...as(sergeant), ...why } });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().beforeAfter.crimesBefore, 2);
    assert.match(r.json().beforeAfter.caveat, /not an evaluation/);
    const other = principal('sergeant-2', { role: 'sergeant', force: F, team: otherTeam });
    assert.equal(
      (await app.inject({ url: `${url}/${id}`, headers: { ...as(other), ...why } })).statusCode,
      404,
    );
    const add = await app.inject({
      method: 'POST',
      url,
      headers: as(sergeant),
      payload: { offenderRef: 'OFF-7', tier: 'free', team, enteredOn: '2022-07-01' },
    });
    assert.equal(add.statusCode, 403);
    const officer = principal('officer-1', { role: 'officer', force: F, team });
    assert.equal((await app.inject({ url, headers: { ...as(officer), ...why } })).statusCode, 403);
  });

  test('an administrator adds a member and an event (form errors name the field); audited', async () => {
    const admin = principal('admin-1', { role: 'administrator' });
    const bad = await app.inject({
      method: 'POST',
      url,
      headers: as(admin),
      payload: { offenderRef: 'Jane Doe', tier: 'free', team, enteredOn: '2022-07-01' },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /offenderRef: a pseudonymised reference/);
    const ok = await app.inject({
      method: 'POST',
      url,
      headers: as(admin),
      payload: { offenderRef: 'OFF-7', tier: 'free', team, enteredOn: '2022-07-01', pathways: ['health'] },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const id = ok.json().record.id;
    const ev = await app.inject({
      method: 'POST',
      url: `${url}/${id}/events`,
      headers: as(admin),
      payload: { kind: 'visit', onDate: '2022-06-01' },
    });
    assert.equal(ev.statusCode, 400);
    assert.match(ev.json().error.message, /before the member entered/);
    await new Promise((r) => setTimeout(r, 50));
    const log = (await store.db
      .selectFrom('audit_log' as never)
      .selectAll()
      .orderBy('id' as never)
      .execute()) as AuditLogTable[];
    assert.ok(
      log.some(
        (e) =>
          e.kind === 'write' &&
          e.route === '/api/forces/:force/casework/offenders' &&
          e.outcome === '200' &&
          e.user_id === 'admin-1',
      ),
    );
    assert.ok(
      log.some(
        (e) =>
          e.kind === 'personal-read' &&
          e.route === '/api/forces/:force/casework/offenders/:id' &&
          e.reason === 'IOM cohort review meeting',
      ),
    );
  });
});
