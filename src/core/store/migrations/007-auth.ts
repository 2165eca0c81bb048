import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../store.ts';
import { columnTypes } from './column-types.ts';

/**
 * Users, sessions and sign-in (src/access). `user`, `session`, `account`, `verification` and
 * `twoFactor` are the tables better-auth 1.7 reads and writes, with its column names and types (the
 * core schema, the two-factor plugin's fields, and our `session.signInMethod`); its own migration
 * tool is not used. `user_roles` holds each user's role grants (given by an administrator, or from
 * the identity provider's groups at sign-in) and `user_access` the disabled flag and lockout count.
 */
export function auth(dialect: Dialect) {
  const pg = dialect === 'postgres';
  const { id, big } = columnTypes(dialect);
  const date = pg ? 'timestamptz' : 'date';
  const bool = pg ? 'boolean' : 'integer';
  const no = pg ? sql`false` : sql`0`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('user')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('emailVerified', bool, (c) => c.notNull())
        .addColumn('image', 'text')
        .addColumn('createdAt', date, (c) => c.notNull())
        .addColumn('updatedAt', date, (c) => c.notNull())
        .addColumn('twoFactorEnabled', bool, (c) => c.defaultTo(no))
        .execute();
      await db.schema
        .createTable('session')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('expiresAt', date, (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull().unique())
        .addColumn('createdAt', date, (c) => c.notNull())
        .addColumn('updatedAt', date, (c) => c.notNull())
        .addColumn('ipAddress', 'text')
        .addColumn('userAgent', 'text')
        .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('signInMethod', 'text')
        .execute();
      await db.schema
        .createTable('account')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('accountId', 'text', (c) => c.notNull())
        .addColumn('providerId', 'text', (c) => c.notNull())
        .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('accessToken', 'text')
        .addColumn('refreshToken', 'text')
        .addColumn('idToken', 'text')
        .addColumn('accessTokenExpiresAt', date)
        .addColumn('refreshTokenExpiresAt', date)
        .addColumn('scope', 'text')
        .addColumn('password', 'text')
        .addColumn('createdAt', date, (c) => c.notNull())
        .addColumn('updatedAt', date, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('verification')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('identifier', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('expiresAt', date, (c) => c.notNull())
        .addColumn('createdAt', date, (c) => c.notNull())
        .addColumn('updatedAt', date, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('twoFactor')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('backupCodes', 'text', (c) => c.notNull())
        .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('verified', bool, (c) => c.defaultTo(pg ? sql`true` : sql`1`))
        .addColumn('failedVerificationCount', 'integer', (c) => c.defaultTo(0))
        .addColumn('lockedUntil', date)
        .execute();
      for (const [table, column] of [
        ['session', 'userId'],
        ['account', 'userId'],
        ['verification', 'identifier'],
        ['twoFactor', 'secret'],
        ['twoFactor', 'userId'],
      ] as const) {
        await db.schema.createIndex(`${table}_${column}_idx`).on(table).column(column).execute();
      }

      await db.schema
        .createTable('user_roles')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('force', 'text')
        .addColumn('unit', 'text')
        .addColumn('team', 'text')
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('local'))
        .execute();
      await db.schema.createIndex('user_roles_user').on('user_roles').column('user_id').execute();
      await db.schema.createIndex('user_roles_role').on('user_roles').column('role').execute();
      await db.schema
        .createTable('user_access')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('user.id').onDelete('cascade'))
        .addColumn('disabled_at', 'text')
        .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', big)
        .execute();
    },
  };
}
