import type { Command } from 'commander';
import { dataDir } from '../core/data-dir.ts';
import { BeatwiseError } from '../core/errors.ts';
import { withStore } from '../core/store/with-store.ts';
import { textTable } from '../core/table-format.ts';
import { findForce } from '../force/index.ts';
import { rebuildForceCube } from './reassign.ts';
import { readWeightsCsv } from './weights.ts';
import { ensureBundledWeights, getWeightSet, listWeightSets, saveWeightSet } from './weights-store.ts';

/** `beatwise weights list|show|load|use`: harm weight sets and where they came from. */
export function registerWeightsCommands(program: Command): void {
  const weights = program
    .command('weights')
    .description('harm weights (Cambridge Crime Harm Index days) and their provenance');

  weights
    .command('list')
    .description('weight sets in the store, with their source and version')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        await ensureBundledWeights(store.db, dataDir());
        const sets = await listWeightSets(store.db);
        if (o.json) return console.log(JSON.stringify(sets, null, 2));
        console.log(
          textTable(
            ['name', 'kind', 'force', 'entries', 'version', 'source'],
            sets.map((s) => [s.name, s.kind, s.force ?? 'national', s.entries, s.version, s.source]),
          ),
        );
        console.log(
          '\nNo table of weights per Home Office offence code ships with Beatwise: a force loads its own.',
        );
      });
    });

  weights
    .command('show')
    .description('the weights of one set')
    .argument('<name>')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        await ensureBundledWeights(store.db, dataDir());
        const set = await getWeightSet(store.db, name);
        if (o.json)
          return console.log(JSON.stringify({ ...set, weights: Object.fromEntries(set.weights) }, null, 2));
        console.log(
          `${set.name} (${set.kind}${set.force ? `, ${set.force}` : ', national'}), ${set.version}`,
        );
        console.log(`source: ${set.source}`);
        console.log(
          textTable([set.kind === 'category' ? 'category' : 'offence code', 'days'], [...set.weights]),
        );
      });
    });

  weights
    .command('load')
    .description('load a weights CSV: "category,weight" or "offence_code,weight" (see docs/formats.md)')
    .argument('<file>')
    .requiredOption('--name <name>', 'a name for the set, e.g. wmp-offence-2023')
    .option('--force <slug>', 'the force the set is for (offence-code sets apply to that force at once)')
    .option('--source <text>', 'where the weights came from')
    .action(async (file: string, o: { name: string; force?: string; source?: string }, cmd: Command) => {
      const set = readWeightsCsv(file, { name: o.name, force: o.force ?? null, source: o.source });
      await withStore(cmd, async (store) => {
        await saveWeightSet(store.db, set);
        console.log(`${set.name}: ${set.weights.size} ${set.kind} weights loaded from ${file}`);
        if (set.kind === 'offence' && o.force) {
          const force = await findForce(store.db, o.force);
          if (force) {
            const n = await rebuildForceCube(store, force.id);
            console.log(
              `${o.force}: harm recomputed for ${n} crimes (offence-code weights first, category weights for the rest)`,
            );
          }
        }
      });
    });

  weights
    .command('use')
    .description('make a category weight set the one a force’s harm uses, and recompute its cube')
    .argument('<name>')
    .requiredOption('--force <slug>')
    .action(async (name: string, o: { force: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        await ensureBundledWeights(store.db, dataDir());
        const set = await getWeightSet(store.db, name);
        const force = await findForce(store.db, o.force);
        if (!force) throw new BeatwiseError('force.unknown', `the store has no force "${o.force}"`);
        if (set.kind !== 'category') {
          throw new BeatwiseError(
            'weights.kind',
            `"${name}" is an offence-code set: load it with --force ${o.force} instead`,
          );
        }
        await store.db.updateTable('forces').set({ weight_set: name }).where('id', '=', force.id).execute();
        const n = await rebuildForceCube(store, force.id);
        console.log(`${o.force} now uses ${name}; harm recomputed for ${n} crimes`);
      });
    });
}
