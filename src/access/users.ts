import type { Kysely } from 'kysely';
import { BeatwiseError } from '../core/errors.ts';
import type { Role, RoleGrant } from '../core/http/principal.ts';
import { sameGrant } from './grants.ts';
import type { AccessTables } from './tables.ts';

/** A user as `beatwise user list` and /api/me show them. */
export interface UserSummary {
  id: string;
  email: string;
  name: string;
  grants: RoleGrant[];
  disabled: boolean;
  lockedUntil: number | null;
  twoFactor: boolean;
}

function toGrant(r: {
  role: string;
  force: string | null;
  unit: string | null;
  team: string | null;
}): RoleGrant {
  const g: RoleGrant = { role: r.role as Role };
  if (r.force) g.force = r.force;
  if (r.unit) g.unit = r.unit;
  if (r.team) g.team = r.team;
  return g;
}

/** The grants a user holds (given by administrators and from the provider's groups). */
export async function grantsOf(db: Kysely<AccessTables>, userId: string): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('user_roles')
    .select(['role', 'force', 'unit', 'team'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  const out: RoleGrant[] = [];
  for (const r of rows) {
    const g = toGrant(r);
    if (!out.some((o) => sameGrant(o, g))) out.push(g);
  }
  return out;
}

/** The user with this email, or an error saying so. */
export async function userIdByEmail(db: Kysely<AccessTables>, email: string): Promise<string> {
  const row = await db
    .selectFrom('user')
    .select('id')
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!row)
    throw new BeatwiseError(
      'access.unknown_user',
      `no user ${email}; \`beatwise user list\` shows the users`,
    );
  return row.id;
}

function grantRow(userId: string, g: RoleGrant, source: 'local' | 'oidc') {
  return {
    user_id: userId,
    role: g.role,
    force: g.force ?? null,
    unit: g.unit ?? null,
    team: g.team ?? null,
    source,
  };
}

/** Gives a user a grant (nothing changes when they hold it already). */
export async function addGrant(db: Kysely<AccessTables>, userId: string, grant: RoleGrant): Promise<boolean> {
  const held = await db
    .selectFrom('user_roles')
    .select(['role', 'force', 'unit', 'team'])
    .where('user_id', '=', userId)
    .where('source', '=', 'local')
    .execute();
  if (held.some((r) => sameGrant(toGrant(r), grant))) return false;
  await db
    .insertInto('user_roles')
    .values(grantRow(userId, grant, 'local'))
    .execute();
  return true;
}

/** Takes a grant an administrator gave away; returns whether the user held it. */
export async function removeGrant(
  db: Kysely<AccessTables>,
  userId: string,
  grant: RoleGrant,
): Promise<boolean> {
  const rows = await db
    .selectFrom('user_roles')
    .select(['id', 'role', 'force', 'unit', 'team'])
    .where('user_id', '=', userId)
    .where('source', '=', 'local')
    .execute();
  const ids = rows.filter((r) => sameGrant(toGrant(r), grant)).map((r) => r.id);
  if (ids.length === 0) return false;
  await db.deleteFrom('user_roles').where('id', 'in', ids).execute();
  return true;
}

/** Replaces the grants that came from the identity provider with the ones its groups give now. */
export async function replaceOidcGrants(
  db: Kysely<AccessTables>,
  userId: string,
  grants: readonly RoleGrant[],
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('user_roles').where('user_id', '=', userId).where('source', '=', 'oidc').execute();
    if (grants.length)
      await tx
        .insertInto('user_roles')
        .values(grants.map((g) => grantRow(userId, g, 'oidc')))
        .execute();
  });
}

/** Disables an account and ends its sessions; it can no longer sign in by any method. */
export async function disableUser(db: Kysely<AccessTables>, userId: string, at: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('user_access')
      .set({ disabled_at: at.toISOString() })
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      await tx
        .insertInto('user_access')
        .values({ user_id: userId, disabled_at: at.toISOString(), failed_sign_ins: 0, locked_until: null })
        .execute();
    const ended = await tx.deleteFrom('session').where('userId', '=', userId).executeTakeFirst();
    return Number(ended.numDeletedRows);
  });
}

/** Enables a disabled account and ends any lock. */
export async function enableUser(db: Kysely<AccessTables>, userId: string): Promise<void> {
  await db
    .updateTable('user_access')
    .set({ disabled_at: null, locked_until: null, failed_sign_ins: 0 })
    .where('user_id', '=', userId)
    .execute();
}

/** Every user with their grants and state, by email. */
export async function listUsers(db: Kysely<AccessTables>): Promise<UserSummary[]> {
  const users = await db
    .selectFrom('user')
    .leftJoin('user_access', 'user_access.user_id', 'user.id')
    .select([
      'user.id',
      'user.email',
      'user.name',
      'user.twoFactorEnabled',
      'user_access.disabled_at',
      'user_access.locked_until',
    ])
    .orderBy('user.email')
    .execute();
  const out: UserSummary[] = [];
  for (const u of users) {
    out.push({
      id: u.id,
      email: u.email,
      name: u.name,
      grants: await grantsOf(db, u.id),
      disabled: u.disabled_at !== null,
      lockedUntil: u.locked_until ?? null,
      twoFactor: Boolean(u.twoFactorEnabled),
    });
  }
  return out;
}

/** Whether the store holds an administrator who can sign in (not disabled). */
export async function hasAdministrator(db: Kysely<AccessTables>): Promise<boolean> {
  const row = await db
    .selectFrom('user_roles')
    .leftJoin('user_access', 'user_access.user_id', 'user_roles.user_id')
    .select('user_roles.user_id')
    .where('user_roles.role', '=', 'administrator')
    .where('user_access.disabled_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
