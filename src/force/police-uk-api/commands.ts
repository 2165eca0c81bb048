import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BeatwiseError } from '../../core/errors.ts';
import { withStore } from '../../core/store/with-store.ts';
import { requireForce } from '../store.ts';
import { parseTeamPublic, setTeamPublic, teamPublicByCode } from './public-info.ts';

/**
 * `beatwise team-public`: what a neighbourhood team publishes on the public API and pages
 * (description, population, contact details, links, the public roster). From a JSON file:
 * {"description": "…", "population": 9000, "contact_details": {"telephone": "101"},
 *  "links": [{"title": "…", "url": "…"}], "people": [{"name": "…", "rank": "Sergeant", "bio": "…"}]}
 */
export function registerTeamPublicCommands(program: Command): void {
  const cmd = program
    .command('team-public')
    .description("a neighbourhood team's public fields (police.uk-compatible API and public pages)");
  cmd
    .command('set')
    .description("set a team's public fields from a JSON file (replaces what was there)")
    .requiredOption('--force <slug>', 'force')
    .requiredOption('--team <code>', 'team code')
    .requiredOption('--file <path>', 'JSON file of the public fields')
    .action(async (o: { force: string; team: string; file: string }, c: Command) => {
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(o.file, 'utf8'));
      } catch (e) {
        throw new BeatwiseError(
          'force.team_public_invalid',
          `${o.file}: not a JSON file: ${(e as Error).message}`,
          {
            file: o.file,
          },
        );
      }
      const pub = parseTeamPublic(value, o.file);
      await withStore(c, async (store) => {
        const force = await requireForce(store.db, o.force);
        const team = await store.db
          .selectFrom('areas')
          .select('code')
          .where('force_id', '=', force.id)
          .where('level', '=', 'team')
          .where('code', '=', o.team)
          .executeTakeFirst();
        if (!team)
          throw new BeatwiseError('force.unknown_team', `${o.force} has no team "${o.team}"`, {
            field: 'team',
          });
        await setTeamPublic(store.db, force.id, o.team, pub);
        console.log(
          `${o.force} ${o.team}: public fields set (${pub.people.length} people on the public roster)`,
        );
      });
    });
  cmd
    .command('show')
    .description("a force's teams' public fields as JSON")
    .requiredOption('--force <slug>', 'force')
    .action(async (o: { force: string }, c: Command) => {
      await withStore(c, async (store) => {
        const force = await requireForce(store.db, o.force);
        console.log(JSON.stringify(Object.fromEntries(await teamPublicByCode(store.db, force.id)), null, 2));
      });
    });
}
