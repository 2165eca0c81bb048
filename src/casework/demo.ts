import { Rng } from '../core/rng.ts';
import type { Store } from '../core/store/store.ts';
import { attendanceFromExtract } from './burglary/from-extract.ts';
import { upsertAttendance } from './burglary/store.ts';
import { IOM_EVENT_KINDS, PATHWAYS, TIERS } from './offenders/model.ts';
import { addEvents, linkCrimes, listMembers, upsertMembers } from './offenders/store.ts';
import { GRADES, REFERRAL_CATEGORIES } from './referrals/model.ts';
import { type NewReferral, upsertReferrals } from './referrals/store.ts';
import { forceIdOf } from './shared/http.ts';
import { cdb } from './shared/schema.ts';
import { isoUtc } from './shared/time.ts';

const PARTNERS = [
  "Children's services",
  'Adult social care',
  'Victim Support',
  'Mind',
  'Women’s Aid',
  'Housing',
];

/**
 * The demo's casework, all SYNTHETIC: attendance records for the synthetic extract's home
 * burglaries, and for the team with most of them a small generated set — a few burglaries entered
 * and not yet attended, referrals in every state, and an IOM cohort with events and crime links —
 * so every casework page has data. Seeded: the same set every time; idempotent.
 */
export async function loadCaseworkDemo(store: Store, force: string, log: (m: string) => void): Promise<void> {
  const forceId = await forceIdOf(store, force);
  const b = await attendanceFromExtract(store, forceId);
  log(`${force}: ${b.burglaries} home burglary attendance records from the SYNTHETIC extract`);
  const teamRow = await topTeam(store, forceId);
  if (!teamRow) return;
  const { team, unit } = teamRow;
  const rng = new Rng(20230131);
  const base = Date.parse('2023-03-01T08:00:00Z');
  const hour = 3_600_000;

  await upsertAttendance(
    store,
    forceId,
    [0, 1, 2].map((i) => ({
      crimeRef: `SYN-DEMO-B${i + 1}`,
      source: 'entered' as const,
      unit,
      team,
      ownerId: null,
      reportedAt: isoUtc(base + (20 + i) * 24 * hour + 9 * hour),
      vulnerable: i === 0,
      state: i === 2 ? ('scheduled' as const) : ('reported' as const),
      scheduledFor: i === 2 ? isoUtc(base + 23 * 24 * hour + 10 * hour) : null,
      attendedAt: null,
      reason: null,
      victimContact: `07700 9000${10 + i} (SYNTHETIC)`,
      synthetic: true,
    })),
    'demo (SYNTHETIC)',
  );

  const referrals: NewReferral[] = [];
  for (let i = 0; i < 18; i++) {
    const received = base - 60 * 24 * hour + rng.int(88) * 24 * hour + rng.int(10) * hour;
    const grade = GRADES[rng.int(3)];
    const stage = rng.int(5);
    const actioned = stage >= 2 ? received + (1 + rng.int(grade === 'red' ? 8 : 60)) * hour : null;
    const signposted = rng.float() < 0.4;
    referrals.push({
      ref: `SYN-REF-${String(i + 1).padStart(3, '0')}`,
      category: REFERRAL_CATEGORIES[rng.int(REFERRAL_CATEGORIES.length - 1)],
      personRef: `SYN-P-${1000 + i}`,
      victimContact: `07700 9001${String(i).padStart(2, '0')} (SYNTHETIC)`,
      grade,
      unit,
      team,
      ownerId: null,
      partner: actioned ? PARTNERS[rng.int(PARTNERS.length)] : null,
      state:
        stage === 0
          ? 'new'
          : stage === 1
            ? 'triaged'
            : stage === 4
              ? 'closed'
              : signposted
                ? 'signposted'
                : 'referred',
      outcome: actioned ? (signposted ? 'signposted' : 'referred') : null,
      receivedAt: isoUtc(received),
      actionedAt: actioned ? isoUtc(actioned) : null,
      closedAt: stage === 4 && actioned ? isoUtc(actioned + 5 * 24 * hour) : null,
      synthetic: true,
    });
  }
  await upsertReferrals(store, forceId, referrals, 'demo (SYNTHETIC)');

  await upsertMembers(
    store,
    forceId,
    [0, 1, 2, 3, 4, 5].map((i) => ({
      offenderRef: `SYN-IOM-${String(i + 1).padStart(3, '0')}`,
      tier: TIERS[i % 3],
      score: 40 + rng.int(60),
      scoreSource: i % 2 ? 'MoRiLE matrix (SYNTHETIC)' : 'IOM selection tool (SYNTHETIC)',
      unit,
      team,
      ownerId: null,
      enteredOn: `2022-${String(6 + i).padStart(2, '0')}-${String(1 + rng.int(27)).padStart(2, '0')}`,
      exitedOn: i === 5 ? '2023-02-20' : null,
      pathways: [PATHWAYS[i % PATHWAYS.length], PATHWAYS[(i + 2) % PATHWAYS.length]],
      synthetic: true,
    })),
  );
  const members = (await listMembers(store.db, { forceId, team })).filter((m) =>
    m.offenderRef.startsWith('SYN-IOM-'),
  );
  const events = members.flatMap((m) =>
    [0, 1, 2, 3].map((j) => ({
      memberId: m.id,
      kind: IOM_EVENT_KINDS[j === 0 ? 0 : j === 3 ? 2 + rng.int(2) : 1],
      onDate: `2023-0${1 + rng.int(3)}-${String(1 + rng.int(27)).padStart(2, '0')}`,
      note: 'SYNTHETIC',
    })),
  );
  await addEvents(store, events, 'demo (SYNTHETIC)');
  const crimes = await store.db
    .selectFrom('crimes')
    .innerJoin('areas', 'areas.id', 'crimes.team_id')
    .select('crimes.crime_id')
    .where('crimes.force_id', '=', forceId)
    .where('areas.code', '=', team)
    .where('crimes.crime_id', 'is not', null)
    .where('crimes.month', '>=', 12 * (2021 - 1970) + 6)
    .orderBy('crimes.id')
    .execute();
  const links = members.flatMap((m) =>
    Array.from({ length: 6 }, () => ({
      offenderRef: m.offenderRef,
      crimeRef: String(crimes[rng.int(crimes.length)]?.crime_id ?? ''),
    })),
  );
  await linkCrimes(
    store,
    forceId,
    links.filter((l) => l.crimeRef !== ''),
  );
  log(
    `${force}: SYNTHETIC casework for team ${team}: 3 burglaries entered, ${referrals.length} referrals, ${members.length} IOM members`,
  );
}

async function topTeam(store: Store, forceId: number): Promise<{ team: string; unit: string | null } | null> {
  const r = await cdb(store.db)
    .selectFrom('burglary_attendance')
    .select(['team_code', 'unit_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('force_id', '=', forceId)
    .where('team_code', 'is not', null)
    .groupBy(['team_code', 'unit_code'])
    .orderBy('n', 'desc')
    .orderBy('team_code')
    .limit(1)
    .executeTakeFirst();
  return r?.team_code ? { team: r.team_code, unit: r.unit_code } : null;
}
