import type { Command } from 'commander';
import { registerBurglaryCommands } from './burglary/commands.ts';
import { registerOffenderCommands } from './offenders/commands.ts';
import { registerReferralCommands } from './referrals/commands.ts';
import { registerRetentionCommands } from './retention/commands.ts';
import { registerSettingsCommands } from './settings/commands.ts';

/**
 * `beatwise casework …`: the parent command of every casework area. Returns it so other casework
 * areas (volunteers, engagement) attach their sub-commands to the same parent.
 */
export function registerCaseworkCommands(program: Command): Command {
  const casework = program
    .command('casework')
    .description(
      'casework: burglary attendance pledge, referrals, offender management, volunteers, engagement',
    );
  registerBurglaryCommands(casework);
  registerReferralCommands(casework);
  registerOffenderCommands(casework);
  registerSettingsCommands(casework);
  registerRetentionCommands(program);
  return casework;
}
