import type { Store } from '../core/store/store.ts';
import { upsertAttendance } from './burglary/store.ts';
import { upsertMembers } from './offenders/store.ts';
import { upsertReferrals } from './referrals/store.ts';
import { forceIdOf } from './shared/http.ts';

/** One record per casework area (each id 1 in a fresh store) in `team` of `unit`, owned by `ownerId`: for route tests. */
export async function seedOneOfEach(
  store: Store,
  force: string,
  unit: string,
  team: string,
  ownerId: string,
): Promise<void> {
  const forceId = await forceIdOf(store, force);
  await upsertAttendance(
    store,
    forceId,
    [
      {
        crimeRef: 'T/1',
        source: 'entered',
        unit,
        team,
        ownerId,
        reportedAt: '2022-04-01T10:00:00Z',
        vulnerable: false,
        state: 'reported',
        scheduledFor: null,
        attendedAt: null,
        reason: null,
        victimContact: '07700 900001',
        synthetic: true,
      },
    ],
    'test',
  );
  await upsertReferrals(
    store,
    forceId,
    [
      {
        ref: 'T/1',
        category: 'child',
        personRef: 'P-1',
        victimContact: '07700 900001',
        grade: 'amber',
        unit,
        team,
        ownerId,
        partner: null,
        state: 'new',
        outcome: null,
        receivedAt: '2022-04-01T10:00:00Z',
        actionedAt: null,
        closedAt: null,
        synthetic: true,
      },
    ],
    'test',
  );
  await upsertMembers(store, forceId, [
    {
      offenderRef: 'T-1',
      tier: 'fixed',
      score: 1,
      scoreSource: 'test',
      unit,
      team,
      ownerId,
      enteredOn: '2022-04-01',
      exitedOn: null,
      pathways: [],
      synthetic: true,
    },
  ]);
}
