import type { Command } from 'commander';
import { accessRoutes, checkServeRules, identifyFor } from './access/index.ts';
import { accessControl } from './access/policy.ts';
import { auditSink } from './audit/index.ts';
import { engagementRoutes, publicEvents, publicPriorities } from './casework/engagement/index.ts';
import { caseworkRoutes } from './casework/index.ts';
import { volunteerRoutes } from './casework/volunteers/index.ts';
import { exportRoutes } from './core/export/routes.ts';
import { pmtilesRoutes } from './core/http/pmtiles.ts';
import { type RoutePlugin, startServer } from './core/http/server.ts';
import { openStore, postgresUrl, storePath } from './core/store/open.ts';
import { policeUkCrimeRoutes } from './crime/police-uk-api/routes.ts';
import { crimeRoutes } from './crime/routes.ts';
import { policeUkForceRoutes } from './force/police-uk-api/routes.ts';
import { forceRoutes } from './force/routes.ts';
import { harmRoutes } from './harm/routes.ts';
import { hotspotRoutes } from './hotspots/routes.ts';
import { patrolEvaluationRoutes } from './patrols/evaluation/routes.ts';
import { patrolRoutes } from './patrols/routes.ts';
import { repeatRoutes } from './repeats/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { workforceRoutes } from './workforce/routes.ts';

/** Every feature's routes, in the order they register. */
export const ROUTES: RoutePlugin[] = [
  accessRoutes,
  forceRoutes,
  crimeRoutes,
  harmRoutes,
  hotspotRoutes,
  repeatRoutes,
  workforceRoutes,
  patrolRoutes,
  patrolEvaluationRoutes,
  ...caseworkRoutes,
  volunteerRoutes,
  engagementRoutes,
  exportRoutes,
  reportRoutes,
  // The base map from one local PMTiles file (BEATWISE_PMTILES), by Range requests.
  pmtilesRoutes(),
  // The police.uk-compatible public API (BEATWISE_POLICE_UK_PREFIX, default /api/police-uk).
  // Neighbourhood priorities and events come from engagement (src/casework/engagement).
  policeUkForceRoutes({ source: { priorities: publicPriorities, events: publicEvents } }),
  policeUkCrimeRoutes(),
];

/** Who is asking: the signed-in user of the better-auth session cookie (src/access). */
export const IDENTIFY = identifyFor;

/** Serves the API and web app until SIGTERM or SIGINT, then closes connections and the store. */
export async function serve(o: { db?: string; port: number; host: string }): Promise<void> {
  // Sign-in must be set up before serving beyond this machine (src/access/serve-rules.ts).
  const store = await openStore({ db: o.db });
  try {
    for (const line of await checkServeRules(store, o.host)) console.log(line);
  } finally {
    await store.close();
  }
  const server = await startServer({
    dbPath: postgresUrl({ db: o.db }) ?? storePath({ db: o.db }),
    port: o.port,
    host: o.host,
    plugins: ROUTES,
    identifyFor: IDENTIFY,
    access: accessControl,
    audit: auditSink,
  });
  const stop = async (signal: string) => {
    console.log(`${signal}: finishing requests and closing`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  console.log(
    `Beatwise is serving ${server.url} (API docs: ${server.url}/api/docs); store ${server.store.location}`,
  );
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the web app and the JSON API (PORT, default 8080)')
    .option('--port <port>', 'port to listen on', process.env.PORT ?? '8080')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .action(async (o: { port: string; host: string }, cmd: Command) => {
      const { db } = cmd.optsWithGlobals<{ db?: string }>();
      await serve({ db, port: Number(o.port), host: o.host });
    });
}
