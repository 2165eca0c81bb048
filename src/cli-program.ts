/** The `beatwise` command's sub-commands, put together (src/cli.ts runs it; tests read it). */
import { Command } from 'commander';
import { registerUserCommands } from './access/commands.ts';
import { registerAuditCommands } from './audit/commands.ts';
import { registerEngagementCommands } from './casework/engagement/index.ts';
import { registerCaseworkCommands } from './casework/index.ts';
import { registerVolunteerCommands } from './casework/volunteers/index.ts';
import { registerCopyCommand } from './core/store/copy-command.ts';
import { DEFAULT_DB } from './core/store/open.ts';
import { registerCrimeCommands } from './crime/commands.ts';
import { registerSynthCommands } from './crime/synth/commands.ts';
import { registerDemoCommands } from './demo/commands.ts';
import { registerForceCommands } from './force/commands.ts';
import { registerTeamPublicCommands } from './force/police-uk-api/commands.ts';
import { registerHarmCommands } from './harm/commands.ts';
import { registerHotspotCommands } from './hotspots/commands.ts';
import { registerPatrolCommands } from './patrols/commands.ts';
import { registerRepeatCommands } from './repeats/commands.ts';
import { registerReportCommands } from './reports/commands.ts';
import { registerServeCommand } from './server.ts';
import { registerWorkforceCommands } from './workforce/commands.ts';

/** The `beatwise` command: each feature adds its own sub-commands. */
export function buildProgram(): Command {
  const program = new Command('beatwise')
    .description('Beatwise: crime harm, hotspots, patrols and workforce for neighbourhood policing')
    .option('--db <path>', `SQLite store file (env BEATWISE_DB, default ${DEFAULT_DB})`)
    .showHelpAfterError();
  const importCmd = program.command('import').description('import crimes or boundaries into the store');
  registerForceCommands(program, importCmd);
  registerCrimeCommands(program, importCmd);
  registerHarmCommands(program);
  registerHotspotCommands(program);
  registerRepeatCommands(program);
  registerDemoCommands(program);
  registerServeCommand(program);
  registerSynthCommands(program);
  registerWorkforceCommands(program);
  registerPatrolCommands(program);
  registerUserCommands(program);
  registerAuditCommands(program);
  const casework = registerCaseworkCommands(program);
  registerVolunteerCommands(casework);
  registerEngagementCommands(casework);
  registerReportCommands(program);
  registerTeamPublicCommands(program);
  registerCopyCommand(program);
  return program;
}
