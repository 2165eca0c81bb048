import type { Command } from 'commander';
import { withStore } from '../core/store/with-store.ts';
import { adminAuth, createLocalUser } from './access.ts';
import { formatGrant, parseGrant } from './grants.ts';
import { passwordFromStdin, promptPassword } from './password-input.ts';
import { accessDb } from './tables.ts';
import { addGrant, disableUser, enableUser, listUsers, removeGrant, userIdByEmail } from './users.ts';

const collect = (v: string, prev: string[]) => [...prev, v];

/** `beatwise user add|list|disable|enable|unlock|role`: the administrators' commands for accounts. */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('user accounts and their roles (for administrators)');

  user
    .command('add <email>')
    .description(
      'create a local account; the password comes from a prompt or --password-stdin, never the command line',
    )
    .requiredOption('--name <name>', 'the person’s name, as the app shows it')
    .option(
      '--role <grant>',
      'a role grant, repeatable: administrator, analyst@FORCE, commander@FORCE/UNIT, sergeant@FORCE/TEAM, officer@FORCE/TEAM, volunteer-coordinator@FORCE',
      collect,
      [],
    )
    .option('--password-stdin', 'read the password from standard input')
    .action(
      async (email: string, o: { name: string; role: string[]; passwordStdin?: boolean }, cmd: Command) => {
        const grants = o.role.map(parseGrant);
        const password = o.passwordStdin ? await passwordFromStdin() : await promptPassword();
        await withStore(cmd, async (store) => {
          await createLocalUser(adminAuth(store), accessDb(store), { email, name: o.name, password, grants });
          console.log(
            `created ${email.toLowerCase()} (${grants.map(formatGrant).join(', ') || 'no roles yet'}); they can sign in at /sign-in`,
          );
        });
      },
    );

  user
    .command('list')
    .description('every user with their roles and state')
    .option('--json', 'as JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const users = await listUsers(accessDb(store));
        if (o.json) return console.log(JSON.stringify({ users }, null, 2));
        if (!users.length) return console.log('no users yet: create one with `beatwise user add`');
        for (const u of users) {
          const state = u.disabled
            ? 'disabled'
            : u.lockedUntil && u.lockedUntil > Date.now()
              ? `locked until ${new Date(u.lockedUntil).toISOString()}`
              : 'active';
          const roles = u.grants.map(formatGrant).join(', ') || 'no roles';
          console.log(`${u.email}\t${u.name}\t${roles}\t${state}${u.twoFactor ? '\t2FA' : ''}`);
        }
      });
    });

  user
    .command('disable <email>')
    .description('stop an account signing in and end its sessions')
    .action(async (email: string, _o, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const db = accessDb(store);
        const ended = await disableUser(db, await userIdByEmail(db, email), new Date());
        console.log(`disabled ${email}; ended ${ended} session${ended === 1 ? '' : 's'}`);
      });
    });

  user
    .command('enable <email>')
    .description('let a disabled account sign in again')
    .action(async (email: string, _o, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const db = accessDb(store);
        await enableUser(db, await userIdByEmail(db, email));
        console.log(`enabled ${email}`);
      });
    });

  user
    .command('unlock <email>')
    .description('end the lock after too many failed sign-ins')
    .action(async (email: string, _o, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const db = accessDb(store);
        const id = await userIdByEmail(db, email);
        await db
          .updateTable('user_access')
          .set({ failed_sign_ins: 0, locked_until: null })
          .where('user_id', '=', id)
          .execute();
        console.log(`unlocked ${email}`);
      });
    });

  const role = user.command('role').description('give or take a role grant');
  role
    .command('add <email> <grant>')
    .description('give a role grant (e.g. analyst@west-midlands, sergeant@west-midlands/TEAMCODE)')
    .action(async (email: string, grant: string, _o, cmd: Command) => {
      const g = parseGrant(grant);
      await withStore(cmd, async (store) => {
        const db = accessDb(store);
        const added = await addGrant(db, await userIdByEmail(db, email), g);
        console.log(
          added ? `${email} now holds ${formatGrant(g)}` : `${email} already holds ${formatGrant(g)}`,
        );
      });
    });
  role
    .command('remove <email> <grant>')
    .description('take a role grant away')
    .action(async (email: string, grant: string, _o, cmd: Command) => {
      const g = parseGrant(grant);
      await withStore(cmd, async (store) => {
        const db = accessDb(store);
        const removed = await removeGrant(db, await userIdByEmail(db, email), g);
        console.log(
          removed ? `${email} no longer holds ${formatGrant(g)}` : `${email} did not hold ${formatGrant(g)}`,
        );
      });
    });
}
