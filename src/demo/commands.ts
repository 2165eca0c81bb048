import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  checkServeRules,
  createDemoAdministrator,
  demoAdministratorLines,
  isLoopback,
} from '../access/index.ts';
import { loadEngagementDemo } from '../casework/engagement/index.ts';
import { loadCaseworkDemo } from '../casework/index.ts';
import { loadVolunteersDemo } from '../casework/volunteers/index.ts';
import { dataDir } from '../core/data-dir.ts';
import { openStore, storePath } from '../core/store/open.ts';
import type { Store } from '../core/store/store.ts';
import { runImport } from '../crime/commands.ts';
import { formatSummary, summarise } from '../crime/summary.ts';
import { findForce, loadForce, readForceSpec } from '../force/index.ts';
import { loadPatrolDemo } from '../patrols/demo.ts';
import { serve } from '../server.ts';
import { loadBundledWorkforce } from '../workforce/index.ts';

/** A bundled data set: a force description, its crime files, and anything else it ships. */
interface DemoSet {
  forceFile: string;
  crimes: string;
  after?: (store: Store, log: (m: string) => void) => Promise<unknown>;
  /** Run once the crimes are in (casework made from the extract). */
  afterCrimes?: (store: Store, log: (m: string) => void) => Promise<unknown>;
}

function demoSets(data: string): DemoSet[] {
  return [
    {
      forceFile: join(data, 'forces', 'leicestershire.json'),
      crimes: join(data, 'samples', 'leicestershire', 'crimes'),
    },
    {
      forceFile: join(data, 'forces', 'west-midlands.json'),
      crimes: join(data, 'samples', 'west-midlands', 'crimes'),
      after: (store, log) => loadBundledWorkforce(store, log),
      afterCrimes: (store, log) => loadCaseworkDemo(store, 'west-midlands', log),
    },
  ];
}

/**
 * Loads every bundled data set into the store, once: a data set already present (its force is
 * known and has crimes) is skipped, so running demo again changes nothing.
 */
export async function loadDemo(store: Store, log: (m: string) => void = console.log): Promise<void> {
  for (const set of demoSets(dataDir())) {
    const spec = readForceSpec(set.forceFile);
    const known = await findForce(store.db, spec.slug);
    const hasCrimes =
      known &&
      (await store.db
        .selectFrom('crimes')
        .select('id')
        .where('force_id', '=', known.id)
        .limit(1)
        .executeTakeFirst());
    if (hasCrimes) {
      log(`${spec.name}: already loaded`);
      continue;
    }
    log(`${spec.name}: loading force structure and boundaries`);
    await loadForce(store, spec, set.forceFile);
    await set.after?.(store, log);
    if (existsSync(set.crimes)) {
      log(`${spec.name}: importing ${set.crimes}`);
      await runImport(store, [set.crimes], spec.slug, false);
      await set.afterCrimes?.(store, log);
    }
  }
  await loadPatrolDemo(store, log);
  // SYNTHETIC casework for one Leicestershire team (idempotent: natural keys).
  await loadVolunteersDemo(store, log);
  await loadEngagementDemo(store, log);
}

export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description('load every bundled data set (forces, boundaries, crimes) into the store, once')
    .action(async (_o, cmd: Command) => {
      const { db } = cmd.optsWithGlobals<{ db?: string }>();
      const store = await openStore({ db });
      try {
        await loadDemo(store);
      } finally {
        await store.close();
      }
    });

  program
    .command('start')
    .description(
      'the main job: load the bundled data if the store is new, print the summary, then serve the web app',
    )
    .option('--no-serve', 'stop after the summary')
    .option('--port <port>', 'port to serve on', process.env.PORT ?? '8080')
    .action(async (o: { serve: boolean; port: string }, cmd: Command) => {
      const { db } = cmd.optsWithGlobals<{ db?: string }>();
      const path = storePath({ db });
      const fresh = path === ':memory:' || !existsSync(path);
      const host = process.env.HOST ?? '127.0.0.1';
      const store = await openStore({ db });
      if (o.serve && !isLoopback(host)) {
        // Beyond this machine sign-in must be set up first: refuse before loading anything (a new
        // store has no administrator), and leave no half-made store behind.
        try {
          await checkServeRules(store, host);
        } catch (e) {
          await store.close();
          if (fresh && path !== ':memory:')
            for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
          throw e;
        }
      }
      let demoAdmin: string[] = [];
      try {
        if (fresh) await loadDemo(store);
        else
          console.log(
            `using the existing store ${resolve(path)} (delete it, or run \`npx beatwise demo\`, to load the bundled data)`,
          );
        // The local demo store only: an administrator with a random password, shown once.
        if (fresh && isLoopback(host))
          demoAdmin = demoAdministratorLines(
            await createDemoAdministrator(store),
            `http://${host}:${o.port}`,
          );
        for (const s of await summarise(store)) console.log(`\n${formatSummary(s)}`);
      } finally {
        await store.close();
      }
      if (demoAdmin.length) console.log(`\n${demoAdmin.join('\n')}\n`);
      if (o.serve) await serve({ db, port: Number(o.port), host });
    });
}
