import type { Generated, Kysely } from 'kysely';
import type { Store } from '../core/store/store.ts';

/**
 * The identity tables as Kysely sees them (migration 007). `user`, `session`, `account`,
 * `verification` and `twoFactor` are better-auth's, with its column names; `user_roles` and
 * `user_access` are ours. Dates are ISO strings in SQLite.
 */
export interface UserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: number | boolean;
  image: string | null;
  createdAt: string | Date;
  updatedAt: string | Date;
  twoFactorEnabled: number | boolean | null;
}

export interface SessionTable {
  id: string;
  token: string;
  userId: string;
  expiresAt: string | Date;
  signInMethod: string | null;
}

export interface AccountTable {
  id: string;
  userId: string;
  providerId: string;
  accountId: string;
}

export interface UserRolesTable {
  id: Generated<number>;
  user_id: string;
  role: string;
  force: string | null;
  unit: string | null;
  team: string | null;
  /** 'local' (given by an administrator) or 'oidc' (from the identity provider's groups at sign-in). */
  source: string;
}

export interface UserAccessTable {
  user_id: string;
  /** When an administrator disabled the account (ISO), or null. */
  disabled_at: string | null;
  /** Failed password sign-ins since the last success. */
  failed_sign_ins: number;
  /** Until when the account is locked (epoch ms), or null. */
  locked_until: number | null;
}

export type AccessTables = {
  user: UserTable;
  session: SessionTable;
  account: AccountTable;
  user_roles: UserRolesTable;
  user_access: UserAccessTable;
};

/** The store's database with the identity tables typed. */
export function accessDb(store: Store): Kysely<AccessTables> {
  return store.db.withTables<AccessTables>() as unknown as Kysely<AccessTables>;
}
