import type { Kysely } from 'kysely';
import type { LockoutSettings } from './settings.ts';
import type { AccessTables } from './tables.ts';

/** Whether an account may sign in now: disabled by an administrator, locked after failures, or open. */
export type AccountState = { state: 'open' } | { state: 'disabled' } | { state: 'locked'; until: number };

export async function accountState(
  db: Kysely<AccessTables>,
  userId: string,
  now: number,
): Promise<AccountState> {
  const row = await db
    .selectFrom('user_access')
    .select(['disabled_at', 'locked_until'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (row?.disabled_at) return { state: 'disabled' };
  if (row?.locked_until && row.locked_until > now) return { state: 'locked', until: row.locked_until };
  return { state: 'open' };
}

/**
 * Counts a failed password sign-in; the `attempts`-th in a row locks the account for `seconds`
 * (and starts the count again). Returns the time the lock ends, or null when not locked.
 */
export async function recordFailedSignIn(
  db: Kysely<AccessTables>,
  userId: string,
  lockout: LockoutSettings,
  now: number,
): Promise<number | null> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('user_access')
      .select(['failed_sign_ins', 'locked_until'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    // A lock that has ended starts the count again.
    const before = row?.locked_until && row.locked_until <= now ? 0 : (row?.failed_sign_ins ?? 0);
    const failed = before + 1;
    const lockedUntil = failed >= lockout.attempts ? now + lockout.seconds * 1000 : null;
    const values = { failed_sign_ins: lockedUntil ? 0 : failed, locked_until: lockedUntil };
    if (row) await tx.updateTable('user_access').set(values).where('user_id', '=', userId).execute();
    else
      await tx
        .insertInto('user_access')
        .values({ user_id: userId, disabled_at: null, ...values })
        .execute();
    return lockedUntil;
  });
}

/** A successful sign-in clears the failures and any ended lock. */
export async function clearFailedSignIns(db: Kysely<AccessTables>, userId: string): Promise<void> {
  await db
    .updateTable('user_access')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('user_id', '=', userId)
    .execute();
}

/** The message a locked account gets. */
export function lockedMessage(until: number): string {
  const minutes = Math.max(1, Math.ceil((until - Date.now()) / 60_000));
  return (
    `This account is locked after too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, ` +
    'or ask an administrator to unlock it (`beatwise user unlock EMAIL`).'
  );
}

export const DISABLED_MESSAGE =
  'This account is disabled. Ask a Beatwise administrator if you should still have access.';
